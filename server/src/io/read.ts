/**
 * The one way the CLI, the language server and the generator read a file or stdin: bounded,
 * regular files only, decoded as an editor decodes (UTF-8 with or without BOM, UTF-16 with a
 * BOM). `yes 'a: b' | calico-tls lint -` and `lint /dev/zero` used to grow to 10 GB; a FIFO
 * nobody writes to would block forever; /proc and /sys files report a size of 0 and may never
 * end. (Issue 17 item 2.)
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Decodes file bytes as an editor would: UTF-8 (BOM dropped) or UTF-16 with a BOM. */
export function decode(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, 2 + ((buf.length - 2) & ~1)));
    return body.swap16().toString('utf16le');
  }
  return buf.toString('utf8');
}

export type ReadResult =
  | {
      readonly ok: true;
      readonly text: string;
      /** More bytes than the limit: only the first `limit` were read. */ readonly truncated: boolean;
    }
  | { readonly ok: false; readonly reason: string };

let kernelDevs: Map<number, string> | undefined;

/** The device ids of /proc, /sys and /dev (and what they are), read once. */
function kernelDevices(): Map<number, string> {
  if (!kernelDevs) {
    kernelDevs = new Map();
    let root: number | undefined;
    try {
      root = statSync('/').dev;
    } catch {
      /* no root to compare with */
    }
    for (const k of ['proc', 'sys', 'dev']) {
      try {
        const dev = statSync(`/${k}`).dev;
        // A /dev that is a plain folder of the root file system (a chroot) says nothing.
        if (dev !== root) kernelDevs.set(dev, k);
      } catch {
        /* not Linux, or not mounted */
      }
    }
  }
  return kernelDevs;
}

/** Whether a file or folder lives on /proc, /sys or /dev (its files report a size of 0 and may never end). */
export function onKernelFs(st: Stats): boolean {
  return kernelDevices().has(st.dev);
}

/** Why a path is not a file we read, or undefined when it is a regular file outside /proc, /sys and /dev. */
export function notRegular(_path: string, st: Stats): string | undefined {
  if (st.isDirectory()) return 'is a folder';
  if (st.isFIFO()) return "is a named pipe (a FIFO); pipe its content to 'calico-tls lint -' instead";
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'is a device, not a file';
  if (st.isSocket()) return 'is a socket, not a file';
  if (!st.isFile()) return 'is not a regular file';
  // Kernel files report a size of 0 and may never end. They live on the kernel's own file
  // systems, so the device id tells (a realpath per file would cost a system call per folder).
  const kernel = kernelDevices().get(st.dev);
  if (kernel) return `is a kernel file (${kernel}), not a file to read`;
  return undefined;
}

export function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'is a folder';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/**
 * Reads at most `limit` bytes of a regular file (never trusting its reported size), or says in
 * a few words why not. Never throws.
 */
export function readBounded(path: string, limit: number): ReadResult {
  let fd: number | undefined;
  try {
    const st = statSync(path);
    const why = notRegular(path, st);
    if (why) return { ok: false, reason: why };
    fd = openSync(path, 'r');
    // The file may have been swapped for something else between stat and open.
    const why2 = notRegular(path, fstatSync(fd));
    if (why2) return { ok: false, reason: why2 };
    const cap = Math.max(0, limit) + 1;
    // Sized by what the file says it holds (one byte more, to see whether it grew), then grown
    // as needed: thousands of small manifests must not each cost a large buffer.
    let buf = Buffer.allocUnsafe(Math.min(cap, Math.max(st.size + 1, 4096)));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length >= cap) break;
        const bigger = Buffer.allocUnsafe(Math.min(cap, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    const truncated = n > limit;
    return { ok: true, text: decode(buf.subarray(0, Math.min(n, limit))), truncated };
  } catch (e) {
    return { ok: false, reason: errnoReason(e) };
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Reads a stream (stdin) up to `limit` bytes, then stops reading; `truncated` says there was more. */
export async function readStreamBounded(stream: NodeJS.ReadableStream, limit: number): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let n = 0;
  let truncated = false;
  try {
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      if (n + b.length > limit) {
        chunks.push(b.subarray(0, limit - n));
        n = limit;
        truncated = true;
        break;
      }
      chunks.push(b);
      n += b.length;
    }
  } catch (e) {
    return { ok: false, reason: errnoReason(e) };
  }
  if (truncated) (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  return { ok: true, text: decode(Buffer.concat(chunks)), truncated };
}

/** Bytes read for a file the engine caps at `maxChars` UTF-16 code units (UTF-8 needs at most 3 bytes each). */
export function byteLimit(maxChars: number): number {
  return maxChars * 3 + 8;
}
