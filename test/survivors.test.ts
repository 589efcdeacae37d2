// Tests written against mutants that survived every other test (issue 18 item 5): each one
// pins a decision a rule makes that no fixture had exercised, so that changing it fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALICOCTL_SPEC_FIELDS } from './rule-helpers';
import { lint, resolveFinding, type SourceFile } from '../server/src/engine';
import {
  calicoNode,
  calicoTypha,
  FELIX_TLS_ENV,
  FELIX_TLS_MOUNTS,
  TYPHA_TLS_ENV,
  TYPHA_TLS_MOUNTS,
} from '../server/src/engine/rules/support/examples';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const DAY = 86_400_000;

function secret(name: string, data: Record<string, string>, namespace = 'kube-system'): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n${Object.entries(
    data,
  )
    .map(([k, v]) => `  ${k}: ${b64(v)}`)
    .join('\n')}\n`;
}

function rules(files: SourceFile[], now = new Date(), opts: { expiryWarningDays?: number } = {}): string[] {
  return lint(files, { now, ...opts }).findings.map((f) => f.rule);
}

// ---- servicemonitor-servername-mismatch ----

async function metricsWorkspace(cert: Issued, serverName: string, selector: string): Promise<SourceFile[]> {
  const node = calicoNode(
    {
      FELIX_PROMETHEUSMETRICSENABLED: 'true',
      FELIX_PROMETHEUSMETRICSCERTFILE: '/metrics-tls/tls.crt',
      FELIX_PROMETHEUSMETRICSKEYFILE: '/metrics-tls/tls.key',
    },
    [{ volume: 'metrics-tls', path: '/metrics-tls', secret: 'calico-node-metrics-tls' }],
  );
  const monitor = `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: calico-monitor\n  namespace: calico-monitoring\nspec:\n  selector:\n    matchLabels:\n      k8s-app: ${selector}\n  endpoints:\n    - port: metrics\n      scheme: https\n      tlsConfig:\n        ca:\n          secret: {name: certs, key: ca.pem}\n        serverName: ${serverName}\n`;
  return [
    { uri: 'calico-node.yaml', text: node },
    {
      uri: 'secret.yaml',
      text: secret('calico-node-metrics-tls', { 'tls.crt': cert.certPem, 'tls.key': cert.keyPem }),
    },
    { uri: 'monitor.yaml', text: monitor },
  ];
}

test('servicemonitor-servername-mismatch: an IP SAN satisfies an IP serverName; a DNS name it does not hold does not', async () => {
  const cert = await makeCert({
    cn: 'calico-node-metrics',
    eku: [SERVER_AUTH],
    dns: ['calico-node-metrics'],
    ips: ['10.0.0.5'],
  });
  assert.ok(
    !rules(await metricsWorkspace(cert, '10.0.0.5', 'calico-node')).includes('servicemonitor-servername-mismatch'),
  );
  assert.ok(
    !rules(await metricsWorkspace(cert, 'calico-node-metrics', 'calico-node')).includes(
      'servicemonitor-servername-mismatch',
    ),
  );
  assert.ok(
    rules(await metricsWorkspace(cert, '10.0.0.6', 'calico-node')).includes('servicemonitor-servername-mismatch'),
  );
  // A CN alone is not a name Go accepts.
  const cnOnly = await makeCert({ cn: 'calico-node-metrics', eku: [SERVER_AUTH] });
  const res = lint(await metricsWorkspace(cnOnly, 'calico-node-metrics', 'calico-node'), { now: new Date() });
  const f = res.findings.find((x) => x.rule === 'servicemonitor-servername-mismatch');
  assert.match(f?.message ?? '', /is only the Common Name of the metrics certificate .* no SANs/);
});

test('servicemonitor-servername-mismatch: a monitor is compared only with the certificates of what it scrapes', async () => {
  const cert = await makeCert({ cn: 'calico-node-metrics', eku: [SERVER_AUTH], dns: ['calico-node-metrics'] });
  // The monitor scrapes Typha (no metrics certificate in the workspace): calico-node's is not its business.
  assert.ok(
    !rules(await metricsWorkspace(cert, 'calico-typha-metrics', 'calico-typha')).includes(
      'servicemonitor-servername-mismatch',
    ),
  );
  assert.ok(
    rules(await metricsWorkspace(cert, 'calico-typha-metrics', 'calico-node')).includes(
      'servicemonitor-servername-mismatch',
    ),
  );
});

// ---- typha-identity-mismatch: the three-valued path and the fix ----

async function typhaWorkspace(
  typhaCn: string,
  felixEnv: Record<string, string> = {},
  extra: SourceFile[] = [],
): Promise<{ files: SourceFile[]; server: Issued }> {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const server = await makeCert({
    cn: typhaCn,
    eku: [SERVER_AUTH],
    issuer: ca,
    uris: ['spiffe://cluster.local/typha'],
  });
  const client = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: ca });
  const files: SourceFile[] = [
    { uri: 'calico-node.yaml', text: calicoNode({ ...FELIX_TLS_ENV, ...felixEnv }, FELIX_TLS_MOUNTS) },
    { uri: 'calico-typha.yaml', text: calicoTypha(TYPHA_TLS_ENV, TYPHA_TLS_MOUNTS) },
    {
      uri: 'ca.yaml',
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\n  namespace: kube-system\ndata:\n  ca.crt: ${JSON.stringify(ca.certPem)}\n`,
    },
    {
      uri: 'typha-certs.yaml',
      text: secret('calico-typha-certs', { 'tls.crt': server.certPem, 'tls.key': server.keyPem }),
    },
    {
      uri: 'node-certs.yaml',
      text: secret('calico-node-certs', { 'tls.crt': client.certPem, 'tls.key': client.keyPem }),
    },
    ...extra,
  ];
  return { files, server };
}

