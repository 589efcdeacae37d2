// Edges of calicoctl-config-invalid, calicoctl-inline-ca-bundle, cert-key-mismatch and the validity rules
// (cert-expired, cert-expiring-soon, cert-not-yet-valid) that no fixture reaches: every CalicoAPIConfig field and
// its rename, full messages, unset and empty values, and each validity window at its exact edge and one second past.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALICOCTL_SPEC_FIELDS, applyFix, said } from './rule-helpers';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { RULES_BY_ID } from '../server/src/engine/rules';
import { readsObject } from '../server/src/engine/model/reads';
import { ruleDocMarkdown } from '../server/src/engine/rules/support/docs';
import { calicoNode, FELIX_TLS_ENV } from '../server/src/engine/rules/support/examples';
import { makeCert } from './certfactory';

const NOW = new Date('2027-06-01T00:00:00Z');
const SECOND = 1000;

interface Lint {
  readonly findings: Finding[];
  readonly errors: readonly unknown[];
}

function run(files: SourceFile[], rule: string, now = NOW): Lint {
  const r = lint(files, { now });
  return { findings: r.findings.filter((f) => f.rule === rule), errors: r.ruleErrors };
}

// ---- calicoctl-config-invalid ----

const CONFIG = 'calicoctl-config-invalid';

const HEAD = 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\n';

function config(spec: string, head = HEAD): SourceFile[] {
  return [{ uri: 'calicoctl.cfg', text: `${head}spec:\n${spec}` }];
}

const unknown = (field: string) =>
  `'${field}' is not a CalicoAPIConfig field; calicoctl's strict loader fails with ` +
  '"failed to parse config as YAML/JSON".';

test('calicoctl-config-invalid: each spec field is accepted; miscased or punctuated, it is renamed to it', () => {
  for (const field of CALICOCTL_SPEC_FIELDS) {
    assert.deepEqual(run(config(`  ${field}: "x"\n`), CONFIG).findings, [], field);
    const dashed = `${field.slice(0, 4)}-${field.slice(4)}`;
    for (const written of [field.toLowerCase(), field.toUpperCase(), dashed, `_${field}`].filter((w) => w !== field)) {
      const files = config(`  ${written}: "x"\n`);
      const { findings } = run(files, CONFIG);
      assert.deepEqual(said(files, findings), [[written, `${unknown(written)} Did you mean ${field}?`]], written);
      const f = findings[0]!;
      assert.equal(f.severity, 'error');
      assert.deepEqual(
        f.fixes.map((x) => [x.title, x.safety]),
        [[`Rename to ${field}`, 'safe']],
        written,
      );
      const fixed = applyFix(files, f);
      assert.equal(fixed[0]!.text, config(`  ${field}: "x"\n`)[0]!.text, written);
      assert.deepEqual(run(fixed, CONFIG).findings, [], written);
    }
  }
});

test('calicoctl-config-invalid: a field like no CalicoAPIConfig field is reported in full, without a fix', () => {
  const files = config('  etcdEndpoints: https://etcd:2379\n  banana: "1"\n');
  const { findings } = run(files, CONFIG);
  assert.deepEqual(said(files, findings), [['banana', unknown('banana')]]);
  assert.deepEqual(findings[0]!.fixes, []);
});

test('calicoctl-config-invalid: apiVersion is read where it is, and only a plain value is judged', () => {
  const v3Second = 'kind: CalicoAPIConfig\napiVersion: projectcalico.org/v3\nmetadata:\n';
  assert.deepEqual(run(config('  etcdEndpoints: https://etcd:2379\n', v3Second), CONFIG), { findings: [], errors: [] });
  // No apiVersion, a mapping, a template: nothing to say about it; the spec is still checked.
  for (const head of [
    'kind: CalicoAPIConfig\nmetadata:\n',
    'apiVersion:\n  group: projectcalico.org\nkind: CalicoAPIConfig\nmetadata:\n',
    'apiVersion: "{{ .Values.apiVersion }}"\nkind: CalicoAPIConfig\nmetadata:\n',
  ]) {
    const files = config('  banana: "1"\n', head);
    const r = run(files, CONFIG);
    assert.deepEqual(r.errors, [], head);
    assert.deepEqual(said(files, r.findings), [['banana', unknown('banana')]], head);
  }
  // A wrong apiVersion and no spec: the apiVersion alone, and its fix.
  for (const rest of ['', 'spec: etcdv3\n']) {
    const files: SourceFile[] = [
      { uri: 'calicoctl.cfg', text: `apiVersion: projectcalico.org/v2\nkind: CalicoAPIConfig\n${rest}` },
    ];
    const r = run(files, CONFIG);
    assert.deepEqual(r.errors, [], rest);
    assert.deepEqual(
      said(files, r.findings),
      [
        [
          'projectcalico.org/v2',
          'calicoctl rejects the config: "invalid config file: unknown APIVersion \'projectcalico.org/v2\'" ' +
            '(it must be projectcalico.org/v3).',
        ],
      ],
      rest,
    );
    assert.equal(r.findings[0]!.fixes[0]!.title, 'Set apiVersion: projectcalico.org/v3');
    assert.equal(applyFix(files, r.findings[0]!)[0]!.text.split('\n')[0], 'apiVersion: projectcalico.org/v3');
  }
});

