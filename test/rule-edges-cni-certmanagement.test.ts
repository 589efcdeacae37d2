// Edges of certificate-management-signer-name, certificate-management-algorithms,
// cni-etcd-endpoints-missing and cni-unknown-etcd-key that the fixtures and test/rule-edges.test.ts
// leave open (written against the survivors of the mutation record
// docs/mutation/rules/rules-certificate-management-algorithms.json): the domain's own length
// limit, the RSA side of the algorithm fix, a scheme written without an authority, the kinds the
// Installation rules declare they read, and one finding per misspelt key when a kustomize patch
// gives two ConfigMaps the same netconf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules';
import { readsObject } from '../server/src/engine/model/reads';
import { applyFix, said } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const installation = (cm: string): SourceFile[] => [
  {
    uri: 'installation.yaml',
    text: `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    caCert: ""\n${cm}`,
  },
];

// ---- certificate-management-signer-name ----

const SIGNER = 'certificate-management-signer-name';

/** Labels of at most 63 characters joined by dots, `n` characters in all. */
function dnsName(n: number): string {
  const parts: string[] = [];
  let left = n;
  while (left > 0) {
    // Never leave a remainder of 0 after a dot.
    const take = left === 64 ? 62 : Math.min(63, left);
    parts.push('a'.repeat(take));
    left -= take + 1;
  }
  const s = parts.join('.');
  assert.equal(s.length, n);
  assert.ok(s.split('.').every((l) => l.length >= 1 && l.length <= 63));
  return s;
}

test('certificate-management-signer-name: a domain of valid labels is refused past 253 characters, by its length alone', () => {
  const d253 = `${dnsName(249)}.com`;
  const d254 = `${dnsName(250)}.com`;
  assert.equal(d253.length, 253);
  assert.equal(d254.length, 254);
  const at253 = installation(`    signerName: ${d253}/signer\n`);
  assert.deepEqual(run(at253, SIGNER), []);
  const at254 = installation(`    signerName: ${d254}/signer\n`);
  assert.deepEqual(said(at254, run(at254, SIGNER)), [
    [
      `${d254}/signer`,
      `signerName '${d254}/signer' has a domain part '${d254}' that is not a valid DNS name; kube-apiserver rejects the CSR and pods wait in Init.`,
    ],
  ]);
});

