// What cert-key-swapped, cert-not-pem and cert-weak-algorithm say about certificate material, in
// full: every message and consequence, and when the swap or decode fix is offered and what it leaves
// (layout of block scalars, order in the file, patched values, several readers, references).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from './rule-helpers';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CERT_EXAMPLES } from '../server/src/engine/rules/support/cert-examples';
import { calicoNode } from '../server/src/engine/rules/support/examples';
import { makeCert, type Issued } from './certfactory';

const NOW = new Date('2027-06-01T00:00:00Z');
const FROM = new Date('2027-01-01T00:00:00Z');
const UNTIL = new Date('2030-01-01T00:00:00Z');
const CERT = CERT_EXAMPLES.typhaClientCert;
const KEY = CERT_EXAMPLES.typhaClientKey;
const GO_SWITCHED =
  'tls: failed to find certificate PEM data in certificate input, but did find a private key; ' +
  'PEM inputs may have been switched';

function findings(files: SourceFile[], rule: string): Finding[] {
  return lint(files, { now: NOW }).findings.filter((f) => f.rule === rule);
}

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const block = (pem: string, indent: string) =>
  pem
    .trimEnd()
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
const secret = (name: string, body: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\n` +
  `type: kubernetes.io/tls\n${body}`;
const one = (text: string, uri = 'secret.yaml'): SourceFile[] => [{ uri, text }];

// ---- cert-key-swapped: consequences by where the pair is stored ----

test('cert-key-swapped: a kubeconfig or ConfigMap pair fails every client; a CalicoAPIConfig fails calicoctl', () => {
  const kubeconfig = one(
    'apiVersion: v1\nkind: Config\nclusters: []\nusers:\n  - name: u\n    user:\n' +
      `      client-certificate-data: ${b64(KEY)}\n      client-key-data: ${b64(CERT)}\n`,
    'kubeconfig',
  );
  const k = findings(kubeconfig, 'cert-key-swapped');
  assert.deepEqual(
    k.map((f) => f.message),
    [
      "kubeconfig: 'client-certificate-data' holds a private key and 'client-key-data' holds the certificate; " +
        `the two values are swapped. Go's tls.X509KeyPair fails with "${GO_SWITCHED}": every client that reads ` +
        'the pair by these names fails to load it.',
    ],
  );
  assert.deepEqual(
    k[0]!.related.map((r) => r.message),
    ['client-key-data, which holds the certificate'],
  );
  assert.equal(k[0]!.fixes[0]!.title, "Swap the values of 'client-certificate-data' and 'client-key-data'");
  const cm = one(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: certs\ndata:\n' +
      `  tls.crt: ${JSON.stringify(KEY)}\n  tls.key: ${JSON.stringify(CERT)}\n`,
    'cm.yaml',
  );
  assert.deepEqual(
    findings(cm, 'cert-key-swapped').map((f) => f.message),
    [
      "ConfigMap certs: 'tls.crt' holds a private key and 'tls.key' holds the certificate; the two values are " +
        `swapped. Go's tls.X509KeyPair fails with "${GO_SWITCHED}": every client that reads the pair by these names ` +
        'fails to load it.',
    ],
  );
  const cfg = one(
    'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: etcdv3\n' +
      `  etcdEndpoints: https://etcd:2379\n  etcdCert: ${JSON.stringify(KEY)}\n  etcdKey: ${JSON.stringify(CERT)}\n`,
    'calicoctl.cfg',
  );
  assert.deepEqual(
    findings(cfg, 'cert-key-swapped').map((f) => f.message),
    [
      "CalicoAPIConfig: 'etcdCert' holds a private key and 'etcdKey' holds the certificate; the two values are " +
        `swapped. Go's tls.X509KeyPair fails with "${GO_SWITCHED}": calicoctl cannot create its etcd client ` +
        '(CAL libcalico-go/lib/backend/etcdv3/inline_cert_key.go).',
    ],
  );
});

