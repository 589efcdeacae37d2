// Mistakes the Calico docs invite (issue 19): where a finding points and what it tells the
// user, beyond what a fixture's rule and range annotations can say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type SourceFile } from '../server/src/engine';
import { makeCert } from './certfactory';

const NOW = new Date('2027-06-01T00:00:00Z');

function lineOf(files: SourceFile[], uri: string, offset: number): string {
  const text = files.find((f) => f.uri === uri)!.text;
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

// ---- item 11: the empty key setting is the line to change ----

const ETCD_CONFIG = (cert: string, key: string) =>
  'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: calico-config\n  namespace: kube-system\ndata:\n' +
  `  etcd_endpoints: "https://10.0.0.1:2379"\n  etcd_ca: "/calico-secrets/etcd-ca"\n` +
  `  etcd_cert: "${cert}"\n  etcd_key: "${key}"\n---\n` +
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: calico-kube-controllers\n  namespace: kube-system\n' +
  'spec:\n  template:\n    spec:\n      containers:\n        - name: calico-kube-controllers\n' +
  '          image: calico/kube-controllers:v3.30.0\n          env:\n' +
  '            - name: ETCD_ENDPOINTS\n              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_endpoints}}\n' +
  '            - name: ETCD_CA_CERT_FILE\n              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_ca}}\n' +
  '            - name: ETCD_KEY_FILE\n              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_key}}\n' +
  '            - name: ETCD_CERT_FILE\n              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_cert}}\n';

test('etcd-cert-without-key points at the empty side, with the side that is set as related location', () => {
  for (const [cert, key, at, other] of [
    ['/calico-secrets/etcd-cert', '', 'etcd_key: ""', 'etcd_cert: "/calico-secrets/etcd-cert"'],
    ['', '/calico-secrets/etcd-key', 'etcd_cert: ""', 'etcd_key: "/calico-secrets/etcd-key"'],
  ] as const) {
    const files = [{ uri: 'calico-etcd.yaml', text: ETCD_CONFIG(cert, key) }];
    const found = lint(files, { now: NOW }).findings.filter((f) => f.rule === 'etcd-cert-without-key');
    assert.equal(found.length, 1, `one finding for cert='${cert}' key='${key}'`);
    const f = found[0]!;
    assert.equal(lineOf(files, f.span.uri, f.span.start), at);
    assert.equal(f.related.length, 1);
    assert.equal(lineOf(files, f.related[0]!.span.uri, f.related[0]!.span.start), other);
  }
});

test('etcd-cert-without-key: neither side set, or both, is no finding', () => {
  for (const [cert, key] of [
    ['', ''],
    ['/calico-secrets/etcd-cert', '/calico-secrets/etcd-key'],
  ] as const) {
    const files = [{ uri: 'calico-etcd.yaml', text: ETCD_CONFIG(cert, key) }];
    assert.deepEqual(
      lint(files, { now: NOW }).findings.filter((f) => f.rule === 'etcd-cert-without-key'),
      [],
    );
  }
});

// ---- item 13: stringData is suggested only where it exists ----

test('PEM in a base64 field: stringData only for a Secret, data for a ConfigMap, encoding otherwise', async () => {
  const ca = await makeCert({ cn: 'calico-ca', ca: true });
  const pem = ca.certPem.trim().split('\n').join('\\n');
  const cases: Array<[string, string, RegExp, RegExp | undefined]> = [
    [
      'secret.yaml',
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-ca\n  namespace: kube-system\ndata:\n  ca.crt: "${pem}"\n`,
      /use stringData, or encode it/,
      undefined,
    ],
    [
      'configmap.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typha-ca\n  namespace: kube-system\nbinaryData:\n  ca.crt: "${pem}"\n`,
      /put it under data instead of binaryData/,
      /stringData/,
    ],
    [
      'installation.yaml',
      `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n` +
        `  certificateManagement:\n    caCert: "${pem}"\n    signerName: example.com/calico\n`,
      /encode it as base64/,
      /stringData/,
    ],
  ];
  for (const [uri, text, want, never] of cases) {
    const found = lint([{ uri, text }], { now: NOW }).findings.filter((f) => f.rule === 'secret-invalid-base64');
    assert.equal(found.length, 1, uri);
    assert.match(found[0]!.message, want, uri);
    if (never) assert.doesNotMatch(found[0]!.message, never, uri);
  }
});

// ---- issue 22 item 6: days as a person reads them ----

test('days left round the way a person reads them; windows still compare exact times', async () => {
  const { untilMsg } = await import('../server/src/engine/certs/when');
  const { renderMsg } = await import('../server/src/engine/l10n/messages');
  const untilWords = (n: Date, d: Date) => renderMsg(untilMsg(n, d), 'test', {});
  const now = new Date('2027-06-01T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  const DAY = 86_400_000;
  assert.equal(untilWords(now, at(10 * DAY - 5_000)), 'in 10 days', 'made with --days 10 seconds ago');
  assert.equal(untilWords(now, at(10 * DAY + 5_000)), 'in 10 days');
  assert.equal(untilWords(now, at(1.2 * DAY)), 'in 1 day');
  assert.equal(untilWords(now, at(1.6 * DAY)), 'in 2 days');
  assert.equal(untilWords(now, at(3 * 3_600_000)), 'within a day');
  assert.equal(untilWords(now, at(-2 * 3_600_000)), 'today');
  assert.equal(untilWords(now, at(-25 * 3_600_000)), '1 day ago');
  assert.equal(untilWords(now, at(-3.5 * DAY)), '3 days ago');
  // A certificate valid for 10 more days (minus seconds) is in a 10-day window and says 10 days.
  const cert = await makeCert({ cn: 'typha-server', notAfter: at(10 * DAY - 5_000) });
  const text =
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: kube-system\ndata:\n' +
    `  tls.crt: ${Buffer.from(cert.certPem).toString('base64')}\n`;
  const found = lint([{ uri: 's.yaml', text }], { now, expiryWarningDays: 11 }).findings.filter(
    (f) => f.rule === 'cert-expiring-soon',
  );
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /, in 10 days\.$/);
  assert.deepEqual(
    lint([{ uri: 's.yaml', text }], { now, expiryWarningDays: 10 }).findings.filter(
      (f) => f.rule === 'cert-expiring-soon',
    ).length,
    1,
    'under 10 days left is inside a 10-day window',
  );
});
