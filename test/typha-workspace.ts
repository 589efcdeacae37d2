// A Felix <-> Typha mTLS workspace from certificates made by a test (test/certfactory.ts): the
// calico-node DaemonSet and calico-typha Deployment of the rule examples, the Typha CA in a
// ConfigMap and each side's pair in its Secret.
import type { SourceFile } from '../server/src/engine';
import {
  calicoNode,
  calicoTypha,
  FELIX_TLS_ENV,
  FELIX_TLS_MOUNTS,
  TYPHA_TLS_ENV,
  TYPHA_TLS_MOUNTS,
  type EnvSpec,
} from '../server/src/engine/rules/support/examples';
import type { Issued } from './certfactory';

export const b64 = (s: string) => Buffer.from(s).toString('base64');

export interface Parts {
  ca: Issued;
  server: Issued;
  serverKeyPem?: string;
  client: Issued;
  felixEnv?: EnvSpec;
  typhaEnv?: EnvSpec;
}

export function typhaWorkspace(p: Parts): SourceFile[] {
  const certs = `apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-typha-ca
  namespace: kube-system
data:
  ca.crt: ${JSON.stringify(p.ca.certPem)}
---
apiVersion: v1
kind: Secret
metadata:
  name: calico-typha-certs
  namespace: kube-system
data:
  tls.crt: ${b64(p.server.certPem)}
  tls.key: ${b64(p.serverKeyPem ?? p.server.keyPem)}
---
apiVersion: v1
kind: Secret
metadata:
  name: calico-node-certs
  namespace: kube-system
data:
  tls.crt: ${b64(p.client.certPem)}
  tls.key: ${b64(p.client.keyPem)}
`;
  return [
    { uri: 'calico-node.yaml', text: calicoNode(p.felixEnv ?? FELIX_TLS_ENV, FELIX_TLS_MOUNTS) },
    { uri: 'calico-typha.yaml', text: calicoTypha(p.typhaEnv ?? TYPHA_TLS_ENV, TYPHA_TLS_MOUNTS) },
    { uri: 'certs.yaml', text: certs },
  ];
}
