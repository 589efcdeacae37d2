// Findings as a whole, pinned: every rule fixture workspace, the corpus (as one workspace, and
// the real-world repositories each as one), the shipped examples and the dumps, on a fixed
// clock, with message texts, ranges, related locations and fix titles. A restructuring (a new parse path,
// a layer moved) must leave this unchanged; a deliberate change in behaviour regenerates it
// with `UPDATE_SNAPSHOT=1 npm run test:fast` and the diff shows what changed, in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { read, repoRoot } from './helpers';
import { workspaceFindings, workspaces } from './workspaces';

const ROOT = repoRoot();
const SNAPSHOT = join(ROOT, 'test', 'snapshots', 'findings.json');
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
