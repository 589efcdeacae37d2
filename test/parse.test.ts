import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, parseFile, resolveFinding } from '../server/src/engine';
import { getPath, getString, isScalar } from '../server/src/engine/parse/tree';
import { parseIni } from '../server/src/engine/parse/ini';
import { templateLayer } from '../server/src/engine/parse/template';

const misspelt = (pre = '') => `${pre}apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.30.0
          env:
            - name: FELIX_TYPHA_CAFILE
              value: ""
`;

function positions(uri: string, text: string) {
  const res = lint([{ uri, text }]);
  const f = res.files[0]!;
  return res.findings.map((x) => {
    const r = resolveFinding(x, () => f);
    return `${x.rule}@${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`;
  });
}

test('yaml: positions are exact with LF, CRLF and a BOM', () => {
  const lf = positions('a.yaml', misspelt());
  assert.deepEqual(lf, ['unknown-tls-parameter@11:20-11:38']);
  assert.deepEqual(positions('a.yaml', misspelt().replace(/\n/g, '\r\n')), lf);
  // The BOM is one UTF-16 unit at offset 0 of line 0; line 11 is unaffected.
  assert.deepEqual(positions('a.yaml', '\uFEFF' + misspelt()), lf);
});

test('yaml: a syntax error is its own finding and the other documents are still analysed', () => {
  const text = `a: b\nk2 v2\n---\n${misspelt()}`;
  const p = positions('a.yaml', text);
  assert.deepEqual(p, ['syntax-error@1:0-1:5', 'unknown-tls-parameter@14:20-14:38']);
});

test('yaml: anchors, aliases, block scalars and flow style are understood', () => {
  const text = `kind: ConfigMap
apiVersion: v1
metadata: &m {name: cfg, namespace: kube-system}
data:
  block: |
    line one
    line two
  folded: >-
    a
    b
  alias: &v hello
  again: *v
copy: *m
`;
  const f = parseFile({ uri: 'x.yaml', text });
  assert.equal(f.syntaxErrors.length, 0);
  const root = f.documents[0]!.root;
  assert.equal(getString(getPath(root, 'data'), 'block'), 'line one\nline two\n');
  assert.equal(getString(getPath(root, 'data'), 'folded'), 'a b');
  assert.equal(getString(getPath(root, 'data'), 'again'), 'hello');
  assert.equal(getString(getPath(root, 'copy'), 'name'), 'cfg');
  const again = getPath(root, 'data', 'again');
  // An alias points at the anchored node: its position is the anchor's value.
  assert.ok(isScalar(again) && text.slice(again.start, again.end) === 'hello');
});

test('yaml: an alias bomb is parsed without expansion, quickly', () => {
  let t = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 40; i++)
    t += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  const res = lint([{ uri: 'bomb.yaml', text: t }]);
  assert.deepEqual(res.ruleErrors, []);
});

test('helm: template actions are masked with positions kept, and templated values are unknown', () => {
  const text = `{{- if .Values.tls }}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ include "calico.name" . }}
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.30.0
          env:
            - name: FELIX_TYPHACAFILE
              value: {{ .Values.caFile | quote }}
            - name: FELIX_TYPHA_KEYFILE
              value: /x/tls.key
{{- end }}
`;
  const m = templateLayer(text)!;
  assert.equal(m.masked.length, text.length);
  assert.equal(m.spans.length, 4);
  const f = parseFile({ uri: 't.yaml', text });
  assert.ok(f.templated);
  assert.deepEqual(f.syntaxErrors, []);
  // The real misspelling is still found; the templated CA value is not judged. Read as meant,
  // the key file also leaves the group without a certificate or identity, at a path not mounted.
  assert.deepEqual(positions('t.yaml', text), [
    'felix-typha-identity-unset@14:20-14:39',
    'felix-typha-tls-incomplete@14:20-14:39',
    'unknown-tls-parameter@14:20-14:39',
    'tls-file-not-mounted@15:21-15:31',
  ]);
  assert.ok(!positions('t.yaml', text).some((p) => p.includes('@13:')), 'the templated CA value is not judged');
});

