// The kube-apiserver model (model/kube-apiserver.ts): flags read the way pflag reads them, kubeadm
// ClusterConfiguration (extraArgs in both shapes, etcd.external), paths followed through hostPath
// mounts to the node, and node files found among the workspace files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis, parseFile } from '../server/src/engine';
import { apiserverFile, workspaceFileAt, type KubeApiserver } from '../server/src/engine/model/kube-apiserver';

function analysis(files: Record<string, string>): Analysis {
  return new Analysis(Object.entries(files).map(([uri, text]) => parseFile({ uri, text })));
}

function value(api: KubeApiserver, flag: string): string | undefined {
  const f = api.flags.get(flag);
  return f?.value.state === 'known' ? f.value.value : f ? '<unknown>' : undefined;
}

const pod = (command: string, volumes = '') => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
${command}      volumeMounts:
        - {name: pki, mountPath: /etc/kubernetes/pki}
        - {name: etcd, mountPath: /etc/etcd/client.crt, subPath: apiserver-etcd-client.crt}
        - {name: certs, mountPath: /certs}
  volumes:
    - {name: pki, hostPath: {path: /srv/kubernetes/pki}}
    - {name: etcd, hostPath: {path: /var/lib/etcd-certs}}
    - {name: certs, secret: {secretName: apiserver-certs}}
${volumes}`;

test('static pod flags: --name=value, --name value, a bool alone, the last one winning, hyperkube', () => {
  const a = analysis({
    'kube-apiserver.yaml': pod(`      command:
        - kube-apiserver
        - --anonymous-auth
        - --etcd-servers
        - http://10.0.0.1:2379,https://10.0.0.2:2379
        - --client-ca-file=/etc/kubernetes/pki/ca.crt
        - --client-ca-file=/etc/kubernetes/pki/other-ca.crt
        - --profiling
        - --secure-port=6443
`),
  });
  const [api] = a.kubeApiservers;
  assert.ok(api);
  assert.equal(api.source, 'static-pod');
  assert.equal(api.complete, true);
  assert.equal(value(api, 'anonymous-auth'), 'true');
  assert.equal(value(api, 'profiling'), 'true');
  assert.equal(value(api, 'client-ca-file'), '/etc/kubernetes/pki/other-ca.crt');
  assert.equal(value(api, 'etcd-servers'), 'http://10.0.0.1:2379,https://10.0.0.2:2379');
  assert.deepEqual(
    api.etcd?.servers?.items?.map((i) => i.text),
    ['http://10.0.0.1:2379', 'https://10.0.0.2:2379'],
  );
  const text = a.file('kube-apiserver.yaml')!.text;
  const second = api.etcd!.servers!.items![1]!.span;
  assert.equal(text.slice(second.start, second.end), 'https://10.0.0.2:2379');
  assert.equal(value(api, 'secure-port'), '6443');

  const hyper = analysis({
    'hk.yaml': pod(`      command: [/hyperkube, kube-apiserver, --etcd-servers=https://e:2379]\n`),
  }).kubeApiservers[0];
  assert.equal(hyper && value(hyper, 'etcd-servers'), 'https://e:2379');
  assert.equal(hyper && hyper.flags.has('kube-apiserver'), false);
  // A shell wrapper's flags are not read: no kube-apiserver is modelled from it.
  assert.equal(
    analysis({ 'sh.yaml': pod(`      command: [sh, -c, "kube-apiserver --anonymous-auth=true"]\n`) }).kubeApiservers
      .length,
    0,
  );
});

test('templated arguments: a value is unknown, an inserted argument makes the list incomplete', () => {
  const a = analysis({
    'kube-apiserver.yaml': pod(`      command:
        - kube-apiserver
        - --anonymous-auth={{ .Values.anonymous }}
        - --secure-port=6443
`),
  });
  const api = a.kubeApiservers[0]!;
  assert.equal(value(api, 'anonymous-auth'), '<unknown>');
  assert.equal(api.complete, true);
  const b = analysis({
    'kube-apiserver.yaml': pod(`      command:
        - kube-apiserver
        - {{ .Values.firstArg }}
        - --secure-port=6443
`),
  });
  assert.equal(b.kubeApiservers[0]!.complete, false);
});