test("typha-identity-mismatch: a known wrong CN is an error with the certificate's CN as its fix; an unknown one is not", async () => {
  const { files } = await typhaWorkspace('calico-typha');
  const res = lint(files, { now: new Date() });
  const f = res.findings.find((x) => x.rule === 'typha-identity-mismatch');
  assert.ok(f, res.findings.map((x) => x.rule).join(', '));
  // The fix sets FELIX_TYPHACN to the certificate's CN, exactly, keeping the scalar's place.
  assert.equal(f!.fixes.length, 1);
  const edit = f!.fixes[0]!.edits[0]!;
  const node = files[0]!.text;
  assert.equal(edit.newText, '"calico-typha"', 'the quoting of the value kept');
  assert.equal(node.slice(edit.start, edit.end), '"typha-server"');
  assert.equal(f!.fixes[0]!.safety, 'unsafe');
  // The same CN read from a ConfigMap that is not in the workspace: unknown, so nothing.
  const unknownCn = (await typhaWorkspace('calico-typha')).files.map((s) =>
    s.uri === 'calico-node.yaml'
      ? {
          ...s,
          text: s.text.replace(
            /- name: FELIX_TYPHACN\n(\s+)value: "typha-server"/,
            '- name: FELIX_TYPHACN\n$1valueFrom:\n$1  configMapKeyRef: {name: elsewhere, key: cn}',
          ),
        }
      : s,
  );
  assert.ok(unknownCn[0]!.text.includes('configMapKeyRef: {name: elsewhere'));
  assert.ok(!rules(unknownCn).includes('typha-identity-mismatch'), 'an unknown CN is not wrong');
  // A wrong CN beside a URI SAN whose value is unknown: the SAN may match, so nothing either.
  const unknownSan = (await typhaWorkspace('calico-typha')).files.map((s) =>
    s.uri === 'calico-node.yaml'
      ? {
          ...s,
          text: s.text.replace(
            /- name: FELIX_TYPHACN\n(\s+)value: "typha-server"/,
            (_m, ind: string) =>
              `- name: FELIX_TYPHACN\n${ind}value: "typha-server"\n${ind.slice(2)}- name: FELIX_TYPHAURISAN\n` +
              `${ind}valueFrom:\n${ind}  configMapKeyRef: {name: elsewhere, key: san}`,
          ),
        }
      : s,
  );
  assert.ok(unknownSan[0]!.text.includes('FELIX_TYPHAURISAN'));
  assert.ok(!rules(unknownSan).includes('typha-identity-mismatch'), 'a URI SAN that may match');
  // A URI SAN that matches, beside a CN that does not: either one is enough.
  const both = await typhaWorkspace('calico-typha', { FELIX_TYPHAURISAN: 'spiffe://cluster.local/typha' });
  assert.ok(!rules(both.files).includes('typha-identity-mismatch'));
  const wrongSan = await typhaWorkspace('calico-typha', { FELIX_TYPHAURISAN: 'spiffe://cluster.local/other' });
  const r = lint(wrongSan.files, { now: new Date() }).findings.find((x) => x.rule === 'typha-identity-mismatch');
  assert.match(r?.message ?? '', /URI SANs are 'spiffe:\/\/cluster\.local\/typha'/);
});

// ---- operator-cert-renewal-overdue and cert-expiring-soon: one window, expiryWarningDays ----

