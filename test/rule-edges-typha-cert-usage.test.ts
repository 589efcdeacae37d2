// typha-cert-usage beyond its fixtures: each side's certificate (Felix's client, Typha's server),
// the usages it does carry named as Go names them (an unknown one by its OID, a list of three),
// and an extended key usage extension that lists none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from './certfactory';
import { related, said } from './rule-helpers';
import { b64, typhaWorkspace } from './typha-workspace';

const RULE = 'typha-cert-usage';
const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const REJECTED = 'the peer rejects it with "x509: certificate specifies an incompatible key usage".';

function run(files: SourceFile[]): Finding[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

async function parts(
  server: readonly string[],
  client: readonly string[],
): Promise<{ files: SourceFile[]; server: Issued; client: Issued }> {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const leaf = (cn: string, eku: readonly string[]): Promise<Issued> => makeCert({ cn, eku, issuer: ca });
  const pair = { server: await leaf('typha-server', server), client: await leaf('typha-client', client) };
  return { files: typhaWorkspace({ ca, ...pair }), ...pair };
}

test("typha-cert-usage: Felix's client certificate without clientAuth, its usages named (an unknown one by OID)", async () => {
  const { files, client } = await parts([SERVER_AUTH], [SERVER_AUTH, CODE_SIGNING]);
  const found = run(files);
  assert.deepEqual(said(files, found), [
    [
      '"/calico-node-certs/tls.crt"',
      "Felix's client certificate 'typha-client' (FELIX_TYPHACERTFILE -> Secret kube-system/calico-node-certs, " +
        'key tls.crt) has extended key usage ' +
        `serverAuth, ${CODE_SIGNING} but not clientAuth; ${REJECTED}`,
    ],
  ]);
  assert.deepEqual(related(files, found[0]!), [['certs.yaml', b64(client.certPem), 'the certificate']]);
});

const TYPHA_PLACE = [
  '"/calico-typha-certs/tls.crt"',
  "Typha's server certificate 'typha-server' (TYPHA_SERVERCERTFILE -> Secret kube-system/calico-typha-certs, " +
    'key tls.crt) has extended key usage ',
] as const;

test("typha-cert-usage: Typha's server certificate without serverAuth, three usages listed in order", async () => {
  const { files, server } = await parts([CLIENT_AUTH, CODE_SIGNING, EMAIL_PROTECTION], [CLIENT_AUTH]);
  const found = run(files);
  assert.deepEqual(said(files, found), [
    [
      TYPHA_PLACE[0],
      `${TYPHA_PLACE[1]}clientAuth, ${CODE_SIGNING}, ${EMAIL_PROTECTION} but not serverAuth; ${REJECTED}`,
    ],
  ]);
  assert.deepEqual(related(files, found[0]!), [['certs.yaml', b64(server.certPem), 'the certificate']]);
});

test('typha-cert-usage: an extended key usage extension that lists no usage allows none', async () => {
  const { files } = await parts([], [CLIENT_AUTH]);
  assert.deepEqual(said(files, run(files)), [
    [TYPHA_PLACE[0], `${TYPHA_PLACE[1]}none but not serverAuth; ${REJECTED}`],
  ]);
});

test('typha-cert-usage: no extension at all, or the usage among others, is accepted on both sides', async () => {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const server = await makeCert({ cn: 'typha-server', issuer: ca });
  const client = await makeCert({ cn: 'typha-client', eku: [CODE_SIGNING, CLIENT_AUTH], issuer: ca });
  assert.deepEqual(run(typhaWorkspace({ ca, server, client })), []);
});
