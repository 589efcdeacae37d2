// Edges of the operator rules (operator-byo-namespace, operator-byo-secret, operator-cert-renewal-overdue,
// operator-cert-usage, operator-legacy-signer, operator-secret-copy-differs) and of parameter-not-in-version
// that no fixture reaches: whole messages, the objects each rule leaves alone, and the unknown paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { calicoNode, calicoTypha } from '../server/src/engine/rules/support/examples';
import { applyFix, related, said } from './rule-helpers';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';

const NOW = new Date('2030-01-01T00:00:00Z');
const DAY = 24 * 3600 * 1000;

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A Secret (or ConfigMap) whose `data` values are written as given (already encoded where needed). */
function object(kind: string, name: string, ns: string | undefined, data: Record<string, string> | undefined): string {
  const meta = `metadata:\n  name: ${name}\n${ns === undefined ? '' : `  namespace: ${ns}\n`}`;
  const body =
    data === undefined
      ? ''
      : `data:\n${Object.entries(data)
          .map(([k, v]) => `  ${k}: ${v}\n`)
          .join('')}`;
  return `apiVersion: v1\nkind: ${kind}\n${meta}${body}`;
}

/** A Secret with each value base64-encoded. */
const secret = (name: string, ns: string | undefined, data: Record<string, string>) =>
  object('Secret', name, ns, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])));

const INSTALLATION =
  'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  variant: Calico\n';

// ---- certificates made once: an operator signer, a user CA, leaves of each ----

interface Certs {
  signer: Issued;
  legacy: Issued;
  userCa: Issued;
  otherCa: Issued;
  opLeaf: Issued;
  byoLeaf: Issued;
  serverOnly: Issued;
  expiringNow: Issued;
}

let made: Promise<Certs> | undefined;
function certs(): Promise<Certs> {
  made ??= (async () => {
    const ca = (cn: string) =>
      makeCert({
        cn,
        ca: true,
        notBefore: new Date(NOW.getTime() - 400 * DAY),
        notAfter: new Date(NOW.getTime() + 3000 * DAY),
      });
    const signer = await ca('tigera-operator-signer');
    const legacy = await ca('tigera-operator-signer@1700000000');
    const userCa = await ca('my-ca');
    const otherCa = await ca('other-ca');
    const leaf = (issuer: Issued, eku: string[], notAfter = new Date(NOW.getTime() + 365 * DAY)) =>
      makeCert({ cn: 'typha-server', eku, issuer, notBefore: new Date(NOW.getTime() - 300 * DAY), notAfter });
    return {
      signer,
      legacy,
      userCa,
      otherCa,
      opLeaf: await leaf(signer, [SERVER_AUTH, CLIENT_AUTH]),
      byoLeaf: await leaf(userCa, [SERVER_AUTH, CLIENT_AUTH]),
      serverOnly: await leaf(userCa, [SERVER_AUTH]),
      expiringNow: await leaf(signer, [SERVER_AUTH, CLIENT_AUTH], NOW),
    };
  })();
  return made;
}

/** A certificate whose subject has no CN at all (makeCert always writes one). */
async function noCnCert(issuer: Issued, notAfter: Date): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as unknown as { publicKey: unknown };
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: 'O=acme',
    issuer: issuer.cert.subject,
    notBefore: new Date(NOW.getTime() - 10 * DAY),
    notAfter,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as never,
    publicKey: keys.publicKey as never,
    signingKey: issuer.keys.privateKey as never,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
  });
  return cert.toString('pem') + '\n';
}

// ---- operator-byo-namespace ----

const BYO_NS = 'operator-byo-namespace';
const nodeCertsMsg =
  'Secret node-certs is in calico-system, where the operator only puts its copies: it reads bring-your-own ' +
  'node-certs from tigera-operator (Installation default), so it generates its own Node certificate and writes ' +
  'its copy over this one. Put it in tigera-operator.';

