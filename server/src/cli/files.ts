/** Collecting the files of a `lint` run: explicit files always, folders recursively by extension. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CANDIDATE_FILE, isIgnored, SKIPPED_DIRS } from '../engine';


export interface Input {
  readonly path: string; // absolute, or '<stdin>'
  readonly text: string;
}

export interface Collected {
  readonly inputs: Input[];
  readonly errors: string[];
}

export function collect(paths: readonly string[], ignore: readonly string[], ignoreBase: string, readStdin: () => string): Collected {
  const inputs: Input[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    try {
      const buf = readFileSync(abs);
      inputs.push({ path: abs, text: buf.toString('utf8') });
    } catch (e) {
      errors.push(`cannot read ${abs}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  };
  const ignored = (abs: string) => isIgnored(relative(ignoreBase, abs).split(sep).join('/'), ignore);
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      errors.push(`cannot read ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (!SKIPPED_DIRS.has(e) && !ignored(p)) walk(p);
      } else if (CANDIDATE_FILE.test(e) && !ignored(p)) add(p);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      inputs.push({ path: '<stdin>', text: readStdin() });
      continue;
    }
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      errors.push(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(e)}`);
      continue;
    }
    if (st.isDirectory()) walk(abs);
    else add(abs);
  }
  return { inputs, errors };
}
