import { CERT_EXAMPLES } from './cert-examples';
/**
 * Builders for the small manifests rule examples are made of. Examples are linted by a test
 * (bad ones must fire their rule, good ones must lint clean), so they are real manifests.
 */
export interface EnvSpec {
  readonly [name: string]: string;
}

function envYaml(env: EnvSpec, indent: string): string {
  return Object.entries(env)
    .map(([k, v]) => `${indent}- name: ${k}\n${indent}  value: ${JSON.stringify(v)}`)
    .join('\n');
}

export interface MountSpec {
  readonly volume: string;
  readonly path: string;
  readonly secret?: string;
  readonly configMap?: string;
}

function mountsYaml(mounts: readonly MountSpec[], indent: string): string {
  if (!mounts.length) return '';
  return (
    `\n${indent}volumeMounts:\n` +
    mounts
      .map((m) => `${indent}  - name: ${m.volume}\n${indent}    mountPath: ${m.path}\n${indent}    readOnly: true`)
      .join('\n')
  );
}

function volumesYaml(mounts: readonly MountSpec[], indent: string): string {
  if (!mounts.length) return '';
  return (
    `\n${indent}volumes:\n` +
    mounts
      .map((m) =>
        m.secret
          ? `${indent}  - name: ${m.volume}\n${indent}    secret:\n${indent}      secretName: ${m.secret}`
          : `${indent}  - name: ${m.volume}\n${indent}    configMap:\n${indent}      name: ${m.configMap}`,
      )
      .join('\n')
  );
}

export function calicoNode(env: EnvSpec, mounts: readonly MountSpec[] = [], image = 'calico/node:v3.30.0'): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  template:
    metadata:
      labels:
        k8s-app: calico-node
    spec:
      containers:
        - name: calico-node
          image: ${image}
          env:
${envYaml(env, '            ')}${mountsYaml(mounts, '          ')}${volumesYaml(mounts, '      ')}
`;
}

export function calicoTypha(env: EnvSpec, mounts: readonly MountSpec[] = [], image = 'calico/typha:v3.30.0'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: calico-typha
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: calico-typha
  template:
    metadata:
      labels:
        k8s-app: calico-typha
    spec:
      containers:
        - name: calico-typha
          image: ${image}
          env:
${envYaml(env, '            ')}${mountsYaml(mounts, '          ')}${volumesYaml(mounts, '      ')}
`;
}

/** A Secret with base64 `data`; `.crt`/`.key` keys get the example Typha server (for names
 * with "typha") or Felix client certificate and key. */
export function secret(name: string, keys: readonly string[]): string {
  const server = name.includes('typha');
  const pem = (k: string) =>
    k.endsWith('.key')
      ? server
        ? CERT_EXAMPLES.typhaServerKey
        : CERT_EXAMPLES.typhaClientKey
      : k.endsWith('.crt')
        ? server
          ? CERT_EXAMPLES.typhaServerCert
          : CERT_EXAMPLES.typhaClientCert
        : 'placeholder';
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: kube-system
type: Opaque
data:
${keys.map((k) => `  ${k}: ${Buffer.from(pem(k)).toString('base64')}`).join('\n')}
`;
}

export function configMap(name: string, data: Readonly<Record<string, string>>): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: kube-system
data:
${Object.entries(data)
  .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
  .join('\n')}
`;
}

export const FELIX_TLS_ENV: EnvSpec = {
  FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
  FELIX_TYPHACAFILE: '/calico-typha-ca/ca.crt',
  FELIX_TYPHACERTFILE: '/calico-node-certs/tls.crt',
  FELIX_TYPHAKEYFILE: '/calico-node-certs/tls.key',
  FELIX_TYPHACN: 'typha-server',
};

export const FELIX_TLS_MOUNTS: readonly MountSpec[] = [
  { volume: 'calico-typha-ca', path: '/calico-typha-ca', configMap: 'calico-typha-ca' },
  { volume: 'calico-node-certs', path: '/calico-node-certs', secret: 'calico-node-certs' },
];

export const TYPHA_TLS_ENV: EnvSpec = {
  TYPHA_CAFILE: '/calico-typha-ca/ca.crt',
  TYPHA_SERVERCERTFILE: '/calico-typha-certs/tls.crt',
  TYPHA_SERVERKEYFILE: '/calico-typha-certs/tls.key',
  TYPHA_CLIENTCN: 'typha-client',
};

export const TYPHA_TLS_MOUNTS: readonly MountSpec[] = [
  { volume: 'calico-typha-ca', path: '/calico-typha-ca', configMap: 'calico-typha-ca' },
  { volume: 'calico-typha-certs', path: '/calico-typha-certs', secret: 'calico-typha-certs' },
];

/** A complete, correct manual Felix <-> Typha mTLS setup (placeholders for the PEM data). */
export function goodTyphaSetup(): Array<{ name: string; text: string }> {
  return [
    { name: 'calico-node.yaml', text: calicoNode(FELIX_TLS_ENV, FELIX_TLS_MOUNTS) },
    { name: 'calico-typha.yaml', text: calicoTypha(TYPHA_TLS_ENV, TYPHA_TLS_MOUNTS) },
    {
      name: 'certs.yaml',
      text: [
        configMap('calico-typha-ca', { 'ca.crt': CERT_EXAMPLES.caCert }),
        secret('calico-node-certs', ['tls.crt', 'tls.key']),
        secret('calico-typha-certs', ['tls.crt', 'tls.key']),
      ].join('---\n'),
    },
  ];
}

export function without(env: EnvSpec, ...names: string[]): EnvSpec {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));
}