test('cert-key-swapped: each swapped Secret is its own finding, at its own certificate key', () => {
  const body = `data:\n  tls.crt: ${b64(KEY)}\n  tls.key: ${b64(CERT)}\n`;
  const files = one(`${secret('a', body)}---\n${secret('b', body)}`);
  const found = findings(files, 'cert-key-swapped');
  assert.deepEqual(
    found.map((f) => f.message.split(':')[0]),
    ['Secret kube-system/a', 'Secret kube-system/b'],
  );
  const text = files[0]!.text;
  const second = text.indexOf('name: b');
  assert.ok(found[0]!.span.start < second && found[1]!.span.start > second);
  for (const f of found) assert.equal(text.slice(f.span.start, f.span.end), b64(KEY));
});

// ---- cert-key-swapped: when the values can trade places ----

test('cert-key-swapped: the key written before the certificate still trades places with it', () => {
  const files = one(secret('a', `data:\n  tls.key: ${b64(CERT)}\n  tls.crt: ${b64(KEY)}\n`));
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.fixes[0]!.title, "Swap the values of 'tls.crt' and 'tls.key'");
  assert.equal(
    applyFix(files, found[0]!)[0]!.text,
    secret('a', `data:\n  tls.key: ${b64(KEY)}\n  tls.crt: ${b64(CERT)}\n`),
  );
});

test('cert-key-swapped: a one-line certificate value and a block scalar key do not trade places', () => {
  const files = one(
    secret('a', `stringData:\n  tls.crt: ${JSON.stringify(KEY)}\n  tls.key: |\n${block(CERT, '    ')}\n`),
  );
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.fixes, []);
});

test('cert-key-swapped: indentation is read from the first written line, past a blank line', () => {
  // The key's block starts with an empty line; its content is indented as the certificate's.
  const files = one(
    secret('a', `stringData:\n  tls.crt: |\n\n${block(KEY, '    ')}\n  tls.key: |\n${block(CERT, '    ')}\n`),
  );
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  assert.equal(
    applyFix(files, found[0]!)[0]!.text,
    secret('a', `stringData:\n  tls.crt: |\n${block(CERT, '    ')}\n  tls.key: |\n\n${block(KEY, '    ')}\n`),
  );
});

test('cert-key-swapped: a block ending the file with no newline does not trade places with one ending its line', () => {
  // Certificate last: its text has no line end, the key's has one.
  const certLast = one(
    secret('a', `stringData:\n  tls.key: |\n${block(CERT, '    ')}\n  tls.crt: |\n${block(KEY, '    ')}`),
  );
  const a = findings(certLast, 'cert-key-swapped');
  assert.equal(a.length, 1);
  assert.deepEqual(a[0]!.fixes, []);
  // Key last.
  const keyLast = one(
    secret('a', `stringData:\n  tls.crt: |\n${block(KEY, '    ')}\n  tls.key: |\n${block(CERT, '    ')}`),
  );
  const b = findings(keyLast, 'cert-key-swapped');
  assert.equal(b.length, 1);
  assert.deepEqual(b[0]!.fixes, []);
  // Both ending their lines (the same blocks followed by another key): they do.
  const both = one(
    secret(
      'a',
      `stringData:\n  tls.crt: |\n${block(KEY, '    ')}\n  tls.key: |\n${block(CERT, '    ')}\n  ca.crt: x\n`,
    ),
  );
  const c = findings(both, 'cert-key-swapped');
  assert.equal(c[0]!.fixes.length, 1);
});

test('cert-key-swapped: a value a kustomize patch writes is not swapped in place', () => {
  const files: SourceFile[] = [
    { uri: '/w/kustomization.yaml', text: 'resources:\n  - s.yaml\npatches:\n  - path: p.yaml\n' },
    { uri: '/w/s.yaml', text: secret('a', `data:\n  tls.crt: ${b64(KEY)}\n  tls.key: ${b64(KEY)}\n`) },
    {
      uri: '/w/p.yaml',
      text:
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  namespace: kube-system\n' +
        `data:\n  tls.key: ${b64(CERT)}\n`,
    },
  ];
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.related[0]!.span.uri, '/w/p.yaml');
  assert.deepEqual(found[0]!.fixes, []);
});

