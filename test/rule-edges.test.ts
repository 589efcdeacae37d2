// The edges of rules' decisions that no fixture reaches (issue 18 item 5, written against the
// mutants StrykerJS left alive): boundaries of lengths, every message a rule can say in full,
// and the text its quick fixes leave. Each assertion fails when the decision it names changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from './rule-helpers';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';
import { CERT_EXAMPLES } from '../server/src/engine/rules/support/cert-examples';

const NOW = new Date('2027-06-01T00:00:00Z');

function findings(files: SourceFile[], rule: string): Finding[] {
  return lint(files, { now: NOW }).findings.filter((f) => f.rule === rule);
}

// ---- certificate-management-signer-name ----

const installation = (cm: string): SourceFile[] => [
  {
    uri: 'installation.yaml',
    text: `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    caCert: ""\n${cm}`,
  },
];

function signerMessages(value: string): string[] {
  const files = installation(`    signerName: ${JSON.stringify(value)}\n`);
  return findings(files, 'certificate-management-signer-name').map((f) => f.message);
}

const label = (n: number) => 'a'.repeat(n);
/** A valid DNS subdomain of exactly `n` characters (labels of 63 joined by dots). */
function subdomain(n: number): string {
  const parts: string[] = [];
  let left = n;
  while (left > 0) {
    const take = Math.min(63, left === 64 ? 62 : left);
    parts.push(label(take));
    left -= take + 1;
    if (left === 0) break;
  }
  const s = parts.join('.');
  assert.equal(s.length, n);
  return s;
}

test('certificate-management-signer-name: kube-apiserver limits, each at its edge', () => {
  const domain253 = `${subdomain(249)}.com`;
  assert.equal(domain253.length, 253);
  const path253 = subdomain(253);
  // Exactly at every limit: accepted.
  assert.deepEqual(signerMessages(`${domain253}/${path253}`), []);
  assert.deepEqual(signerMessages(`${label(63)}.com/${label(63)}`), []);
  assert.deepEqual(signerMessages('a.b/c'), [], 'one-character labels are DNS labels');
  // One past: refused, by the part that is too long.
  const d254 = `a${domain253}`;
  assert.deepEqual(signerMessages(`${d254}/x`), [
    `signerName '${d254}/x' has a domain part '${d254}' that is not a valid DNS name; kube-apiserver rejects the CSR and pods wait in Init.`,
  ]);
  assert.match(signerMessages(`${label(64)}.com/x`)[0] ?? '', /has a domain part/);
  assert.deepEqual(signerMessages(`example.com/a${path253}`), [
    `signerName 'example.com/a${path253}' has a path part 'a${path253}' that is not a valid DNS subdomain; kube-apiserver rejects the CSR and pods wait in Init.`,
  ]);
  assert.match(signerMessages(`example.com/${label(64)}`)[0] ?? '', /has a path part/);
});

test('certificate-management-signer-name: the 571-character limit is said only past 571', () => {
  // 571 characters: within the total, but the path is longer than a subdomain may be.
  const at571 = `example.com/${'a.'.repeat(279)}a`;
  assert.equal(at571.length, 571);
  assert.match(signerMessages(at571)[0] ?? '', /has a path part/);
  const at572 = `${at571}b`;
  assert.deepEqual(signerMessages(at572), [
    `signerName '${at572}' is longer than 571 characters; kube-apiserver rejects the CSR and pods wait in Init.`,
  ]);
});

test('certificate-management-signer-name: labels end and start with a letter or digit; the path is not empty', () => {
  assert.match(signerMessages('example.com-/signer')[0] ?? '', /has a domain part 'example\.com-'/);
  assert.match(signerMessages('-example.com/signer')[0] ?? '', /has a domain part/);
  assert.deepEqual(signerMessages('example.com/'), [
    "signerName 'example.com/' has a path part '' that is not a valid DNS subdomain; kube-apiserver rejects the CSR and pods wait in Init.",
  ]);
  // One bad label among good ones is enough.
  assert.match(signerMessages('example.com/good.Bad.fine')[0] ?? '', /has a path part 'good\.Bad\.fine'/);
  assert.match(signerMessages('example.com/good.bad-')[0] ?? '', /has a path part/);
  assert.deepEqual(signerMessages('example/signer'), [
    "signerName 'example/signer' should be a domain with at least two segments separated by dots; kube-apiserver rejects the CSR and pods wait in Init.",
  ]);
  assert.deepEqual(signerMessages('example.com/a/b'), [
    "signerName 'example.com/a/b' must be a fully qualified domain and path of the form 'example.com/signer-name'; kube-apiserver rejects the CSR and pods wait in Init.",
  ]);
});

