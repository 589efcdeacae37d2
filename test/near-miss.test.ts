// A misspelt name is the root cause (issue 19 item 10): the finding is at the misspelt name, it
// says what the name's absence breaks (folded in, not a second error elsewhere), its quick fix
// renames the name, and with the name's rule off the consequence is reported by its own rule.
// Each near-miss carries its own consequences, not those of another near-miss beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import {
  calicoNode,
  calicoTypha,
  FELIX_TLS_ENV,
  FELIX_TLS_MOUNTS,
  TYPHA_TLS_MOUNTS,
  without,
} from '../server/src/engine/rules/support/examples';
import { GOOD_ENDPOINT, serviceMonitor } from '../server/src/engine/rules/support/monitor-examples';

const NOW = new Date('2027-06-01T00:00:00Z');

function apply(sources: SourceFile[], fix: Finding['fixes'][number]): SourceFile[] {
  return sources.map((s) => {
    let text = s.text;
    for (const e of fix.edits.filter((x) => x.uri === s.uri).sort((a, b) => b.start - a.start))
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    return { uri: s.uri, text };
  });
}

const at = (f: Finding, sources: SourceFile[]) =>
  sources.find((s) => s.uri === f.span.uri)!.text.slice(f.span.start, f.span.end);

test("FELIX_CLIENTCN (Typha's name, as the docs invite): one finding there, the missing identity folded in", () => {
  const env = { ...without(FELIX_TLS_ENV, 'FELIX_TYPHACN'), FELIX_CLIENTCN: 'typha-server' };
  const files = [{ uri: 'calico-node.yaml', text: calicoNode(env, FELIX_TLS_MOUNTS) }];
  const found = lint(files, { now: NOW }).findings;
  assert.deepEqual(
    found.map((f) => `${f.rule} ${at(f, files)}`),
    ['unknown-tls-parameter FELIX_CLIENTCN'],
  );
  const f = found[0]!;
  assert.match(f.message, /ClientCN is Typha's name for this setting; Felix's is FELIX_TYPHACN\./);
  assert.match(f.message, /As written: Felix TLS is on .* neither FELIX_TYPHACN nor FELIX_TYPHAURISAN is set/);
  assert.deepEqual(
    f.related.map((r) => `${at({ ...f, span: r.span }, files)}: ${r.message}`),
    ['FELIX_TYPHACAFILE: as written, felix-typha-identity-unset applies here'],
  );
  // The fix renames the name; it adds no entry beside it. Then nothing is left.
  assert.deepEqual(
    f.fixes.map((x) => x.title),
    ['Rename to FELIX_TYPHACN'],
  );
  const fixed = apply(files, f.fixes[0]!);
  assert.ok(!fixed[0]!.text.includes('FELIX_CLIENTCN'));
  assert.deepEqual(lint(fixed, { now: NOW }).findings, []);
  // With the near-miss rule off, the consequence is reported by its own rule.
  const off = lint(files, { now: NOW, rules: { 'unknown-tls-parameter': 'off' } }).findings;
  assert.deepEqual(
    off.map((x) => `${x.rule} ${at(x, files)}`),
    ['felix-typha-identity-unset FELIX_TYPHACAFILE'],
  );
});

test('TYPHA_TYPHACN on Typha means TYPHA_CLIENTCN', () => {
  const files = [
    {
      uri: 'calico-typha.yaml',
      text: calicoTypha(
        {
          TYPHA_CAFILE: '/calico-typha-ca/ca.crt',
          TYPHA_SERVERCERTFILE: '/calico-typha-certs/tls.crt',
          TYPHA_SERVERKEYFILE: '/calico-typha-certs/tls.key',
          TYPHA_TYPHACN: 'typha-client',
        },
        TYPHA_TLS_MOUNTS,
      ),
    },
  ];
  const found = lint(files, { now: NOW }).findings;
  assert.deepEqual(
    found.map((f) => f.rule),
    ['unknown-tls-parameter'],
  );
  assert.match(found[0]!.message, /TyphaCN is Felix's name for this setting; Typha's is TYPHA_CLIENTCN\. As written: /);
});

