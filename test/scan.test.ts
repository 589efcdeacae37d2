// The cheap first look (parse/scan.ts) must see the same objects as the parser wherever it
// answers: on every fixture and corpus file, the identities (kind, name, namespace, apiVersion)
// it finds are those collectObjects finds in the parsed file, in order; and it must answer for
// the plain manifests that make up most of a workspace, or it saves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../server/src/engine/parse';
import { scanIdentities } from '../server/src/engine/parse/scan';
import { collectObjects } from '../server/src/engine/model/objects';
import { fixture, read, walk } from './helpers';

const ids = (f: Parameters<typeof collectObjects>[0]) =>
  collectObjects(f).map((o) => `${o.apiVersion}|${o.kind}|${o.name}|${o.namespace}`);

test('scan: the same identities as the parser on every fixture and corpus file it answers for', () => {
  let answered = 0;
  let total = 0;
  const differ: string[] = [];
  for (const p of walk(fixture(), (x) => /\.(ya?ml|json|cfg|j2|erb|tmpl|tpl)$/.test(x))) {
    const text = read(p);
    total++;
    const s = scanIdentities(p, text);
    if (!s) continue;
    answered++;
    const a = ids(s);
    const b = ids(parseFile({ uri: p, text }));
    if (JSON.stringify(a) !== JSON.stringify(b))
      differ.push(`${p}\n  scan:  ${a.join(', ')}\n  parse: ${b.join(', ')}`);
  }
  assert.deepEqual(differ, []);
  assert.ok(answered > total / 3, `answered ${answered} of ${total}`);
});

test('scan: reads identities and offsets, and refuses what it cannot read exactly', () => {
  const text =
    '# c\napiVersion: v1\nkind: Secret  # x\nmetadata:\n  labels:\n    a: b\n  name: s\n  namespace: kube-system\ndata: {}\n---\nkind: ConfigMap\nmetadata:\n    name: cm\n';
  const s = scanIdentities('/a.yaml', text)!;
  assert.ok(s);
  assert.deepEqual(ids(s), ['v1|Secret|s|kube-system', '|ConfigMap|cm|undefined']);
  const name = collectObjects(s)[0]!.nameNode!;
  assert.equal(text.slice(name.start, name.end), 's');
  // RBAC names hold colons: text in YAML 1.2, read as the parser reads them.
  const rbac = 'kind: ClusterRoleBinding\nmetadata:\n  name: calico:system:auth-delegator\n';
  assert.deepEqual(ids(scanIdentities('/r.yaml', rbac)!), ids(parseFile({ uri: '/r.yaml', text: rbac })));
  assert.deepEqual(ids(scanIdentities('/r.yaml', rbac)!), [
    '|ClusterRoleBinding|calico:system:auth-delegator|undefined',
  ]);
  for (const bad of [
    'kind: Secret\nmetadata:\n  name: s:\n',
    'kind: "Secret"\nmetadata:\n  name: s\n',
    'kind: Secret\nmetadata: {name: s}\n',
    'kind: Secret\nmetadata:\n  name: 0123\n',
    'kind: Secret\nmetadata:\n  name: true\n',
    'kind: Secret\nmetadata:\n  name: long\n    name\n',
    'kind: Secret\nkind: ConfigMap\n',
    'kind: List\nitems: []\n',
    'kind: Secret\nmetadata:\n  name: &a s\n',
    '- kind: Secret\n',
    'kind: Secret\nmetadata:\n- name: s\n',
    'kind: Secret\n- a\n',
    '--- !!map\nkind: Secret\n',
    'kind:\n  Secret\n',
  ])
    assert.equal(scanIdentities('/b.yaml', bad), undefined, bad);
  assert.equal(scanIdentities('/c.json', '{"kind": "Secret"}'), undefined);
  // A template is read with its tags masked: a name touching one is unknown, as the parser says.
  const t = scanIdentities('/d.yaml', 'kind: Secret\nmetadata:\n  name: {{ .Values.name }}\n  namespace: ns\n')!;
  assert.deepEqual(ids(t), ['|Secret|undefined|ns']);
  const j = scanIdentities('/e.yml.j2', '{% if x %}\nkind: ConfigMap\nmetadata:\n  name: c-{{ n }}\n{% endif %}\n')!;
  assert.deepEqual(ids(j), ['|ConfigMap|undefined|undefined']);
  // A sequence at its key's own indentation is that key's value.
  const r = scanIdentities(
    '/g.yaml',
    'kind: ClusterRole\nmetadata:\n  name: r\nrules:\n- apiGroups: [""]\n  verbs: [get]\n',
  )!;
  assert.deepEqual(ids(r), ['|ClusterRole|r|undefined']);
  // Documents: `...` ends one, `---` starts one, as `yaml` counts them.
  const d = scanIdentities('/f.yaml', 'kind: A\nmetadata:\n  name: a\n...\n---\nkind: B\nmetadata:\n  name: b\n---\n')!;
  assert.deepEqual(ids(d), ['|A|a|undefined', '|B|b|undefined']);
  assert.equal(d.documents.length, 3);
});
