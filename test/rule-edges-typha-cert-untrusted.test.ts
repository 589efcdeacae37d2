// typha-cert-untrusted beyond its fixtures: Felix's client certificate from another CA (the
// fixtures have Typha's side), a CA of the issuer's name but another key in a bundle of two, a
// pair that does not load (cert-key-mismatch's finding, not this one) and a side with no CA file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { FELIX_TLS_ENV } from '../server/src/engine/rules/support/examples';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';
import { related, said } from './rule-helpers';
import { b64, typhaWorkspace, type Parts } from './typha-workspace';

const RULE = 'typha-cert-untrusted';

function run(files: SourceFile[], rule = RULE): Finding[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

const leaf = (cn: string, eku: string, issuer: Issued) => makeCert({ cn, eku: [eku], issuer });

async function setup(): Promise<{
  ca: Issued;
  server: Issued;
  other: Issued;
  parts: (p: Partial<Parts>) => SourceFile[];
}> {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const server = await leaf('typha-server', SERVER_AUTH, ca);
  const client = await leaf('typha-client', CLIENT_AUTH, ca);
  const other = await makeCert({ cn: 'other-ca', ca: true });
  return { ca, server, other, parts: (p) => typhaWorkspace({ ca, server, client, ...p }) };
}

const FELIX_SIDE = [
  '"/calico-node-certs/tls.crt"',
  "Felix's client certificate 'typha-client' (issuer 'ISSUER', from Secret kube-system/calico-node-certs, key " +
    'tls.crt) is not issued by a CA that Typha trusts: TYPHA_CAFILE (ConfigMap kube-system/calico-typha-ca, key ' +
    'ca.crt) holds CAS. The handshake fails with "certificate signed by unknown authority".',
] as const;

test("typha-cert-untrusted: Felix's client certificate from another CA, with both places", async () => {
  const { parts, other } = await setup();
  const client = await leaf('typha-client', CLIENT_AUTH, other);
  const files = parts({ client });
  const found = run(files);
  assert.deepEqual(said(files, found), [
    [FELIX_SIDE[0], FELIX_SIDE[1].replace('ISSUER', 'other-ca').replace('CAS', "'calico-typha-ca'")],
  ]);
  assert.deepEqual(related(files, found[0]!), [
    ['calico-typha.yaml', '"/calico-typha-ca/ca.crt"', "Typha's TYPHA_CAFILE"],
    ['certs.yaml', b64(client.certPem), 'the certificate'],
  ]);
});

test("typha-cert-untrusted: a CA of the issuer's name but another key, in a bundle of two, is named as such", async () => {
  const { ca, other, parts } = await setup();
  const impostor = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const client = await leaf('typha-client', CLIENT_AUTH, impostor);
  // The server's CA and an unrelated one: only one of the two has the issuer's name.
  const files = parts({ ca: { ...ca, certPem: ca.certPem + other.certPem }, client });
  assert.deepEqual(said(files, run(files)), [
    [
      FELIX_SIDE[0],
      FELIX_SIDE[1]
        .replace('ISSUER', 'calico-typha-ca')
        .replace(
          'CAS',
          "'calico-typha-ca', 'other-ca' (a CA of that name, but with another key: the signer of an earlier install?)",
        ),
    ],
  ]);
});

test('typha-cert-untrusted: a pair that does not load is left to cert-key-mismatch', async () => {
  const { other, parts } = await setup();
  const server = await leaf('typha-server', SERVER_AUTH, other);
  const stranger = await makeCert({ cn: 'stranger' });
  const files = parts({ server, serverKeyPem: stranger.keyPem });
  assert.deepEqual(run(files), []);
  assert.equal(run(files, 'cert-key-mismatch').length, 1);
});

test('typha-cert-untrusted: a side with no CA file checks nothing (typha-tls-incomplete says why)', async () => {
  const { other, parts } = await setup();
  const server = await leaf('typha-server', SERVER_AUTH, other);
  const { FELIX_TYPHACAFILE: _dropped, ...felixEnv } = FELIX_TLS_ENV;
  assert.deepEqual(run(parts({ server, felixEnv })), []);
  // The same server certificate with the CA file named: reported, as Typha's.
  const files = parts({ server });
  assert.deepEqual(said(files, run(files)), [
    [
      '"/calico-typha-certs/tls.crt"',
      "Typha's server certificate 'typha-server' (issuer 'other-ca', from Secret kube-system/calico-typha-certs, " +
        'key tls.crt) is not issued by a CA that Felix trusts: FELIX_TYPHACAFILE (ConfigMap ' +
        "kube-system/calico-typha-ca, key ca.crt) holds 'calico-typha-ca'. The handshake fails with " +
        '"certificate signed by unknown authority".',
    ],
  ]);
});