test('kubeadm ClusterConfiguration: extraArgs as a map and as a list, etcd.external, extraArgs winning', () => {
  const v3 = analysis({
    'kubeadm.yaml': `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  extraArgs:
    anonymous-auth: "false"
    etcd-keyfile: /override/key.pem
etcd:
  external:
    endpoints: [https://10.0.0.1:2379, http://10.0.0.2:2379]
    caFile: /etc/etcd/ca.crt
    certFile: /etc/etcd/client.crt
    keyFile: /etc/etcd/client.key
`,
  }).kubeApiservers[0]!;
  assert.equal(v3.source, 'kubeadm');
  assert.equal(v3.complete, false, 'kubeadm adds its own flags');
  assert.equal(value(v3, 'anonymous-auth'), 'false');
  const e = v3.etcd!;
  assert.equal(e.kubeadmExternal, true);
  assert.equal(e.ca?.value.state === 'known' && e.ca.value.value, '/etc/etcd/ca.crt');
  assert.equal(e.cert?.label, 'etcd.external.certFile');
  assert.equal(e.key?.value.state === 'known' && e.key.value.value, '/override/key.pem');
  assert.deepEqual(
    e.servers?.items?.map((i) => i.text),
    ['https://10.0.0.1:2379', 'http://10.0.0.2:2379'],
  );
  const v4 = analysis({
    'kubeadm.yaml': `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
apiServer:
  extraArgs:
    - name: anonymous-auth
      value: "true"
    - name: anonymous-auth
      value: "false"
    - name: client-ca-file
etcd:
  local: {dataDir: /var/lib/etcd}
`,
  }).kubeApiservers[0]!;
  assert.equal(value(v4, 'anonymous-auth'), 'false', 'the last entry of a name wins');
  assert.equal(value(v4, 'client-ca-file'), '');
  assert.equal(v4.etcd, undefined, 'kubeadm runs etcd itself');
  // Other kinds and API groups are not kubeadm's.
  assert.equal(
    analysis({ 'x.yaml': 'apiVersion: example.com/v1\nkind: ClusterConfiguration\napiServer: {}\n' }).kubeApiservers
      .length,
    0,
  );
});

test('paths: through hostPath mounts (mount path and host path differ, subPath) and Secret volumes', () => {
  const a = analysis({
    'kube-apiserver.yaml': pod('      command: [kube-apiserver]\n'),
    'certs.yaml':
      'apiVersion: v1\nkind: Secret\nmetadata: {name: apiserver-certs, namespace: kube-system}\nstringData:\n  tls.crt: x\n',
  });
  const api = a.kubeApiservers[0]!;
  assert.deepEqual(apiserverFile(a.ws, api, '/etc/kubernetes/pki/apiserver.crt'), {
    kind: 'host',
    path: '/srv/kubernetes/pki/apiserver.crt',
  });
  assert.deepEqual(apiserverFile(a.ws, api, '/etc/etcd/client.crt'), {
    kind: 'host',
    path: '/var/lib/etcd-certs/apiserver-etcd-client.crt',
  });
  const s = apiserverFile(a.ws, api, '/certs/tls.crt');
  assert.equal(s.kind, 'entry');
  assert.equal(apiserverFile(a.ws, api, '/usr/share/ca.crt').kind, 'unknown', 'a file of the image');
  assert.equal(apiserverFile(a.ws, api, 'relative.crt').kind, 'unknown');
});

test('node files among workspace files: the longest path suffix, unique, URI and Windows forms', () => {
  const files = (uris: string[]) => uris.map((uri) => parseFile({ uri, text: '' }));
  const at = (uris: string[], p: string) => workspaceFileAt(files(uris), p)?.uri;
  assert.equal(
    at(['repo/node1/pki/apiserver.crt', 'repo/pki/etcd/apiserver.crt'], '/etc/kubernetes/pki/apiserver.crt'),
    'repo/node1/pki/apiserver.crt',
  );
  assert.equal(at(['a/pki/apiserver.crt', 'b/pki/apiserver.crt'], '/etc/kubernetes/pki/apiserver.crt'), undefined);
  assert.equal(
    at(['a/pki/apiserver.crt', 'b/kubernetes/pki/apiserver.crt'], '/etc/kubernetes/pki/apiserver.crt'),
    'b/kubernetes/pki/apiserver.crt',
  );
  assert.equal(at(['apiserver.crt'], '/etc/kubernetes/pki/apiserver.crt'), 'apiserver.crt');
  assert.equal(at(['other.crt'], '/etc/kubernetes/pki/apiserver.crt'), undefined);
  assert.equal(
    at(['file:///home/me/my%20cluster/pki/ca.crt'], '/etc/kubernetes/pki/ca.crt'),
    'file:///home/me/my%20cluster/pki/ca.crt',
  );
  assert.equal(at(['C:\\repo\\pki\\ca.crt'], '/etc/kubernetes/pki/ca.crt'), 'C:\\repo\\pki\\ca.crt');
});
