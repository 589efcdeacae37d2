// The seed documents' own procedures (../shared/seeds: "Configure encryption and
// authentication", "Manage TLS certificates used by Calico"), completed with real certificates
// made by the test, lint with no error and no warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, resolveFinding, type SourceFile } from '../server/src/engine';
import {
  calicoNode,
  calicoTypha,
  FELIX_TLS_MOUNTS,
  TYPHA_TLS_MOUNTS,
} from '../server/src/engine/rules/support/examples';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from './certfactory';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function clean(files: SourceFile[]): void {
  const res = lint(files);
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const bad = res.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      return `${r.uri}:${r.range.start.line + 1} ${f.rule}: ${f.message}`;
    });
  assert.deepEqual(bad, []);
}

test('seed: Felix-Typha mTLS with SPIFFE identities lints clean', async () => {
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true });
  const typhaId = 'spiffe://cluster.local/ns/kube-system/sa/calico-typha';
  const felixId = 'spiffe://cluster.local/ns/kube-system/sa/calico-node';
  const server = await makeCert({ cn: 'typha', eku: [SERVER_AUTH], uris: [typhaId], issuer: ca });
  const client = await makeCert({ cn: 'felix', eku: [CLIENT_AUTH], uris: [felixId], issuer: ca });
  clean([
    {
      uri: 'calico-node.yaml',
      text: calicoNode(
        {
          FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
          FELIX_TYPHACAFILE: '/calico-typha-ca/ca.crt',
          FELIX_TYPHACERTFILE: '/calico-node-certs/tls.crt',
          FELIX_TYPHAKEYFILE: '/calico-node-certs/tls.key',
          FELIX_TYPHAURISAN: typhaId,
        },
        FELIX_TLS_MOUNTS,
      ),
    },
    {
      uri: 'calico-typha.yaml',
      text: calicoTypha(
        {
          TYPHA_CAFILE: '/calico-typha-ca/ca.crt',
          TYPHA_SERVERCERTFILE: '/calico-typha-certs/tls.crt',
          TYPHA_SERVERKEYFILE: '/calico-typha-certs/tls.key',
          TYPHA_CLIENTURISAN: felixId,
        },
        TYPHA_TLS_MOUNTS,
      ),
    },
    {
      uri: 'certs.yaml',
      text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-typha-ca, namespace: kube-system}\ndata:\n  ca.crt: ${JSON.stringify(ca.certPem)}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: calico-typha-certs, namespace: kube-system}\ndata:\n  tls.crt: ${b64(server.certPem)}\n  tls.key: ${b64(server.keyPem)}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: calico-node-certs, namespace: kube-system}\ndata:\n  tls.crt: ${b64(client.certPem)}\n  tls.key: ${b64(client.keyPem)}\n`,
    },
  ]);
});

test('seed: Prometheus metrics TLS (Felix reporter, Secret certs, spec.secrets, ServiceMonitor tlsConfig) lints clean', async () => {
  const ca = await makeCert({ cn: 'calico-ca', ca: true, key: { kind: 'rsa', bits: 2048 } });
  const calico = await makeCert({
    cn: 'calico-node-metrics',
    eku: [SERVER_AUTH],
    dns: ['calico-node-metrics', 'calico-node-metrics.kube-system.svc'],
    issuer: ca,
  });
  const prom = await makeCert({ cn: 'prometheus', eku: [CLIENT_AUTH], issuer: ca });
  const node = calicoNode(
    {
      FELIX_PROMETHEUSREPORTERENABLED: 'true',
      FELIX_PROMETHEUSREPORTERPORT: '9081',
      FELIX_PROMETHEUSREPORTERCERTFILE: '/etc/certs/concat-cert.pem',
      FELIX_PROMETHEUSREPORTERKEYFILE: '/etc/certs/calico-key.pem',
      FELIX_PROMETHEUSREPORTERCAFILE: '/etc/certs/ca.pem',
    },
    [{ volume: 'calico-certs', path: '/etc/certs', secret: 'calico-certs' }],
  );
  const files: SourceFile[] = [
    { uri: 'calico-node.yaml', text: node },
    {
      uri: 'calico-certs.yaml',
      text: `apiVersion: v1\nkind: Secret\nmetadata: {name: calico-certs, namespace: kube-system}\ndata:\n  concat-cert.pem: ${b64(calico.certPem + ca.certPem)}\n  calico-key.pem: ${b64(calico.keyPem)}\n  ca.pem: ${b64(ca.certPem)}\n`,
    },
    {
      uri: 'certs.yaml',
      text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: certs\n  namespace: calico-monitoring\ndata:\n  ca.pem: ${b64(ca.certPem)}\n  prom.pem: ${b64(prom.certPem)}\n  prom-key.pem: ${b64(prom.keyPem)}\n`,
    },
    {
      uri: 'prometheus.yaml',
      text: 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: calico-node-prometheus\n  namespace: calico-monitoring\nspec:\n  serviceMonitorSelector:\n    matchLabels:\n      team: network-operators\n  secrets:\n    - certs\n',
    },
    {
      uri: 'monitor.yaml',
      text: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: calico-node-monitor\n  namespace: calico-monitoring\n  labels:\n    team: network-operators\nspec:\n  selector:\n    matchLabels:\n      k8s-app: calico-node\n  namespaceSelector:\n    matchNames:\n      - kube-system\n  endpoints:\n    - port: calico-metrics-port\n      interval: 5s\n      scheme: https\n      tlsConfig:\n        caFile: /etc/prometheus/secrets/certs/ca.pem\n        certFile: /etc/prometheus/secrets/certs/prom.pem\n        keyFile: /etc/prometheus/secrets/certs/prom-key.pem\n        serverName: calico-node-metrics\n        insecureSkipVerify: false\n',
    },
  ];
  clean(files);
  // ...and the same setup with the concatenation in the wrong order is caught.
  const reversed = files.map((f) =>
    f.uri === 'calico-certs.yaml'
      ? { ...f, text: f.text.replace(b64(calico.certPem + ca.certPem), b64(ca.certPem + calico.certPem)) }
      : f,
  );
  assert.ok(lint(reversed).findings.some((f) => f.rule === 'cert-chain-order'));
});

