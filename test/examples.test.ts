// The shipped examples: the broken setup reports each seeded defect exactly where its
// annotation says, and nothing else; the corrected setup reports nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { lint, resolveFinding } from '../server/src/engine';
import { read, repoRoot, walk } from './helpers';
import { key, parseAnnotations } from './annotations';

const root = repoRoot();

function findings(dir: string): { actual: string[]; expected: string[] } {
  const files = walk(join(root, 'examples', dir), (p) => p.endsWith('.yaml'));
  const sources = files.map((f) => ({ uri: f, text: read(f) }));
  const res = lint(sources);
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const actual = res.findings.map((f) => {
    const r = resolveFinding(f, (u) => byUri.get(u));
    return key({
      file: relative(root, r.uri),
      line: r.range.start.line,
      start: r.range.start.character,
      end: r.range.end.character,
      severity: r.severity,
      rule: r.rule,
    });
  });
  const expected = sources.flatMap((s) => parseAnnotations(relative(root, s.uri), s.text)).map(key);
  return { actual: actual.sort(), expected: expected.sort() };
}

test('examples/typha-felix-broken: every seeded defect at its exact place, nothing else', () => {
  const { actual, expected } = findings('typha-felix-broken');
  assert.ok(expected.length >= 6);
  assert.deepEqual(actual, expected);
});

test('examples/typha-felix-fixed: no finding', () => {
  const { actual, expected } = findings('typha-felix-fixed');
  assert.deepEqual(expected, []);
  assert.deepEqual(actual, []);
});
