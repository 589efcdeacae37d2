// Edges of operator-byo-identity, operator-bundle-missing-issuer and metrics-tls-incomplete that no
// fixture reaches: whole messages of each finding kind, fixes per data field, related locations,
// blank/undecodable/templated identity values, which objects and keys each rule reads, which bundle
// is the trusted one, and how a metrics "enabled" value is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { calicoNode, calicoTypha } from '../server/src/engine/rules/support/examples';
import { makeCert, type Issued } from './certfactory';
import { applyFix, related, said } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');
const FROM = new Date('2027-01-01T00:00:00Z');
const UNTIL = new Date('2030-01-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A Secret (or other kind) with `data` and `stringData` written as given (values verbatim). */
function obj(
  kind: string,
  name: string,
  namespace: string | undefined,
  data: Record<string, string>,
  stringData: Record<string, string> = {},
): string {
  const block = (field: string, d: Record<string, string>) =>
    Object.keys(d).length
      ? `${field}:\n${Object.entries(d)
          .map(([k, v]) => `  ${k}: ${v}\n`)
          .join('')}`
      : '';
  return (
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n` +
    (namespace ? `  namespace: ${namespace}\n` : '') +
    block('data', data) +
    block('stringData', stringData)
  );
}

const leafCert = (cn: string, uris: string[] = [], issuer?: Issued) =>
  makeCert({ cn, uris, issuer, notBefore: FROM, notAfter: UNTIL });

// ---- operator-byo-identity ----

const BYO = 'operator-byo-identity';

test('operator-byo-identity: a certificate without CN or URI SAN: the "empty" and "none" messages, no fix', async () => {
  const c = await leafCert('');
  const files = [
    {
      uri: 'typha-certs.yaml',
      text: obj('Secret', 'typha-certs', 'tigera-operator', {
        'tls.crt': b64(c.certPem),
        'tls.key': b64(c.keyPem),
        'common-name': b64('typha-server'),
        'uri-san': b64('spiffe://cluster.local/ns/calico-system/sa/calico-typha'),
      }),
    },
  ];
  const fs = run(files, BYO);
  assert.deepEqual(said(files, fs), [
    [
      b64('typha-server'),
      "Secret typha-certs: common-name is 'typha-server' but the certificate's CN is empty; the peer will " +
        "require 'typha-server' and reject this certificate.",
    ],
    [
      b64('spiffe://cluster.local/ns/calico-system/sa/calico-typha'),
      "Secret typha-certs: uri-san is 'spiffe://cluster.local/ns/calico-system/sa/calico-typha' but the " +
        "certificate's URI SANs are none.",
    ],
  ]);
  for (const f of fs) {
    assert.deepEqual(f.fixes, []);
    assert.deepEqual(related(files, f), [['typha-certs.yaml', b64(c.certPem), 'the certificate']]);
  }
});

test('operator-byo-identity: a uri-san not among the certificate URI SANs lists them; a CN is compared trimmed', async () => {
  const c = await leafCert('typha-server', ['spiffe://a/typha', 'spiffe://b/typha']);
  const files = [
    {
      uri: 'typha-certs.yaml',
      text: obj(
        'Secret',
        'typha-certs',
        'tigera-operator',
        { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem) },
        { 'common-name': '" typha-server "', 'uri-san': 'spiffe://c/typha' },
      ),
    },
  ];
  const fs = run(files, BYO);
  assert.deepEqual(said(files, fs), [
    [
      'spiffe://c/typha',
      "Secret typha-certs: uri-san is 'spiffe://c/typha' but the certificate's URI SANs are " +
        "'spiffe://a/typha', 'spiffe://b/typha'.",
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['typha-certs.yaml', b64(c.certPem), 'the certificate']]);
});

test('operator-byo-identity: the common-name fix writes plain text in stringData and base64 in data', async () => {
  const c = await leafCert('typha-client');
  const files = [
    {
      uri: 'node-certs.yaml',
      text: obj(
        'Secret',
        'node-certs',
        'tigera-operator',
        { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem) },
        { 'common-name': 'calico-node' },
      ),
    },
    {
      uri: 'typha-certs.yaml',
      text: obj('Secret', 'typha-certs', 'tigera-operator', {
        'tls.crt': b64(c.certPem),
        'tls.key': b64(c.keyPem),
        'common-name': b64('calico-node'),
      }),
    },
  ];
  const fs = run(files, BYO);
  assert.deepEqual(said(files, fs), [
    [
      'calico-node',
      "Secret node-certs: common-name is 'calico-node' but the certificate's CN is 'typha-client'; the peer " +
        "will require 'calico-node' and reject this certificate.",
    ],
    [
      b64('calico-node'),
      "Secret typha-certs: common-name is 'calico-node' but the certificate's CN is 'typha-client'; the peer " +
        "will require 'calico-node' and reject this certificate.",
    ],
  ]);
  assert.deepEqual(
    fs.map((f) => f.fixes.map((x) => [x.title, x.safety])),
    [[["Set common-name to 'typha-client'", 'unsafe']], [["Set common-name to 'typha-client'", 'unsafe']]],
  );
  assert.match(applyFix(files, fs[0]!)[0]!.text, /\n {2}common-name: typha-client\n/);
  assert.ok(applyFix(files, fs[1]!)[1]!.text.includes(`\n  common-name: ${b64('typha-client')}\n`));
  assert.deepEqual(run(applyFix(applyFix(files, fs[0]!), fs[1]!), BYO), []);
});

test('operator-byo-identity: blank common-name and uri-san are not identities to compare', async () => {
  const c = await leafCert('typha-server', ['spiffe://a/typha']);
  for (const [cn, san] of [
    ['""', '""'],
    ['"   "', '"  "'],
  ]) {
    const files = [
      {
        uri: 'typha-certs.yaml',
        text: obj(
          'Secret',
          'typha-certs',
          'tigera-operator',
          { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem) },
          { 'common-name': cn!, 'uri-san': san! },
        ),
      },
    ];
    assert.deepEqual(run(files, BYO), [], cn);
  }
});

test('operator-byo-identity: an undecodable or non-scalar identity value is not judged (and does not throw)', async () => {
  const c = await leafCert('typha-server', ['spiffe://a/typha']);
  const files = [
    {
      uri: 'typha-certs.yaml',
      text: obj('Secret', 'typha-certs', 'tigera-operator', {
        'tls.crt': b64(c.certPem),
        'tls.key': b64(c.keyPem),
        'common-name': '"not base64!"',
        'uri-san': '"not base64!"',
      }),
    },
    {
      uri: 'node-certs.yaml',
      text: obj('Secret', 'node-certs', 'tigera-operator', {
        'tls.crt': b64(c.certPem),
        'tls.key': b64(c.keyPem),
        'common-name': '\n    nested: map',
        'uri-san': '\n    - a\n    - list',
      }),
    },
  ];
  assert.deepEqual(run(files, BYO), []);
});

test('operator-byo-identity: a secret with a templated common-name or uri-san is not judged at all', async () => {
  const c = await leafCert('typha-server', ['spiffe://a/typha']);
  const files = [
    {
      uri: 'chart/templates/typha-certs.yaml',
      text: obj(
        'Secret',
        'typha-certs',
        'tigera-operator',
        { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem) },
        { 'common-name': '{{ .Values.typhaCN }}', 'uri-san': 'spiffe://wrong/typha' },
      ),
    },
    {
      uri: 'chart/templates/node-certs.yaml',
      text: obj(
        'Secret',
        'node-certs',
        'tigera-operator',
        { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem) },
        { 'common-name': 'wrong-cn', 'uri-san': '{{ .Values.nodeURISAN }}' },
      ),
    },
  ];
  assert.deepEqual(run(files, BYO), []);
  // Without the templates both are judged (the test above is not vacuous).
  const plain = files.map((f) => ({
    uri: f.uri.replace('chart/templates/', ''),
    text: f.text
      .replace('{{ .Values.typhaCN }}', 'typha-server')
      .replace('{{ .Values.nodeURISAN }}', 'spiffe://a/typha'),
  }));
  assert.deepEqual(
    run(plain, BYO)
      .map((f) => f.message.split(':')[0])
      .sort(),
    ['Secret node-certs', 'Secret typha-certs'],
  );
});

test('operator-byo-identity: the certificate is the first pair whose certificate is not blank', async () => {
  const c = await leafCert('typha-server');
  const files = [
    {
      uri: 'typha-certs.yaml',
      text: obj(
        'Secret',
        'typha-certs',
        'tigera-operator',
        { cert: b64(c.certPem), key: b64(c.keyPem), 'apiserver.crt': '"not base64!"' },
        { 'tls.crt': '"   "', 'common-name': 'calico-typha' },
      ),
    },
  ];
  const fs = run(files, BYO);
  assert.deepEqual(said(files, fs), [
    [
      'calico-typha',
      "Secret typha-certs: common-name is 'calico-typha' but the certificate's CN is 'typha-server'; the peer " +
        "will require 'calico-typha' and reject this certificate.",
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['typha-certs.yaml', b64(c.certPem), 'the certificate']]);
  // An undecodable tls.crt in data is passed over the same way.
  const bad = [
    {
      uri: 'typha-certs.yaml',
      text: obj(
        'Secret',
        'typha-certs',
        'tigera-operator',
        { 'tls.crt': '"not base64!"', cert: b64(c.certPem), key: b64(c.keyPem) },
        { 'common-name': 'calico-typha' },
      ),
    },
  ];
  assert.deepEqual(said(bad, run(bad, BYO)), [['calico-typha', fs[0]!.message]]);
});

test('operator-byo-identity: only Secrets typha-certs / node-certs in the operator namespace (or none) are read', async () => {
  const c = await leafCert('typha-server');
  const data = { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem), 'common-name': b64('calico-typha') };
  const pemData = { 'tls.crt': JSON.stringify(c.certPem), 'common-name': 'calico-typha' };
  const files = [
    { uri: 'a.yaml', text: obj('Secret', 'other-certs', 'tigera-operator', data) },
    { uri: 'b.yaml', text: obj('Secret', 'other-certs', undefined, data) },
    { uri: 'c.yaml', text: obj('ConfigMap', 'typha-certs', 'tigera-operator', pemData) },
    { uri: 'd.yaml', text: obj('Secret', 'typha-certs', 'calico-system', data) },
    { uri: 'e.yaml', text: obj('Secret', 'node-certs', 'calico-system', data) },
  ];
  assert.deepEqual(run(files, BYO), []);
  const noNamespace = [{ uri: 'f.yaml', text: obj('Secret', 'node-certs', undefined, data) }];
  assert.deepEqual(
    run(noNamespace, BYO).map((f) => f.message.split(':')[0]),
    ['Secret node-certs'],
  );
});

test('operator-byo-identity: identity kinds: the finding names typha-certs, the related location node-certs', () => {
  const files = [
    {
      uri: 'typha-certs.yaml',
      text: obj('Secret', 'typha-certs', 'tigera-operator', {}, { 'uri-san': 'spiffe://a/typha' }),
    },
    {
      uri: 'node-certs.yaml',
      text: obj('Secret', 'node-certs', 'tigera-operator', {}, { 'common-name': 'typha-client' }),
    },
  ];
  const fs = run(files, BYO);
  assert.deepEqual(said(files, fs), [
    [
      'typha-certs',
      'typha-certs sets only uri-san but node-certs sets only common-name: the operator renders ' +
        "Typha's client identity by what typha-certs has and fills it from node-certs, so Typha gets " +
        'neither ClientCN nor ClientURISAN and fails validation. Use the same identity kind in both.',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['node-certs.yaml', 'node-certs', 'node-certs']]);
});

test('operator-byo-identity: identity kinds that meet, or a typha-certs without identity, are no kind mismatch', () => {
  const pair = (t: Record<string, string>, n: Record<string, string>) => [
    { uri: 'typha-certs.yaml', text: obj('Secret', 'typha-certs', 'tigera-operator', {}, t) },
    { uri: 'node-certs.yaml', text: obj('Secret', 'node-certs', 'tigera-operator', {}, n) },
  ];
  const cases = [
    pair({ 'common-name': 'typha-server' }, { 'common-name': 'typha-client' }),
    pair({ 'uri-san': 'spiffe://a/typha' }, { 'uri-san': 'spiffe://a/node' }),
    pair({ 'common-name': 'typha-server', 'uri-san': 'spiffe://a/typha' }, { 'uri-san': 'spiffe://a/node' }),
    pair({ 'tls.crt': '""' }, { 'common-name': 'typha-client' }),
    pair({ 'common-name': 'typha-server' }, { 'tls.crt': '""' }),
  ];
  for (const files of cases) assert.deepEqual(run(files, BYO), [], files[0]!.text + files[1]!.text);
});

// ---- metrics-tls-incomplete ----

const METRICS = 'metrics-tls-incomplete';

const node = (env: Record<string, string>) => [
  { uri: 'calico-node.yaml', text: calicoNode(env, [], 'calico/node:v3.32.0') },
];

test("metrics-tls-incomplete: only what Felix's BoolParam reads as true, trimmed and case-blind, turns metrics on", () => {
  const files = (enabled: string) =>
    node({
      FELIX_PROMETHEUSMETRICSENABLED: enabled,
      FELIX_PROMETHEUSMETRICSCERTFILE: '/etc/ssl/certs/metrics.crt',
      FELIX_PROMETHEUSMETRICSKEYFILE: '/etc/ssl/certs/metrics.key',
    });
  for (const on of ['true', ' TRUE ', 'T', 'Yes', 'y', '1'])
    assert.deepEqual(
      said(files(on), run(files(on), METRICS)),
      [
        [
          'FELIX_PROMETHEUSMETRICSCERTFILE',
          "Metrics HTTPS in container 'calico-node' (DaemonSet kube-system/calico-node) is incomplete: " +
            'FELIX_PROMETHEUSMETRICSCERTFILE and FELIX_PROMETHEUSMETRICSKEYFILE are set but ' +
            'FELIX_PROMETHEUSMETRICSCAFILE is not. The HTTPS metrics server does not start (logged at INFO: ' +
            '"Error starting metrics https server."); the CA file is read even with NoClientCert.',
        ],
      ],
      on,
    );
  // "on" is not a Felix boolean ("invalid boolean"): metrics stay off.
  for (const off of ['false', '10', 'not', 'none', 'on', 'On', 'off-on', 'yes please', '{{ .Values.metrics }}'])
    assert.deepEqual(run(files(off), METRICS), [], off);
});

test('metrics-tls-incomplete: the CA note only when the CA file is the one thing missing; related: the other set files', () => {
  const certOnly = node({
    FELIX_PROMETHEUSMETRICSENABLED: 'true',
    FELIX_PROMETHEUSMETRICSCERTFILE: '/etc/ssl/certs/metrics.crt',
  });
  const fs = run(certOnly, METRICS);
  assert.deepEqual(said(certOnly, fs), [
    [
      'FELIX_PROMETHEUSMETRICSCERTFILE',
      "Metrics HTTPS in container 'calico-node' (DaemonSet kube-system/calico-node) is incomplete: " +
        'FELIX_PROMETHEUSMETRICSCERTFILE is set but FELIX_PROMETHEUSMETRICSKEYFILE and ' +
        'FELIX_PROMETHEUSMETRICSCAFILE are not. The HTTPS metrics server does not start (logged at INFO: ' +
        '"Error starting metrics https server.").',
    ],
  ]);
  assert.deepEqual(fs[0]!.related, []);
  const keyAndCa = node({
    FELIX_PROMETHEUSMETRICSENABLED: 'true',
    FELIX_PROMETHEUSMETRICSKEYFILE: '/etc/ssl/certs/metrics.key',
    FELIX_PROMETHEUSMETRICSCAFILE: '/etc/ssl/certs/ca.crt',
  });
  const ks = run(keyAndCa, METRICS);
  assert.deepEqual(said(keyAndCa, ks), [
    [
      'FELIX_PROMETHEUSMETRICSKEYFILE',
      "Metrics HTTPS in container 'calico-node' (DaemonSet kube-system/calico-node) is incomplete: " +
        'FELIX_PROMETHEUSMETRICSKEYFILE and FELIX_PROMETHEUSMETRICSCAFILE are set but ' +
        'FELIX_PROMETHEUSMETRICSCERTFILE is not. The HTTPS metrics server does not start (logged at INFO: ' +
        '"Error starting metrics https server.").',
    ],
  ]);
  assert.deepEqual(related(keyAndCa, ks[0]!), [
    ['calico-node.yaml', 'FELIX_PROMETHEUSMETRICSCAFILE', 'FELIX_PROMETHEUSMETRICSCAFILE is set here'],
  ]);
});

test('metrics-tls-incomplete: a file parameter whose value is unknown leaves the group unjudged', () => {
  const files = node({
    FELIX_PROMETHEUSMETRICSENABLED: 'true',
    FELIX_PROMETHEUSMETRICSCERTFILE: '{{ .Values.metricsCert }}',
    FELIX_PROMETHEUSMETRICSKEYFILE: '/etc/ssl/certs/metrics.key',
  });
  assert.deepEqual(run(files, METRICS), []);
});

test('metrics-tls-incomplete: the Enterprise reporter group is Felix only, not Typha', () => {
  const reporter = {
    PROMETHEUSREPORTERENABLED: 'true',
    PROMETHEUSREPORTERCERTFILE: '/etc/ssl/certs/reporter.crt',
  };
  const env = (prefix: string) => Object.fromEntries(Object.entries(reporter).map(([k, v]) => [prefix + k, v]));
  const typha = [{ uri: 'typha.yaml', text: calicoTypha(env('TYPHA_'), [], 'calico/typha:v3.32.0') }];
  assert.deepEqual(run(typha, METRICS), []);
  const cfg = [
    { uri: 'typha.cfg', text: '[global]\nPrometheusReporterEnabled = true\nPrometheusReporterCertFile = /r.crt\n' },
  ];
  assert.deepEqual(run(cfg, METRICS), []);
  const felix = node(env('FELIX_'));
  assert.deepEqual(said(felix, run(felix, METRICS)), [
    [
      'FELIX_PROMETHEUSREPORTERCERTFILE',
      "Metrics HTTPS in container 'calico-node' (DaemonSet kube-system/calico-node) is incomplete: " +
        'FELIX_PROMETHEUSREPORTERCERTFILE is set but FELIX_PROMETHEUSREPORTERKEYFILE and ' +
        'FELIX_PROMETHEUSREPORTERCAFILE are not. The HTTPS metrics server does not start (logged at INFO: ' +
        '"Error starting metrics https server.").',
    ],
  ]);
});

// ---- operator-bundle-missing-issuer ----

const BUNDLE = 'operator-bundle-missing-issuer';

/** The operator signer (in the bundle), a foreign CA (not in it) and a leaf of each. */
async function pki() {
  const signer = await makeCert({ cn: 'tigera-operator-signer', ca: true, notBefore: FROM, notAfter: UNTIL });
  const foreign = await makeCert({ cn: 'byo-ca', ca: true, notBefore: FROM, notAfter: UNTIL });
  const byo = await leafCert('typha-server', [], foreign);
  const ok = await leafCert('typha-server', [], signer);
  return { signer, foreign, byo, ok };
}

const bundle = (name: string, ns: string, key: string, ...cas: Issued[]) =>
  obj('ConfigMap', name, ns, { [key]: JSON.stringify(cas.map((c) => c.certPem).join('')) });
const leafSecret = (name: string, ns: string, leaf: Issued, key = 'tls.crt', kind = 'Secret') =>
  obj(kind, name, ns, { [key]: kind === 'Secret' ? b64(leaf.certPem) : JSON.stringify(leaf.certPem) });

test('operator-bundle-missing-issuer: each typha/node leaf secret in calico-system, whole message and the bundle', async () => {
  const p = await pki();
  // In the order of their files' names, the order findings come in.
  const names = ['node-certs-noncluster-host', 'node-certs', 'typha-certs-noncluster-host', 'typha-certs'];
  const files = [
    { uri: 'bundle.yaml', text: bundle('tigera-ca-bundle', 'calico-system', 'tigera-ca-bundle.crt', p.signer) },
    ...names.map((n) => ({ uri: `${n}.yaml`, text: leafSecret(n, 'calico-system', p.byo) })),
    { uri: 'good.yaml', text: leafSecret('node-certs', 'calico-system', p.ok).replace('node-certs', 'typha-certs') },
  ];
  const fs = run(files.slice(0, 5), BUNDLE);
  assert.deepEqual(
    said(files, fs),
    names.map((n) => [
      b64(p.byo.certPem),
      `Secret calico-system/${n}, key tls.crt: issuer 'byo-ca' of 'typha-server' is not in ConfigMap ` +
        "calico-system/tigera-ca-bundle, key tigera-ca-bundle.crt (it holds 'tigera-operator-signer'); " +
        'Felix and Typha, which trust only that bundle, reject it.',
    ]),
  );
  for (const f of fs)
    assert.deepEqual(related(files, f), [['bundle.yaml', JSON.stringify(p.signer.certPem), 'the trusted bundle']]);
  assert.deepEqual(run([files[0]!, files[5]!], BUNDLE), []);
});

test('operator-bundle-missing-issuer: the bundle is ConfigMap tigera-ca-bundle, key tigera-ca-bundle.crt or ca.crt', async () => {
  const p = await pki();
  const leaf = { uri: 'node-certs.yaml', text: leafSecret('node-certs', 'calico-system', p.byo) };
  const found = (b: string) => run([{ uri: 'bundle.yaml', text: b }, leaf], BUNDLE).length;
  assert.equal(found(bundle('tigera-ca-bundle', 'calico-system', 'ca.crt', p.signer)), 1);
  assert.equal(found(bundle('other-bundle', 'calico-system', 'ca.crt', p.signer)), 0);
  assert.equal(found(bundle('tigera-ca-bundle', 'calico-system', 'ca.crt.old', p.signer)), 0);
  assert.equal(found(bundle('tigera-ca-bundle', 'calico-system', 'extra-ca.crt', p.signer)), 0);
  assert.equal(found(bundle('tigera-ca-bundle', 'calico-system', 'ca-bundle.crt', p.signer)), 0);
  const secret = obj('Secret', 'tigera-ca-bundle', 'calico-system', { 'ca.crt': b64(p.signer.certPem) });
  assert.equal(found(secret), 0);
});

test('operator-bundle-missing-issuer: only the leaf secrets of calico-system, under a certificate key, are judged', async () => {
  const p = await pki();
  const dump = [
    bundle('tigera-ca-bundle', 'calico-system', 'tigera-ca-bundle.crt', p.signer),
    leafSecret('other-certs', 'calico-system', p.byo),
    leafSecret('node-certs', 'calico-system', p.byo, 'tls.crt', 'ConfigMap'),
    leafSecret('node-certs', 'tigera-operator', p.byo),
    leafSecret('typha-certs', 'calico-system', p.byo, 'old-tls.crt'),
    leafSecret('node-certs', 'calico-system', p.byo, 'tls.crt.bak'),
    // The one judged here: key `cert` (the operator's second pair).
    leafSecret('typha-certs-noncluster-host', 'calico-system', p.byo, 'cert'),
  ].join('---\n');
  const files = [
    { uri: 'dump.yaml', text: dump },
    { uri: 'leaf.pem', text: p.byo.certPem },
  ];
  assert.deepEqual(
    run(files, BUNDLE).map((f) => f.message.split(':')[0]),
    ['Secret calico-system/typha-certs-noncluster-host, key cert'],
  );
  const certCrt = leafSecret('node-certs', 'calico-system', p.byo, 'cert.crt');
  assert.equal(run([{ uri: 'dump.yaml', text: `${dump}---\n${certCrt}` }], BUNDLE).length, 2);
});

test('operator-bundle-missing-issuer: a secret a workload mounts is left to typha-cert-untrusted; other volumes are not', async () => {
  const p = await pki();
  const ds = (m: { secret?: string; configMap?: string }) => ({
    uri: 'calico-node.yaml',
    text: calicoNode({}, [{ volume: 'certs', path: '/node-certs', ...m }], 'calico/node:v3.32.0').replace(
      'namespace: kube-system',
      'namespace: calico-system',
    ),
  });
  const files = [
    { uri: 'bundle.yaml', text: bundle('tigera-ca-bundle', 'calico-system', 'tigera-ca-bundle.crt', p.signer) },
    { uri: 'node-certs.yaml', text: leafSecret('node-certs', 'calico-system', p.byo) },
  ];
  assert.deepEqual(run([...files, ds({ secret: 'node-certs' })], BUNDLE), []);
  assert.equal(run([...files, ds({ configMap: 'node-certs' })], BUNDLE).length, 1);
});

test('operator-bundle-missing-issuer: the calico-system bundle is the trusted one, wherever it comes in a dump', async () => {
  const p = await pki();
  // One file (a dump): two files defining tigera-ca-bundle would be alternatives (units.ts).
  const other = bundle('tigera-ca-bundle', 'tigera-operator', 'tigera-ca-bundle.crt', p.foreign);
  const leaf = leafSecret('node-certs', 'calico-system', p.byo);
  const files = [
    {
      uri: 'dump.yaml',
      text: [other, bundle('tigera-ca-bundle', 'calico-system', 'tigera-ca-bundle.crt', p.signer), leaf].join('---\n'),
    },
  ];
  const fs = run(files, BUNDLE);
  assert.deepEqual(
    fs.map((f) => f.message),
    [
      "Secret calico-system/node-certs, key tls.crt: issuer 'byo-ca' of 'typha-server' is not in ConfigMap " +
        "calico-system/tigera-ca-bundle, key tigera-ca-bundle.crt (it holds 'tigera-operator-signer'); " +
        'Felix and Typha, which trust only that bundle, reject it.',
    ],
  );
  assert.deepEqual(related(files, fs[0]!), [['dump.yaml', JSON.stringify(p.signer.certPem), 'the trusted bundle']]);
  // Without a calico-system bundle, the first one found is the trusted one.
  assert.deepEqual(run([{ uri: 'dump.yaml', text: [other, leaf].join('---\n') }], BUNDLE), []);
});