test('the expiry windows: expiryWarningDays decides both rules, at the edge of the window', async () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const signer = await makeCert({
    cn: 'tigera-operator-signer',
    ca: true,
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() + 3000 * DAY),
  });
  const mine = await makeCert({
    cn: 'my-ca',
    ca: true,
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() + 3000 * DAY),
  });
  const leaf = async (issuer: Issued, days: number) =>
    makeCert({
      cn: 'typha-server',
      eku: [SERVER_AUTH, CLIENT_AUTH],
      issuer,
      notBefore: new Date(now.getTime() - 300 * DAY),
      notAfter: new Date(now.getTime() + days * DAY + 3600_000),
    });
  const one = async (issuer: Issued, days: number, windowDays?: number) => {
    const c = await leaf(issuer, days);
    return rules(
      [{ uri: 's.yaml', text: secret('typha-certs', { 'tls.crt': c.certPem }, 'calico-system') }],
      now,
      windowDays === undefined ? {} : { expiryWarningDays: windowDays },
    );
  };
  // Default window 30 days: 29 days left is inside, 30 is not.
  assert.deepEqual(await one(signer, 29), ['operator-cert-renewal-overdue']);
  assert.deepEqual(await one(signer, 30), []);
  assert.deepEqual(await one(mine, 29), ['cert-expiring-soon']);
  assert.deepEqual(await one(mine, 30), []);
  // A window of 10 days: 15 days left is fine for both; 9 is not.
  assert.deepEqual(await one(signer, 15, 10), []);
  assert.deepEqual(await one(signer, 9, 10), ['operator-cert-renewal-overdue']);
  assert.deepEqual(await one(mine, 15, 10), []);
  assert.deepEqual(await one(mine, 9, 10), ['cert-expiring-soon']);
  // A CA merely named like the operator's is the user's own: cert-expiring-soon, not the operator's rule.
  const lookalike = await makeCert({
    cn: 'tigera-operator-signer-x',
    ca: true,
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() + 3000 * DAY),
  });
  assert.deepEqual(await one(lookalike, 5), ['cert-expiring-soon']);
  const legacy = await makeCert({
    cn: 'tigera-operator-signer@1700000000',
    ca: true,
    notBefore: new Date(now.getTime() - 400 * DAY),
    notAfter: new Date(now.getTime() + 3000 * DAY),
  });
  assert.ok((await one(legacy, 5)).includes('operator-cert-renewal-overdue'));
  void resolveFinding;
});

// ---- calicoctl-config-invalid: every CalicoAPIConfigSpec field, and its "did you mean" ----

function calicoctl(field: string, value = 'x'): SourceFile[] {
  return [
    {
      uri: 'calicoctl.cfg',
      text: `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  ${field}: "${value}"\n`,
    },
  ];
}

test('calicoctl-config-invalid: every CalicoAPIConfigSpec field as written is accepted', () => {
  for (const f of CALICOCTL_SPEC_FIELDS) {
    const found = lint(calicoctl(f)).findings.filter(
      (x) => x.rule === 'calicoctl-config-invalid' && x.message.includes('is not a CalicoAPIConfig field'),
    );
    assert.deepEqual(found, [], f);
  }
});

test('calicoctl-config-invalid: a field in another case or with separators is renamed; a part of one is suggested', () => {
  for (const f of CALICOCTL_SPEC_FIELDS) {
    const written = f.toLowerCase() === f ? f.toUpperCase() : f.toLowerCase();
    const [finding] = lint(calicoctl(written)).findings.filter((x) => x.rule === 'calicoctl-config-invalid');
    assert.ok(finding, `${written} is reported`);
    assert.match(finding.message, new RegExp(`'${written}' is not a CalicoAPIConfig field`));
    assert.match(finding.message, new RegExp(`Did you mean ${f}\\?$`), written);
    assert.deepEqual(
      finding.fixes.map((x) => [x.title, x.safety, x.edits[0]!.newText]),
      [[`Rename to ${f}`, 'safe', f]],
      written,
    );
  }
  // Underscores and dashes are ignored when matching.
  const [snake] = lint(calicoctl('etcd_ca_cert_file')).findings.filter((x) => x.rule === 'calicoctl-config-invalid');
  assert.equal(snake?.fixes[0]?.title, 'Rename to etcdCACertFile');
  // A name that contains a field, or is contained in one, gets the suggestion but no rename.
  const [longer] = lint(calicoctl('etcdEndpointsList')).findings.filter((x) => x.rule === 'calicoctl-config-invalid');
  assert.match(longer!.message, /Did you mean etcdEndpoints\?$/);
  assert.deepEqual(longer!.fixes, []);
  const [shorter] = lint(calicoctl('CACertFile')).findings.filter((x) => x.rule === 'calicoctl-config-invalid');
  assert.match(shorter!.message, /Did you mean etcdCACertFile\?$/);
  assert.deepEqual(shorter!.fixes, []);
  // Nothing close: reported without a suggestion.
  const [far] = lint(calicoctl('banana')).findings.filter((x) => x.rule === 'calicoctl-config-invalid');
  assert.match(far!.message, /"failed to parse config as YAML\/JSON"\.$/);
});

