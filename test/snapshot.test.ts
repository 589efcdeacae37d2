// Findings as a whole, pinned: every rule fixture workspace, the corpus (as one workspace, and
// the real-world repositories each as one), the shipped examples and the dumps, on a fixed
// clock, with message texts, ranges, related locations and fix titles. A restructuring (a new parse path,
// a layer moved) must leave this unchanged; a deliberate change in behaviour regenerates it
// with `UPDATE_SNAPSHOT=1 npm run test:fast` and the diff shows what changed, in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { lint, resolveFinding } from '../server/src/engine';
import { fixture, read, repoRoot, walk } from './helpers';

const ROOT = repoRoot();
const SNAPSHOT = join(ROOT, 'test', 'snapshots', 'findings.json');
const NOW = new Date('2027-06-01T00:00:00Z');
const LINTABLE = (p: string) => !/\.md$/.test(p);

function workspaceFindings(files: string[]): string[] {
  const sources = files.map((f) => ({ uri: f, text: read(f) }));
  const pinned = sources.map((x) => /fixture-now: (\S+)/.exec(x.text)?.[1]).find(Boolean);
  const maxSize = sources.map((x) => /fixture-max-file-size: (\d+)/.exec(x.text)?.[1]).find(Boolean);
  const res = lint(sources, {
    now: pinned ? new Date(pinned) : NOW,
    ...(maxSize ? { maxFileSize: Number(maxSize) } : {}),
  });
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const at = (uri: string, line: number, ch: number) => `${relative(ROOT, uri)}:${line + 1}:${ch + 1}`;
  return [
    ...res.ruleErrors.map((e) => `RULE ERROR ${JSON.stringify(e)}`),
    ...res.findings.map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      const related = r.related
        .map((x) => `\n    related ${at(x.uri, x.range.start.line, x.range.start.character)} ${x.message}`)
        .join('');
      const fixes = r.fixes.map((x) => `\n    fix (${x.safety}) ${x.title}`).join('');
      return `${at(r.uri, r.range.start.line, r.range.start.character)}-${r.range.end.line + 1}:${r.range.end.character + 1} ${r.severity} ${r.rule} ${r.message}${related}${fixes}`;
    }),
  ];
}

function workspaces(): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  const rules = fixture('rules');
  for (const rule of readdirSync(rules).sort()) {
    for (const e of readdirSync(join(rules, rule)).sort()) {
      const p = join(rules, rule, e);
      out.push([relative(ROOT, p), statSync(p).isDirectory() ? walk(p, LINTABLE) : [p]]);
    }
  }
  const corpus = fixture('corpus');
  const corpusFiles = walk(corpus, LINTABLE);
  out.push([
    'corpus (one workspace, real-world excluded)',
    corpusFiles.filter((p) => !relative(corpus, p).startsWith('real-world')),
  ]);
  const realWorld = join(corpus, 'real-world');
  for (const repo of readdirSync(realWorld)
    .filter((d) => statSync(join(realWorld, d)).isDirectory())
    .sort()) {
    out.push([`corpus/real-world/${repo}`, walk(join(realWorld, repo), LINTABLE)]);
  }
  for (const ex of readdirSync(join(ROOT, 'examples')).sort())
    out.push([`examples/${ex}`, walk(join(ROOT, 'examples', ex), (p) => /\.ya?ml$/.test(p))]);
  for (const d of ['dumps', 'lsp', 'cli']) {
    for (const e of readdirSync(fixture(d)).sort()) {
      const p = fixture(d, e);
      out.push([relative(ROOT, p), statSync(p).isDirectory() ? walk(p, LINTABLE) : [p]]);
    }
  }
  return out;
}

test('snapshot: findings on every fixture, the corpus, the examples and the dumps are unchanged', () => {
  const actual: Record<string, string[]> = {};
  for (const [name, files] of workspaces()) actual[name] = workspaceFindings(files);
  const text = JSON.stringify(actual, null, 1) + '\n';
  if (process.env.UPDATE_SNAPSHOT || !existsSync(SNAPSHOT)) {
    mkdirSync(dirname(SNAPSHOT), { recursive: true });
    writeFileSync(SNAPSHOT, text);
    if (!process.env.UPDATE_SNAPSHOT) assert.fail(`no snapshot yet: wrote ${relative(ROOT, SNAPSHOT)}; run again`);
    return;
  }
  const expected = JSON.parse(read(SNAPSHOT)) as Record<string, string[]>;
  assert.deepEqual(Object.keys(actual), Object.keys(expected), 'the set of snapshot workspaces');
  // Every workspace that differs, each line only in one side, so a change shows whole.
  const diffs: string[] = [];
  for (const k of Object.keys(expected)) {
    const a = actual[k] ?? [];
    const e = expected[k] ?? [];
    if (JSON.stringify(a) === JSON.stringify(e)) continue;
    diffs.push(`${k}:`, ...e.filter((x) => !a.includes(x)).map((x) => `  - ${x}`));
    diffs.push(...a.filter((x) => !e.includes(x)).map((x) => `  + ${x}`));
    if (a.length === e.length && diffs[diffs.length - 1] === `${k}:`) diffs.push('  (same lines, other order)');
  }
  if (diffs.length) assert.fail(`findings differ from test/snapshots/findings.json:\n${diffs.join('\n')}`);
});
