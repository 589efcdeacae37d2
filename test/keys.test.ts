// Keys written twice, read from yaml's concrete syntax tree without composing (parse/keys.ts),
// must be the keys the composed tree repeats, wherever the text reader answers: on every
// document of every fixture and corpus file (and every seed), and on hand-written cases of what
// it must refuse. It must answer for Calico's CRDs, or it saves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../server/src/engine/parse';
import { scanIdentities } from '../server/src/engine/parse/scan';
import {
  repeatedKeys,
  repeatedKeysInCst,
  repeatedKeysInLines,
  repeatedKeysInText,
} from '../server/src/engine/parse/keys';
import { firstLook, parseUnit } from '../server/src/engine/streamed';
import { YamlDocumentCache } from '../server/src/engine/parse/yaml';
import { fixture, read, repoRoot, walk } from './helpers';
import { join } from 'node:path';

/** Each document's range as the first look cuts it (scan), and its tree's repeats. */
function compare(uri: string, text: string): { answered: number; lines: number; total: number; differ: string[] } {
  const look = scanIdentities(uri, text);
  const parsed = parseFile({ uri, text });
  const out = { answered: 0, lines: 0, total: 0, differ: [] as string[] };
  if (!look || parsed.templated) return out;
  look.documents.forEach((d, i) => {
    const end = look.documents[i + 1]?.start ?? text.length;
    out.total++;
    // The parsed document of that range.
    const doc = parsed.documents.find((p) => p.root && p.root.start >= d.start && p.root.start < end);
    const fromTree = JSON.stringify(repeatedKeys(doc?.root));
    const source = text.slice(d.start, end);
    // Each reader on its own, wherever it answers, and the two together.
    const readers = {
      lines: repeatedKeysInLines(source, d.start),
      cst: repeatedKeysInCst(source, d.start),
      text: repeatedKeysInText(text, d.start, end),
    };
    if (readers.text) out.answered++;
    if (readers.lines) out.lines++;
    for (const [name, r] of Object.entries(readers))
      if (r && JSON.stringify(r) !== fromTree)
        out.differ.push(`${uri} #${i} (${name})\n  text: ${JSON.stringify(r)}\n  tree: ${fromTree}`);
  });
  return out;
}

test('keys: the text reader gives the tree repeats on every document it answers for', () => {
  let answered = 0;
  let lines = 0;
  let total = 0;
  const differ: string[] = [];
  const files = [
    ...walk(fixture(), (x) => /\.(ya?ml|j2|erb|tmpl|tpl)$/.test(x)),
    ...walk(join(repoRoot(), 'examples'), (x) => /\.ya?ml$/.test(x)),
  ];
  for (const p of files) {
    const r = compare(p, read(p));
    answered += r.answered;
    lines += r.lines;
    total += r.total;
    differ.push(...r.differ);
  }
  assert.deepEqual(differ, []);
  assert.ok(answered > total / 2, `answered ${answered} of ${total} documents`);
  assert.ok(lines > total / 2, `the line reader answered ${lines} of ${total} documents`);
});

test('keys: every Calico CRD of the corpus is read from its text', () => {
  let crds = 0;
  for (const p of walk(fixture('corpus'), (x) => /\.ya?ml$/.test(x))) {
    const text = read(p);
    const look = scanIdentities(p, text);
    if (!look) continue;
    look.documents.forEach((d, i) => {
      if (!/^[^\n]*\n?[\s\S]*kind: CustomResourceDefinition/.test(text.slice(d.start, d.start + 200))) return;
      if (!/projectcalico\.org/.test(text.slice(d.start, d.start + 400))) return;
      crds++;
      const end = look.documents[i + 1]?.start ?? text.length;
      assert.ok(repeatedKeysInLines(text.slice(d.start, end), d.start), `${p} #${i}`);
    });
  }
  assert.ok(crds >= 20, `Calico CRDs seen: ${crds}`);
});

test('keys: repeats in nested maps and sequences, quoted keys, each naming the first', () => {
  const text =
    'kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: 1\n  "x": 2\n  y: 3\n  x: 4\nspec:\n  list:\n    - a: 1\n      b: 2\n      a: 3\n    - {}\n';
  const r = repeatedKeysInText(text, 0, text.length)!;
  assert.deepEqual(
    r.map((x) => [
      x.key,
      text.slice(x.first.start, x.first.end),
      x.first.start,
      text.slice(x.again.start, x.again.end),
    ]),
    [
      ['x', 'x', text.indexOf('x: 1'), '"x"'],
      ['x', 'x', text.indexOf('x: 1'), 'x'],
      ['a', 'a', text.indexOf('a: 1'), 'a'],
    ],
  );
  assert.deepEqual(r, repeatedKeys(parseFile({ uri: 'a.yaml', text }).documents[0]!.root));
  // Flow sequences hold no keys: read through.
  const flow = 'rules:\n  - apiGroups: ["", apps]\n    verbs: [get]\n    verbs: [list]\n';
  assert.deepEqual(
    repeatedKeysInText(flow, 0, flow.length)!.map((x) => x.key),
    ['verbs'],
  );
  // Offsets are in the whole text when the document is one of several.
  const two = `kind: A\n---\n${text}`;
  const start = two.indexOf('---');
  assert.deepEqual(
    repeatedKeysInText(two, start, two.length)!.map((x) => x.again.start),
    r.map((x) => x.again.start + two.indexOf('kind: ConfigMap')),
  );
});

