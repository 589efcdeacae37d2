// The fixes of felix-typha-tls-incomplete (rules/support/tls-incomplete.ts): the path of each
// missing file is a mounted Secret/ConfigMap key of its role, from the folder the group's other
// files already use when more than one fits; several missing files are also offered as one fix
// whose insertions are one edit, and applying it completes the group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { calicoNode, FELIX_TLS_MOUNTS, type MountSpec } from '../server/src/engine/rules/support/examples';
import { applyFix } from './rule-helpers';

const RULE = 'felix-typha-tls-incomplete';
const secret = (name: string, keys: string[]) =>
  `---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\ndata:\n` +
  keys.map((k) => `  ${k}: eA==\n`).join('');
const caMap =
  '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\n  namespace: kube-system\ndata:\n  ca.crt: x\n';

function found(files: SourceFile[]): Finding[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

function node(env: Record<string, string>, mounts: readonly MountSpec[], extra: string): SourceFile[] {
  return [
    { uri: 'node.yaml', text: calicoNode({ FELIX_TYPHAK8SSERVICENAME: 'calico-typha', ...env }, mounts) + extra },
  ];
}

test('felix-typha-tls-incomplete: one fix per missing file from the mounts, and one that adds them all in one edit', () => {
  const files = node(
    { FELIX_TYPHACAFILE: '/calico-typha-ca/ca.crt' },
    FELIX_TLS_MOUNTS,
    caMap + secret('calico-node-certs', ['tls.crt', 'tls.key']),
  );
  const [f] = found(files);
  assert.ok(f);
  assert.deepEqual(
    f.fixes.map((x) => [x.title, x.safety, x.edits.length]),
    [
      ['Add all missing: FELIX_TYPHACERTFILE and FELIX_TYPHAKEYFILE', 'unsafe', 1],
      ['Add FELIX_TYPHACERTFILE: /calico-node-certs/tls.crt', 'unsafe', 1],
      ['Add FELIX_TYPHAKEYFILE: /calico-node-certs/tls.key', 'unsafe', 1],
    ],
  );
  const fixed = applyFix(files, f, 0);
  assert.match(fixed[0]!.text, /FELIX_TYPHACERTFILE\n\s+value: "?\/calico-node-certs\/tls\.crt/);
  assert.deepEqual(found(fixed), []);
});

test('felix-typha-tls-incomplete: of two mounted keys of the role, the one in the folder the group already uses', () => {
  const mounts = [...FELIX_TLS_MOUNTS, { volume: 'other', path: '/other-certs', secret: 'other' }];
  const extra = caMap + secret('calico-node-certs', ['tls.crt', 'tls.key']) + secret('other', ['tls.crt']);
  const files = node({ FELIX_TYPHAKEYFILE: '/calico-node-certs/tls.key' }, mounts, extra);
  const titles = found(files)[0]!.fixes.map((x) => x.title);
  assert.ok(titles.includes('Add FELIX_TYPHACERTFILE: /calico-node-certs/tls.crt'), titles.join(' | '));
  // With no file of the group in either folder, two candidates: no path is guessed for the certificate.
  const unsure = node({ FELIX_TYPHACAFILE: '/calico-typha-ca/ca.crt' }, mounts, extra);
  const unsureTitles = found(unsure)[0]!.fixes.map((x) => x.title);
  assert.ok(!unsureTitles.some((t) => t.startsWith('Add FELIX_TYPHACERTFILE')), unsureTitles.join(' | '));
});
