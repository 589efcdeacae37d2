// Does a test kill a mutant? Applies Stryker's survivors by hand, one at a time, to the bundle of
// the given test files (an esbuild plugin serves the mutated source; no file is changed on disk)
// and runs them with `node --test`: a failing run kills the mutant. For writing tests against
// the survivors of a mutation run (docs/quality.md) without waiting for a whole Stryker run.
//
//   node scripts/mutant-check.mjs <record.json|-> <source.ts> <test.ts> [more tests]
//     every survivor of <source.ts> in the committed record (docs/mutation/<scope>/<chunk>.json)
//   node scripts/mutant-check.mjs - <source.ts> <test.ts> -- '<line:col-line:col mutator "replacement">'
//     one survivor, as the records and reports/mutation/survivors-<scope>.txt write it
//
// Prints one line per mutant, KILLED or SURVIVED, and a count. The tests are first run on the
// source as it is: a test that already fails kills nothing, and the script stops.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const [recordPath, source, ...tests] = dash >= 0 ? argv.slice(0, dash) : argv;
if (!recordPath || !source || !tests.length) {
  console.error('usage: node scripts/mutant-check.mjs <record.json|-> <source.ts> <test.ts>... [-- <survivor>...]');
  process.exit(2);
}
const sourceAbs = resolve(ROOT, source);
const original = readFileSync(sourceAbs, 'utf8');
const record = dash >= 0 ? undefined : JSON.parse(readFileSync(recordPath, 'utf8')).files[source];
if (dash < 0 && !record) {
  console.error(`${source} is not in ${recordPath}`);
  process.exit(2);
}
if (record && record.sha256 !== createHash('sha256').update(original).digest('hex'))
  console.error(`warning: ${source} changed since the record's run; its spans may not fit`);
const survivors = record ? record.survivors : argv.slice(dash + 1);

/** Offsets of 1-based line and column, as Stryker's JSON report gives them. */
function offset(text, line, column) {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}

function mutate(survivor) {
  const m = /^(\d+):(\d+)-(\d+):(\d+) (\S+) (.*)$/.exec(survivor);
  if (!m) throw new Error(`not a survivor with a span: ${survivor}`);
  const start = offset(original, Number(m[1]), Number(m[2]));
  const end = offset(original, Number(m[3]), Number(m[4]));
  // Stryker replaces a node of the tree, so the replacement keeps the place of the expression it
  // replaces: `a && b && c` with `a && b` turned into `a || b` is `(a || b) && c`, not
  // `a || b && c`. Parentheses keep that for every expression; a block stays a block.
  const replacement = JSON.parse(m[6]);
  const text = m[5] === 'BlockStatement' ? replacement : `(${replacement})`;
  return original.slice(0, start) + text + original.slice(end);
}

// Inside the repository: the tests find its root from their own path (fixtures, corpus).
mkdirSync(join(ROOT, 'dist-mutation'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'dist-mutation', 'check-'));
async function run(text) {
  const outfiles = [];
  for (const t of tests) {
    const outfile = join(dir, t.replace(/[/\\]/g, '_').replace(/\.ts$/, '.js'));
    await build({
      entryPoints: [resolve(ROOT, t)],
      bundle: true,
      platform: 'node',
      mainFields: ['module', 'main'],
      inject: [join(ROOT, 'server/src/reflect-polyfill.ts')],
      external: ['vscode'],
      outfile,
      logLevel: 'silent',
      plugins: [
        {
          name: 'mutant',
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, (args) =>
              args.path === sourceAbs ? { contents: text, loader: 'ts' } : undefined,
            );
          },
        },
      ],
    }).catch((e) => {
      throw new Error(`does not compile: ${e.message.split('\n')[0]}`);
    });
    outfiles.push(outfile);
  }
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...outfiles], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return r.status === 0;
}

try {
  if (!(await run(original))) {
    console.error('the tests fail on the source as it is: fix them first');
    process.exit(1);
  }
  let killed = 0;
  for (const s of survivors) {
    let ok;
    try {
      ok = await run(mutate(s));
    } catch (e) {
      // A mutant that does not compile or bundle is not a survivor Stryker would report.
      console.log(`ERROR    ${s}: ${e.message}`);
      continue;
    }
    if (!ok) killed++;
    console.log(`${ok ? 'SURVIVED' : 'KILLED  '} ${s}`);
  }
  console.log(`${killed} of ${survivors.length} killed`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