test('keys: the line reader reads what generated CRDs and manifests write, as the tree does', () => {
  const cases = [
    // A multi-line plain scalar, a block scalar holding what looks like keys, a quoted scalar over
    // lines, a value on the line after its key, flow sequences, sequences of mappings.
    'a:\n  description: first line\n    second line\n  b: |\n    a: 1\n    a: 2\n  b: 3\n',
    "spec:\n  d:\n    \"one\n    two [x: y]\"\n  d: 'it''s'\n  e:\n    plain on\n    two lines\n  e: 1\n",
    'rules:\n- apiGroups: [""]\n  verbs: [get, "list"]\n  verbs: []\n- apiGroups: {}\n  x:\n  - a: 1\n    a: 2\n  -\n    b: 1\n    b: 2\n',
    '---\n# c\nkind: A  # c\nkind: B\nm:\n  k: >-\n    folded\n\n    more\n  k: 2\n',
  ];
  for (const text of cases) {
    const lines = repeatedKeysInLines(text, 0);
    assert.ok(lines, text);
    assert.deepEqual(lines, repeatedKeys(parseFile({ uri: 'a.yaml', text }).documents[0]!.root), text);
    assert.ok(lines.length >= 1, text);
  }
});

test('keys: what the text reader refuses is left to the parse', () => {
  const refused = [
    'a: &x 1\nb: *x\n', // anchors and aliases
    'a: !!str 1\n', // tags
    '? a\n: 1\n', // explicit keys
    'a: {b: 1, b: 2}\n', // a flow mapping with content
    'a: [b: 1, c]\n', // a pair in a flow sequence
    'a: 1\n b: 2\n', // an error
    'a: "{{ .Values.x }}"\n', // a template tag
    'a b: 1\n', // a key that is not one word
    'a: 1\n---\nb: 2\n', // two documents
    'a:\n  b: "x\n  y"\n', // a quoted scalar's next line not deeper than its key
    '"a\\x": 1\n', // a quoted key yaml reports an error for
  ];
  for (const text of refused) assert.equal(repeatedKeysInText(text, 0, text.length), undefined, text);
  // The line reader leaves these to the concrete syntax tree, which reads them.
  for (const text of ['a:\n  - - x\n', 'a: x\n  # c\nb: 1\nb: 2\n']) {
    assert.equal(repeatedKeysInLines(text, 0), undefined, text);
    assert.deepEqual(
      repeatedKeysInText(text, 0, text.length),
      repeatedKeys(parseFile({ uri: 'a.yaml', text }).documents[0]!.root),
      text,
    );
  }
  // The limit of nesting: deeper than the tree converts, refused.
  const deep = Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n') + ' 1\n';
  assert.equal(repeatedKeysInText(deep, 0, deep.length), undefined);
});

test('keys: the language server reads a keyed document again only when its text changed', () => {
  // A unit parsed with the editor's YAML cache (streamed.ts keysOf) must give each document the
  // repeats an uncached parse gives, at the new offsets after an edit above it, and see a repeat
  // written into one CRD; the CRDs the edit did not touch are served from the cache.
  const uri = 'file:///ws/calico-typha.yaml';
  const v1 = read(join(repoRoot(), 'test/fixtures/corpus/calico/manifest-calico-typha.yaml'));
  const crd = v1.indexOf('kind: CustomResourceDefinition', v1.indexOf('kind: CustomResourceDefinition') + 1);
  const at = v1.indexOf('\n    listKind: ', crd);
  assert.ok(crd > 0 && at > crd);
  const listKind = v1.slice(at, v1.indexOf('\n', at + 1));
  // v2: a comment above every document shifts all offsets; the second CRD gets listKind twice.
  const v2 = `# edited\n${v1.slice(0, at)}${listKind}${v1.slice(at)}`;
  const repeats = (text: string, yamlCache?: YamlDocumentCache) =>
    parseUnit(
      [{ uri, text, unread: firstLook({ uri, text }).unread }],
      yamlCache ? { yamlCache } : {},
    )[0]!.documents.map((d) => JSON.stringify(d.repeatedKeys ?? []));
  const cache = new YamlDocumentCache();
  let computed = 0;
  const derived = cache.derived.bind(cache);
  cache.derived = <T>(kind: string, text: string, compute: (t: string) => T): T =>
    derived(kind, text, (t) => (kind === 'repeatedKeys' && computed++, compute(t)));
  assert.deepEqual(repeats(v1, cache), repeats(v1));
  const keyed = computed;
  assert.ok(keyed >= 20, `${keyed} keyed documents`);
  const second = repeats(v2, cache);
  assert.deepEqual(second, repeats(v2));
  assert.equal(computed, keyed + 1, 'only the edited CRD is read again');
  assert.equal(second.filter((r) => r.includes('"listKind"')).length, 1);
});
