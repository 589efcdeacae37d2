// The etcd server model (model/etcd-server.ts): kubeadm's static pod, etcd.conf.yml found by
// content, an etcd container's ETCD_* environment, --config-file, and what is not an etcd server
// (calico-node's own ETCD_CERT_FILE); the endpoint-to-server matching; Go's VerifyHostname.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../server/src/engine/parse';
import { Workspace } from '../server/src/engine/model/workspace';
import {
  clientCertAuth,
  etcdServers,
  parseClientUrl,
  serverForEndpoint,
  type EtcdServer,
} from '../server/src/engine/model/etcd-server';
import { etcdClients } from '../server/src/engine/model/etcd';
import { verifyHostname } from '../server/src/engine/certs/hostname';
import { CANDIDATE_FILE } from '../server/src/engine/candidates';

function servers(files: Record<string, string>): EtcdServer[] {
  const parsed = Object.entries(files).map(([uri, text]) => parseFile({ uri: `file:///ws/${uri}`, text }));
  return etcdServers(new Workspace(parsed), parsed);
}

function values(s: EtcdServer): Record<string, string> {
  return Object.fromEntries(
    [...s.settings].map(([k, v]) => [k, v.value.state === 'known' ? v.value.value : `<${v.value.state}>`]),
  );
}

const STATIC_POD = `apiVersion: v1
kind: Pod
metadata:
  name: etcd-node1
  namespace: kube-system
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command:
        - etcd
        - --advertise-client-urls=https://10.0.0.1:2379
        - --cert-file=/etc/kubernetes/pki/etcd/server.crt
        - --client-cert-auth=true
        - --key-file
        - /etc/kubernetes/pki/etcd/server.key
        - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.1:2379
        - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
      env:
        - name: ETCD_CERT_FILE
          value: /ignored/because/the/flag/wins.crt
`;

test('kubeadm static pod: flags as Go reads them (=v and a following value), flags win over ETCD_* env', () => {
  const [s, ...rest] = servers({ 'etc/kubernetes/manifests/etcd.yaml': STATIC_POD });
  assert.equal(rest.length, 0);
  assert.equal(s!.source, 'flags');
  assert.equal(s!.label, 'etcd (Pod kube-system/etcd-node1)');
  assert.deepEqual(values(s!), {
    'advertise-client-urls': 'https://10.0.0.1:2379',
    'cert-file': '/etc/kubernetes/pki/etcd/server.crt',
    'client-cert-auth': 'true',
    'key-file': '/etc/kubernetes/pki/etcd/server.key',
    'listen-client-urls': 'https://127.0.0.1:2379,https://10.0.0.1:2379',
    'trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
  });
  assert.equal(clientCertAuth(s!), true);
  assert.equal(s!.complete, true);
  // The etcd container is not a Calico etcd client, whatever its ETCD_* env says.
  const f = parseFile({ uri: 'file:///ws/etcd.yaml', text: STATIC_POD });
  const ws = new Workspace([f]);
  assert.deepEqual(etcdClients(ws, [], [f]), []);
});

test('a bare bool flag is true; a templated value is unknown; $(VAR) is unknown', () => {
  const text = STATIC_POD.replace('--client-cert-auth=true', '--client-cert-auth')
    .replace('--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt', '--trusted-ca-file={{ etcd_ca }}')
    .replace('--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--cert-file=$(CERT)');
  const [s] = servers({ 'etcd.yaml.j2': text });
  assert.equal(values(s!)['client-cert-auth'], 'true');
  assert.equal(values(s!)['trusted-ca-file'], '<unknown>');
  assert.equal(values(s!)['cert-file'], '<unknown>');
});

const CONF = `name: etcd-0
data-dir: /var/lib/etcd
listen-client-urls: https://0.0.0.0:2379
advertise-client-urls: https://etcd-0.example.com:2379
client-transport-security:
  cert-file: /etc/etcd/pki/etcd-server.crt
  key-file: /etc/etcd/pki/etcd-server.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/pki/etcd-ca.crt
`;

