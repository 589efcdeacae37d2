import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis, parseFile } from '../server/src/engine';
import { paramState } from '../server/src/engine/model/config';

function analysis(files: Record<string, string>): Analysis {
  return new Analysis(Object.entries(files).map(([uri, text]) => parseFile({ uri, text })));
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: ns1
spec:
  initContainers:
    - name: init
      image: busybox
  containers:
    - name: calico-node
      image: calico/node:v3.30.0
      envFrom:
        - configMapRef: {name: env-cm}
          prefix: FELIX_
      env:
        - name: FELIX_TYPHACN
          valueFrom: {secretKeyRef: {name: ids, key: typha-cn}}
        - name: FELIX_TYPHAURISAN
          valueFrom: {secretKeyRef: {name: ids, key: missing, optional: true}}
        - name: NODENAME
          valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
      volumeMounts:
        - {name: s, mountPath: /s}
        - {name: c, mountPath: /etc/c/ca.pem, subPath: ca.crt}
        - {name: p, mountPath: /p}
        - {name: h, mountPath: /h}
        - {name: gone, mountPath: /gone}
  volumes:
    - {name: s, secret: {secretName: tls, items: [{key: tls.crt, path: cert/tls.crt}]}}
    - {name: c, configMap: {name: ca}}
    - {name: p, projected: {sources: [{secret: {name: absent-secret}}, {configMap: {name: ca}}]}}
    - {name: h, hostPath: {path: /etc}}
`;
const objects = `apiVersion: v1
kind: Secret
metadata: {name: tls, namespace: ns1}
data:
  tls.crt: Y2VydA==
---
apiVersion: v1
kind: Secret
metadata: {name: ids, namespace: ns1}
stringData:
  typha-cn: typha-server
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ca}
data:
  ca.crt: the-ca
---
apiVersion: v1
kind: ConfigMap
metadata: {name: env-cm, namespace: ns1}
data:
  TYPHAK8SSERVICENAME: calico-typha
`;

test('model: workloads, init and app containers, roles', () => {
  const a = analysis({ 'pod.yaml': pod, 'objects.yaml': objects });
  assert.equal(a.ws.workloads.length, 1);
  assert.deepEqual(
    a.ws.containers.map((c) => [c.name, c.init]),
    [
      ['init', true],
      ['calico-node', false],
    ],
  );
  assert.deepEqual(
    a.configs.map((c) => `${c.component}:${c.container?.name}`),
    ['felix:calico-node'],
  );
});

test('model: env resolves value, secretKeyRef, optional absent key, envFrom with prefix, fieldRef', () => {
  const a = analysis({ 'pod.yaml': pod, 'objects.yaml': objects });
  const c = a.ws.containers[1]!;
  const env = a.ws.env(c);
  const v = (n: string) => env.vars.get(n)?.value;
  assert.deepEqual(v('FELIX_TYPHACN'), {
    state: 'known',
    value: 'typha-server',
    span: env.vars.get('FELIX_TYPHACN')!.valueSpan,
  });
  assert.equal(v('FELIX_TYPHAURISAN')?.state, 'known'); // optional: an absent key is the empty string
  assert.equal(v('FELIX_TYPHAK8SSERVICENAME')?.state, 'known');
  assert.equal(v('NODENAME')?.state, 'unknown');
  const cfg = a.configs[0]!;
  assert.equal(paramState(cfg, 'TyphaCN'), 'set');
  assert.equal(paramState(cfg, 'TyphaURISAN'), 'unset');
  assert.equal(paramState(cfg, 'TyphaK8sServiceName'), 'set');
});

test('model: a missing envFrom object makes unset parameters unknown', () => {
  const a = analysis({ 'pod.yaml': pod });
  const cfg = a.configs[0]!;
  assert.equal(paramState(cfg, 'TyphaCAFile'), 'unknown');
  assert.equal(paramState(cfg, 'TyphaCN'), 'unknown'); // its Secret is not in the workspace either
});

test('model: what is at a path (known, absent, unknown, unmounted) through items, subPath and projected volumes', () => {
  const a = analysis({ 'pod.yaml': pod, 'objects.yaml': objects });
  const c = a.ws.containers[1]!;
  const at = (p: string) => {
    const r = a.ws.fileAt(c, p);
    return r.state === 'known'
      ? `known ${r.entry.object.name}/${r.entry.key}=${r.entry.content}`
      : r.state === 'absent'
        ? `absent ${r.object.name}/${r.key}`
        : r.state;
  };
  assert.equal(at('/s/cert/tls.crt'), 'known tls/tls.crt=cert'); // items path + base64 data
  assert.equal(at('/s/tls.crt'), 'absent tls/tls.crt'); // items hides unlisted paths
  assert.equal(at('/etc/c/ca.pem'), 'known ca/ca.crt=the-ca'); // subPath file mount
  assert.equal(at('/p/ca.crt'), 'known ca/ca.crt=the-ca'); // found in one projected source
  assert.equal(at('/p/tls.key'), 'unknown'); // may be in the projected Secret that is not in the workspace
  assert.equal(at('/h/ssl/x.crt'), 'unknown'); // hostPath
  assert.equal(at('/gone/x'), 'unknown'); // mount without a volume
  assert.equal(at('/nowhere/x.crt'), 'unmounted');
  assert.equal(at('/s/../s/cert/./tls.crt'), 'known tls/tls.crt=cert');
});

test('model: List wrappers (kubectl output) are unwrapped', () => {
  const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata: {name: a}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: b}
`;
  const a = analysis({ 'list.yaml': list });
  assert.deepEqual(
    a.ws.objects.map((o) => `${o.kind}/${o.name}`),
    ['Secret/a', 'ConfigMap/b'],
  );
});

test('model: every pod-template kind is found', () => {
  const kinds = ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job'];
  const docs = kinds.map(
    (k) =>
      `apiVersion: apps/v1\nkind: ${k}\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n`,
  );
  docs.push(
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: c, image: i}]\n',
  );
  docs.push('apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: c, image: i}]\n');
  const a = analysis({ 'all.yaml': docs.join('---\n') });
  assert.deepEqual(
    a.ws.workloads.map((w) => w.object.kind),
    [...kinds, 'CronJob', 'Pod'],
  );
});