test('operator-byo-namespace: only typha-certs, node-certs and typha-ca, and only in calico-system', async () => {
  const { byoLeaf } = await certs();
  const files = [
    { uri: 'installation.yaml', text: INSTALLATION },
    { uri: 'other.yaml', text: secret('other', 'calico-system', { 'tls.crt': byoLeaf.certPem }) },
    { uri: 'typha.yaml', text: secret('typha-certs', 'kube-system', { 'tls.crt': byoLeaf.certPem }) },
    { uri: 'node.yaml', text: secret('node-certs', 'calico-system', { 'tls.crt': byoLeaf.certPem }) },
    // The right names in the wrong kinds.
    { uri: 'ca-secret.yaml', text: secret('typha-ca', 'calico-system', { caBundle: byoLeaf.certPem }) },
    { uri: 'node-cm.yaml', text: object('ConfigMap', 'node-certs', 'calico-system', { foo: 'bar' }) },
  ];
  const fs = run(files, BYO_NS);
  assert.deepEqual(said(files, fs), [['calico-system', nodeCertsMsg]]);
  assert.deepEqual(related(files, fs[0]!), [
    ['installation.yaml', 'Installation', 'the operator reads from tigera-operator'],
  ]);
  assert.deepEqual(
    fs[0]!.fixes.map((f) => [f.title, f.safety]),
    [['Move to namespace tigera-operator', 'safe']],
  );
  assert.equal(
    applyFix(files, fs[0]!)[3]!.text,
    secret('node-certs', 'tigera-operator', { 'tls.crt': byoLeaf.certPem }),
  );
});

test('operator-byo-namespace: typha-ca and typha-certs, and an operator that names its namespace', async () => {
  const { byoLeaf } = await certs();
  const operator =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tigera-operator\n  namespace: tigera-operator\nspec:\n' +
    '  template:\n    spec:\n      containers:\n        - name: tigera-operator\n' +
    '          image: quay.io/tigera/operator:v1.38.0\n          env:\n            - name: OPERATOR_NAMESPACE\n' +
    '              value: my-operator\n';
  const files = [
    { uri: 'operator.yaml', text: operator },
    {
      uri: 'ca.yaml',
      text: object('ConfigMap', 'typha-ca', 'calico-system', { caBundle: JSON.stringify(byoLeaf.certPem) }),
    },
    { uri: 'typha.yaml', text: secret('typha-certs', 'calico-system', { 'tls.crt': byoLeaf.certPem }) },
  ];
  const fs = run(files, BYO_NS);
  const where = 'from my-operator (Deployment tigera-operator/tigera-operator)';
  assert.deepEqual(said(files, fs), [
    [
      'calico-system',
      `ConfigMap typha-ca is in calico-system, where the operator only puts its copies: it reads bring-your-own ` +
        `typha-ca ${where}, so it never adds this CA to the bundle Felix and Typha trust. Put it in my-operator.`,
    ],
    [
      'calico-system',
      `Secret typha-certs is in calico-system, where the operator only puts its copies: it reads bring-your-own ` +
        `typha-certs ${where}, so it generates its own Typha certificate and writes its copy over this one. ` +
        'Put it in my-operator.',
    ],
  ]);
  assert.deepEqual(related(files, fs[1]!), [['operator.yaml', 'my-operator', 'the operator reads from my-operator']]);
  assert.equal(fs[1]!.fixes[0]!.title, 'Move to namespace my-operator');
});

test("operator-byo-namespace: an object with a live object's metadata is the operator's own copy", async () => {
  const { byoLeaf } = await certs();
  const withMeta = (line: string) => [
    { uri: 'installation.yaml', text: INSTALLATION },
    {
      uri: 'node.yaml',
      text: secret('node-certs', 'calico-system', { 'tls.crt': byoLeaf.certPem }).replace(
        'namespace: calico-system\n',
        `namespace: calico-system\n  ${line}\n`,
      ),
    },
  ];
  assert.deepEqual(said(withMeta('labels: {a: b}'), run(withMeta('labels: {a: b}'), BYO_NS)), [
    ['calico-system', nodeCertsMsg],
  ]);
  for (const line of ['uid: 1234', 'resourceVersion: "5"', 'ownerReferences: []'])
    assert.deepEqual(run(withMeta(line), BYO_NS), [], line);
});