test('CNI: two near-misses in one plugin, each with its own consequence', () => {
  const text = `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "etcd_endpoints": "https://10.0.0.1:2379",
      "etcd_ca_file": "/etc/cni/net.d/calico-tls/etcd-ca",
      "etcd_cert_file": "/etc/cni/net.d/calico-tls/etcd-cert",
      "etcd_keyfile": "/etc/cni/net.d/calico-tls/etcd-key"
    }
  ]
}
`;
  const files = [{ uri: '10-calico.conflist', text }];
  const found = lint(files, { now: NOW }).findings;
  assert.deepEqual(
    found.map((f) => `${f.rule} ${at(f, files)}`),
    ['cni-unknown-etcd-key "etcd_ca_file"', 'cni-unknown-etcd-key "etcd_keyfile"'],
  );
  const [ca, key] = found as [Finding, Finding];
  assert.match(ca.message, /Did you mean etcd_ca_cert_file\? As written: .*without an etcd CA/);
  assert.doesNotMatch(ca.message, /KeyFile and CertFile/);
  assert.match(key.message, /Did you mean etcd_key_file\? As written: .*"KeyFile and CertFile must both be present/);
  assert.doesNotMatch(key.message, /etcd CA/);
  // Renamed, both consequences go with them.
  const fixed = apply(apply(files, ca.fixes[0]!), {
    ...key.fixes[0]!,
    // The first rename made the text one key longer before the second.
    edits: key.fixes[0]!.edits.map((e) => ({ ...e, start: e.start + 5, end: e.end + 5 })),
  });
  assert.match(fixed[0]!.text, /"etcd_ca_cert_file"[^]*"etcd_key_file"/);
  assert.deepEqual(lint(fixed, { now: NOW }).findings, []);
});

test('ServiceMonitor caFlie: the CRD finding says Prometheus then has no CA; renamed, both go', () => {
  const files = [{ uri: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT.replace('caFile:', 'caFlie:')) }];
  const found = lint(files, { now: NOW }).findings;
  assert.deepEqual(
    found.map((f) => `${f.rule} ${at(f, files)}`),
    ['crd-field-invalid caFlie'],
  );
  assert.match(found[0]!.message, /Did you mean caFile\? As written: ServiceMonitor .* over HTTPS without a CA/);
  assert.equal(found[0]!.fixes[0]!.title, 'Rename to caFile');
  assert.deepEqual(lint(apply(files, found[0]!.fixes[0]!), { now: NOW }).findings, []);
  // Misspelt tlsConfig: its CA is not seen either, and that is said at tlsconfig.
  const upper = [{ uri: 'monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT.replace('tlsConfig:', 'tlsconfig:')) }];
  const u = lint(upper, { now: NOW }).findings;
  assert.deepEqual(
    u.map((f) => `${f.rule} ${at(f, upper)}`),
    ['crd-field-invalid tlsconfig'],
  );
  assert.equal(u[0]!.fixes[0]!.safety, 'safe', 'only the case differs');
});

test('Installation signername: the missing required signerName is folded into the near-miss', () => {
  const text =
    'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n' +
    '  certificateManagement:\n    caCert: ""\n    signername: example.com/calico\n';
  const files = [{ uri: 'installation.yaml', text }];
  const found = lint(files, { now: NOW }).findings;
  assert.deepEqual(
    found.map((f) => `${f.rule} ${at(f, files)}`),
    ['crd-field-invalid signername'],
  );
  assert.match(found[0]!.message, /As written: spec\.certificateManagement\.signerName is required/);
  assert.deepEqual(lint(apply(files, found[0]!.fixes[0]!), { now: NOW }).findings, []);
});

test("the seed's flattened Installation: each field at its key, and one fix nests them all", () => {
  const text =
    'kind: Installation\nname: default\ncaCert: <Your CA Cert in Pem format>\n' +
    'signerName: <your-domain>/<signer-name>\nsignatureAlgorithm: SHA512WithRSA\nkeyAlgorithm: RSAWithSize4096\n';
  const files = [{ uri: 'installation.yaml', text }];
  const all = lint(files, { now: NOW }).findings;
  const found = all.filter((f) => f.rule === 'crd-field-invalid');
  assert.deepEqual(
    found.map((f) => at(f, files)),
    ['Installation', 'name', 'caCert', 'signerName', 'signatureAlgorithm', 'keyAlgorithm'],
  );
  // The misplaced fields are read as meant (model/certificate-management.ts): the placeholders
  // are reported at once, at the values, and stay the same findings once nested.
  const values = all.filter((f) => f.rule !== 'crd-field-invalid');
  assert.deepEqual(
    values.map((f) => [f.rule, at(f, files)]),
    [
      ['secret-invalid-base64', '<Your CA Cert in Pem format>'],
      ['certificate-management-signer-name', '<your-domain>/<signer-name>'],
    ],
  );
  assert.match(
    found[2]!.message,
    /'caCert' does not belong here: Installation has it at spec\.certificateManagement\.caCert/,
  );
  assert.match(found[1]!.message, /Installation has it at metadata\.name/);
  const move = found[2]!.fixes.find((x) => x.title.startsWith('Move'))!;
  const apiVersion = found[0]!.fixes.find((x) => x.title.startsWith('Add apiVersion'))!;
  const nested = apply(apply(files, move), apiVersion);
  assert.equal(
    nested[0]!.text,
    'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n' +
      '  certificateManagement:\n    caCert: <Your CA Cert in Pem format>\n' +
      '    signerName: <your-domain>/<signer-name>\n    signatureAlgorithm: SHA512WithRSA\n' +
      '    keyAlgorithm: RSAWithSize4096\n',
  );
  // Nested, the schema is satisfied; what is left is the placeholders, which other rules report.
  const after = lint(nested, { now: NOW }).findings;
  assert.ok(!after.some((f) => f.rule === 'crd-field-invalid'), JSON.stringify(after.map((f) => f.message)));
  assert.deepEqual(after.map((f) => f.rule).sort(), ['certificate-management-signer-name', 'secret-invalid-base64']);
});