const felixNode = (certFile: string, keyFile: string, secretName: string) =>
  calicoNode(
    {
      FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
      FELIX_TYPHACAFILE: '/etc/ssl/certs/ca-certificates.crt',
      FELIX_TYPHACERTFILE: certFile,
      FELIX_TYPHAKEYFILE: keyFile,
      FELIX_TYPHACN: 'typha-server',
    },
    [{ volume: 'c', path: '/c', secret: secretName }],
  );

/** calico-node naming its Typha client files, and the Secret mounted at /c holding `crt` and `key`. */
const nodeAndSecret = (certFile: string, keyFile: string, crt: string, key: string) =>
  `${felixNode(certFile, keyFile, 'a')}---\n${secret('a', `data:\n  tls.crt: ${b64(crt)}\n  tls.key: ${b64(key)}\n`)}`;

test('cert-key-swapped: a Secret whose swapped values a pod reads crosswise gets no swap fix', () => {
  const files = one(nodeAndSecret('/c/tls.key', '/c/tls.crt', KEY, CERT), 'n.yaml');
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /^Secret kube-system\/a: 'tls\.crt' holds a private key/);
  assert.deepEqual(found[0]!.fixes, []);
});

// ---- cert-key-swapped: references ----

test('cert-key-swapped: references named the other way round are said with their reader, and swapped', () => {
  const files = one(nodeAndSecret('/c/tls.key', '/c/tls.crt', CERT, KEY), 'n.yaml');
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  const f = found[0]!;
  assert.equal(
    f.message,
    "FELIX_TYPHACERTFILE and FELIX_TYPHAKEYFILE are swapped: FELIX_TYPHACERTFILE names '/c/tls.key' (Secret " +
      "kube-system/a, key tls.key), which holds a private key, and FELIX_TYPHAKEYFILE names '/c/tls.crt' (Secret " +
      "kube-system/a, key tls.crt), which holds the certificate. Felix's Typha client in container 'calico-node' " +
      `(DaemonSet kube-system/calico-node) loads them with Go's tls.LoadX509KeyPair, which fails with ` +
      `"${GO_SWITCHED}": Felix cannot connect to Typha ("Failed to load certificate and key", CAL ` +
      'typha/pkg/syncclient/sync_client.go).',
  );
  assert.deepEqual(
    f.related.map((r) => r.message),
    [
      'FELIX_TYPHAKEYFILE, which holds the certificate',
      'the private key (Secret kube-system/a, key tls.key)',
      'the certificate (Secret kube-system/a, key tls.crt)',
    ],
  );
  assert.equal(f.fixes[0]!.title, 'Swap the values of FELIX_TYPHACERTFILE and FELIX_TYPHAKEYFILE');
  assert.equal(applyFix(files, f)[0]!.text, nodeAndSecret('/c/tls.crt', '/c/tls.key', CERT, KEY));
});

test('cert-key-swapped: references in two files (a kustomize patch) trade places, wherever their offsets fall', () => {
  const base = nodeAndSecret('/c/tls.key', '/c/tls.key', CERT, KEY);
  const patch = (value: string, pad: number) =>
    `# ${'-'.repeat(pad)}\napiVersion: apps/v1\nkind: DaemonSet\n` +
    'metadata:\n  name: calico-node\n  namespace: kube-system\n' +
    'spec:\n  template:\n    spec:\n      containers:\n        - name: calico-node\n          env:\n' +
    `            - name: FELIX_TYPHAKEYFILE\n              value: ${value}\n`;
  // The patch's value starts at the same offset as the certificate setting's value in the base.
  const certAt = base.indexOf('"/c/tls.key"');
  const pad = certAt - patch('/c/tls.crt', 0).indexOf('/c/tls.crt');
  const files: SourceFile[] = [
    { uri: '/w/kustomization.yaml', text: 'resources:\n  - n.yaml\npatches:\n  - path: p.yaml\n' },
    { uri: '/w/n.yaml', text: base },
    { uri: '/w/p.yaml', text: patch('/c/tls.crt', pad) },
  ];
  assert.equal(files[2]!.text.indexOf('/c/tls.crt'), certAt);
  const found = findings(files, 'cert-key-swapped');
  assert.equal(found.length, 1);
  const fixed = applyFix(files, found[0]!);
  assert.equal(fixed[1]!.text, base.replace('"/c/tls.key"', '/c/tls.crt'));
  assert.equal(fixed[2]!.text, patch('"/c/tls.key"', pad));
});

