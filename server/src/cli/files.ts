/**
 * Collecting the files of a `lint` run. Files named on the command line are always read
 * whatever their extension, if they are regular files (devices, FIFOs, sockets and kernel files
 * under /proc, /sys, /dev are refused with a message: exit 2); folders are walked
 * recursively for the engine's candidate files (`CANDIDATE_FILE`), skipping `SKIPPED_DIRS`,
 * ignore globs, symlink loops and anything that is not a regular file. `-` is stdin.
 */
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CANDIDATE_FILE, DEFAULT_MAX_FILE_SIZE, isIgnored, SKIPPED_DIRS } from '../engine';
import { byteLimit, errnoReason as reason, notRegular, onKernelFs, readBounded } from '../io/read';

export { decode } from '../io/read';

export const STDIN = '<stdin>';

export interface Input {
  /** Absolute path, or `<stdin>`: the uri the engine sees. */
  readonly path: string;
  /** The text, when read (stdin always; files unless `read: false`). */
  readonly text?: string;
  /** Named on the command line (a failure to read it fails the run), rather than found in a folder. */
  readonly explicit: boolean;
}

export interface CollectOptions {
  readonly cwd: string;
  readonly ignore: readonly string[];
  /** The folder ignore globs are relative to. */
  readonly ignoreBase: string;
  /** The engine's size cap (UTF-16 code units): larger files are read only far enough to be skipped. */
  readonly maxFileSize?: number;
  /** Reads stdin up to this many bytes (the rest is not read: the engine skips it as too large). */
  readonly readStdin: (limit: number) => Promise<string>;
  /**
   * false: list the files without reading them (the lint workers read them, parallel/lint.ts);
   * `unreadable` then says what to make of one that cannot be read.
   */
  readonly read?: boolean;
  /** Hears the number of files read so far, after each one (progress). */
  readonly onRead?: (n: number) => void;
}

export interface Collected {
  readonly inputs: Input[];
  /** I/O problems with what was asked for: exit code 2. */
  readonly errors: string[];
  /** Things worth saying that do not fail the run (ignored explicit files, dangling links). */
  readonly notes: string[];
}

export async function collect(paths: readonly string[], o: CollectOptions): Promise<Collected> {
  const inputs: Input[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const max = o.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const shown = (abs: string) => shownPath(o.cwd, abs);
  const ignored = (abs: string) => isIgnored(relative(o.ignoreBase, abs).split(sep).join('/'), o.ignore);
  const real = (abs: string) => {
    try {
      // realpath(3), one system call: the JavaScript realpathSync lstats every component of
      // the path, which on the scale workspace's deep folders was a third of the walk.
      return realpathSync.native(abs);
    } catch {
      return abs;
    }
  };

  // `key`: the file's real path, when the caller knows it without asking (a plain file in a
  // folder whose real path is known): a system call per file is the walk's main cost.
  const add = (abs: string, explicit: boolean, key = real(abs)) => {
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    if (o.read === false) {
      inputs.push({ path: abs, explicit });
      return;
    }
    // One bounded reader for every input (io/read.ts): a file far above the size cap is read
    // only far enough for the engine to skip it with its size note.
    const r = readBounded(abs, byteLimit(max));
    if (r.ok) {
      inputs.push({ path: abs, text: r.text, explicit });
      o.onRead?.(inputs.length);
    } else unreadable(abs, explicit, r.reason, o.cwd, { errors, notes });
  };

  const walk = (dir: string) => {
    const key = real(dir);
    if (seenDirs.has(key)) return; // a symlink loop, or the same folder given twice
    seenDirs.add(key);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (e) {
      errors.push(`cannot read ${shown(dir)}: ${reason(e)}`);
      return;
    }
    // Under /proc, /sys or /dev every entry is stat'ed and refused (notRegular).
    let kernel = false;
    try {
      kernel = onKernelFs(statSync(dir));
    } catch {
      /* gone: its entries fail below */
    }
    for (const entry of entries) {
      const name = entry.name;
      const p = join(dir, name);
      // The entry's type is known from the folder listing; only links (and file systems that do
      // not say) need a stat. Devices, pipes and sockets are never candidates.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && !ignored(p)) walk(p);
        continue;
      }
      if (entry.isFile() && !kernel) {
        if (CANDIDATE_FILE.test(name) && !ignored(p)) add(p, false, join(key, name));
        continue;
      }
      if (
        !entry.isSymbolicLink() &&
        (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice())
      )
        continue;
      let st: Stats;
      try {
        st = statSync(p);
      } catch (e) {
        if (CANDIDATE_FILE.test(name)) notes.push(`skipped ${shown(p)}: ${reason(e)}`);
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIPPED_DIRS.has(name) && !ignored(p)) walk(p);
      } else if (st.isFile() && CANDIDATE_FILE.test(name) && !ignored(p) && !notRegular(p, st)) add(p, false);
    }
  };

  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      try {
        inputs.push({ path: STDIN, text: await o.readStdin(byteLimit(max)), explicit: true });
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
    add(abs, true);
  }
  return { inputs, errors, notes };
}

function shownPath(cwd: string, abs: string): string {
  return relative(cwd, abs).split(sep).join('/') || '.';
}

/**
 * A file that cannot be read: an error (exit 2) when it was named or the reason is not that it
 * is gone; a file found in a folder and gone since is only a note.
 */
export function unreadable(
  abs: string,
  explicit: boolean,
  reason: string,
  cwd: string,
  out: { readonly errors: string[]; readonly notes: string[] },
): void {
  const msg = `cannot read ${shownPath(cwd, abs)}: ${reason}`;
  if (explicit || reason !== 'no such file or folder') out.errors.push(msg);
  else out.notes.push(msg);
}
