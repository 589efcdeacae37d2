// `npm run mutation` (rules and model) and `npm run mutation:rules` (rules only): StrykerJS in
// chunks of source files, then one score over all of them.
//
// Why chunks: a full run is thousands of mutants, which is hours on two cores, and Stryker writes
// its report only when a run ends, so one long run that is interrupted keeps nothing. Each chunk
// here is its own Stryker run with its own JSON report (and, with MUTATION_INCREMENTAL=1, its own
// incremental file) under reports/mutation/chunks/, so an interrupted run loses at most the chunk
// in progress. The score is
// computed from the chunk reports exactly as Stryker computes it:
// (killed + timeout) / (killed + timeout + survived + no coverage).
//
// Options: --scope rules|all (default all), --only <n,...> (run these chunks, still report all),
// --report-only (no runs: aggregate the reports there are), --chunk-lines N (default 700).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const scope = opt('--scope', 'all');
const only = opt('--only', undefined)
  ?.split(',')
  .map((n) => Number(n));
const reportOnly = args.includes('--report-only');
const chunkLines = Number(opt('--chunk-lines', '700'));

/** The files Stryker mutates; the same exclusions as stryker.config.mjs documents. */
function sources() {
  const dirs = ['server/src/engine/rules', ...(scope === 'rules' ? [] : ['server/src/engine/model'])];
  const excluded = new Set(['index.ts', 'types.ts', 'docs.ts']);
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !excluded.has(e.name) && !e.name.endsWith('examples.ts')) out.push(p);
    }
  };
  dirs.forEach(walk);
  return out;
}

/** Consecutive files (alphabetical) up to about `chunkLines` lines: a new file shifts only the
 * chunk it lands in, so the other chunks keep their incremental results. */
function chunks(files) {
  const out = [];
  let cur = [];
  let lines = 0;
  for (const f of files) {
    const n = readFileSync(join(ROOT, f), 'utf8').split('\n').length;
    if (cur.length && lines + n > chunkLines) {
      out.push(cur);
      cur = [];
      lines = 0;
    }
    cur.push(f);
    lines += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

const chunkDir = join(ROOT, 'reports/mutation/chunks');
mkdirSync(chunkDir, { recursive: true });
const all = chunks(sources());
const tag = (files) =>
  files[0]
    .replace(/^server\/src\/engine\//, '')
    .replace(/\.ts$/, '')
    .replace(/[/]/g, '-');

if (!reportOnly) {
  all.forEach((files, i) => {
    if (only && !only.includes(i)) return;
    const name = tag(files);
    console.log(`\n== chunk ${i + 1}/${all.length} (${name}, ${files.length} files) ==`);
    const r = spawnSync('npx', ['stryker', 'run'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        MUTATION_SCOPE: scope,
        MUTATION_FILES: files.join(','),
        MUTATION_REPORT: join('reports/mutation/chunks', name),
      },
    });
    if (r.status !== 0) {
      console.error(`chunk ${name}: stryker exited with ${r.status}`);
      process.exit(r.status ?? 1);
    }
  });
}

// Aggregate: every chunk report whose files are in the current scope.
const wanted = new Set(sources());
const perFile = new Map();
for (const f of readdirSync(chunkDir).filter((f) => f.endsWith('.json') && !f.endsWith('.incremental.json'))) {
  const report = JSON.parse(readFileSync(join(chunkDir, f), 'utf8'));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const rel = relative(ROOT, join(ROOT, file));
    if (!wanted.has(rel)) continue;
    const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0, survivors: [] };
    for (const m of mutants) {
      if (m.status in c) c[m.status]++;
      else c.other++;
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        c.survivors.push(
          `${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}`,
        );
    }
    perFile.set(rel, c);
  }
}
const missing = [...wanted].filter((f) => !perFile.has(f));
let k = 0;
let t = 0;
let s = 0;
let n = 0;
let o = 0;
const rows = [];
for (const [file, c] of [...perFile].sort()) {
  k += c.Killed;
  t += c.Timeout;
  s += c.Survived;
  n += c.NoCoverage;
  o += c.other;
  const total = c.Killed + c.Timeout + c.Survived + c.NoCoverage;
  rows.push(
    `| ${file.replace('server/src/engine/', '')} | ${total} | ${c.Killed + c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${total ? ((100 * (c.Killed + c.Timeout)) / total).toFixed(1) : '-'}% |`,
  );
}
const total = k + t + s + n;
const score = total ? (100 * (k + t)) / total : 0;
const summary = [
  `Mutation score (${scope === 'rules' ? 'rules' : 'rules and model'}): ${score.toFixed(1)}% ` +
    `(${k + t} killed or timed out of ${total}; ${s} survived, ${n} without coverage; ${o} ignored, compile or runtime errors, not counted)`,
  missing.length
    ? `Not yet run: ${missing.length} file(s): ${missing.join(', ')}`
    : 'Every file in scope has a report.',
  '',
  '| file | mutants | killed | survived | no coverage | score |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(`\n${summary}`);
writeFileSync(join(ROOT, `reports/mutation/summary-${scope}.md`), summary + '\n');
const survivorsOut = [...perFile]
  .filter(([, c]) => c.survivors.length)
  .map(([f, c]) => `${f}\n  ${c.survivors.join('\n  ')}`)
  .join('\n');
writeFileSync(join(ROOT, `reports/mutation/survivors-${scope}.txt`), survivorsOut + '\n');
if (existsSync(join(ROOT, 'reports/mutation'))) console.log(`Survivors: reports/mutation/survivors-${scope}.txt`);