test('seed: Installation certificateManagement with a real CA lints clean', async () => {
  const ca = await makeCert({ cn: 'my-cluster-ca', ca: true, key: { kind: 'rsa', bits: 2048 } });
  clean([
    {
      uri: 'installation.yaml',
      text: `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    caCert: ${b64(ca.certPem)}\n    signerName: example.com/calico-signer\n    signatureAlgorithm: SHA512WithRSA\n    keyAlgorithm: RSAWithSize4096\n`,
    },
  ]);
});

test('seed: etcd mutual TLS (calico-etcd-secrets, calico-config paths, client certificates) lints clean', async () => {
  const ca = await makeCert({ cn: 'etcd-ca', ca: true });
  const client = await makeCert({ cn: 'calico', eku: [CLIENT_AUTH], issuer: ca });
  const text = `apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: calico-etcd-secrets
  namespace: kube-system
data:
  etcd-key: ${b64(client.keyPem)}
  etcd-cert: ${b64(client.certPem)}
  etcd-ca: ${b64(ca.certPem)}
---
kind: ConfigMap
apiVersion: v1
metadata:
  name: calico-config
  namespace: kube-system
data:
  etcd_endpoints: "https://10.0.0.1:2379,https://10.0.0.2:2379"
  etcd_ca: "/calico-secrets/etcd-ca"
  etcd_cert: "/calico-secrets/etcd-cert"
  etcd_key: "/calico-secrets/etcd-key"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: calico-kube-controllers
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: calico-kube-controllers
          image: calico/kube-controllers:v3.30.0
          env:
            - name: ETCD_ENDPOINTS
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_endpoints}}
            - name: ETCD_CA_CERT_FILE
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_ca}}
            - name: ETCD_KEY_FILE
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_key}}
            - name: ETCD_CERT_FILE
              valueFrom: {configMapKeyRef: {name: calico-config, key: etcd_cert}}
          volumeMounts:
            - {name: etcd-certs, mountPath: /calico-secrets}
      volumes:
        - name: etcd-certs
          secret: {secretName: calico-etcd-secrets, defaultMode: 0400}
`;
  clean([{ uri: 'calico-etcd.yaml', text }]);
});