test('operator-byo-namespace: a certificate the operator issued, under any key of the Secret, marks a copy', async () => {
  const { opLeaf, byoLeaf } = await certs();
  // common-name comes first and holds no certificate: the rule looks on to tls.crt.
  const files = (pem: string) => [
    { uri: 'installation.yaml', text: INSTALLATION },
    {
      uri: 'node.yaml',
      text: secret('node-certs', 'calico-system', { 'common-name': 'typha-client', 'tls.crt': pem }),
    },
  ];
  assert.deepEqual(run(files(opLeaf.certPem), BYO_NS), []);
  assert.deepEqual(said(files(byoLeaf.certPem), run(files(byoLeaf.certPem), BYO_NS)), [
    ['calico-system', nodeCertsMsg],
  ]);
});

test('operator-byo-namespace: a kustomize patch that drops the namespace line leaves nothing to point at', async () => {
  const { byoLeaf } = await certs();
  const files = [
    {
      uri: '/w/kustomization.yaml',
      text:
        'resources:\n  - installation.yaml\n  - node.yaml\npatches:\n  - path: p.yaml\n    target:\n' +
        '      kind: Secret\n      name: node-certs\n',
    },
    { uri: '/w/installation.yaml', text: INSTALLATION },
    { uri: '/w/node.yaml', text: secret('node-certs', 'calico-system', { 'tls.crt': byoLeaf.certPem }) },
    { uri: '/w/p.yaml', text: '- op: remove\n  path: /metadata/namespace\n' },
  ];
  assert.deepEqual(run(files, BYO_NS), []);
});

// ---- operator-byo-secret ----

const BYO_SECRET = 'operator-byo-secret';
const noCaBundle = (present: string) =>
  `ConfigMap typha-ca has no key 'caBundle'${present}; the operator fails with ` +
  '"ConfigMap \\"typha-ca\\" does not have a field named \\"caBundle\\"".';
const noIdentity = (secretName: string) =>
  `Secret ${secretName} has neither 'common-name' nor 'uri-san'; the operator fails with ` +
  '"CertPair for Felix does not contain common-name or uri-san" and the Installation goes Degraded.';

test('operator-byo-secret: a typha-ca ConfigMap with no data at all', () => {
  const files = [{ uri: 'ca.yaml', text: object('ConfigMap', 'typha-ca', 'tigera-operator', undefined) }];
  assert.deepEqual(said(files, run(files, BYO_SECRET)), [['typha-ca', noCaBundle('')]]);
  const other = [{ uri: 'ca.yaml', text: object('ConfigMap', 'typha-ca', undefined, { 'ca.crt': 'x', foo: 'y' }) }];
  assert.deepEqual(said(other, run(other, BYO_SECRET)), [['typha-ca', noCaBundle(" (it has 'ca.crt', 'foo')")]]);
});

test('operator-byo-secret: a template whose typha-ca data is not in sight is unknown; data without caBundle is not', () => {
  const tpl = (data: Record<string, string> | undefined) => [
    {
      uri: 'chart/templates/typha-ca.yaml',
      text: object('ConfigMap', 'typha-ca', '{{ .Release.Namespace }}', data),
    },
  ];
  assert.deepEqual(run(tpl(undefined), BYO_SECRET), []);
  const files = tpl({ other: '{{ .Values.ca | quote }}' });
  assert.deepEqual(said(files, run(files, BYO_SECRET)), [['typha-ca', noCaBundle(" (it has 'other')")]]);
});

test('operator-byo-secret: a Secret named typha-ca, or a ConfigMap named typha-certs, is not what the operator reads', () => {
  const files = [
    { uri: 's.yaml', text: object('Secret', 'typha-ca', 'tigera-operator', { foo: b64('x') }) },
    { uri: 'c.yaml', text: object('ConfigMap', 'typha-certs', 'tigera-operator', { foo: 'x' }) },
    { uri: 'e.yaml', text: object('Secret', 'node-certs', 'tigera-operator', undefined) },
  ];
  assert.deepEqual(run(files, BYO_SECRET), []);
});

