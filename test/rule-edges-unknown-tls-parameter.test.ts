// unknown-tls-parameter beyond its fixtures: several names meant (the list in the reader's
// language, every fix unsafe), a felix.cfg key (parameter names, the key renamed; the same in a
// felix.cfg a ConfigMap mounts into calico-node), and a name
// from envFrom (the finding on the ConfigMap key that spells it, environment-variable names
// suggested, no fix: the ConfigMap may feed other containers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { calicoNode, calicoTypha } from '../server/src/engine/rules/support/examples';
import { said } from './rule-helpers';

const RULE = 'unknown-tls-parameter';

function run(files: SourceFile[]): Finding[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

const fixes = (f: Finding) => f.fixes.map((x) => [x.title, x.safety, x.edits.map((e) => e.newText)]);
const ignored = (name: string, who: string, key: string) =>
  `${name} is not a ${who} parameter: ${who} reads it as '${key}', logs "Ignoring unknown config param." and ignores it.`;

test('unknown-tls-parameter: three names meant, listed as "A, B or C", each fix unsafe', () => {
  const files = [{ uri: 'node.yaml', text: calicoNode({ FELIX_TYPHA_FILE: '/x' }) }];
  const found = run(files);
  const meant = ['FELIX_TYPHACAFILE', 'FELIX_TYPHACERTFILE', 'FELIX_TYPHAKEYFILE'];
  assert.deepEqual(said(files, found), [
    [
      'FELIX_TYPHA_FILE',
      `${ignored('FELIX_TYPHA_FILE', 'Felix', 'typha_file')} Did you mean ${meant[0]}, ${meant[1]} or ${meant[2]}?`,
    ],
  ]);
  assert.deepEqual(
    fixes(found[0]!),
    meant.map((n) => [`Rename to ${n}`, 'unsafe', [n]]),
  );
});

test('unknown-tls-parameter: two names meant, "A or B"', () => {
  const files = [{ uri: 'typha.yaml', text: calicoTypha({ TYPHA_SERVER_FILE: '/x' }) }];
  assert.deepEqual(said(files, run(files)), [
    [
      'TYPHA_SERVER_FILE',
      `${ignored('TYPHA_SERVER_FILE', 'Typha', 'server_file')} Did you mean TYPHA_SERVERKEYFILE or TYPHA_SERVERCERTFILE?`,
    ],
  ]);
});

test('unknown-tls-parameter: a felix.cfg key is matched to a parameter name, and the key renamed', () => {
  const files = [{ uri: 'felix.cfg', text: '[global]\nTypha_CAFile = /etc/ca.crt\n' }];
  const found = run(files);
  assert.deepEqual(said(files, found), [
    ['Typha_CAFile', `${ignored('Typha_CAFile', 'Felix', 'typha_cafile')} Did you mean TyphaCAFile?`],
  ]);
  assert.deepEqual(fixes(found[0]!), [['Rename to TyphaCAFile', 'safe', ['TyphaCAFile']]]);
});

test('unknown-tls-parameter: a name from envFrom is reported at its ConfigMap key, as an environment variable', () => {
  const configMap =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: felix-env\n  namespace: kube-system\n' +
    'data:\n  FELIX_TYPHA_CAFILE: /etc/ca.crt\n---\n';
  const node = calicoNode({}).replace(
    /( +)env:\n/,
    (_m, ind: string) => `${ind}envFrom:\n${ind}  - configMapRef:\n${ind}      name: felix-env\n`,
  );
  assert.ok(node.includes('configMapRef:'));
  const files = [{ uri: 'node.yaml', text: configMap + node }];
  const found = run(files);
  assert.deepEqual(said(files, found), [
    ['FELIX_TYPHA_CAFILE', `${ignored('FELIX_TYPHA_CAFILE', 'Felix', 'typha_cafile')} Did you mean FELIX_TYPHACAFILE?`],
  ]);
  assert.equal(found[0]!.span.start, files[0]!.text.indexOf('FELIX_TYPHA_CAFILE'));
  assert.deepEqual(found[0]!.fixes, []);
});

test('unknown-tls-parameter: a key of the felix.cfg a ConfigMap mounts into calico-node is matched to a parameter name', () => {
  const configMap =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: felix-cfg\n  namespace: kube-system\n' +
    'data:\n  felix.cfg: |\n    [global]\n    Typha_CAFile = /etc/ca.crt\n---\n';
  const node = calicoNode({}, [{ volume: 'felix-cfg', path: '/etc/calico', configMap: 'felix-cfg' }]);
  const files = [{ uri: 'node.yaml', text: configMap + node }];
  const found = run(files);
  assert.deepEqual(said(files, found), [
    ['Typha_CAFile', `${ignored('Typha_CAFile', 'Felix', 'typha_cafile')} Did you mean TyphaCAFile?`],
  ]);
});