test('certificate-management-signer-name and -algorithms declare that they read Installations themselves', () => {
  // relevance.ts keeps an object's contents only for a kind someone declares; a rule's own
  // declaration is what keeps its kind when the model stops reading it (test/reads.test.ts).
  const installationId = { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', name: 'default' };
  for (const id of [SIGNER, 'certificate-management-algorithms']) {
    const reads = RULES.find((r) => r.meta.id === id)!.meta.reads;
    assert.ok(reads, id);
    assert.equal(readsObject([reads], installationId), true, id);
    assert.equal(readsObject([reads], { ...installationId, kind: 'FelixConfiguration' }), false, id);
  }
});

// ---- certificate-management-algorithms ----

const ALGORITHMS = 'certificate-management-algorithms';

test('certificate-management-algorithms: an RSA key with an ECDSA signature is given the RSA signature of its strength', () => {
  const cases: Array<[string, string, string]> = [
    ['RSAWithSize2048', 'ECDSAWithSHA512', 'SHA256WithRSA'],
    ['RSAWithSize4096', 'ECDSAWithSHA256', 'SHA384WithRSA'],
    ['RSAWithSize8192', 'ECDSAWithSHA384', 'SHA512WithRSA'],
  ];
  for (const [key, signature, want] of cases) {
    const files = installation(`    keyAlgorithm: ${key}\n    signatureAlgorithm: ${signature}\n`);
    const found = run(files, ALGORITHMS);
    assert.deepEqual(said(files, found), [
      [
        signature,
        `keyAlgorithm ${key} and signatureAlgorithm ${signature} are of different families; the CSR cannot be created ("unable to create an x509 csr").`,
      ],
    ]);
    assert.equal(found[0]!.fixes.length, 1);
    assert.equal(found[0]!.fixes[0]!.title, `Set signatureAlgorithm: ${want}`);
    assert.equal(found[0]!.fixes[0]!.safety, 'safe');
    assert.equal(
      applyFix(files, found[0]!)[0]!.text,
      installation(`    keyAlgorithm: ${key}\n    signatureAlgorithm: ${want}\n`)[0]!.text,
    );
  }
  // The same family on both sides, RSA or ECDSA: nothing to say.
  assert.deepEqual(
    run(installation('    keyAlgorithm: RSAWithSize4096\n    signatureAlgorithm: SHA512WithRSA\n'), ALGORITHMS),
    [],
  );
  assert.deepEqual(
    run(installation('    keyAlgorithm: ECDSAWithCurve384\n    signatureAlgorithm: ECDSAWithSHA256\n'), ALGORITHMS),
    [],
  );
});

// ---- cni-etcd-endpoints-missing ----

const conflist = (members: string): SourceFile[] => [
  {
    uri: '10-calico.conflist',
    text: `{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "calico",\n${members}\n    }\n  ]\n}\n`,
  },
];

test('cni-etcd-endpoints-missing: an https scheme with no etcd_authority at all is said at the scheme, with no fix', () => {
  for (const [members, message] of [
    [
      '      "datastore_type": "etcdv3",\n      "etcd_scheme": "https"',
      'CNI config 10-calico.conflist names etcd only in etcd_scheme https, which the Calico CNI plugin no longer reads, and has no etcd_endpoints: with datastore_type etcdv3 every pod network setup fails with "no etcd endpoints specified". Put the URL in etcd_endpoints.',
    ],
    [
      '      "etcd_scheme": "https",\n      "etcd_key_file": "/k"',
      'CNI config 10-calico.conflist names etcd only in etcd_scheme https, which the Calico CNI plugin no longer reads, and has no etcd_endpoints: without a datastore_type the plugin falls back to the kubernetes datastore and never uses this etcd. Put the URL in etcd_endpoints.',
    ],
  ] as const) {
    const files = conflist(members);
    const found = run(files, 'cni-etcd-endpoints-missing');
    assert.deepEqual(said(files, found), [['"etcd_scheme"', message]]);
    // No address to write: no fix, and no rule error either (run asserts none).
    assert.deepEqual(found[0]!.fixes, []);
  }
});

// ---- cni-unknown-etcd-key ----

const netconf = (members: string) =>
  `{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "calico",\n${members}\n    }\n  ]\n}`;
const configMap = (name: string, json: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: kube-system\ndata:\n  cni_network_config: |-\n${json
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

test('cni-unknown-etcd-key: one finding for a misspelt key that one kustomize patch gives to two ConfigMaps', () => {
  // The patch targets every ConfigMap, so both base ConfigMaps carry the patch's netconf: two CNI
  // clients whose near-miss is the same written key. One key written once: one finding.
  const good = netconf('      "etcd_endpoints": "https://10.0.0.1:2379",\n      "etcd_ca_cert_file": "/ca"');
  const files: SourceFile[] = [
    { uri: 'file:///w/base/cm.yaml', text: `${configMap('a', good)}---\n${configMap('b', good)}` },
    { uri: 'file:///w/base/kustomization.yaml', text: 'resources:\n- cm.yaml\n' },
    {
      uri: 'file:///w/overlay/kustomization.yaml',
      text: 'resources:\n- ../base\npatches:\n- path: patch.yaml\n  target:\n    kind: ConfigMap\n',
    },
    {
      uri: 'file:///w/overlay/patch.yaml',
      text: configMap('any', netconf('      "etcd_endpoints": "https://10.0.0.1:2379",\n      "etcd_ca_file": "/ca"')),
    },
  ];
  const found = run(files, 'cni-unknown-etcd-key');
  // The key is written in the patch: the finding is there, not at the same offsets of the base.
  assert.equal(found.length, 1);
  assert.equal(found[0]!.span.uri, 'file:///w/overlay/patch.yaml');
  assert.equal(said(files, found)[0]![0], '"etcd_ca_file"');
  assert.match(
    found[0]!.message,
    /^etcd_ca_file is not a key of the Calico CNI plugin \(CNI config in ConfigMap a\): its netconf parser ignores it\. Did you mean etcd_ca_cert_file\?/,
  );
  assert.deepEqual(
    found[0]!.fixes.map((f) => [f.title, f.edits.map((e) => e.newText)]),
    [['Rename to etcd_ca_cert_file', ['"etcd_ca_cert_file"']]],
  );
});

test('a netconf a kustomize patch writes is read in the patch: findings and fixes edit the patch, never the base', () => {
  // The base's netconf is longer than the patch's, so offsets of the patch read in the base
  // would land on other text of the base.
  const base = netconf(
    '      "etcd_endpoints": "https://10.0.0.1:2379",\n      "etcd_ca_cert_file": "/ca",\n' +
      '      "etcd_cert_file": "/c",\n      "etcd_key_file": "/k",\n      "log_level": "info"',
  );
  const patch = configMap(
    'calico-config',
    netconf(
      '      "datastore_type": "etcdv3",\n      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1:2379"',
    ),
  );
  const files: SourceFile[] = [
    { uri: 'file:///w/base/cm.yaml', text: configMap('calico-config', base) },
    { uri: 'file:///w/base/kustomization.yaml', text: 'resources:\n- cm.yaml\n' },
    {
      uri: 'file:///w/overlay/kustomization.yaml',
      text: 'resources:\n- ../base\npatches:\n- path: patch.yaml\n',
    },
    { uri: 'file:///w/overlay/patch.yaml', text: patch },
  ];
  const found = run(files, 'cni-etcd-endpoints-missing');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.span.uri, 'file:///w/overlay/patch.yaml');
  assert.equal(said(files, found)[0]![0], '"etcd_authority"');
  const fix = found[0]!.fixes[0]!;
  assert.ok(fix, 'the patch is plain JSON punctuation: a fix is offered');
  assert.deepEqual([...new Set(fix.edits.map((e) => e.uri))], ['file:///w/overlay/patch.yaml']);
  const fixed = applyFix(files, found[0]!);
  assert.equal(fixed.find((f) => f.uri === 'file:///w/base/cm.yaml')!.text, files[0]!.text);
  const after = fixed.find((f) => f.uri === 'file:///w/overlay/patch.yaml')!.text;
  assert.match(after, /"etcd_endpoints": "https:\/\/10\.0\.0\.1:2379"/);
  assert.doesNotMatch(after, /etcd_scheme|etcd_authority/);
  assert.deepEqual(run(fixed, 'cni-etcd-endpoints-missing'), []);
});