test('operator-byo-secret: an empty, blank, undecodable or non-scalar common-name is no identity', async () => {
  const { byoLeaf } = await certs();
  const pair = { 'tls.crt': b64(byoLeaf.certPem), 'tls.key': b64(byoLeaf.keyPem) };
  const files = [
    { uri: 'a.yaml', text: object('Secret', 'node-certs', 'tigera-operator', { ...pair, 'common-name': '""' }) },
    { uri: 'b.yaml', text: object('Secret', 'node-certs', 'ns-b', { ...pair, 'common-name': b64('  \n') }) },
    { uri: 'c.yaml', text: object('Secret', 'typha-certs', undefined, { ...pair, 'common-name': '"!!not-base64"' }) },
    { uri: 'd.yaml', text: object('Secret', 'typha-certs', 'tigera-operator', { ...pair, 'uri-san': '[a, b]' }) },
  ];
  // ns-b is not the operator's namespace: not read, not reported.
  assert.deepEqual(said(files, run(files, BYO_SECRET)), [
    ['node-certs', noIdentity('tigera-operator/node-certs')],
    ['typha-certs', noIdentity('typha-certs')],
    ['typha-certs', noIdentity('tigera-operator/typha-certs')],
  ]);
  // A blank value in the operator namespace, and a templated one (unknown: no finding).
  const more = [
    { uri: 'b.yaml', text: object('Secret', 'node-certs', 'tigera-operator', { ...pair, 'common-name': b64('  \n') }) },
    {
      uri: 'chart/templates/t.yaml',
      text: object('Secret', 'typha-certs', 'tigera-operator', { ...pair, 'uri-san': '{{ .Values.san | b64enc }}' }),
    },
    { uri: 'n.yaml', text: object('Secret', 'typha-certs', 'tigera-operator', { ...pair, 'common-name': b64('x') }) },
  ];
  assert.deepEqual(said(more, run(more, BYO_SECRET)), [['node-certs', noIdentity('tigera-operator/node-certs')]]);
});

// ---- operator-cert-renewal-overdue ----

test('operator-cert-renewal-overdue: a certificate that expires this very moment is still overdue, not expired', async () => {
  const { expiringNow } = await certs();
  const files = [{ uri: 's.yaml', text: secret('typha-certs', 'calico-system', { 'tls.crt': expiringNow.certPem }) }];
  assert.deepEqual(said(files, run(files, 'operator-cert-renewal-overdue')), [
    [
      b64(expiringNow.certPem),
      "Secret calico-system/typha-certs, key tls.crt: operator-signed certificate 'typha-server' expires on " +
        '2030-01-01, within a day; the operator should have renewed it, so its reconcile is blocked.',
    ],
  ]);
});

// ---- operator-cert-usage ----

const USAGE = 'operator-cert-usage';
const lacks = (label: string, name: string) =>
  `${label}: the certificate lacks clientAuth; the operator and the Calico docs expect both serverAuth and ` +
  `clientAuth on ${name}.`;

test('operator-cert-usage: the non-cluster-host Secrets, and the copies in calico-system', async () => {
  const { serverOnly } = await certs();
  const files = [
    {
      uri: 'a.yaml',
      text: secret('typha-certs-noncluster-host', 'tigera-operator', { 'tls.crt': serverOnly.certPem }),
    },
    { uri: 'b.yaml', text: secret('node-certs-noncluster-host', undefined, { cert: serverOnly.certPem }) },
    { uri: 'c.yaml', text: secret('typha-certs', 'calico-system', { 'cert.crt': serverOnly.certPem }) },
    { uri: 'd.yaml', text: secret('typha-certs', 'kube-system', { 'tls.crt': serverOnly.certPem }) },
  ];
  assert.deepEqual(
    run(files, USAGE).map((f) => [f.span.uri, f.message]),
    [
      [
        'a.yaml',
        lacks('Secret tigera-operator/typha-certs-noncluster-host, key tls.crt', 'typha-certs-noncluster-host'),
      ],
      ['b.yaml', lacks('Secret node-certs-noncluster-host, key cert', 'node-certs-noncluster-host')],
      ['c.yaml', lacks('Secret calico-system/typha-certs, key cert.crt', 'typha-certs')],
    ],
  );
});

test('operator-cert-usage: only the certificate keys the operator reads, in a Secret, with a leaf first', async () => {
  const { serverOnly, userCa, byoLeaf } = await certs();
  const files = [
    {
      uri: 'a.yaml',
      text: secret('typha-certs', 'tigera-operator', {
        'tls.crt': byoLeaf.certPem,
        'old-cert': serverOnly.certPem,
        'tls.crt.bak': serverOnly.certPem,
        'ca.crt': serverOnly.certPem,
      }),
    },
    {
      uri: 'b.yaml',
      text: object('ConfigMap', 'node-certs', 'tigera-operator', { 'tls.crt': JSON.stringify(serverOnly.certPem) }),
    },
    // The CA before the leaf: cert-chain-order's finding; this rule does not guess which is the leaf.
    {
      uri: 'c.yaml',
      text: secret('node-certs', 'tigera-operator', { 'tls.crt': userCa.certPem + serverOnly.certPem }),
    },
  ];
  assert.deepEqual(run(files, USAGE), []);
});

