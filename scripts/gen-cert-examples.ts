// Regenerates server/src/engine/rules/support/cert-examples.ts: the certificates embedded in
// rule documentation examples. Run by hand (they are valid until 2036):
//   npx esbuild scripts/gen-cert-examples.ts --bundle --platform=node --main-fields=module,main \
//     --inject:server/src/reflect-polyfill.ts --outfile=/tmp/gen-cert-examples.js && node /tmp/gen-cert-examples.js
import { writeFileSync } from 'node:fs';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from '../test/certfactory';

async function main(): Promise<void> {
  const notAfter = new Date('2036-01-01T00:00:00Z');
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const ca = await makeCert({ cn: 'calico-typha-ca', ca: true, notBefore, notAfter });
  const server = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: ca, notBefore, notAfter });
  const client = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: ca, notBefore, notAfter });
  const expired = await makeCert({
    cn: 'typha-server',
    eku: [SERVER_AUTH],
    issuer: ca,
    notBefore: new Date('2024-01-01T00:00:00Z'),
    notAfter: new Date('2025-01-01T00:00:00Z'),
  });
  const otherCa = await makeCert({ cn: 'some-other-ca', ca: true, notBefore, notAfter });
  const foreign = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: otherCa, notBefore, notAfter });
  const wrongEku = await makeCert({ cn: 'typha-server', eku: [CLIENT_AUTH], issuer: ca, notBefore, notAfter });
  const sha1 = await makeCert({
    cn: 'typha-server',
    key: { kind: 'rsa', bits: 2048, hash: 'SHA-1' },
    eku: [SERVER_AUTH],
    notBefore,
    notAfter,
    issuer: await makeCert({
      cn: 'sha1-ca',
      ca: true,
      key: { kind: 'rsa', bits: 2048, hash: 'SHA-1' },
      notBefore,
      notAfter,
    }),
  });
  const sameCn = await makeCert({ cn: 'typha-server', eku: [CLIENT_AUTH], issuer: ca, notBefore, notAfter });
  const ekuCa = await makeCert({ cn: 'client-only-ca', ca: true, eku: [CLIENT_AUTH], notBefore, notAfter });
  const ekuCaServer = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: ekuCa, notBefore, notAfter });
  const byo = await makeCert({
    cn: 'typha-server',
    eku: [SERVER_AUTH, CLIENT_AUTH],
    dns: ['typha-server'],
    issuer: ca,
    notBefore,
    notAfter,
  });
  const metrics = await makeCert({
    cn: 'calico-node-metrics',
    eku: [SERVER_AUTH],
    dns: ['calico-node-metrics', 'calico-node-metrics.kube-system.svc'],
    issuer: ca,
    notBefore,
    notAfter,
  });
  const opSigner = await makeCert({ cn: 'tigera-operator-signer', ca: true, notBefore, notAfter });
  const opTypha = await makeCert({
    cn: 'typha-server',
    eku: [SERVER_AUTH, CLIENT_AUTH],
    dns: ['typha-server'],
    issuer: opSigner,
    notBefore,
    notAfter,
  });
  const legacySigner = await makeCert({ cn: 'tigera-operator-signer@1690000000', ca: true, notBefore, notAfter });
  const legacyTypha = await makeCert({
    cn: 'typha-server',
    eku: [SERVER_AUTH, CLIENT_AUTH],
    dns: ['typha-server'],
    issuer: legacySigner,
    notBefore,
    notAfter,
  });
  const notCa = await makeCert({ cn: 'not-a-ca', ca: false, eku: [SERVER_AUTH], notBefore, notAfter });
  // An etcd set: the server certificate names 10.0.0.1 and etcd-0.example.com.
  const etcdCa = await makeCert({ cn: 'etcd-ca', ca: true, notBefore, notAfter });
  const etcdServer = await makeCert({
    cn: 'etcd-server',
    eku: [SERVER_AUTH],
    dns: ['etcd-0.example.com'],
    ips: ['10.0.0.1'],
    issuer: etcdCa,
    notBefore,
    notAfter,
  });
  const etcdClient = await makeCert({ cn: 'calico', eku: [CLIENT_AUTH], issuer: etcdCa, notBefore, notAfter });
  const v = {
    caCert: ca.certPem,
    typhaServerCert: server.certPem,
    typhaServerKey: server.keyPem,
    typhaClientCert: client.certPem,
    typhaClientKey: client.keyPem,
    expiredTyphaServerCert: expired.certPem,
    expiredTyphaServerKey: expired.keyPem,
    foreignClientCert: foreign.certPem,
    foreignClientKey: foreign.keyPem,
    clientAuthOnlyServerCert: wrongEku.certPem,
    clientAuthOnlyServerKey: wrongEku.keyPem,
    sha1ServerCert: sha1.certPem,
    notACaCert: notCa.certPem,
    ekuLimitedCaCert: ekuCa.certPem,
    ekuLimitedCaServerCert: ekuCaServer.certPem,
    byoTyphaCert: byo.certPem,
    byoTyphaKey: byo.keyPem,
    metricsServerCert: metrics.certPem,
    metricsServerKey: metrics.keyPem,
    operatorSignerCert: opSigner.certPem,
    operatorTyphaCert: opTypha.certPem,
    legacySignerCert: legacySigner.certPem,
    legacyTyphaCert: legacyTypha.certPem,
    sameCnClientCert: sameCn.certPem,
    sameCnClientKey: sameCn.keyPem,
    etcdCaCert: etcdCa.certPem,
    etcdServerCert: etcdServer.certPem,
    etcdClientCert: etcdClient.certPem,
    etcdClientKey: etcdClient.keyPem,
  };
  const body = Object.entries(v)
    .map(([k, pem]) => `  ${k}: \`${pem}\`,`)
    .join('\n');
  writeFileSync(
    new URL('../server/src/engine/rules/support/cert-examples.ts', `file://${process.cwd()}/scripts/`),
    `// Generated by scripts/gen-cert-examples.ts: certificates for rule documentation examples.\n// DEMO KEYS, valid 2026-01-01 to 2036-01-01; never use them anywhere.\nexport const CERT_EXAMPLES = {\n${body}\n} as const;\n`,
  );
}

void main();
