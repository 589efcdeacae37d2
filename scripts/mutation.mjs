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
// --report-only (no runs: aggregate the reports there are), --chunk-lines N (default 700),
// --stale (run, in each chunk, only the files whose committed record is missing or measured on
// other source, and merge them into that chunk's record: after a test or rule change only the
// changed files cost a run; each file keeps the commit it was measured at).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
const staleOnly = args.includes('--stale');
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
// Committed records, one per chunk: reports/ is not committed and a run takes hours, so the score
// rests on these (counts and survivors per file, the commit, the hash of each source measured).
// A survivor is `line:column-line:column mutator "replacement"`: the span Stryker replaced
// (1-based lines, 1-based columns as in its report), enough to apply the mutant by hand.
const recordDir = join(ROOT, 'docs/mutation', scope);
mkdirSync(recordDir, { recursive: true });
const sha256 = (file) =>
  createHash('sha256')
    .update(readFileSync(join(ROOT, file)))
    .digest('hex');
const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();

const COUNTED = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];

/** Condenses a chunk's Stryker JSON report into its committed record. */
function writeRecord(name, files, seconds) {
  const report = JSON.parse(readFileSync(join(chunkDir, `${name}.json`), 'utf8'));
  const recordFile = join(recordDir, `${name}.json`);
  const previous = staleOnly && existsSync(recordFile) ? JSON.parse(readFileSync(recordFile, 'utf8')) : undefined;
  const commit = git('rev-parse', 'HEAD');
  const date = new Date().toISOString();
  // A merged record keeps the files not run now with the commit and date they were measured at.
  const out = {};
  for (const [file, c] of Object.entries(previous?.files ?? {}))
    if (!files.includes(file)) out[file] = { commit: previous.commit, date: previous.date, ...c };
  for (const file of files) {
    const mutants = report.files[file]?.mutants ?? [];
    const c = { sha256: sha256(file), Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0, survivors: [] };
    for (const m of mutants) {
      if (COUNTED.includes(m.status)) c[m.status]++;
      else c.other++;
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        c.survivors.push(
          `${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column} ` +
            `${m.mutatorName} ${JSON.stringify(m.replacement ?? '')}`,
        );
    }
    out[file] = previous ? { commit, date, ...c } : c;
  }
  const dirty = git('status', '--porcelain', '--', 'server/src', 'test') !== '';
  const record = { commit, dirty, date, seconds, files: out };
  writeFileSync(recordFile, JSON.stringify(record, null, 1) + '\n');
}
const all = chunks(sources());
const tag = (files) =>
  files[0]
    .replace(/^server\/src\/engine\//, '')
    .replace(/\.ts$/, '')
    .replace(/[/]/g, '-');

/** Whether a file's committed record is current (measured on exactly this source). */
function current(name, file) {
  const recordFile = join(recordDir, `${name}.json`);
  if (!existsSync(recordFile)) return false;
  return JSON.parse(readFileSync(recordFile, 'utf8')).files[file]?.sha256 === sha256(file);
}

if (!reportOnly) {
  all.forEach((chunk, i) => {
    if (only && !only.includes(i)) return;
    const name = tag(chunk);
    const files = staleOnly ? chunk.filter((f) => !current(name, f)) : chunk;
    if (!files.length) {
      console.log(`\n== chunk ${i + 1}/${all.length} (${name}): every file current, not run ==`);
      return;
    }
    console.log(`\n== chunk ${i + 1}/${all.length} (${name}, ${files.length} files) ==`);
    const started = Date.now();
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
    writeRecord(name, files, Math.round((Date.now() - started) / 1000));
  });
}

// Aggregate: the committed record of every file in scope (docs/mutation/), not the raw reports:
// a record holds the hash of the source it was measured on, so a file changed since its run is
// reported as stale instead of being counted with an old result.
const wanted = new Set(sources());
const perFile = new Map();
const stale = [];
for (const f of readdirSync(recordDir).filter((f) => f.endsWith('.json'))) {
  const record = JSON.parse(readFileSync(join(recordDir, f), 'utf8'));
  for (const [file, c] of Object.entries(record.files)) {
    if (!wanted.has(file)) continue;
    if (c.sha256 !== sha256(file)) {
      stale.push(`${file} (measured at ${(c.commit ?? record.commit).slice(0, 7)})`);
      continue;
    }
    perFile.set(file, c);
  }
}
const missing = [...wanted].filter((f) => !perFile.has(f) && !stale.some((x) => x.startsWith(`${f} `)));
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
    : 'Every file in scope has a record.',
  // A timeout counts as killed in Stryker's score; a run beside other work can time a mutant out
  // that would have survived, so the score with every timeout taken as a survivor is given too.
  `Lower bound, every timeout (${t}) counted as a survivor: ${total ? ((100 * k) / total).toFixed(1) : '0.0'}%`,
  ...(stale.length ? [`Stale (changed since measured; not counted): ${stale.join(', ')}`] : []),
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