test('operator-cert-usage: only the pair the operator reads, the first with a certificate (fact sheet 1e)', async () => {
  const { serverOnly, byoLeaf } = await certs();
  const files = [
    // tls.crt is read; the serverAuth-only `cert` beside it never is: no finding.
    {
      uri: 'a.yaml',
      text: secret('typha-certs', 'tigera-operator', { 'tls.crt': byoLeaf.certPem, cert: serverOnly.certPem }),
    },
    // An empty tls.crt is passed over: `cert` is read.
    { uri: 'b.yaml', text: secret('node-certs', 'tigera-operator', { 'tls.crt': '', cert: serverOnly.certPem }) },
    // apiserver.crt, managed-cluster.crt and management-cluster.crt are pairs the operator reads too.
    { uri: 'c.yaml', text: secret('typha-certs', 'calico-system', { 'apiserver.crt': serverOnly.certPem }) },
    { uri: 'd.yaml', text: secret('node-certs', 'calico-system', { 'management-cluster.crt': serverOnly.certPem }) },
  ];
  assert.deepEqual(
    run(files, USAGE).map((f) => [f.span.uri, f.message]),
    [
      ['b.yaml', lacks('Secret tigera-operator/node-certs, key cert', 'node-certs')],
      ['c.yaml', lacks('Secret calico-system/typha-certs, key apiserver.crt', 'typha-certs')],
      ['d.yaml', lacks('Secret calico-system/node-certs, key management-cluster.crt', 'node-certs')],
    ],
  );
});

test('operator-cert-usage: which pair is read is unknown past a templated certificate or into templated data', async () => {
  const { serverOnly } = await certs();
  const templatedFirst =
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: tigera-operator\ndata:\n' +
    `  tls.crt: {{ .Values.typhaCert }}\n  cert: ${b64(serverOnly.certPem)}\n`;
  const openData =
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: tigera-operator\ndata:\n' +
    `  cert: ${b64(serverOnly.certPem)}\n{{- include "more.certs" . | nindent 2 }}\n`;
  assert.deepEqual(run([{ uri: 'a.yaml', text: templatedFirst }], USAGE), []);
  assert.deepEqual(run([{ uri: 'templates/b.yaml', text: openData }], USAGE), []);
  // The same data written out: the finding.
  const plain = openData.replace('{{- include "more.certs" . | nindent 2 }}\n', '');
  assert.equal(run([{ uri: 'templates/b.yaml', text: plain }], USAGE).length, 1);
});

// ---- operator-legacy-signer ----

test('operator-legacy-signer: a bundle of several CAs that are not operator signers is not reported', async () => {
  const { userCa, otherCa, signer } = await certs();
  const files = [
    {
      uri: 'a.yaml',
      text: object('ConfigMap', 'tigera-ca-bundle', 'calico-system', {
        'ca.crt': JSON.stringify(userCa.certPem + otherCa.certPem),
      }),
    },
    {
      uri: 'b.yaml',
      text: object('ConfigMap', 'other-bundle', 'calico-system', {
        'ca.crt': JSON.stringify(signer.certPem + userCa.certPem),
      }),
    },
  ];
  assert.deepEqual(run(files, 'operator-legacy-signer'), []);
});

// ---- operator-secret-copy-differs ----

const COPY = 'operator-secret-copy-differs';

