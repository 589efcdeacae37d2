/**
 * Collecting the files of a `lint` run. Files named on the command line are always read
 * whatever their extension, if they are regular files (devices, FIFOs, sockets and kernel files
 * under /proc, /sys, /dev are refused with a message: exit 2); folders are walked
 * recursively for the engine's candidate files (`CANDIDATE_FILE`), skipping `SKIPPED_DIRS`,
 * ignore globs, symlink loops and anything that is not a regular file. `-` is stdin.
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CANDIDATE_FILE, DEFAULT_MAX_FILE_SIZE, isIgnored, SKIPPED_DIRS } from '../engine';
import { byteLimit, errnoReason as reason, notRegular, readBounded } from '../io/read';

export { decode } from '../io/read';

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
  /** Reads stdin up to this many bytes (the rest is not read: the engine skips it as too large). */
  readonly readStdin: (limit: number) => Promise<string>;
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
  const shown = (abs: string) => relative(o.cwd, abs).split(sep).join('/') || '.';
  const ignored = (abs: string) => isIgnored(relative(o.ignoreBase, abs).split(sep).join('/'), o.ignore);
  const real = (abs: string) => {
    try {
      return realpathSync(abs);
    } catch {
      return abs;
    }
  };

  const add = (abs: string, explicit: boolean) => {
    const key = real(abs);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    // One bounded reader for every input (io/read.ts): a file far above the size cap is read
    // only far enough for the engine to skip it with its size note.
    const r = readBounded(abs, byteLimit(max));
    if (r.ok) {
      inputs.push({ path: abs, text: r.text });
      o.onRead?.(inputs.length);
    } else {
      const msg = `cannot read ${shown(abs)}: ${r.reason}`;
      if (explicit || r.reason !== 'no such file or folder') errors.push(msg);
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
      } else if (st.isFile() && CANDIDATE_FILE.test(name) && !ignored(p) && !notRegular(p, st)) add(p, false);
    }
  };

  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      try {
        inputs.push({ path: STDIN, text: await o.readStdin(byteLimit(max)) });
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