test('etcd.conf.yml is found by content, under any name; other YAML is not', () => {
  assert.ok(CANDIDATE_FILE.test('/etc/etcd/etcd.conf.yml'), 'etcd.conf.yml is a file Calico TLS reads');
  const [s, ...rest] = servers({
    'member-0.yaml': CONF,
    'values.yaml': 'replicas: 3\nlisten-client-urls: https://0.0.0.0:2379\n',
    'pod.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  listen-client-urls: a\n',
  });
  assert.equal(rest.length, 0);
  assert.equal(s!.source, 'config-file');
  assert.equal(s!.container, undefined);
  assert.deepEqual(values(s!), {
    'listen-client-urls': 'https://0.0.0.0:2379',
    'advertise-client-urls': 'https://etcd-0.example.com:2379',
    'cert-file': '/etc/etcd/pki/etcd-server.crt',
    'key-file': '/etc/etcd/pki/etcd-server.key',
    'client-cert-auth': 'true',
    'trusted-ca-file': '/etc/etcd/pki/etcd-ca.crt',
  });
  // A quoted "true" is a string, which etcd's YAML loader refuses for a bool: unknown.
  const [q] = servers({ 'etcd.conf.yml': CONF.replace('client-cert-auth: true', 'client-cert-auth: "true"') });
  assert.equal(clientCertAuth(q!), undefined);
  // Without client-cert-auth etcd does not ask for client certificates.
  const [off] = servers({ 'etcd.conf.yml': CONF.replace('  client-cert-auth: true\n', '') });
  assert.equal(clientCertAuth(off!), false);
});

const ENV_ETCD = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: etcd
spec:
  template:
    spec:
      containers:
        - name: etcd
          image: quay.io/coreos/etcd:v3.5.15
          env:
            - name: ETCD_CERT_FILE
              value: /tls/tls.crt
            - name: ETCD_CLIENT_CERT_AUTH
              value: "1"
            - name: ETCD_TRUSTED_CA_FILE
              value: /tls/ca.crt
            - name: ETCD_LISTEN_CLIENT_URLS
              value: https://0.0.0.0:2379
`;

const CALICO_NODE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.30.0
          env:
            - name: ETCD_ENDPOINTS
              value: https://10.0.0.1:2379
            - name: ETCD_CERT_FILE
              value: /calico-secrets/etcd-cert
            - name: ETCD_TRUSTED_CA_FILE
              value: /calico-secrets/etcd-ca
`;

test("an etcd container's ETCD_* env is its configuration; calico-node's ETCD_CERT_FILE is not", () => {
  const list = servers({ 'etcd.yaml': ENV_ETCD, 'calico-node.yaml': CALICO_NODE });
  assert.equal(list.length, 1);
  assert.equal(list[0]!.label, 'etcd (StatefulSet etcd)');
  assert.deepEqual(values(list[0]!), {
    'cert-file': '/tls/tls.crt',
    'client-cert-auth': 'true',
    'trusted-ca-file': '/tls/ca.crt',
    'listen-client-urls': 'https://0.0.0.0:2379',
  });
  assert.equal(list[0]!.settings.get('trusted-ca-file')!.label, 'ETCD_TRUSTED_CA_FILE');
});

