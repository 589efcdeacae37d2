// typha-identity-mismatch beyond its fixtures: a CN whose value is unknown beside a URI SAN that
// does not match (either one matching is enough, so nothing is known to be wrong), a URI SAN alone
// (Calico's error text for it, the fix to the certificate's one URI, none when it has two), and a
// certificate with an empty CN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { FELIX_TLS_ENV, type EnvSpec } from '../server/src/engine/rules/support/examples';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from './certfactory';
import { said } from './rule-helpers';
import { typhaWorkspace } from './typha-workspace';

const RULE = 'typha-identity-mismatch';
const TYPHA_URI = 'spiffe://cluster.local/ns/kube-system/sa/calico-typha';
const OTHER_URI = 'spiffe://cluster.local/ns/kube-system/sa/other';
const { FELIX_TYPHACN: _cn, ...WITHOUT_CN } = FELIX_TLS_ENV;

function run(files: SourceFile[]): Finding[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

/** Felix's env and a Typha server certificate with the given CN and URI SANs. */
async function workspace(felixEnv: EnvSpec, cn: string, uris: string[]): Promise<SourceFile[]> {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const server = await makeCert({ cn, eku: [SERVER_AUTH], issuer: ca, uris });
  const client = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: ca });
  return typhaWorkspace({ ca, server, client, felixEnv });
}

const sanMessage = (uris: string) =>
  `FELIX_TYPHAURISAN is '${OTHER_URI}' but the certificate's URI SANs are ${uris} (Typha's certificate from ` +
  'Secret kube-system/calico-typha-certs, key tls.crt). The peer is rejected with "peer certificate does not ' +
  'have required URI SAN".';

test('typha-identity-mismatch: a CN whose value is unknown beside a URI SAN that does not match is not judged', async () => {
  const known = await workspace({ ...FELIX_TLS_ENV, FELIX_TYPHAURISAN: OTHER_URI }, 'calico-typha', [TYPHA_URI]);
  // Both known and both wrong: each named, and Calico's error for the pair.
  assert.deepEqual(said(known, run(known)), [
    [
      '"typha-server"',
      "FELIX_TYPHACN is 'typha-server' but the certificate's CN is 'calico-typha'; " +
        sanMessage(`'${TYPHA_URI}'`).replace('required URI SAN', 'required CN or URI SAN'),
    ],
  ]);
  // The CN from a ConfigMap that is not in the workspace: it may be the certificate's.
  const unknown = known.map((f) =>
    f.uri === 'calico-node.yaml'
      ? {
          ...f,
          text: f.text.replace(
            /- name: FELIX_TYPHACN\n(\s+)value: "typha-server"/,
            '- name: FELIX_TYPHACN\n$1valueFrom:\n$1  configMapKeyRef: {name: elsewhere, key: cn}',
          ),
        }
      : f,
  );
  assert.ok(unknown[0]!.text.includes('configMapKeyRef: {name: elsewhere, key: cn}'));
  assert.deepEqual(run(unknown), []);
});

test("typha-identity-mismatch: a URI SAN alone, Calico's error for it, and the fix to the certificate's one URI", async () => {
  const files = await workspace({ ...WITHOUT_CN, FELIX_TYPHAURISAN: OTHER_URI }, 'typha-server', [TYPHA_URI]);
  const found = run(files);
  assert.deepEqual(said(files, found), [[`"${OTHER_URI}"`, sanMessage(`'${TYPHA_URI}'`)]]);
  assert.deepEqual(
    found[0]!.fixes.map((f) => [f.title, f.edits.map((e) => e.newText)]),
    [[`Set FELIX_TYPHAURISAN to '${TYPHA_URI}' (what the certificate carries)`, [`"${TYPHA_URI}"`]]],
  );
});

test('typha-identity-mismatch: a certificate with two URI SANs lists both, and no fix picks one', async () => {
  const second = 'spiffe://cluster.local/ns/kube-system/sa/calico-typha-2';
  const files = await workspace({ ...WITHOUT_CN, FELIX_TYPHAURISAN: OTHER_URI }, 'typha-server', [TYPHA_URI, second]);
  const found = run(files);
  assert.deepEqual(said(files, found), [[`"${OTHER_URI}"`, sanMessage(`'${TYPHA_URI}', '${second}'`)]]);
  assert.deepEqual(found[0]!.fixes, []);
});

test('typha-identity-mismatch: a certificate whose CN is empty is said to be so, with no fix', async () => {
  const files = await workspace(FELIX_TLS_ENV, '', []);
  const found = run(files);
  assert.deepEqual(said(files, found), [
    [
      '"typha-server"',
      "FELIX_TYPHACN is 'typha-server' but the certificate's CN is empty (Typha's certificate from Secret " +
        'kube-system/calico-typha-certs, key tls.crt). The peer is rejected with "peer certificate does not ' +
        'have required CN".',
    ],
  ]);
  assert.deepEqual(found[0]!.fixes, []);
});