// ---- certificate-management-algorithms ----

function algorithms(cm: string): { files: SourceFile[]; found: Finding[] } {
  const files = installation(cm);
  return { files, found: findings(files, 'certificate-management-algorithms') };
}

test('certificate-management-algorithms: an unknown signatureAlgorithm is named with the allowed values', () => {
  const { found } = algorithms('    signatureAlgorithm: SHA1WithRSA\n');
  assert.deepEqual(
    found.map((f) => f.message),
    [
      "signatureAlgorithm 'SHA1WithRSA' is not one of SHA256WithRSA, SHA384WithRSA, SHA512WithRSA, ECDSAWithSHA256, ECDSAWithSHA384, ECDSAWithSHA512.",
    ],
  );
  const k = algorithms('    keyAlgorithm: RSAWithSize1024\n');
  assert.deepEqual(
    k.found.map((f) => f.message),
    [
      "keyAlgorithm 'RSAWithSize1024' is not one of RSAWithSize2048, RSAWithSize4096, RSAWithSize8192, ECDSAWithCurve256, ECDSAWithCurve384, ECDSAWithCurve521.",
    ],
  );
});

test('certificate-management-algorithms: the defaults are named as defaults, and the fix keeps the strength', () => {
  // No keyAlgorithm: the default RSA key against an ECDSA signature.
  const a = algorithms('    signatureAlgorithm: ECDSAWithSHA384\n');
  assert.deepEqual(
    a.found.map((f) => f.message),
    [
      'keyAlgorithm RSAWithSize2048 (the default) and signatureAlgorithm ECDSAWithSHA384 are of different families; the CSR cannot be created ("unable to create an x509 csr").',
    ],
  );
  assert.match(applyFix(a.files, a.found[0]!)[0]!.text, /\n {4}signatureAlgorithm: SHA256WithRSA\n$/);
  // No signatureAlgorithm: the strongest ECDSA key gets an added SHA512 signature at the key's column.
  const b = algorithms('    keyAlgorithm: ECDSAWithCurve521\n');
  assert.deepEqual(
    b.found.map((f) => f.message),
    [
      'keyAlgorithm ECDSAWithCurve521 and signatureAlgorithm SHA256WithRSA (the default) are of different families; the CSR cannot be created ("unable to create an x509 csr").',
    ],
  );
  assert.equal(b.found[0]!.fixes[0]!.title, 'Add signatureAlgorithm: ECDSAWithSHA512');
  assert.match(
    applyFix(b.files, b.found[0]!)[0]!.text,
    /\n {4}keyAlgorithm: ECDSAWithCurve521\n {4}signatureAlgorithm: ECDSAWithSHA512\n$/,
  );
  const c = algorithms('    keyAlgorithm: RSAWithSize8192\n    signatureAlgorithm: ECDSAWithSHA256\n');
  assert.match(applyFix(c.files, c.found[0]!)[0]!.text, /signatureAlgorithm: SHA512WithRSA\n$/);
  const d = algorithms('    keyAlgorithm: ECDSAWithCurve384\n    signatureAlgorithm: SHA256WithRSA\n');
  assert.match(applyFix(d.files, d.found[0]!)[0]!.text, /signatureAlgorithm: ECDSAWithSHA384\n$/);
});