// ---- ca-cert-not-ca: which certificates of a CA bundle count, and what the message names ----

const KU_DIGITAL_SIGNATURE = 1 << 7; // x509.KeyUsageFlags.digitalSignature (RFC 5280 bit 0)

function caBundle(certs: Issued[], extra = ''): SourceFile[] {
  return [
    {
      uri: 'bundle.yaml',
      text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-ca\n  namespace: kube-system\ndata:\n  ca.crt: ${b64(
        certs.map((c) => c.certPem).join(''),
      )}\n${extra}`,
    },
  ];
}

function caFindings(files: SourceFile[]) {
  return lint(files, { now: new Date() }).findings.filter((f) => f.rule === 'ca-cert-not-ca');
}

test('ca-cert-not-ca: a CA without a key usage extension can sign; a self-signed leaf beside a CA is harmless', async () => {
  const noKu = await makeCert({ cn: 'no-ku-ca', ca: true, keyUsage: 0 });
  assert.deepEqual(caFindings(caBundle([noKu])), [], 'no key usage extension: keyCertSign is not restricted');
  const ca = await makeCert({ cn: 'calico-ca', ca: true });
  const selfLeaf = await makeCert({ cn: 'self-signed-leaf' });
  // The CA without key usage is the bundle's usable CA, so the leaf beside it is harmless.
  assert.deepEqual(caFindings(caBundle([noKu, selfLeaf])), [], 'a CA without key usage counts as usable');
  assert.equal(caFindings(caBundle([selfLeaf])).length, 1, 'alone, the leaf is a bundle with no CA');
  assert.deepEqual(caFindings(caBundle([ca, selfLeaf])), [], 'a self-signed leaf issues nothing');
});

test('ca-cert-not-ca: a non-CA that issued a certificate of the workspace is reported even beside a usable CA', async () => {
  const ca = await makeCert({ cn: 'calico-ca', ca: true });
  const fakeIntermediate = await makeCert({ cn: 'not-a-ca', issuer: ca, keyUsage: 0 });
  const leaf = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: fakeIntermediate });
  const files = caBundle(
    [ca, fakeIntermediate],
    `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: kube-system\ndata:\n  tls.crt: ${b64(leaf.certPem)}\n`,
  );
  const found = caFindings(files);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /'not-a-ca'.*its basicConstraints do not say CA:TRUE\. Go rejects/);
  assert.doesNotMatch(found[0]!.message, /keyCertSign/);
});

test('ca-cert-not-ca: a CA whose key usage lacks keyCertSign is named for that alone; large bundles are trust stores', async () => {
  const noSign = await makeCert({ cn: 'no-sign-ca', ca: true, keyUsage: KU_DIGITAL_SIGNATURE });
  const [f] = caFindings(caBundle([noSign]));
  assert.ok(f);
  assert.match(f.message, /'no-sign-ca'.*its key usage lacks keyCertSign\. Go rejects/);
  assert.doesNotMatch(f.message, /basicConstraints/);
  // Ten certificates are still a bundle to check; more than ten are a system trust store.
  const fillers = await Promise.all(Array.from({ length: 9 }, (_, i) => makeCert({ cn: `ca-${i}`, ca: true })));
  assert.equal(caFindings(caBundle([noSign, ...fillers])).length, 0, 'usable CAs beside it: it issued nothing');
  const leafCa = await makeCert({ cn: 'leaf-in-bundle' });
  const issued = await makeCert({ cn: 'issued-by-leaf', issuer: leafCa });
  const extra = `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: other\n  namespace: kube-system\ndata:\n  tls.crt: ${b64(issued.certPem)}\n`;
  assert.equal(caFindings(caBundle([leafCa, ...fillers], extra)).length, 1, 'ten certificates: checked');
  const tenth = await makeCert({ cn: 'ca-9', ca: true });
  assert.equal(caFindings(caBundle([leafCa, ...fillers, tenth], extra)).length, 0, 'eleven: a trust store');
});