test('ini: sections are merged, keys keep positions, quotes are stripped', () => {
  const text = '[global]\nTyphaCAFile = "/etc/ca.crt"\n; comment\n# comment\n[x]\ntyphacn: typha-server\r\nEmpty=\n';
  const e = parseIni(text);
  assert.deepEqual(
    e.map((x) => [x.section, x.key, x.value, text.slice(x.keyStart, x.keyEnd), text.slice(x.valueStart, x.valueEnd)]),
    [
      ['global', 'TyphaCAFile', '/etc/ca.crt', 'TyphaCAFile', '/etc/ca.crt'],
      ['x', 'typhacn', 'typha-server', 'typhacn', 'typha-server'],
      ['x', 'Empty', '', 'Empty', ''],
    ],
  );
});

test('json: CNI conflist (JSONC) parses with positions; errors are reported', () => {
  const text =
    '{\n  // comment\n  "name": "k8s-pod-network",\n  "plugins": [{"type": "calico", "etcd_endpoints": "https://10.0.0.1:2379",}]\n}\n';
  const f = parseFile({ uri: '10-calico.conflist', text });
  assert.equal(f.format, 'json');
  assert.deepEqual(f.syntaxErrors, []);
  const ep = getPath(f.documents[0]!.root, 'plugins');
  assert.ok(ep && ep.kind === 'seq');
  const bad = parseFile({ uri: 'x.json', text: '{"a": [1, }' });
  assert.ok(bad.syntaxErrors.length > 0);
});

test('files over the size cap and binary files are skipped, not parsed', () => {
  assert.equal(parseFile({ uri: 'big.yaml', text: 'a: b\n'.repeat(100) }, { maxFileSize: 100 }).format, 'skipped');
  assert.equal(parseFile({ uri: 'bin.yaml', text: 'a\u0000b' }).format, 'skipped');
});

test('helm template output: findings name the template in their `# Source:` comment', () => {
  const text = `---
# Source: calico/templates/calico-config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-config
---
# Source: calico/templates/calico-node.yaml
${misspelt()}`;
  const res = lint([{ uri: 'rendered.yaml', text }]);
  assert.equal(res.findings.length, 1);
  assert.match(res.findings[0]!.message, /\[Helm source: calico\/templates\/calico-node\.yaml\]$/);
});

test('incremental: an edit in one document of a large file re-parses only that document', async () => {
  const { YamlDocumentCache } = await import('../server/src/engine/parse/yaml');
  const { fixture, read } = await import('./helpers');
  const text = read(fixture('corpus', 'calico', 'manifest-calico-typha.yaml'));
  const yamlCache = new YamlDocumentCache();
  const yamlChunkParses = () => yamlCache.parses;
  const a = parseFile({ uri: 'calico-typha.yaml', text }, { yamlCache });
  // Without a cache the whole file is one parse, with the same tree.
  assert.deepEqual(
    parseFile({ uri: 'calico-typha.yaml', text }).documents.map((d) => [d.start, d.end, JSON.stringify(d.root)]),
    a.documents.map((d) => [d.start, d.end, JSON.stringify(d.root)]),
  );
  const docs = a.documents.filter((d) => d.root).length;
  assert.ok(docs >= 40);
  const before = yamlChunkParses();
  // The same text again: nothing is parsed.
  parseFile({ uri: 'calico-typha.yaml', text }, { yamlCache });
  assert.equal(yamlChunkParses() - before, 0);
  // One edit in the middle of the file: exactly one document is parsed again ...
  const at = text.indexOf('name: calico-typha\n');
  const edited = text.slice(0, at) + 'name: calico-typha-edited\n' + text.slice(at + 'name: calico-typha\n'.length);
  const b = parseFile({ uri: 'calico-typha.yaml', text: edited }, { yamlCache });
  assert.equal(yamlChunkParses() - before, 1);
  // ... and the result is what a fresh parse gives: the documents after the edit moved by the
  // edit's length, with correct positions.
  assert.equal(b.documents.filter((d) => d.root).length, docs);
  const last = b.documents[b.documents.length - 1]!;
  const lastBefore = a.documents[a.documents.length - 1]!;
  assert.equal(last.start - lastBefore.start, '-edited'.length);
  const res = lint([
    { uri: 'calico-typha.yaml', text: edited.replace('FELIX_TYPHAK8SSERVICENAME', 'FELIX_TYPHA_K8SSERVICENAME') },
  ]);
  const f = res.findings.find((x) => x.rule === 'unknown-tls-parameter')!;
  const resolved = resolveFinding(f, () => res.files[0]);
  assert.equal(
    res.files[0]!.lines.lineText(resolved.range.start.line).slice(
      resolved.range.start.character,
      resolved.range.end.character,
    ),
    'FELIX_TYPHA_K8SSERVICENAME',
  );
});
