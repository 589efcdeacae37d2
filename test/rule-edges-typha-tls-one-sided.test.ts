// typha-tls-one-sided when one side's TLS is unknown: settings that may come from an envFrom
// ConfigMap not in the workspace. Nothing is known to be one-sided, so nothing is reported, on
// either side; the same pair with the envFrom gone is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type SourceFile } from '../server/src/engine';
import {
  calicoNode,
  calicoTypha,
  FELIX_TLS_ENV,
  FELIX_TLS_MOUNTS,
  TYPHA_TLS_ENV,
  TYPHA_TLS_MOUNTS,
} from '../server/src/engine/rules/support/examples';

const RULE = 'typha-tls-one-sided';

function rules(files: SourceFile[]): string[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE).map((f) => f.rule);
}

/** The container's env also from a ConfigMap that is not in the workspace. */
const fromElsewhere = (text: string) =>
  text.replace(
    /( +)env:\n/,
    (_m, ind: string) => `${ind}envFrom:\n${ind}  - configMapRef:\n${ind}      name: elsewhere\n${ind}env:\n`,
  );

test('typha-tls-one-sided: Felix whose TLS may come from elsewhere, against a Typha that requires TLS', () => {
  const node = calicoNode({ FELIX_TYPHAK8SSERVICENAME: 'calico-typha' });
  const typha = { uri: 'typha.yaml', text: calicoTypha(TYPHA_TLS_ENV, TYPHA_TLS_MOUNTS) };
  assert.deepEqual(rules([{ uri: 'node.yaml', text: node }, typha]), [RULE]);
  const unknown = fromElsewhere(node);
  assert.ok(unknown.includes('name: elsewhere'));
  assert.deepEqual(rules([{ uri: 'node.yaml', text: unknown }, typha]), []);
});

test('typha-tls-one-sided: Felix with TLS, against a Typha whose TLS may come from elsewhere', () => {
  const node = { uri: 'node.yaml', text: calicoNode(FELIX_TLS_ENV, FELIX_TLS_MOUNTS) };
  const typha = calicoTypha({});
  assert.deepEqual(rules([node, { uri: 'typha.yaml', text: typha }]), [RULE]);
  const unknown = fromElsewhere(typha);
  assert.ok(unknown.includes('name: elsewhere'));
  assert.deepEqual(rules([node, { uri: 'typha.yaml', text: unknown }]), []);
});