const MIXED =
  'Inline TLS (etcdKey, etcdCert, etcdCACert) and file TLS (etcdKeyFile, etcdCertFile, etcdCACertFile) are mixed; ' +
  'the etcd client fails with "Cannot mix inline certificate-key and certificate / key files".';

test('calicoctl-config-invalid: mixed inline and file TLS names each field set; empty values are unset', () => {
  const all =
    '  etcdEndpoints: https://etcd:2379\n  etcdKey: "k"\n  etcdCert: "c"\n  etcdCACert: "a"\n' +
    '  etcdKeyFile: /k\n  etcdCertFile: /c\n  etcdCACertFile: /a\n';
  const files = config(all);
  assert.deepEqual(said(files, run(files, CONFIG).findings), [['etcdKey', MIXED]]);
  const some = config('  etcdEndpoints: https://etcd:2379\n  etcdCACert: "a"\n  etcdCertFile: /c\n');
  assert.deepEqual(said(some, run(some, CONFIG).findings), [
    [
      'etcdCACert',
      'Inline TLS (etcdCACert) and file TLS (etcdCertFile) are mixed; the etcd client fails with ' +
        '"Cannot mix inline certificate-key and certificate / key files".',
    ],
  ]);
  // An empty or blank inline value is not set: nothing is mixed.
  for (const blank of ['""', '"   "'])
    assert.deepEqual(
      run(config(`  etcdEndpoints: https://etcd:2379\n  etcdCert: ${blank}\n  etcdCertFile: /c\n`), CONFIG).findings,
      [],
      blank,
    );
});

const BOTH =
  'Both etcdEndpoints and etcdDiscoverySrv are set; the etcd client fails with "multiple discovery or bootstrap ' +
  'options specified, use either \\"etcdEndpoints\\" or \\"etcdDiscoverySrv\\"".';
const NONE =
  'datastoreType is etcdv3 but neither etcdEndpoints nor etcdDiscoverySrv is set; the etcd client fails with ' +
  '"no etcd endpoints specified".';

test('calicoctl-config-invalid: etcdEndpoints and etcdDiscoverySrv, one of them exactly, on etcd only', () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    // datastoreType defaults to etcdv3.
    ['  etcdEndpoints: https://etcd:2379\n  etcdDiscoverySrv: example.com\n', [['etcdDiscoverySrv', BOTH]]],
    ['  etcdDiscoverySrv: example.com\n', []],
    ['  etcdEndpoints: https://etcd:2379\n', []],
    [
      '  datastoreType: etcdv3\n  etcdDiscoverySrv: example.com\n  etcdEndpoints: https://e:2379\n',
      [['etcdDiscoverySrv', BOTH]],
    ],
    ['  datastoreType: etcdv3\n  etcdDiscoverySrv: example.com\n', []],
    ['  datastoreType: etcdv3\n  etcdEndpoints: https://etcd:2379\n', []],
    ['  datastoreType: etcdv3\n', [['datastoreType', NONE]]],
    // Empty and blank values are unset.
    ['  datastoreType: etcdv3\n  etcdEndpoints: ""\n  etcdDiscoverySrv: "  "\n', [['datastoreType', NONE]]],
    ['  datastoreType: etcdv3\n  etcdEndpoints: "  "\n  etcdDiscoverySrv: example.com\n', []],
    ['  etcdEndpoints: https://etcd:2379\n  etcdDiscoverySrv: ""\n', []],
    // The Kubernetes datastore reads neither.
    ['  datastoreType: kubernetes\n  etcdEndpoints: https://etcd:2379\n  etcdDiscoverySrv: example.com\n', []],
    ['  datastoreType: kubernetes\n  etcdDiscoverySrv: example.com\n', []],
    ['  datastoreType: kubernetes\n', []],
  ];
  for (const [spec, expected] of cases) {
    const files = config(spec);
    const r = run(files, CONFIG);
    assert.deepEqual(r.errors, [], spec);
    assert.deepEqual(said(files, r.findings), expected, spec);
  }
});

test('calicoctl rules declare the CalicoAPIConfig objects they read (the compact model keeps them)', () => {
  const id = { apiVersion: 'projectcalico.org/v3', kind: 'CalicoAPIConfig', name: 'x' };
  for (const rule of [CONFIG, 'calicoctl-inline-ca-bundle']) {
    const reads = RULES_BY_ID.get(rule)!.meta.reads;
    assert.ok(reads && readsObject([reads], id), rule);
  }
});

