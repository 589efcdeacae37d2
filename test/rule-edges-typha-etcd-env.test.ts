// typha-etcd-env-ignored beyond its fixtures: which entry counts (a later duplicate, an empty or
// blank value, a value from a template), how the datastore is read (in any case, as Typha's oneof
// parameter reads it), names that only look like envconfig's, and the one fix that renames
// the CALICO_ form of a pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type Finding, type SourceFile } from '../server/src/engine';
import { applyFix } from './rule-helpers';

const RULE = 'typha-etcd-env-ignored';

function run(files: SourceFile[]): Finding[] {
  const r = lint(files);
  assert.deepEqual(r.ruleErrors, []);
  return r.findings.filter((f) => f.rule === RULE);
}

/** A Typha Deployment whose container's env is `env` (YAML list items, already indented). */
function typha(env: string, uri = 'typha.yaml'): SourceFile[] {
  return [
    {
      uri,
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: calico-typha
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: calico-typha
          image: calico/typha:v3.30.2
          env:
${env}`,
    },
  ];
}

const item = (name: string, value: string) => `            - name: ${name}\n              value: ${value}\n`;
const names = (files: SourceFile[], fs: Finding[]) => fs.map((f) => files[0]!.text.slice(f.span.start, f.span.end));

/** The names under the rule's findings. */
const reported = (files: SourceFile[]) => names(files, run(files));

test('typha-etcd-env-ignored: the datastore is read in any case, as its oneof parameter reads it', () => {
  for (const ds of ['EtcdV3', 'ETCDV3'])
    assert.deepEqual(
      reported(typha(item('TYPHA_DATASTORETYPE', ds) + item('ETCD_CERT_FILE', '/c'))),
      ['ETCD_CERT_FILE'],
      ds,
    );
  const k8s = typha(item('TYPHA_DATASTORETYPE', 'Kubernetes') + item('ETCD_CERT_FILE', '/c'));
  assert.deepEqual(run(k8s), []);
  // A templated datastore may be either: unknown, not judged.
  const templated = typha(item('TYPHA_DATASTORETYPE', '"{{ .Values.datastore }}"') + item('ETCD_CERT_FILE', '/c'));
  assert.deepEqual(run(templated), []);
});

test('typha-etcd-env-ignored: the entry that counts is the last of its name, with a value that says something', () => {
  // Two entries of one name: the later one wins in Kubernetes, and only it is reported.
  const twice = typha(item('ETCD_CERT_FILE', '/a') + item('ETCD_CERT_FILE', '/b'));
  const found = run(twice);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.span.start, twice[0]!.text.lastIndexOf('ETCD_CERT_FILE'));
  // The later one empty or blank: the variable says nothing (the earlier one is overridden).
  assert.deepEqual(run(typha(item('ETCD_CERT_FILE', '/a') + item('ETCD_CERT_FILE', '""'))), []);
  assert.deepEqual(run(typha(item('ETCD_KEY_FILE', '"   "'))), []);
  // Named without a value at all: Kubernetes sets it empty.
  assert.deepEqual(run(typha('            - name: ETCD_KEY_FILE\n')), []);
  // A value a template fills in still names a file Typha does not read.
  assert.deepEqual(
    names(
      typha(item('ETCD_KEY_FILE', '"{{ .Values.key }}"')),
      run(typha(item('ETCD_KEY_FILE', '"{{ .Values.key }}"'))),
    ),
    ['ETCD_KEY_FILE'],
  );
  // From a Secret (valueFrom): set, and ignored all the same.
  const from = typha(
    '            - name: ETCD_KEY_FILE\n              valueFrom:\n                secretKeyRef: { name: s, key: k }\n',
  );
  assert.deepEqual(reported(from), ['ETCD_KEY_FILE']);
  // From a key its Secret (in the workspace) does not have: the pod does not start, nothing to rename.
  const missing = from.map((f) => ({
    ...f,
    text: `${f.text}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: kube-system\ndata:\n  other: eA==\n`,
  }));
  assert.deepEqual(run(missing), []);
});

test("typha-etcd-env-ignored: only envconfig's own names, CALICO_ as a prefix", () => {
  assert.deepEqual(run(typha(item('ETCD_CALICO_KEY_FILE', '/k') + item('X_CALICO_ETCD_KEY_FILE', '/k'))), []);
});

test('typha-etcd-env-ignored: with CALICO_ETCD_X and ETCD_X both set, the fix renames the CALICO_ one only', () => {
  const files = typha(item('ETCD_CERT_FILE', '/a') + item('CALICO_ETCD_CERT_FILE', '/b'));
  const found = run(files);
  assert.equal(found.length, 2);
  const fixed = applyFix(files, found[0]!)[0]!.text;
  assert.match(fixed, /- name: ETCD_CERT_FILE\n/);
  assert.match(fixed, /- name: TYPHA_ETCDCERTFILE\n {14}value: \/b/);
  assert.deepEqual(run(applyFix(files, found[0]!)), []);
});
