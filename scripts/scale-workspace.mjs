#!/usr/bin/env node
// Builds the scale workspace of `npm run bench` (docs/benchmarks.md): every file of
// test/fixtures/corpus (the shared corpus and the six real-world repositories) up to 256 KiB,
// SOURCES.md files aside, copied into numbered folders (`copy-0`, `copy-1`, ... as dev, prod
// and team folders hold copies of one setup) until there are N files.
//
//   node scripts/scale-workspace.mjs DIR [N]     (N defaults to 11200)
//
// Prints one JSON line: { dir, files, bytes, sources }.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPLICA_MAX_BYTES = 256 * 1024;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
  );
}

/** Copies the corpus into `dir` until it holds `n` files; returns what it made. */
export function makeScaleWorkspace(dir, n) {
  const corpus = join(ROOT, 'test/fixtures/corpus');
  const sources = walk(corpus)
    .filter(
      (p) =>
        !p.endsWith('.md') && !relative(corpus, p).startsWith('placeholders') && statSync(p).size <= REPLICA_MAX_BYTES,
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node scripts/scale-workspace.mjs DIR [N]\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(makeScaleWorkspace(resolve(dir), Number(n ?? 11200))) + '\n');
}