test('operator-secret-copy-differs: certificates without a CN, and a copy outside calico-system', async () => {
  const { userCa } = await certs();
  const src = await noCnCert(userCa, new Date('2031-02-03T00:00:00Z'));
  const copy = await noCnCert(userCa, new Date('2030-06-07T00:00:00Z'));
  // One dump: two files defining the same Secret would be alternatives, never paired (units.ts).
  const files = [
    {
      uri: 'dump.yaml',
      text: [
        secret('typha-certs', 'tigera-operator', { 'tls.crt': src }),
        secret('typha-certs', 'kube-system', { 'tls.crt': copy }),
        secret('typha-certs', 'calico-system', { 'tls.crt': copy }),
      ].join('---\n'),
    },
  ];
  const fs = run(files, COPY);
  assert.deepEqual(said(files, fs), [
    [
      b64(copy),
      "Secret calico-system/typha-certs, key tls.crt differs from its source in tigera-operator ('' valid to 2030-06-07 here, '' valid to 2031-02-03 " +
        'there): the operator is not reconciling the copy.',
    ],
  ]);
  assert.deepEqual(related(files, fs[0]!), [['dump.yaml', b64(src), 'the source in tigera-operator']]);
});

// ---- parameter-not-in-version ----

const PARAM = 'parameter-not-in-version';
/** Each FelixConfiguration named apart: two files defining the same object are alternatives (units.ts). */
const fc = (apiVersion: string, spec: string, name = 'default') =>
  `apiVersion: ${apiVersion}\nkind: FelixConfiguration\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const fieldTooNew = (field: string) =>
  `${field} needs Calico v3.32.0 or later; this cluster runs v3.30.2 (image calico/node:v3.30.2), whose ` +
  'FelixConfiguration API and Felix do not have it, so it is dropped or rejected. Upgrade Calico, or remove the field.';

test('parameter-not-in-version: FelixConfiguration fields only of the Calico API groups', () => {
  const node = { uri: 'node.yaml', text: calicoNode({ FELIX_LOGSEVERITYSCREEN: 'Info' }, [], 'calico/node:v3.30.2') };
  const spec = '  logSeverityScreen: Info\n  prometheusMetricsCAFile: /ca.crt\n';
  const files = [
    node,
    { uri: 'a.yaml', text: fc('projectcalico.org/v3', spec) },
    { uri: 'b.yaml', text: fc('crd.projectcalico.org/v1', spec, 'node.b') },
    { uri: 'c.yaml', text: fc('example.projectcalico.org/v3', spec, 'node.c') },
    { uri: 'd.yaml', text: fc('projectcalico.org/v3beta1', spec, 'node.d') },
    { uri: 'e.yaml', text: fc('operator.tigera.io/v1', spec, 'node.e') },
  ];
  const fs = run(files, PARAM);
  assert.deepEqual(
    fs.map((f) => [
      f.span.uri,
      files.find((x) => x.uri === f.span.uri)!.text.slice(f.span.start, f.span.end),
      f.message,
    ]),
    [
      ['a.yaml', 'prometheusMetricsCAFile', fieldTooNew('prometheusMetricsCAFile')],
      ['b.yaml', 'prometheusMetricsCAFile', fieldTooNew('prometheusMetricsCAFile')],
    ],
  );
  assert.deepEqual(related(files, fs[0]!), [['node.yaml', 'calico/node:v3.30.2', 'Calico v3.30.2']]);
});

test('parameter-not-in-version: a field spelt in another case is not the API field', () => {
  const files = [
    { uri: 'node.yaml', text: calicoNode({ FELIX_LOGSEVERITYSCREEN: 'Info' }, [], 'calico/node:v3.30.2') },
    { uri: 'a.yaml', text: fc('projectcalico.org/v3', '  PrometheusMetricsCAFile: /ca.crt\n') },
  ];
  assert.deepEqual(run(files, PARAM), []);
});

test('parameter-not-in-version: FelixConfiguration is read by Felix, whatever release Typha runs', () => {
  const files = (node: string, typha: string) => [
    { uri: 'node.yaml', text: calicoNode({ FELIX_LOGSEVERITYSCREEN: 'Info' }, [], node) },
    { uri: 'typha.yaml', text: calicoTypha({ TYPHA_LOGSEVERITYSCREEN: 'Info' }, [], typha) },
    { uri: 'a.yaml', text: fc('projectcalico.org/v3', '  prometheusMetricsCAFile: /ca.crt\n') },
  ];
  const old = files('calico/node:v3.30.2', 'calico/typha:v3.32.0');
  assert.deepEqual(said(old, run(old, PARAM)), [['prometheusMetricsCAFile', fieldTooNew('prometheusMetricsCAFile')]]);
  assert.deepEqual(run(files('calico/node:v3.32.0', 'calico/typha:v3.30.2'), PARAM), []);
});