test('certificate-management-algorithms: a templated value is unknown; an unknown value is not also a family mismatch', () => {
  const t: SourceFile[] = [
    {
      uri: 'installation.yaml.j2',
      text: 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    caCert: ""\n    keyAlgorithm: ECDSAWithCurve256\n    signatureAlgorithm: "{{ sig }}"\n',
    },
  ];
  assert.deepEqual(findings(t, 'certificate-management-algorithms'), []);
  const t2: SourceFile[] = [
    {
      uri: 'installation.yaml.j2',
      text: 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    caCert: ""\n    keyAlgorithm: "{{ key }}"\n    signatureAlgorithm: ECDSAWithSHA256\n',
    },
  ];
  assert.deepEqual(findings(t2, 'certificate-management-algorithms'), []);
  // An unknown key is said once, as unknown (its family is not guessed).
  const u = algorithms('    keyAlgorithm: ECDSAWithCurve999\n    signatureAlgorithm: SHA256WithRSA\n');
  assert.deepEqual(u.found.length, 1);
  assert.match(u.found[0]!.message, /^keyAlgorithm 'ECDSAWithCurve999' is not one of/);
  const v = algorithms('    keyAlgorithm: ECDSAWithCurve256\n    signatureAlgorithm: SHA1WithRSA\n');
  assert.deepEqual(v.found.length, 1);
  assert.match(v.found[0]!.message, /^signatureAlgorithm 'SHA1WithRSA' is not one of/);
  // Nothing written under certificateManagement but caCert: the defaults agree.
  assert.deepEqual(algorithms('').found, []);
});

// ---- cni-etcd-endpoints-missing ----

const conflist = (members: string): SourceFile[] => [
  {
    uri: '10-calico.conflist',
    text: `{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "calico",\n${members}\n    }\n  ]\n}\n`,
  },
];

function endpointsMissing(members: string): { files: SourceFile[]; found: Finding[] } {
  const files = conflist(members);
  return { files, found: findings(files, 'cni-etcd-endpoints-missing') };
}

test('cni-etcd-endpoints-missing: the fix replaces the authority and deletes the scheme with its comma, wherever it is', () => {
  // Scheme before the authority: its comma and the blank after it go.
  const a = endpointsMissing(
    '      "datastore_type": "etcdv3",\n      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1:2379",\n      "etcd_key_file": "/k"',
  );
  assert.equal(a.found.length, 1);
  assert.equal(
    applyFix(a.files, a.found[0]!)[0]!.text,
    conflist(
      '      "datastore_type": "etcdv3",\n      "etcd_endpoints": "https://10.0.0.1:2379",\n      "etcd_key_file": "/k"',
    )[0]!.text,
  );
  // The scheme last, right after the authority: the comma before it goes.
  const b = endpointsMissing('      "etcd_authority": "10.0.0.1:2379",\n      "etcd_scheme": "HTTPS "');
  assert.equal(b.found[0]!.fixes[0]!.title, 'Replace with "etcd_endpoints": "https://10.0.0.1:2379"');
  assert.equal(
    applyFix(b.files, b.found[0]!)[0]!.text,
    conflist('      "etcd_endpoints": "https://10.0.0.1:2379"')[0]!.text,
  );
  // Blanks before the comma.
  const c = endpointsMissing('      "etcd_scheme": "https"  ,\n      "etcd_authority": "etcd:2379"');
  assert.equal(
    applyFix(c.files, c.found[0]!)[0]!.text,
    conflist('      "etcd_endpoints": "https://etcd:2379"')[0]!.text,
  );
});

test('cni-etcd-endpoints-missing: no fix unless the scheme is https and the authority is host:port', () => {
  const noFix = (members: string) => {
    const r = endpointsMissing(members);
    assert.equal(r.found.length, 1, members);
    assert.deepEqual(r.found[0]!.fixes, [], members);
  };
  noFix('      "etcd_scheme": "http",\n      "etcd_authority": "10.0.0.1:2379"');
  noFix('      "etcd_authority": "10.0.0.1:2379"');
  noFix('      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1"');
  noFix('      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1:2379/x"');
  noFix('      "etcd_scheme": "https",\n      "etcd_authority": "https://10.0.0.1:2379"');
  noFix('      "etcd_scheme": "https",\n      "etcd_authority": "x10.0.0.1:2379y"');
  // Around the scheme something other than JSON punctuation (a comment): the deletion is not guessed.
  const commented: SourceFile[] = [
    {
      uri: '10-calico.conflist',
      text: '{"name": "k8s", "plugins": [{"etcd_scheme": "https" /* v1 */, "type": "calico", "etcd_authority": "etcd:2379"}]}\n',
    },
  ];
  const cf = findings(commented, 'cni-etcd-endpoints-missing');
  assert.equal(cf.length, 1);
  assert.deepEqual(cf[0]!.fixes, []);
  // An empty etcd_endpoints is unset to the client, and a second one would be a duplicate key.
  noFix('      "etcd_endpoints": "",\n      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1:2379"');
});

