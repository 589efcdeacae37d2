// Writes examples/cluster-dump/cluster-dump.yaml (an operator-installed cluster as
// `kubectl get ... -o yaml` prints it, with two defects) and test/fixtures/dumps/operator-good.yaml
// (the same cluster, correct). Run by hand; the outputs are committed:
//   npx esbuild scripts/gen-cluster-dump.ts --bundle --platform=node --main-fields=module,main \
//     --inject:server/src/reflect-polyfill.ts --outfile=/tmp/gen-dump.js && node /tmp/gen-dump.js
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { CLIENT_AUTH, makeCert, SERVER_AUTH, type Issued } from '../test/certfactory';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date('2036-01-01T00:00:00Z');

function secret(name: string, ns: string, c: Issued, extra: Record<string, string> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(c.certPem), 'tls.key': b64(c.keyPem), ...extra },
  };
}

function cluster(ca: Issued, typha: Issued, node: Issued) {
  const bundle = ca.certPem;
  const env = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'operator.tigera.io/v1',
        kind: 'Installation',
        metadata: { name: 'default' },
        spec: {
          variant: 'Calico',
          calicoNetwork: { ipPools: [{ cidr: '192.168.0.0/16', encapsulation: 'VXLANCrossSubnet' }] },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'tigera-ca-private', namespace: 'tigera-operator' },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': b64(ca.certPem), 'tls.key': b64(ca.keyPem) },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'tigera-ca-bundle', namespace: 'calico-system' },
        data: { 'ca.crt': bundle, 'tigera-ca-bundle.crt': bundle },
      },
      secret('typha-certs', 'tigera-operator', typha),
      secret('typha-certs', 'calico-system', typha),
      secret('node-certs', 'tigera-operator', node),
      secret('node-certs', 'calico-system', node),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'calico-typha', namespace: 'calico-system', labels: { 'k8s-app': 'calico-typha' } },
        spec: {
          ports: [{ name: 'calico-typha', port: 5473, protocol: 'TCP', targetPort: 'calico-typha' }],
          selector: { 'k8s-app': 'calico-typha' },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'calico-node', namespace: 'calico-system' },
        spec: {
          selector: { matchLabels: { 'k8s-app': 'calico-node' } },
          template: {
            metadata: { labels: { 'k8s-app': 'calico-node' } },
            spec: {
              containers: [
                {
                  name: 'calico-node',
                  image: 'quay.io/calico/node:v3.30.0',
                  env: env({
                    DATASTORE_TYPE: 'kubernetes',
                    FELIX_TYPHAK8SNAMESPACE: 'calico-system',
                    FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
                    FELIX_TYPHACAFILE: '/etc/pki/tls/certs/tigera-ca-bundle.crt',
                    FELIX_TYPHACERTFILE: '/node-certs/tls.crt',
                    FELIX_TYPHAKEYFILE: '/node-certs/tls.key',
                    FELIX_TYPHACN: 'typha-server',
                    FELIX_HEALTHENABLED: 'true',
                  }),
                  volumeMounts: [
                    { mountPath: '/etc/pki/tls/certs', name: 'tigera-ca-bundle', readOnly: true },
                    { mountPath: '/node-certs', name: 'node-certs', readOnly: true },
                  ],
                },
              ],
              volumes: [
                { name: 'tigera-ca-bundle', configMap: { name: 'tigera-ca-bundle', defaultMode: 420 } },
                { name: 'node-certs', secret: { secretName: 'node-certs', defaultMode: 420 } },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'calico-typha', namespace: 'calico-system' },
        spec: {
          selector: { matchLabels: { 'k8s-app': 'calico-typha' } },
          template: {
            metadata: { labels: { 'k8s-app': 'calico-typha' } },
            spec: {
              containers: [
                {
                  name: 'calico-typha',
                  image: 'quay.io/calico/typha:v3.30.0',
                  env: env({
                    TYPHA_DATASTORETYPE: 'kubernetes',
                    TYPHA_K8SNAMESPACE: 'calico-system',
                    TYPHA_CAFILE: '/etc/pki/tls/certs/tigera-ca-bundle.crt',
                    TYPHA_SERVERCERTFILE: '/typha-certs/tls.crt',
                    TYPHA_SERVERKEYFILE: '/typha-certs/tls.key',
                    TYPHA_CLIENTCN: 'typha-client',
                  }),
                  volumeMounts: [
                    { mountPath: '/etc/pki/tls/certs', name: 'tigera-ca-bundle', readOnly: true },
                    { mountPath: '/typha-certs', name: 'typha-certs', readOnly: true },
                  ],
                },
              ],
              volumes: [
                { name: 'tigera-ca-bundle', configMap: { name: 'tigera-ca-bundle' } },
                { name: 'typha-certs', secret: { secretName: 'typha-certs' } },
              ],
            },
          },
        },
      },
    ],
  };
}

async function main(): Promise<void> {
  const ca = await makeCert({
    cn: 'tigera-operator-signer',
    ca: true,
    key: { kind: 'rsa', bits: 2048 },
    notBefore,
    notAfter,
  });
  const both = [SERVER_AUTH, CLIENT_AUTH];
  const typha = await makeCert({
    cn: 'typha-server',
    eku: both,
    dns: ['typha-server'],
    issuer: ca,
    key: { kind: 'rsa', bits: 2048 },
    notBefore,
    notAfter,
  });
  const node = await makeCert({
    cn: 'typha-client',
    eku: both,
    dns: ['typha-client'],
    issuer: ca,
    key: { kind: 'rsa', bits: 2048 },
    notBefore,
    notAfter,
  });
  // The defects: Typha's certificate expired; the node certificate comes from the signer of an
  // earlier install (same name, another key), which the bundle no longer holds.
  const expiredTypha = await makeCert({
    cn: 'typha-server',
    eku: both,
    dns: ['typha-server'],
    issuer: ca,
    key: { kind: 'rsa', bits: 2048 },
    notBefore: new Date('2025-06-01T00:00:00Z'),
    notAfter: new Date('2026-06-01T00:00:00Z'),
  });
  const oldCa = await makeCert({
    cn: 'tigera-operator-signer',
    ca: true,
    key: { kind: 'rsa', bits: 2048 },
    notBefore,
    notAfter,
  });
  const strayNode = await makeCert({
    cn: 'typha-client',
    eku: both,
    dns: ['typha-client'],
    issuer: oldCa,
    key: { kind: 'rsa', bits: 2048 },
    notBefore,
    notAfter,
  });
  const header = (what: string) =>
    `# ${what}\n# DEMO KEYS generated by scripts/gen-cluster-dump.ts; never use them anywhere.\n# Produced as by: kubectl get installation,secret,configmap,service,daemonset,deployment -A -o yaml\n`;
  writeFileSync(
    'examples/cluster-dump/cluster-dump.yaml',
    header(
      'An operator-installed cluster with an expired Typha certificate and a node certificate whose issuer is not in tigera-ca-bundle.',
    ) + stringify(cluster(ca, expiredTypha, strayNode), { lineWidth: 0 }),
  );
  writeFileSync(
    'test/fixtures/dumps/operator-good.yaml',
    header('The same operator-installed cluster with correct certificates.') +
      stringify(cluster(ca, typha, node), { lineWidth: 0 }),
  );
}

void main();
