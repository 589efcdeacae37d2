#!/usr/bin/env node
// Builds the scale workspace of `npm run bench` (docs/benchmarks.md): every file of
// test/fixtures/corpus (the shared corpus and the six real-world repositories) up to 256 KiB,
// SOURCES.md files aside, copied into numbered folders (`copy-0`, `copy-1`, ... as dev, prod
// and team folders hold copies of one setup) until there are N files.
//
//   node scripts/scale-workspace.mjs DIR [N]     (N defaults to 11200)
//
// Prints one JSON line: { dir, files, bytes, sources }. scripts/bench.ts imports
// makeScaleWorkspace (bundled into CommonJS, where import.meta is empty: so the repository is
// found from the script's own path only when this file is run, and is an option otherwise).
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

export const REPLICA_MAX_BYTES = 256 * 1024;

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
  );
}

/**
 * Copies the corpus into `dir` until it holds `n` files; returns what it made. `root`: the
 * repository (default: the current directory). `placeholders`: also copy corpus/placeholders/
 * (published examples with placeholders; the 2,000-file workspace of the bench has them).
 */
export function makeScaleWorkspace(dir, n, { root = process.cwd(), placeholders = false } = {}) {
  const corpus = join(root, 'test/fixtures/corpus');
  const sources = walk(corpus)
    .filter(
      (p) =>
        !p.endsWith('.md') &&
        (placeholders || !relative(corpus, p).startsWith('placeholders')) &&
        statSync(p).size <= REPLICA_MAX_BYTES,
    )
    .sort();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const src = sources[i % sources.length];
    const dest = join(dir, `copy-${Math.floor(i / sources.length)}`, relative(corpus, src));
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(src, dest);
    bytes += statSync(src).size;
  }
  return { dir, files: n, bytes, sources: sources.length };
}

if (process.argv[1] && basename(process.argv[1]) === 'scale-workspace.mjs') {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node scripts/scale-workspace.mjs DIR [N]\n');
    process.exit(2);
  }
  const root = resolve(dirname(process.argv[1]), '..');
  process.stdout.write(JSON.stringify(makeScaleWorkspace(resolve(dir), Number(n ?? 11200), { root })) + '\n');
}