test('cni-etcd-endpoints-missing: said at the authority, naming what is written; at the scheme when the authority is empty', () => {
  const a = endpointsMissing('      "etcd_scheme": "https",\n      "etcd_authority": "10.0.0.1:2379"');
  const f = a.found[0]!;
  assert.equal(a.files[0]!.text.slice(f.span.start, f.span.end), '"etcd_authority"');
  assert.equal(
    f.message,
    'CNI config 10-calico.conflist names etcd only in etcd_scheme https and etcd_authority 10.0.0.1:2379, which the Calico CNI plugin no longer reads, and has no etcd_endpoints: without a datastore_type the plugin falls back to the kubernetes datastore and never uses this etcd. Put the URL in etcd_endpoints.',
  );
  const b = endpointsMissing(
    '      "datastore_type": "etcdv3",\n      "etcd_authority": "",\n      "etcd_scheme": "https"',
  );
  const g = b.found[0]!;
  assert.equal(b.files[0]!.text.slice(g.span.start, g.span.end), '"etcd_scheme"');
  assert.match(g.message, /names etcd only in etcd_scheme https, which .* with datastore_type etcdv3/);
  assert.deepEqual(g.fixes, []);
});

// ---- ca-eku-mismatch ----

const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const ANY_EKU = '2.5.29.37.0';

function ekuMessages(...certs: Issued[]): string[] {
  const files: SourceFile[] = [
    {
      uri: 'certs.yaml',
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\ndata:\n  ca.crt: ${JSON.stringify(certs.map((c) => c.certPem).join(''))}\n`,
    },
  ];
  return findings(files, 'ca-eku-mismatch').map((f) => f.message);
}

test('ca-eku-mismatch: a certificate needing only what its CA allows, anything, or nothing is fine', async () => {
  const ca = await makeCert({ cn: 'client-only-ca', ca: true, eku: [CLIENT_AUTH] });
  assert.deepEqual(ekuMessages(ca, await makeCert({ cn: 'felix', issuer: ca, eku: [CLIENT_AUTH] })), []);
  assert.deepEqual(ekuMessages(ca, await makeCert({ cn: 'anything', issuer: ca, eku: [ANY_EKU] })), []);
  assert.deepEqual(ekuMessages(ca, await makeCert({ cn: 'no-eku', issuer: ca })), [], 'no EKU extension');
  // A CA that allows any usage restricts nothing.
  const anyCa = await makeCert({ cn: 'any-ca', ca: true, eku: [ANY_EKU, CLIENT_AUTH] });
  assert.deepEqual(ekuMessages(anyCa, await makeCert({ cn: 'typha', issuer: anyCa, eku: [SERVER_AUTH] })), []);
  // Another CA's certificate is not this CA's business.
  const other = await makeCert({ cn: 'other-ca', ca: true });
  assert.deepEqual(ekuMessages(ca, other, await makeCert({ cn: 'typha', issuer: other, eku: [SERVER_AUTH] })), []);
});

test('ca-eku-mismatch: the message names every usage the CA allows and every one the certificate misses', async () => {
  const ca = await makeCert({ cn: 'limited-ca', ca: true, eku: [CLIENT_AUTH, CODE_SIGNING] });
  const leaf = await makeCert({
    cn: 'typha',
    issuer: ca,
    eku: [SERVER_AUTH, CLIENT_AUTH, CODE_SIGNING, '1.3.6.1.5.5.7.3.4'],
  });
  assert.deepEqual(ekuMessages(ca, leaf), [
    "CA 'limited-ca' (ConfigMap calico-typha-ca, key ca.crt) limits its certificates to clientAuth, 1.3.6.1.5.5.7.3.3, but 'typha' needs serverAuth, 1.3.6.1.5.5.7.3.4; Go rejects that certificate.",
  ]);
  // The CA is the one cause: said once, however many of its certificates it breaks.
  const other = await makeCert({ cn: 'felix', issuer: ca, eku: [SERVER_AUTH] });
  assert.equal(ekuMessages(ca, leaf, other).length, 1);
});

// ---- cert-key-swapped: when the swap fix is offered, and what it leaves ----

const SWAP_CERT = CERT_EXAMPLES.typhaClientCert;
const SWAP_KEY = CERT_EXAMPLES.typhaClientKey;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const block = (pem: string, indent: string) =>
  pem
    .trimEnd()
    .split('\n')
    .map((l) => indent + l)
    .join('\n');

function swapped(secretBody: string): { files: SourceFile[]; found: Finding[] } {
  const files: SourceFile[] = [
    {
      uri: 'secret.yaml',
      text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-node-certs\n  namespace: kube-system\ntype: kubernetes.io/tls\n${secretBody}`,
    },
  ];
  return { files, found: findings(files, 'cert-key-swapped') };
}

