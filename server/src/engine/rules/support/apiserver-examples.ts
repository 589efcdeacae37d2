/**
 * kube-apiserver manifests for the kube-apiserver rules' examples: the static pod kubeadm writes
 * to /etc/kubernetes/manifests/kube-apiserver.yaml, with flags replaced or removed.
 */

/** kubeadm's flags, by name (kubeadm 1.30, cmd/kubeadm/app/phases/controlplane/manifests.go). */
export const KUBEADM_FLAGS: ReadonlyArray<readonly [string, string]> = [
  ['advertise-address', '10.0.0.10'],
  ['allow-privileged', 'true'],
  ['authorization-mode', 'Node,RBAC'],
  ['client-ca-file', '/etc/kubernetes/pki/ca.crt'],
  ['enable-admission-plugins', 'NodeRestriction'],
  ['enable-bootstrap-token-auth', 'true'],
  ['etcd-cafile', '/etc/kubernetes/pki/etcd/ca.crt'],
  ['etcd-certfile', '/etc/kubernetes/pki/apiserver-etcd-client.crt'],
  ['etcd-keyfile', '/etc/kubernetes/pki/apiserver-etcd-client.key'],
  ['etcd-servers', 'https://127.0.0.1:2379'],
  ['kubelet-client-certificate', '/etc/kubernetes/pki/apiserver-kubelet-client.crt'],
  ['kubelet-client-key', '/etc/kubernetes/pki/apiserver-kubelet-client.key'],
  ['secure-port', '6443'],
  ['service-account-issuer', 'https://kubernetes.default.svc.cluster.local'],
  ['service-account-key-file', '/etc/kubernetes/pki/sa.pub'],
  ['service-account-signing-key-file', '/etc/kubernetes/pki/sa.key'],
  ['service-cluster-ip-range', '10.96.0.0/12'],
  ['tls-cert-file', '/etc/kubernetes/pki/apiserver.crt'],
  ['tls-private-key-file', '/etc/kubernetes/pki/apiserver.key'],
];

/** The static pod with kubeadm's flags, `set` replacing or adding values, `drop` removing flags. */
export function apiserverPod(opts: { set?: Record<string, string>; drop?: readonly string[] } = {}): string {
  const flags = new Map(KUBEADM_FLAGS);
  for (const d of opts.drop ?? []) flags.delete(d);
  for (const [k, v] of Object.entries(opts.set ?? {})) flags.set(k, v);
  const args = [...flags].map(([k, v]) => `        - --${k}=${v}\n`).join('');
  return `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  labels:
    component: kube-apiserver
    tier: control-plane
spec:
  hostNetwork: true
  priorityClassName: system-node-critical
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.2
      command:
        - kube-apiserver
${args}      volumeMounts:
        - mountPath: /etc/ssl/certs
          name: ca-certs
          readOnly: true
        - mountPath: /etc/kubernetes/pki
          name: k8s-certs
          readOnly: true
  volumes:
    - name: ca-certs
      hostPath:
        path: /etc/ssl/certs
        type: DirectoryOrCreate
    - name: k8s-certs
      hostPath:
        path: /etc/kubernetes/pki
        type: DirectoryOrCreate
`;
}

/** A kubeadm ClusterConfiguration (v1beta3) with the given extraArgs and etcd section. */
export function kubeadmConfig(opts: { extraArgs?: Record<string, string>; etcd?: string } = {}): string {
  const extra = Object.entries(opts.extraArgs ?? {})
    .map(([k, v]) => `    ${k}: "${v}"\n`)
    .join('');
  return `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
kubernetesVersion: v1.30.2
controlPlaneEndpoint: 10.0.0.10:6443
apiServer:
${extra ? `  extraArgs:\n${extra}` : '  certSANs: [10.0.0.10]\n'}etcd:
${opts.etcd ?? '  local:\n    dataDir: /var/lib/etcd\n'}networking:
  podSubnet: 192.168.0.0/16
`;
}
