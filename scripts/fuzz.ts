// `npm run fuzz [-- RUNS]`: the long property run (default 100,000 generated inputs) over
// random text and mutations of every fixture and corpus file. Prints the failing input's
// shrunk form and exits 1 on the first failure.
import fc from 'fast-check';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkProperty, fileName, mutated } from '../test/robustness-lib';

function walk(d: string): string[] {
  return readdirSync(d).flatMap((e) => {
    const p = join(d, e);
    return statSync(p).isDirectory() ? walk(p) : /\.(ya?ml|cfg|conflist|json)$/.test(p) && statSync(p).size < 200_000 ? [p] : [];
  });
}

const runs = Number(process.argv[2] ?? 100_000);
const seeds = walk(join(process.cwd(), 'test', 'fixtures')).map((p) => readFileSync(p, 'utf8'));
const t0 = Date.now();
const half = Math.floor(runs / 2);
try {
  fc.assert(
    fc.property(fc.array(fc.tuple(fileName, mutated(seeds)), { minLength: 1, maxLength: 3 }), (files) => checkProperty(files.map(([n, text], i) => ({ uri: `${i}-${n}`, text })))),
    { numRuns: half },
  );
  fc.assert(fc.property(fileName, fc.string({ unit: 'binary', maxLength: 2000 }), (n, text) => checkProperty([{ uri: n, text }])), { numRuns: runs - half });
} catch (e) {
  console.error(String(e));
  process.exit(1);
}
console.log(`fuzz: ${runs} inputs from ${seeds.length} seed files, 0 failures, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
