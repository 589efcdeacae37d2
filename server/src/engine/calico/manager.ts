/**
 * Calico Enterprise Manager (the web UI) HTTPS: the Secret each kind of install reads the
 * Manager's certificate from, under which key names, and the Services that front it. Seed
 * "Configure encryption and authentication" (Manager connections); fact sheet 1e "Manager TLS".
 */
import { PAIRS } from './operator';

export interface ManagerTlsSecret {
  /** manual: the manifests / Helm chart of Calico Enterprise 2.x; operator: the Tigera operator. */
  readonly layout: 'manual' | 'operator';
  /** The certificate/key pairs read, in the order they are looked up; the first is the canonical one. */
  readonly pairs: ReadonlyArray<readonly [string, string]>;
}

/**
 * - `cnx-manager-tls` (manual/Helm installs): the seed creates it with
 *   `kubectl create secret generic cnx-manager-tls --from-file=cert=... --from-file=key=...`, and
 *   the Manager pod mounts the whole Secret at /etc/cnx-manager-web-tls and reads the files `cert`
 *   and `key` there (its cnx-manager-init-pem container runs `cat /etc/cnx-manager-web-tls/cert
 *   /etc/cnx-manager-web-tls/key`; shared corpus, real-world charmed-kubernetes
 *   layer-tigera-secure-ee templates/cnx-etcd.yaml). Keys named `tls.crt`/`tls.key` become files
 *   nobody reads.
 * - `manager-tls` (operator installs; put in the operator namespace): the operator's key-pair
 *   lookup (OP pkg/controller/certificatemanager getKeyCertPEM) takes `tls.crt`/`tls.key`, then the
 *   legacy `cert`/`key` (the only names operators read before the switch, when
 *   render.ManagerSecretCertName was "cert") and the other legacy pairs of operator.ts PAIRS. Every
 *   operator version reads `cert`/`key`; `tls.crt`/`tls.key` needs a current one, whose version is
 *   not in the Secret, so both are accepted.
 */
export const MANAGER_TLS_SECRETS: ReadonlyMap<string, ManagerTlsSecret> = new Map([
  ['cnx-manager-tls', { layout: 'manual', pairs: [['cert', 'key']] }],
  ['manager-tls', { layout: 'operator', pairs: PAIRS }],
]);

/**
 * The Services that front the Manager: `cnx-manager` (manual installs, the seed's NodePort on
 * 30003), `calico-manager` (operator, calico-system) and the operator's legacy `tigera-manager`.
 */
export const MANAGER_SERVICES: ReadonlySet<string> = new Set(['cnx-manager', 'calico-manager', 'tigera-manager']);

/**
 * The names the operator issues its own `manager-tls` for: the Manager Service's DNS names in the
 * install namespace, the legacy `tigera-manager` ones, and `localhost` (OP pkg/controller/manager
 * manager_controller.go, dns.GetServiceDNSNames; fact sheet 1e). The operator does not require
 * them of a certificate the user brings: GetOrCreateKeyPair only logs "has invalid DNS names" and
 * keeps a BYO key pair (OP pkg/controller/certificatemanager).
 */
export function operatorManagerNames(clusterDomain = 'cluster.local'): string[] {
  const svc = (name: string, ns: string) => [
    name,
    `${name}.${ns}`,
    `${name}.${ns}.svc`,
    `${name}.${ns}.svc.${clusterDomain}`,
  ];
  return [...svc('calico-manager', 'calico-system'), ...svc('tigera-manager', 'tigera-manager'), 'localhost'];
}