const ETCD_ENV = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: etcd-env
  namespace: kube-system
data:
  DATASTORE_TYPE: etcdv3
  ETCD_ENDPOINTS: https://etcd:2379
  ETCD_CERT_FILE: /calico-secrets/etcd-key
  ETCD_KEY_FILE: /calico-secrets/etcd-cert
---
apiVersion: v1
kind: Secret
metadata:
  name: etcd-certs
  namespace: kube-system
data:
  etcd-cert: ${b64(CERT)}
  etcd-key: ${b64(KEY)}
`;

const fromEnv = (v: string) => `            - name: ${v}
              valueFrom:
                configMapKeyRef:
                  name: etcd-env
                  key: ${v}
`;

const workload = (kind: string, name: string, image: string, how: 'envFrom' | 'valueFrom') => `---
apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: ${name}
          image: ${image}
${
  how === 'envFrom'
    ? '          envFrom:\n            - configMapRef:\n                name: etcd-env\n'
    : `          env:\n${['DATASTORE_TYPE', 'ETCD_ENDPOINTS', 'ETCD_CERT_FILE', 'ETCD_KEY_FILE'].map(fromEnv).join('')}`
}          volumeMounts:
            - name: etcd-certs
              mountPath: /calico-secrets
      volumes:
        - name: etcd-certs
          secret:
            secretName: etcd-certs
`;

const NODE = (how: 'envFrom' | 'valueFrom') => workload('DaemonSet', 'calico-node', 'calico/node:v3.30.0', how);
const CONTROLLERS = (how: 'envFrom' | 'valueFrom') =>
  workload('Deployment', 'calico-kube-controllers', 'calico/kube-controllers:v3.30.0', how);
const ETCD_REFS =
  "ETCD_CERT_FILE and ETCD_KEY_FILE are swapped: ETCD_CERT_FILE names '/calico-secrets/etcd-key' (Secret " +
  'kube-system/etcd-certs, key etcd-key), which holds a private key, and ETCD_KEY_FILE names ' +
  "'/calico-secrets/etcd-cert' (Secret kube-system/etcd-certs, key etcd-cert), which holds the certificate. ";
const ETCD_FAILS =
  ` with Go's tls.X509KeyPair, which fails with "${GO_SWITCHED}": the etcd client is not created ("could not ` +
  'initialize etcdv3 client", CAL libcalico-go/lib/backend/etcdv3/etcdv3.go, through etcd ' +
  'transport.TLSInfo.ClientConfig).';

const ONE_READER =
  `${ETCD_REFS}The etcd client in container 'calico-node' ` +
  `(DaemonSet kube-system/calico-node) loads them${ETCD_FAILS}`;

test('cert-key-swapped: two readers of the same references are both named, each once', () => {
  const two = one(ETCD_ENV + NODE('valueFrom') + CONTROLLERS('valueFrom'), 'etcd.yaml');
  const expected =
    ETCD_REFS +
    "The etcd client in container 'calico-node' (DaemonSet kube-system/calico-node) and the etcd client in container " +
    "'calico-kube-controllers' (Deployment kube-system/calico-kube-controllers) load them" +
    ETCD_FAILS;
  const a = findings(two, 'cert-key-swapped');
  assert.deepEqual(
    a.map((f) => f.message),
    [expected],
  );
  assert.equal(a[0]!.fixes[0]!.title, 'Swap the values of ETCD_CERT_FILE and ETCD_KEY_FILE');
  // The same DaemonSet written again reads them the same way: still two readers.
  const again = one(ETCD_ENV + NODE('valueFrom') + CONTROLLERS('valueFrom') + NODE('valueFrom'), 'etcd.yaml');
  assert.deepEqual(
    findings(again, 'cert-key-swapped').map((f) => f.message),
    [expected],
  );
  // One reader, twice: one reader, and the singular verb.
  const twice = one(ETCD_ENV + NODE('valueFrom') + NODE('valueFrom'), 'etcd.yaml');
  assert.deepEqual(
    findings(twice, 'cert-key-swapped').map((f) => f.message),
    [ONE_READER],
  );
});

