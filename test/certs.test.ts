// Certificate checks on real certificates made by the test (RSA and ECDSA): a correct
// Felix <-> Typha mTLS workspace lints clean, and each defect produces exactly its finding at
// the exact place (positions found by searching the text, never hard-coded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint, resolveFinding, type SourceFile } from '../server/src/engine';
import { base64ErrorOffset, firstBadBase64Byte } from '../server/src/engine/certs/pem';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type KeySpec } from './certfactory';
import { FELIX_TLS_ENV, TYPHA_TLS_ENV, type EnvSpec } from '../server/src/engine/rules/support/examples';
import { b64, typhaWorkspace as workspace } from './typha-workspace';

const DAY = 86_400_000;

/** "rule@file:line:col-endcol" for every finding. */
function findings(files: SourceFile[]): string[] {
  const res = lint(files);
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  return res.findings
    .map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      return `${f.rule}@${r.uri}:${r.range.start.line}:${r.range.start.character}-${r.range.end.character}`;
    })
    .sort();
}

/** Where `needle` (the n-th occurrence) is in a file, in the same notation. */
function at(rule: string, files: SourceFile[], uri: string, needle: string, nth = 1): string {
  const text = files.find((f) => f.uri === uri)!.text;
  let i = -1;
  for (let k = 0; k < nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in ${uri}`);
  const before = text.slice(0, i).split('\n');
  const line = before.length - 1;
  const col = before[before.length - 1]!.length;
  return `${rule}@${uri}:${line}:${col}-${col + needle.length}`;
}

for (const [label, key, weakHash] of [
  ['RSA-2048', { kind: 'rsa', bits: 2048 }, { kind: 'rsa', bits: 2048, hash: 'SHA-1' }],
  ['ECDSA P-256', { kind: 'ec', curve: 'P-256' }, { kind: 'ec', curve: 'P-256', hash: 'SHA-1' }],
] as Array<[string, KeySpec, KeySpec]>) {
  test(`certificates (${label}): a correct set is clean and each defect is found exactly`, async () => {
    const ca = await makeCert({ cn: 'calico-typha-ca', ca: true, key });
    const server = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: ca, key });
    const client = await makeCert({
      cn: 'typha-client',
      eku: [CLIENT_AUTH],
      issuer: ca,
      key,
      uris: ['spiffe://cluster.local/ns/kube-system/sa/calico-node'],
    });
    const good = workspace({ ca, server, client });
    assert.deepEqual(findings(good), [], 'correct set');

    // Wrong EKU: Typha's certificate is client-only.
    const clientOnly = await makeCert({ cn: 'typha-server', eku: [CLIENT_AUTH], issuer: ca, key });
    let ws = workspace({ ca, server: clientOnly, client });
    assert.deepEqual(findings(ws), [at('typha-cert-usage', ws, 'calico-typha.yaml', '"/calico-typha-certs/tls.crt"')]);

    // Expired and not yet valid.
    const expired = await makeCert({
      cn: 'typha-server',
      eku: [SERVER_AUTH],
      issuer: ca,
      key,
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 35 * DAY),
    });
    ws = workspace({ ca, server: expired, client });
    assert.deepEqual(findings(ws), [at('cert-expired', ws, 'certs.yaml', b64(expired.certPem))]);
    const future = await makeCert({
      cn: 'typha-server',
      eku: [SERVER_AUTH],
      issuer: ca,
      key,
      notBefore: new Date(Date.now() + 10 * DAY),
      notAfter: new Date(Date.now() + 400 * DAY),
    });
    ws = workspace({ ca, server: future, client });
    assert.deepEqual(findings(ws), [at('cert-not-yet-valid', ws, 'certs.yaml', b64(future.certPem))]);
    const soon = await makeCert({
      cn: 'typha-server',
      eku: [SERVER_AUTH],
      issuer: ca,
      key,
      notAfter: new Date(Date.now() + 5 * DAY),
    });
    ws = workspace({ ca, server: soon, client });
    assert.deepEqual(findings(ws), [at('cert-expiring-soon', ws, 'certs.yaml', b64(soon.certPem))]);

    // Wrong issuer: Felix's certificate from another CA.
    const otherCa = await makeCert({ cn: 'other-ca', ca: true, key });
    const foreign = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: otherCa, key });
    ws = workspace({ ca, server, client: foreign });
    assert.deepEqual(findings(ws), [
      at('typha-cert-untrusted', ws, 'calico-node.yaml', '"/calico-node-certs/tls.crt"'),
    ]);

    // Mismatched key.
    ws = workspace({ ca, server, serverKeyPem: client.keyPem, client });
    assert.deepEqual(findings(ws), [at('cert-key-mismatch', ws, 'certs.yaml', b64(client.keyPem), 1)]);

    // CN mismatch, with the fix offered.
    ws = workspace({ ca, server, client, felixEnv: { ...FELIX_TLS_ENV, FELIX_TYPHACN: 'calico-typha' } });
    assert.deepEqual(findings(ws), [at('typha-identity-mismatch', ws, 'calico-node.yaml', '"calico-typha"', 2)]);
    const fix = lint(ws).findings[0]!.fixes[0]!;
    assert.equal(fix.edits[0]!.newText, '"typha-server"'); // the value's quoting is kept

    // URI SAN mismatch on Typha's ClientURISAN (CN unset): the client has a different SPIFFE ID.
    const typhaEnv: EnvSpec = {
      ...TYPHA_TLS_ENV,
      TYPHA_CLIENTURISAN: 'spiffe://cluster.local/ns/calico-system/sa/calico-node',
    };
    delete (typhaEnv as Record<string, string>).TYPHA_CLIENTCN;
    ws = workspace({ ca, server, client, typhaEnv });
    assert.deepEqual(findings(ws), [
      at(
        'typha-identity-mismatch',
        ws,
        'calico-typha.yaml',
        '"spiffe://cluster.local/ns/calico-system/sa/calico-node"',
      ),
    ]);
    // ... and matching when the SPIFFE ID is right.
    ws = workspace({
      ca,
      server,
      client,
      typhaEnv: { ...typhaEnv, TYPHA_CLIENTURISAN: 'spiffe://cluster.local/ns/kube-system/sa/calico-node' },
    });
    assert.deepEqual(findings(ws), []);

    // SHA-1 signature.
    const sha1Ca = await makeCert({ cn: 'calico-typha-ca', ca: true, key: weakHash });
    const sha1Server = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: sha1Ca, key });
    ws = workspace({
      ca: sha1Ca,
      server: sha1Server,
      client: await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: sha1Ca, key }),
    });
    const sha1Findings = findings(ws);
    // The server and the client certificate are both SHA-1 signed; the self-signed root is not judged by its signature.
    assert.deepEqual(
      sha1Findings.map((f) => f.split('@')[0]),
      ['cert-weak-algorithm', 'cert-weak-algorithm'],
    );
    assert.ok(sha1Findings.includes(at('cert-weak-algorithm', ws, 'certs.yaml', b64(sha1Server.certPem))));

    // Not a CA: the "CA" has CA:FALSE.
    const notCa = await makeCert({ cn: 'calico-typha-ca', ca: false, key, keyUsage: 0x80 | 0x01 });
    const s2 = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: notCa, key });
    const c2 = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: notCa, key });
    ws = workspace({ ca: notCa, server: s2, client: c2 });
    assert.deepEqual(findings(ws), [at('ca-cert-not-ca', ws, 'certs.yaml', JSON.stringify(notCa.certPem))]);
  });
}

test('certificates: an RSA-1024 key is reported', async () => {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const weak = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: ca, key: { kind: 'rsa', bits: 1024 } });
  const client = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: ca });
  const ws = workspace({ ca, server: weak, client });
  assert.deepEqual(findings(ws), [at('cert-weak-algorithm', ws, 'certs.yaml', b64(weak.certPem))]);
  assert.match(lint(ws).findings[0]!.message, /RSA-1024/);
});

test('base64ErrorOffset: the fast path for valid values agrees with the character loop (Go StdEncoding)', () => {
  const chars = fc.constantFrom('A', 'b', '9', '+', '/', '=', '\n', '\r', ' ', '-');
  fc.assert(
    fc.property(
      fc.array(chars, { maxLength: 24 }).map((a) => a.join('')),
      (s) => base64ErrorOffset(s) === firstBadBase64Byte(s),
    ),
    { numRuns: 3000 },
  );
  for (const s of ['', '\n', 'AAAA', 'AAA=', 'AA==', 'A===', '====', 'AA=\n=', 'AAAA\r\nBB==\n', 'A-AA'])
    assert.equal(base64ErrorOffset(s), firstBadBase64Byte(s), JSON.stringify(s));
  assert.equal(base64ErrorOffset('AAAA\r\nBB==\n'), undefined);
  assert.equal(base64ErrorOffset('A-AA'), 1);
});

// Issue 17 item 8: Go reads certificates with cryptobyte, which accepts DER only. A certificate
// with bytes after it, or in BER form (indefinite or non-minimal lengths), is refused by Felix,
// Typha and calicoctl ("x509: trailing data", "x509: malformed certificate"); Node and
// @peculiar/x509 accept both, so we must check ourselves.
test('certificates Go cannot read: DER with trailing data, BER indefinite and non-minimal lengths', async () => {
  const { derProblem } = await import('../server/src/engine/certs/der');
  const c = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH] });
  const der = new Uint8Array(c.cert.rawData);
  assert.equal(derProblem(der), undefined, 'a real certificate is strict DER');
  const pem = (bytes: Uint8Array) =>
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(bytes)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n')
      .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const trailing = new Uint8Array([...der, 0, 0, 0, 1]);
  // The outer SEQUENCE as BER: indefinite length (0x80) and end-of-contents octets.
  const body = der.subarray(2 + (der[1]! & 0x7f));
  const indefinite = new Uint8Array([0x30, 0x80, ...body, 0, 0]);
  // The outer length with a leading zero octet: valid BER, not DER.
  const n = der[1]! & 0x7f;
  const nonMinimal = new Uint8Array([0x30, 0x80 | (n + 1), 0, ...der.subarray(2, 2 + n), ...body]);
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['trailing', trailing, /x509: trailing data/],
    ['indefinite', indefinite, /x509: malformed certificate \(BER indefinite length\)/],
    ['non-minimal', nonMinimal, /x509: malformed certificate \(non-minimal DER length\)/],
  ];
  for (const [label, bytes, message] of cases) {
    assert.ok(derProblem(bytes), label);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\n  namespace: kube-system\ndata:\n  ca.crt: ${JSON.stringify(pem(bytes))}\n`;
    const res = lint([{ uri: 'ca.yaml', text }], { now: new Date() });
    const f = res.findings.filter((x) => x.rule === 'cert-not-pem');
    assert.equal(f.length, 1, `${label}: ${res.findings.map((x) => x.rule).join(', ')}`);
    assert.match(f[0]!.message, message, label);
  }
});