// ---- calicoctl-inline-ca-bundle ----

const indent = (pem: string) =>
  pem
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

test('calicoctl-inline-ca-bundle: only a CalicoAPIConfig etcdCACert of several certificates is a bundle', async () => {
  const ca1 = await makeCert({ cn: 'etcd-ca-one', ca: true });
  const ca2 = await makeCert({ cn: 'etcd-ca-two', ca: true });
  const client = await makeCert({ cn: 'calicoctl', issuer: ca1 });
  const bundle = ca1.certPem + ca2.certPem;
  const inline = (field: string, pem: string) =>
    config(`  etcdEndpoints: https://etcd:2379\n  ${field}: |\n${indent(pem)}\n`);
  const files = inline('etcdCACert', bundle);
  const r = run(files, 'calicoctl-inline-ca-bundle');
  assert.deepEqual(
    r.findings.map((f) => f.message),
    [
      "etcdCACert holds 2 certificates, but calicoctl uses only the first ('etcd-ca-one'); " +
        'use etcdCACertFile for a CA bundle.',
    ],
  );
  assert.deepEqual(run(inline('etcdCACert', ca1.certPem), 'calicoctl-inline-ca-bundle').findings, []);
  // A client certificate with its chain is no CA bundle.
  assert.deepEqual(run(inline('etcdCert', client.certPem + ca1.certPem), 'calicoctl-inline-ca-bundle').findings, []);
  // Elsewhere, a key named etcdCACert is not calicoctl's.
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: etcd\ndata:\n  etcdCACert: |\n${indent(bundle)}\n`;
  assert.deepEqual(run([{ uri: 'cm.yaml', text: cm }], 'calicoctl-inline-ca-bundle').findings, []);
});

// ---- cert-key-mismatch ----

const b64 = (s: string) => Buffer.from(s).toString('base64');

function secret(name: string, data: Record<string, string>): string {
  const lines = Object.entries(data).map(([k, v]) => `  ${k}: ${b64(v)}`);
  const head = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\n`;
  return `${head}data:\n${lines.join('\n')}\n`;
}

test('cert-key-mismatch: each stored pair is checked on its own; a key of a later certificate names it', async () => {
  const [a, b, c, d] = await Promise.all(['leaf-a', 'leaf-b', 'leaf-c', 'leaf-d'].map((cn) => makeCert({ cn })));
  const files: SourceFile[] = [
    { uri: 'one.yaml', text: secret('pair-one', { 'tls.crt': a!.certPem + b!.certPem, 'tls.key': b!.keyPem }) },
    { uri: 'two.yaml', text: secret('pair-two', { 'tls.crt': c!.certPem, 'tls.key': d!.keyPem }) },
  ];
  const { findings } = run(files, 'cert-key-mismatch');
  assert.deepEqual(said(files, findings), [
    [
      b64(b!.keyPem),
      "Secret kube-system/pair-one, key tls.key belongs to certificate 2 ('leaf-b') of Secret kube-system/pair-one, " +
        'key tls.crt, not to its first certificate; the leaf must come first in the file.',
    ],
    [
      b64(d!.keyPem),
      'Secret kube-system/pair-two, key tls.key does not belong to the certificate in Secret kube-system/pair-two, ' +
        'key tls.crt (\'leaf-c\'): loading the pair fails with "private key does not match public key".',
    ],
  ]);
  assert.deepEqual(
    findings.map((f) => said(files, f.related as Finding[])),
    [[[b64(a!.certPem + b!.certPem), 'the certificate (leaf-a)']], [[b64(c!.certPem), 'the certificate (leaf-c)']]],
  );
});

test('cert-key-mismatch: a key of the second CA in a named CA bundle is reported at the key setting', async () => {
  const ca1 = await makeCert({ cn: 'ca-one', ca: true });
  const ca2 = await makeCert({ cn: 'ca-two', ca: true });
  const node = calicoNode(
    { ...FELIX_TLS_ENV, FELIX_TYPHACERTFILE: '/felix-cert/tls.crt', FELIX_TYPHAKEYFILE: '/felix-key/tls.key' },
    [
      { volume: 'felix-cert', path: '/felix-cert', secret: 'felix-cert' },
      { volume: 'felix-key', path: '/felix-key', secret: 'felix-key' },
    ],
  );
  const files: SourceFile[] = [
    { uri: 'node.yaml', text: node },
    {
      uri: 'certs.yaml',
      text:
        secret('felix-cert', { 'tls.crt': ca1.certPem + ca2.certPem }) +
        `---\n${secret('felix-key', { 'tls.key': ca2.keyPem })}`,
    },
  ];
  const { findings } = run(files, 'cert-key-mismatch');
  assert.deepEqual(said(files, findings), [
    [
      '"/felix-key/tls.key"',
      "FELIX_TYPHAKEYFILE names '/felix-key/tls.key' (Secret kube-system/felix-key, key tls.key), the key of " +
        "certificate 2 ('ca-two') of what FELIX_TYPHACERTFILE names, '/felix-cert/tls.crt' (Secret " +
        "kube-system/felix-cert, key tls.crt), not of its first certificate: Felix's Typha client in container " +
        "'calico-node' (DaemonSet kube-system/calico-node) loads the first certificate as the leaf, so the leaf must " +
        'come first.',
    ],
  ]);
  assert.deepEqual(said(files, findings[0]!.related as Finding[]), [
    ['"/felix-cert/tls.crt"', 'FELIX_TYPHACERTFILE, the certificate (ca-one)'],
    [b64(ca1.certPem + ca2.certPem), 'the certificate (ca-one) in Secret kube-system/felix-cert, key tls.crt'],
    [b64(ca2.keyPem), 'the key in Secret kube-system/felix-key, key tls.key'],
  ]);
});

// ---- validity windows: cert-expired, cert-expiring-soon, cert-not-yet-valid ----

const stored = (pem: string): SourceFile[] => [{ uri: 'edge.yaml', text: secret('edge', { 'tls.crt': pem }) }];
const messages = (files: SourceFile[], rule: string, now: Date) => run(files, rule, now).findings.map((f) => f.message);

test('cert-expired and cert-expiring-soon: at notAfter still valid (expiring), a second later expired', async () => {
  const cert = await makeCert({ cn: 'edge', notBefore: new Date('2027-05-01T00:00:00Z'), notAfter: NOW });
  const files = stored(cert.certPem);
  assert.deepEqual(messages(files, 'cert-expired', NOW), []);
  assert.deepEqual(messages(files, 'cert-expiring-soon', NOW), [
    "Secret kube-system/edge, key tls.crt: certificate 'edge' expires on 2027-06-01, within a day.",
  ]);
  const later = new Date(NOW.getTime() + SECOND);
  assert.deepEqual(messages(files, 'cert-expired', later), [
    "Secret kube-system/edge, key tls.crt: certificate 'edge' expired on 2027-06-01.",
  ]);
  assert.deepEqual(messages(files, 'cert-expiring-soon', later), []);
});

test('cert-expired: a damaged certificate is expired only once the notAfter its header shows has passed', async () => {
  const cert = await makeCert({ cn: 'edge', notBefore: new Date('2027-05-01T00:00:00Z'), notAfter: NOW });
  const der = Buffer.from(cert.certPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  const body = der
    .subarray(0, der.length - 30)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  const files = stored(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`);
  assert.deepEqual(run(files, 'cert-not-pem').findings.length, 1, 'the certificate is damaged');
  assert.deepEqual(messages(files, 'cert-expired', new Date(NOW.getTime() - SECOND)), []);
  assert.deepEqual(messages(files, 'cert-expired', NOW), []);
  assert.deepEqual(messages(files, 'cert-expired', new Date(NOW.getTime() + SECOND)), [
    'Secret kube-system/edge, key tls.crt: the certificate (damaged, read as far as it goes) expired on 2027-06-01.',
  ]);
});

test('cert-not-yet-valid: valid from notBefore exactly, not a second before', async () => {
  const cert = await makeCert({ cn: 'fresh', notBefore: NOW, notAfter: new Date('2030-01-01T00:00:00Z') });
  const files = stored(cert.certPem);
  assert.deepEqual(messages(files, 'cert-not-yet-valid', NOW), []);
  assert.deepEqual(messages(files, 'cert-not-yet-valid', new Date(NOW.getTime() - SECOND)), [
    "Secret kube-system/edge, key tls.crt: certificate 'fresh' is not valid before 2027-06-01T00:00:00Z " +
      '(today is 2027-05-31); peers reject it until then.',
  ]);
});

test('cert-expiring-soon: the documented incorrect example says the date it is checked on and what that shows', () => {
  const rule = RULES_BY_ID.get('cert-expiring-soon')!;
  const ex = rule.meta.examples.bad[0]!;
  assert.equal(ex.now, '2035-12-20T00:00:00Z');
  const { findings } = run(
    ex.files.map((f) => ({ uri: f.name, text: f.text })),
    'cert-expiring-soon',
    new Date(ex.now),
  );
  assert.match(findings[0]!.message, /, in 12 days\.$/);
  const note = 'Checked on 2035-12-20 (the test pins the clock), 12 days before expiry.';
  assert.equal(ex.note, note);
  assert.ok(ruleDocMarkdown(rule).includes(`## Incorrect\n\n${note}\n\n\`secret.yaml\``));
});