test('cert-key-swapped: one-line values in one file trade places, exactly', () => {
  const { files, found } = swapped(`data:\n  tls.crt: ${b64(SWAP_KEY)}\n  tls.key: ${b64(SWAP_CERT)}\n`);
  assert.equal(found.length, 1);
  assert.equal(
    found[0]!.message,
    "Secret kube-system/calico-node-certs: 'tls.crt' holds a private key and 'tls.key' holds the certificate; the two values are swapped. Go's tls.X509KeyPair fails with \"tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched\": every pod that reads the pair by these names fails to load it, and so does the operator for the key pairs it reads.",
  );
  assert.equal(found[0]!.fixes[0]!.title, "Swap the values of 'tls.crt' and 'tls.key'");
  assert.equal(
    applyFix(files, found[0]!)[0]!.text,
    swapped(`data:\n  tls.crt: ${b64(SWAP_CERT)}\n  tls.key: ${b64(SWAP_KEY)}\n`).files[0]!.text,
  );
});

test('cert-key-swapped: block scalars trade places only when indented alike and ended alike', () => {
  const same = swapped(
    `stringData:\n  tls.crt: |\n${block(SWAP_KEY, '    ')}\n  tls.key: |\n${block(SWAP_CERT, '    ')}\n`,
  );
  assert.equal(same.found.length, 1);
  assert.equal(
    applyFix(same.files, same.found[0]!)[0]!.text,
    swapped(`stringData:\n  tls.crt: |\n${block(SWAP_CERT, '    ')}\n  tls.key: |\n${block(SWAP_KEY, '    ')}\n`)
      .files[0]!.text,
  );
  // Indented differently: moved, each would break the other's layout.
  const other = swapped(
    `stringData:\n  tls.crt: |\n${block(SWAP_KEY, '    ')}\n  tls.key: |\n${block(SWAP_CERT, '      ')}\n`,
  );
  assert.equal(other.found.length, 1);
  assert.deepEqual(other.found[0]!.fixes, []);
  // A block scalar and a one-line value: not movable into each other's place.
  const mixed = swapped(
    `stringData:\n  tls.crt: |\n${block(SWAP_KEY, '    ')}\n  tls.key: ${JSON.stringify(SWAP_CERT)}\n`,
  );
  assert.equal(mixed.found.length, 1);
  assert.deepEqual(mixed.found[0]!.fixes, []);
  // One in data (base64), one in stringData: different encodings, no swap.
  const enc = swapped(`data:\n  tls.crt: ${b64(SWAP_KEY)}\nstringData:\n  tls.key: ${JSON.stringify(SWAP_CERT)}\n`);
  assert.equal(enc.found.length, 1);
  assert.deepEqual(enc.found[0]!.fixes, []);
});
