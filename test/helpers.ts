import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from the running (bundled) test file's location. */
export function repoRoot(): string {
  let d = __dirname;
  while (!existsSync(join(d, 'package.json')) || !existsSync(join(d, 'server'))) {
    const up = dirname(d);
    if (up === d) throw new Error('repository root not found');
    d = up;
  }
  return d;
}

export function fixture(...parts: string[]): string {
  return join(repoRoot(), 'test', 'fixtures', ...parts);
}

export function walk(dir: string, filter: (p: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p, filter));
    else if (filter(p)) out.push(p);
  }
  return out;
}

export function read(p: string): string {
  return readFileSync(p, 'utf8');
}

let nls: Record<string, string> | undefined;

/**
 * A package.json text as VS Code shows it in English: a `%key%` value is looked up in
 * package.nls.json (the manifest's contributions are localized, issue #20), any other value is
 * itself. A `%key%` with no English entry throws.
 */
export function manifestText(value: string): string {
  const key = /^%([\w.-]+)%$/.exec(value)?.[1];
  if (!key) return value;
  nls ??= JSON.parse(read(join(repoRoot(), 'package.nls.json'))) as Record<string, string>;
  const text = nls[key];
  if (typeof text !== 'string') throw new Error(`package.nls.json has no ${key}`);
  return text;
}
