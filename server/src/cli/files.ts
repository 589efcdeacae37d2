/**
 * Collecting the files of a `lint` run. Files named on the command line are always read
 * (whatever their extension, FIFOs and process substitutions too); folders are walked
 * recursively for the engine's candidate files (`CANDIDATE_FILE`), skipping `SKIPPED_DIRS`,
 * ignore globs, symlink loops and anything that is not a regular file. `-` is stdin.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CANDIDATE_FILE, DEFAULT_MAX_FILE_SIZE, isIgnored, SKIPPED_DIRS } from '../engine';

export const STDIN = '<stdin>';

export interface Input {
  /** Absolute path, or `<stdin>`: the uri the engine sees. */
  readonly path: string;
  readonly text: string;
}

export interface CollectOptions {
  readonly cwd: string;
  readonly ignore: readonly string[];
  /** The folder ignore globs are relative to. */
  readonly ignoreBase: string;
  /** The engine's size cap (UTF-16 code units): larger files are read only far enough to be skipped. */
  readonly maxFileSize?: number;
  readonly readStdin: () => Promise<string>;
}

export interface Collected {
  readonly inputs: Input[];
  /** I/O problems with what was asked for: exit code 2. */
  readonly errors: string[];
  /** Things worth saying that do not fail the run (ignored explicit files, dangling links). */
  readonly notes: string[];
}

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

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ERR_STRING_TOO_LONG':
      return 'file too large';
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/**
 * Reads a file as text. A regular file far above the size cap is read only up to a prefix that
 * is still above it: the engine then skips it with its size note instead of the CLI running out
 * of memory on a multi-gigabyte dump. (UTF-8 needs at most 3 bytes per UTF-16 code unit.)
 */
function readText(abs: string, st: Stats, maxFileSize: number): string {
  const limit = maxFileSize * 3 + 8;
  if (!st.isFile() || st.size <= limit) return decode(readFileSync(abs));
  const buf = Buffer.alloc(limit);
  const fd = openSync(abs, 'r');
  try {
    let n = 0;
    while (n < limit) {
      const r = readSync(fd, buf, n, limit - n, n);
      if (r === 0) break;
      n += r;
    }
    return decode(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

export async function collect(paths: readonly string[], o: CollectOptions): Promise<Collected> {
  const inputs: Input[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const max = o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const shown = (abs: string) => relative(o.cwd, abs).split(sep).join('/') || '.';
  const ignored = (abs: string) => isIgnored(relative(o.ignoreBase, abs).split(sep).join('/'), o.ignore);
  const real = (abs: string) => {
    try {
      return realpathSync(abs);
    } catch {
      return abs;
    }
  };

  const add = (abs: string, st: Stats, explicit: boolean) => {
    const key = real(abs);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    try {
      inputs.push({ path: abs, text: readText(abs, st, max) });
    } catch (e) {
      const msg = `cannot read ${shown(abs)}: ${reason(e)}`;
      if (explicit || (e as NodeJS.ErrnoException).code !== 'ENOENT') errors.push(msg);
      else notes.push(msg);
    }
  };

  const walk = (dir: string) => {
    const key = real(dir);
    if (seenDirs.has(key)) return; // a symlink loop, or the same folder given twice
    seenDirs.add(key);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      errors.push(`cannot read ${shown(dir)}: ${reason(e)}`);
      return;
    }
    for (const name of entries) {
      const p = join(dir, name);
      let st: Stats;
      try {
        st = statSync(p);
      } catch (e) {
        if (CANDIDATE_FILE.test(name)) notes.push(`skipped ${shown(p)}: ${reason(e)}`);
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && !ignored(p)) walk(p);
      } else if (st.isFile() && CANDIDATE_FILE.test(name) && !ignored(p)) add(p, st, false);
    }
  };

  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      try {
        inputs.push({ path: STDIN, text: await o.readStdin() });
      } catch (e) {
        errors.push(`cannot read stdin: ${reason(e)}`);
      }
      continue;
    }
    const abs = resolve(o.cwd, p);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (e) {
      errors.push(`cannot read ${p}: ${reason(e)}`);
      continue;
    }
    if (st.isDirectory()) {
      walk(abs);
      continue;
    }
    if (ignored(abs)) {
      notes.push(`${shown(abs)} is ignored by the configuration's ignore globs; not linted`);
      continue;
    }
    add(abs, st, true);
  }
  return { inputs, errors, notes };
}
