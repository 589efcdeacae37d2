// More of what cert-key-swapped and cert-weak-algorithm say about certificate material: a stored
// pair whose key is named as another stored pair's certificate still trades places (only a
// reference reading it crosswise stops the swap), and a damaged certificate is judged by the
// signature algorithm its header still shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from './rule-helpers';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CERT_EXAMPLES } from '../server/src/engine/rules/support/cert-examples';

const NOW = new Date('2027-06-01T00:00:00Z');
const CERT = CERT_EXAMPLES.typhaClientCert;
const KEY = CERT_EXAMPLES.typhaClientKey;
const GO_SWITCHED =
  'tls: failed to find certificate PEM data in certificate input, but did find a private key; ' +
  'PEM inputs may have been switched';

function findings(files: SourceFile[], rule: string): Finding[] {
  return lint(files, { now: NOW }).findings.filter((f) => f.rule === rule);
}

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const secret = (name: string, body: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\n${body}`;
const one = (text: string, uri = 'secret.yaml'): SourceFile[] => [{ uri, text }];

// ---- cert-key-swapped: a key named as another stored pair's certificate ----

test('cert-key-swapped: a key that is also the certificate of another stored pair (server-key.pem) still trades places', () => {
  // cfssl names: server.pem / server-key.pem; server-key.pem is in turn the certificate name of
  // the pair server-key.pem / server-key-key.pem, which is fine (certificate, then its key).
  const body = (pem: string, keyPem: string) =>
    `data:\n  server.pem: ${b64(pem)}\n  server-key.pem: ${b64(keyPem)}\n  server-key-key.pem: ${b64(KEY)}\n`;
  const files = one(secret('cfssl', body(KEY, CERT)));
  const found = findings(files, 'cert-key-swapped');
  assert.deepEqual(
    found.map((f) => f.message),
    [
      "Secret kube-system/cfssl: 'server.pem' holds a private key and 'server-key.pem' holds the certificate; " +
        `the two values are swapped. Go's tls.X509KeyPair fails with "${GO_SWITCHED}": every pod that reads the ` +
        'pair by these names fails to load it, and so does the operator for the key pairs it reads.',
    ],
  );
  const f = found[0]!;
  const text = files[0]!.text;
  assert.equal(text.slice(f.span.start, f.span.end), b64(KEY));
  assert.deepEqual(
    f.related.map((r) => [r.message, text.slice(r.span.start, r.span.end)]),
    [['server-key.pem, which holds the certificate', b64(CERT)]],
  );
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.safety]),
    [["Swap the values of 'server.pem' and 'server-key.pem'", 'safe']],
  );
  assert.equal(applyFix(files, f)[0]!.text, secret('cfssl', body(CERT, KEY)));
});

// ---- cert-weak-algorithm: a damaged certificate ----

const DER = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
/** The certificate's DER cut short (whole base64 groups: the block itself decodes, the certificate does not). */
const truncated = (pem: string, bytes: number) =>
  `-----BEGIN CERTIFICATE-----\n${b64(DER(pem).subarray(0, bytes))
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
const typhaCerts = (pem: string) => one(secret('typha-certs', `data:\n  tls.crt: ${b64(pem)}\n`));

test('cert-weak-algorithm: a damaged certificate whose header names SHA-1 is said with "an", at its value', () => {
  const files = typhaCerts(truncated(CERT_EXAMPLES.sha1ServerCert, 300));
  const found = findings(files, 'cert-weak-algorithm');
  assert.deepEqual(
    found.map((f) => f.message),
    [
      'Secret kube-system/typha-certs, key tls.crt: the certificate (damaged, read as far as it goes) has an ' +
        "SHA-1 signature; Calico's TLS stack does not accept it.",
    ],
  );
  const text = files[0]!.text;
  assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), b64(truncated(CERT_EXAMPLES.sha1ServerCert, 300)));
  assert.deepEqual(found[0]!.related, []);
  // The same cut on a SHA-256 certificate: damaged (cert-not-pem says so), but no weak signature.
  assert.deepEqual(findings(typhaCerts(truncated(CERT_EXAMPLES.typhaServerCert, 300)), 'cert-weak-algorithm'), []);
});