test('--config-file: the file the container names (through its hostPath) is its configuration, once', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
    - name: etcd
      image: registry.k8s.io/etcd:3.5.15-0
      command: [etcd, --config-file=/etc/etcd/etcd.conf.yml, --cert-file=/ignored.crt]
      volumeMounts:
        - {name: conf, mountPath: /etc/etcd}
  volumes:
    - name: conf
      hostPath: {path: /srv/etcd-node1}
`;
  const list = servers({ 'pod.yaml': pod, 'srv/etcd-node1/etcd.conf.yml': CONF });
  assert.equal(list.length, 1);
  assert.equal(list[0]!.source, 'config-file');
  assert.ok(list[0]!.container, 'paths are read through the container');
  assert.equal(values(list[0]!)['cert-file'], '/etc/etcd/pki/etcd-server.crt');
  // The file named is not in the workspace: an etcd server whose settings are unknown.
  const [opaque] = servers({ 'pod.yaml': pod });
  assert.equal(opaque!.settings.size, 0);
  assert.equal(clientCertAuth(opaque!), undefined);
});

test('a shell wrapper in an etcd image is an etcd server with unknown settings; etcdctl is not etcd', () => {
  const text = STATIC_POD.replace('      command:\n        - etcd\n', '      command:\n        - sh\n        - -c\n');
  const [s] = servers({ 'etcd.yaml': text });
  assert.equal(s!.settings.size, 0);
  assert.equal(s!.complete, false);
  const backup = STATIC_POD.replace('      command:\n        - etcd\n', '      command:\n        - etcdctl\n');
  assert.deepEqual(servers({ 'backup.yaml': backup }), []);
});

test('an endpoint reaches the server naming its host:port, a 0.0.0.0 listener, or the only server', () => {
  const url = (u: string) => parseClientUrl(u)!;
  const [pod] = servers({ 'etcd.yaml': STATIC_POD });
  const [conf] = servers({ 'etcd.conf.yml': CONF });
  // Named explicitly.
  assert.equal(serverForEndpoint([pod!, conf!], url('https://10.0.0.1:2379')), pod);
  assert.equal(serverForEndpoint([pod!, conf!], url('https://etcd-0.example.com:2379')), conf);
  // 10.0.0.5 is served only by the 0.0.0.0 listener.
  assert.equal(serverForEndpoint([pod!, conf!], url('https://10.0.0.5:2379')), conf);
  // The only server: a name on its port may resolve to it; an IP it does not serve, or another port, may not.
  assert.equal(serverForEndpoint([pod!], url('https://etcd.example.com:2379')), pod);
  assert.equal(serverForEndpoint([pod!], url('https://10.0.0.9:2379')), undefined);
  assert.equal(serverForEndpoint([pod!], url('https://10.0.0.1:4001')), undefined);
  // Two 0.0.0.0 listeners: ambiguous.
  const [conf2] = servers({ 'b.conf.yml': CONF.replace('etcd-0.example.com', 'etcd-1.example.com') });
  assert.equal(serverForEndpoint([conf!, conf2!], url('https://10.0.0.5:2379')), undefined);
  // IPv6 and case are compared canonically.
  const [v6] = servers({ 'etcd.conf.yml': CONF.replace('https://0.0.0.0:2379', 'https://[FD00::0:1]:2379') });
  assert.equal(serverForEndpoint([v6!, pod!], url('https://[fd00::1]:2379')), v6);
});

test("Go's VerifyHostname: IP SANs for addresses, DNS SANs (one-label wildcard) for names, no CN", () => {
  const cert = { dns: ['etcd-0.example.com', '*.etcd.example.com', 'Upper.Example.com'], ips: ['10.0.0.1', 'fd00::1'] };
  assert.ok(verifyHostname(cert, '10.0.0.1'));
  assert.ok(!verifyHostname(cert, '10.0.0.2'));
  assert.ok(verifyHostname(cert, '[fd00:0::1]'));
  assert.ok(verifyHostname(cert, 'fd00::1'));
  assert.ok(verifyHostname(cert, 'ETCD-0.example.com'));
  assert.ok(verifyHostname(cert, 'etcd-0.example.com.'));
  assert.ok(verifyHostname(cert, 'upper.example.com'));
  assert.ok(verifyHostname(cert, 'a.etcd.example.com'));
  assert.ok(!verifyHostname(cert, 'a.b.etcd.example.com'), 'a wildcard covers one label');
  assert.ok(!verifyHostname(cert, 'etcd.example.com'), 'and not the bare parent');
  // An IP address written as a DNS SAN does not count for an IP host.
  assert.ok(!verifyHostname({ dns: ['10.0.0.3'], ips: [] }, '10.0.0.3'));
  // ::ffff:10.0.0.1 is 10.0.0.1 (net.IP.Equal).
  assert.ok(verifyHostname(cert, '::ffff:10.0.0.1'));
});
