// typha-felix-same-cn beyond its fixtures: a pair that does not load (cert-key-mismatch reports
// it, not this rule) and a Felix that presents no certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type SourceFile } from '../server/src/engine';
import { FELIX_TLS_ENV, TYPHA_TLS_ENV } from '../server/src/engine/rules/support/examples';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from './certfactory';
import { typhaWorkspace, type Parts } from './typha-workspace';

function rules(files: SourceFile[]): string[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.map((f) => f.rule);
}

/** Both certificates with the CN `calico`, from one CA. */
async function sameCn(): Promise<(p: Partial<Parts>) => SourceFile[]> {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const server = await makeCert({ cn: 'calico', eku: [SERVER_AUTH], issuer: ca });
  const client = await makeCert({ cn: 'calico', eku: [CLIENT_AUTH], issuer: ca });
  const felixEnv = { ...FELIX_TLS_ENV, FELIX_TYPHACN: 'calico' };
  const typhaEnv = { ...TYPHA_TLS_ENV, TYPHA_CLIENTCN: 'calico' };
  return (p) => typhaWorkspace({ ca, server, client, felixEnv, typhaEnv, ...p });
}

test("typha-felix-same-cn: reported when both load; not when Typha's pair does not load", async () => {
  const ws = await sameCn();
  assert.ok(rules(ws({})).includes('typha-felix-same-cn'));
  const stranger = await makeCert({ cn: 'stranger' });
  const broken = rules(ws({ serverKeyPem: stranger.keyPem }));
  assert.ok(broken.includes('cert-key-mismatch'), broken.join(', '));
  assert.ok(!broken.includes('typha-felix-same-cn'), broken.join(', '));
});

test('typha-felix-same-cn: a Felix that presents no certificate is not compared', async () => {
  const ws = await sameCn();
  const felixEnv = Object.fromEntries(
    Object.entries({ ...FELIX_TLS_ENV, FELIX_TYPHACN: 'calico' }).filter(([k]) => !/CERTFILE|KEYFILE/.test(k)),
  );
  assert.ok(!rules(ws({ felixEnv })).includes('typha-felix-same-cn'));
});