test('cert-key-swapped: references a pod takes whole from a ConfigMap (envFrom) are said but not swapped', () => {
  const files = one(ETCD_ENV + NODE('envFrom'), 'etcd.yaml');
  const found = findings(files, 'cert-key-swapped');
  assert.deepEqual(
    found.map((f) => f.message),
    [ONE_READER],
  );
  assert.equal(files[0]!.text.slice(found[0]!.span.start, found[0]!.span.end), '/calico-secrets/etcd-key');
  assert.deepEqual(found[0]!.fixes, []);
});

// ---- cert-not-pem ----

const typhaSecret = (body: string) =>
  one(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: kube-system\n${body}`);
const LABEL = 'Secret kube-system/typha-certs, key tls.crt';

function notPem(files: SourceFile[]): Finding[] {
  return findings(files, 'cert-not-pem');
}

test('cert-not-pem: DER, a key beside the certificate and a block of another type are each named', () => {
  const der = Buffer.from(CERT_EXAMPLES.typhaServerCert.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  assert.deepEqual(
    notPem(typhaSecret(`data:\n  tls.crt: ${b64(der)}\n`)).map((f) => f.message),
    [`${LABEL} holds DER (binary) data; Calico reads PEM only.`],
  );
  assert.deepEqual(
    notPem(typhaSecret(`data:\n  tls.crt: ${b64(CERT + KEY)}\n`)).map((f) => f.message),
    [`${LABEL} holds a private key (PRIVATE KEY) next to the certificate; keys belong in their own key.`],
  );
  const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
  assert.deepEqual(
    notPem(typhaSecret(`data:\n  tls.crt: ${b64(csr)}\n`)).map((f) => f.message),
    [`${LABEL} holds a PEM "CERTIFICATE REQUEST" block, not a CERTIFICATE.`],
  );
  // A BEGIN line whose type is not in capitals is no PEM block at all: the type is not known.
  const lower = '-----BEGIN certificate-----\nMIIB\n-----END certificate-----\n';
  assert.deepEqual(
    notPem(typhaSecret(`data:\n  tls.crt: ${b64(lower)}\n`)).map((f) => f.message),
    [`${LABEL} holds a PEM "?" block, not a CERTIFICATE.`],
  );
  assert.deepEqual(
    notPem(typhaSecret(`data:\n  tls.crt: ${b64(KEY)}\n`)).map((f) => f.message),
    [`${LABEL} holds a private key (PRIVATE KEY), not a certificate.`],
  );
});

test('cert-not-pem: decoding one level is offered only for a base64 value whose inner text is no key', () => {
  const doubled = `${LABEL} holds PEM encoded twice (base64 of base64).`;
  // stringData is the text itself: "decoding" it would not give PEM.
  const text = notPem(typhaSecret(`stringData:\n  tls.crt: ${b64(CERT_EXAMPLES.typhaServerCert)}\n`));
  assert.deepEqual(
    text.map((f) => [f.message, f.fixes]),
    [[doubled, []]],
  );
  // A key encoded twice in a certificate key: decoding would put a key there.
  const key = notPem(typhaSecret(`data:\n  tls.crt: ${b64(b64(KEY))}\n`));
  assert.deepEqual(
    key.map((f) => [f.message, f.fixes]),
    [[doubled, []]],
  );
  // A .crt file holding base64 text: no YAML value to decode.
  const file = notPem(one(`${b64(CERT_EXAMPLES.typhaServerCert)}\n`, 'typha.crt'));
  assert.deepEqual(
    file.map((f) => [f.message, f.fixes]),
    [['typha.crt holds PEM encoded twice (base64 of base64).', []]],
  );
});

test('cert-not-pem: the decoded value is written on one line, without the inner line breaks', () => {
  // The inner base64 wrapped at 76 columns, as the base64 tool writes it.
  const wrapped = b64(CERT_EXAMPLES.typhaServerCert).replace(/(.{76})/g, '$1\n');
  const files = typhaSecret(`data:\n  tls.crt: ${b64(wrapped)}\n`);
  const found = notPem(files);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.fixes[0]!.title, 'Decode one level of base64');
  assert.equal(
    applyFix(files, found[0]!)[0]!.text,
    typhaSecret(`data:\n  tls.crt: ${b64(CERT_EXAMPLES.typhaServerCert)}\n`)[0]!.text,
  );
});

test('cert-not-pem: a damaged certificate that references read as the key is still reported where it is stored', () => {
  // The references are swapped (cert-key-swapped says so); the stored tls.crt is truncated on its own.
  const files = one(
    `${felixNode('/c/tls.key', '/c/tls.crt', 'a')}---\n` +
      secret('a', `data:\n  tls.crt: ${b64(CERT.slice(0, 200))}\n  tls.key: ${b64(KEY)}\n`),
    'n.yaml',
  );
  assert.equal(findings(files, 'cert-key-swapped').length, 1);
  assert.deepEqual(
    notPem(files).map((f) => f.message),
    ['Secret kube-system/a, key tls.crt is damaged: the CERTIFICATE block has no END line (truncated).'],
  );
});

// ---- cert-weak-algorithm ----

function weak(...pems: string[]): string[] {
  const files = one(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: certs\n  namespace: kube-system\ndata:\n' +
      `  bundle.crt: ${JSON.stringify(pems.join(''))}\n`,
    'certs.yaml',
  );
  return findings(files, 'cert-weak-algorithm').map((f) => f.message);
}
const W = 'ConfigMap kube-system/certs, key bundle.crt: certificate';
const REFUSED = "; Calico's TLS stack does not accept it.";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** A certificate over any public key (SPKI DER), signed by `issuer`. */
async function certFor(cn: string, spki: Uint8Array, issuer: Issued): Promise<string> {
  const c = await x509.X509CertificateGenerator.create({
    serialNumber: '0a',
    subject: `CN=${cn}`,
    issuer: issuer.cert.subject,
    notBefore: FROM,
    notAfter: UNTIL,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as never,
    publicKey: spki,
    signingKey: issuer.keys.privateKey as never,
  });
  return c.toString('pem') + '\n';
}

type KeyPair = { publicKey: webcrypto.CryptoKey; privateKey: webcrypto.CryptoKey };

/** Ed25519 certificates: a self-signed CA and a leaf it signs. */
async function ed25519(): Promise<{ ca: string; leaf: string }> {
  const gen = () => webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as Promise<KeyPair>;
  const caKeys = await gen();
  const leafKeys = await gen();
  const common = { notBefore: FROM, notAfter: UNTIL, signingAlgorithm: { name: 'Ed25519' } };
  const ca = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: '01',
    subject: 'CN=ed-ca',
    issuer: 'CN=ed-ca',
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
  });
  const leaf = await x509.X509CertificateGenerator.create({
    ...common,
    serialNumber: '02',
    subject: 'CN=ed-leaf',
    issuer: 'CN=ed-ca',
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
  });
  return { ca: ca.toString('pem') + '\n', leaf: leaf.toString('pem') + '\n' };
}

/** One DER element at `at`: where its contents start and where it ends. */
function element(der: Buffer, at: number): { body: number; end: number } {
  let len = der[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[body + i]!;
    body += n;
  }
  return { body, end: body + len };
}
function children(der: Buffer): Buffer[] {
  const { body, end } = element(der, 0);
  const out: Buffer[] = [];
  for (let at = body; at < end; at = element(der, at).end) out.push(der.subarray(at, element(der, at).end));
  return out;
}
function sequence(parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 255];
  return Buffer.concat([Buffer.from([0x30, ...len]), body]);
}
/** The certificate with another signature algorithm written in both places (its signature no longer verifies). */
function withSignatureAlgorithm(pem: string, algorithmIdentifierHex: string): string {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const [tbs, , signature] = children(der);
  const alg = Buffer.from(algorithmIdentifierHex, 'hex');
  const fields = children(tbs!);
  fields[2] = alg; // version, serialNumber, signature
  const out = sequence([sequence(fields), alg, signature!]);
  return `-----BEGIN CERTIFICATE-----\n${out
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
}
/** RSASSA-PSS without parameters; with MD5 as its hash; id-ecPublicKey on P-256 (ECDSA, no hash named). */
const PSS = '300b06092a864886f70d01010a';
const PSS_MD5 = '301d06092a864886f70d01010a3010a00e300c06082a864886f70d02050500';
const ECDSA_NO_HASH = '301306072a8648ce3d020106082a8648ce3d030107';

test('cert-weak-algorithm: P-384 and P-521 keys with SHA-384 and SHA-512 signatures are accepted', async () => {
  const ca384 = await makeCert({
    cn: 'ca-384',
    ca: true,
    key: { kind: 'ec', curve: 'P-384', hash: 'SHA-384' },
    notBefore: FROM,
    notAfter: UNTIL,
  });
  const ca521 = await makeCert({
    cn: 'ca-521',
    ca: true,
    key: { kind: 'ec', curve: 'P-521', hash: 'SHA-512' },
    notBefore: FROM,
    notAfter: UNTIL,
  });
  const leaf521 = await makeCert({
    cn: 'leaf-521',
    issuer: ca384,
    key: { kind: 'ec', curve: 'P-521' },
    notBefore: FROM,
    notAfter: UNTIL,
  });
  const leaf384 = await makeCert({
    cn: 'leaf-384',
    issuer: ca521,
    key: { kind: 'ec', curve: 'P-384' },
    notBefore: FROM,
    notAfter: UNTIL,
  });
  assert.deepEqual(weak(ca384.certPem, ca521.certPem, leaf521.certPem, leaf384.certPem), []);
});

test('cert-weak-algorithm: a key on a curve other than the NIST ones is named with its curve', async () => {
  const ca = await makeCert({ cn: 'p256-ca', ca: true, notBefore: FROM, notAfter: UNTIL });
  const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'der' });
  assert.deepEqual(weak(await certFor('k1-leaf', k1, ca)), [
    `${W} 'k1-leaf' has an ECDSA key on curve secp256k1 (P-256, P-384 or P-521)${REFUSED}`,
  ]);
});

