// Fields a kustomize patch writes are grafted onto the base object with the patch's own file
// (parse/tree.ts nodeSpan): findings point at them there, and fixes edit the patch. Reading a
// patch's offsets in the base file put findings on unrelated text and gave "safe" fixes that
// would overwrite it (found on the ServiceMonitor rules and the CNI netconf, 2026-12-02).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { GOOD_ENDPOINT, PROMETHEUS, serviceMonitor } from '../server/src/engine/rules/support/monitor-examples';
import { applyFix } from './rule-helpers';

const NOW = new Date('2027-06-01T00:00:00Z');

function run(files: SourceFile[], rule: string): Finding[] {
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === rule);
}

test('ServiceMonitor fields a kustomize patch writes are pointed at and fixed in the patch, never the base', () => {
  // The base is shifted by comment lines, so the patch's offsets read in the base land elsewhere.
  const patchEndpoint = GOOD_ENDPOINT.replace('scheme: https', 'scheme: http').replace(
    'serverName: calico-node-metrics\n',
    'insecureSkipVerify: true\n        ca:\n          secret:\n            name: x\n            key: ca.crt\n',
  );
  const files: SourceFile[] = [
    { uri: 'file:///w/base/sm.yaml', text: '# shifted\n'.repeat(8) + serviceMonitor(GOOD_ENDPOINT) },
    { uri: 'file:///w/base/kustomization.yaml', text: 'resources:\n- sm.yaml\n' },
    { uri: 'file:///w/overlay/kustomization.yaml', text: 'resources:\n- ../base\npatches:\n- path: patch.yaml\n' },
    { uri: 'file:///w/overlay/patch.yaml', text: serviceMonitor(patchEndpoint) },
  ];
  const r = lint(files, { now: NOW });
  assert.deepEqual(r.ruleErrors, []);
  const text = (uri: string) => files.find((f) => f.uri === uri)!.text;
  const at = (s: { uri: string; start: number; end: number }) => [s.uri, text(s.uri).slice(s.start, s.end)];
  const PATCH = 'file:///w/overlay/patch.yaml';
  const found = r.findings
    .filter((f) => f.rule.startsWith('servicemonitor-'))
    .map((f) => [f.rule, at(f.span), f.related.map((x) => at(x.span)), f.fixes.flatMap((x) => x.edits.map(at))]);
  assert.deepEqual(found, [
    ['servicemonitor-tls-ignored', [PATCH, 'http'], [], [[PATCH, 'http']]],
    ['servicemonitor-insecure-skip-verify', [PATCH, 'insecureSkipVerify: true'], [], []],
    ['servicemonitor-tls-conflict', [PATCH, 'ca'], [[PATCH, 'caFile']], []],
  ]);
  // Without a scheme, the one the fix adds goes into the patch, beside its tlsConfig.
  const noScheme = files.map((f) =>
    f.uri === PATCH ? { ...f, text: serviceMonitor(GOOD_ENDPOINT.replace('      scheme: https\n', '')) } : f,
  );
  const base = files.find((f) => f.uri === 'file:///w/base/sm.yaml')!;
  const unset = run(
    noScheme.map((f) => (f === base ? { ...f, text: f.text.replace('      scheme: https\n', '') } : f)),
    'servicemonitor-tls-ignored',
  );
  assert.equal(unset.length, 1);
  assert.equal(unset[0]!.span.uri, PATCH);
  const fixed = applyFix(noScheme, unset[0]!);
  assert.match(fixed.find((f) => f.uri === PATCH)!.text, /\n {6}scheme: https\n {6}tlsConfig:\n/);
});

const kustomized = (base: string, patch: string): SourceFile[] => [
  { uri: 'file:///w/base/o.yaml', text: '# shifted\n'.repeat(8) + base },
  { uri: 'file:///w/base/kustomization.yaml', text: 'resources:\n- o.yaml\n' },
  { uri: 'file:///w/overlay/kustomization.yaml', text: 'resources:\n- ../base\npatches:\n- path: patch.yaml\n' },
  { uri: 'file:///w/overlay/patch.yaml', text: patch },
];
const installation = (cm: string) =>
  `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n${cm}`;

test('certificate-management-algorithms: the signatureAlgorithm a patched keyAlgorithm needs goes into the patch', () => {
  const files = kustomized(
    installation('    caCert: ""\n    signerName: example.com/calico\n'),
    installation('    keyAlgorithm: ECDSAWithCurve256\n'),
  );
  const found = run(files, 'certificate-management-algorithms');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.span.uri, 'file:///w/overlay/patch.yaml');
  const fixed = applyFix(files, found[0]!);
  assert.equal(fixed[0]!.text, files[0]!.text, 'the base is not edited');
  assert.equal(
    fixed[3]!.text,
    installation('    keyAlgorithm: ECDSAWithCurve256\n    signatureAlgorithm: ECDSAWithSHA256\n'),
  );
  assert.deepEqual(run(fixed, 'certificate-management-algorithms'), []);
});

test('crd-field-invalid: no move fix over an object a patch added fields to (its lines are in two files)', () => {
  // The patch (targeted by kind) adds spec; the misplaced name would move into metadata, and the
  // move's range would run to the end of spec, which is in the patch, read in the base.
  const base = 'apiVersion: operator.tigera.io/v1\nkind: Installation\nname: default\n';
  const files = kustomized(base, 'apiVersion: operator.tigera.io/v1\nkind: Installation\nspec:\n  variant: Calico\n');
  files[2] = { ...files[2]!, text: `${files[2]!.text}  target:\n    kind: Installation\n` };
  const found = run(files, 'crd-field-invalid');
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /^'name' does not belong here/);
  assert.deepEqual(found[0]!.fixes, []);
  // Alone, the same object gets the move.
  const alone = run([{ uri: 'file:///w/o.yaml', text: base }], 'crd-field-invalid');
  assert.deepEqual(
    alone[0]!.fixes.map((f) => f.title),
    ['Move name to metadata.name'],
  );
});

test('servicemonitor-secret-not-mounted: a patched Prometheus is named where its name is written', () => {
  // A patched object keeps the base's identity (model/kustomize.ts): the related location is the
  // base's name, read in the base, whatever the patch's offsets.
  const files: SourceFile[] = [
    ...kustomized(
      PROMETHEUS.replace('    - certs\n', '    - other\n'),
      PROMETHEUS.replace('    - certs\n', '    - other\n'),
    ),
    { uri: 'file:///w/overlay/monitor.yaml', text: serviceMonitor(GOOD_ENDPOINT) },
  ];
  files[2] = { ...files[2]!, text: files[2]!.text.replace('- ../base\n', '- ../base\n- monitor.yaml\n') };
  const found = run(files, 'servicemonitor-secret-not-mounted');
  assert.ok(found.length > 0);
  for (const f of found)
    for (const r of f.related) {
      const t = files.find((x) => x.uri === r.span.uri)!.text.slice(r.span.start, r.span.end);
      assert.equal(t, 'calico-node-prometheus', `${r.span.uri}: ${JSON.stringify(t)}`);
    }
});