test('cert-weak-algorithm: an Ed25519 key, and an Ed25519 signature with it, are both said', async () => {
  const { ca, leaf } = await ed25519();
  // A self-signed root is judged by its key only.
  assert.deepEqual(weak(ca), [`${W} 'ed-ca' has a ed25519 key (RSA or ECDSA)${REFUSED}`]);
  assert.deepEqual(weak(leaf), [`${W} 'ed-leaf' has a ed25519 key (RSA or ECDSA) and a Ed25519 signature${REFUSED}`]);
});

test('cert-weak-algorithm: signatures with no usable hash: RSA-PSS is named, an unknown hash by its OID', async () => {
  const ca = await makeCert({ cn: 'p256-ca', ca: true, notBefore: FROM, notAfter: UNTIL });
  const leaf = (await makeCert({ cn: 'leaf', issuer: ca, notBefore: FROM, notAfter: UNTIL })).certPem;
  assert.deepEqual(weak(withSignatureAlgorithm(leaf, PSS)), [`${W} 'leaf' has a RSA-PSS signature${REFUSED}`]);
  assert.deepEqual(weak(withSignatureAlgorithm(leaf, PSS_MD5)), [
    `${W} 'leaf' has a 1.2.840.113549.2.5 signature (SHA-256, SHA-384 or SHA-512)${REFUSED}`,
  ]);
  // ECDSA that names no hash is not called weak on that ground.
  assert.deepEqual(weak(withSignatureAlgorithm(leaf, ECDSA_NO_HASH)), []);
});
