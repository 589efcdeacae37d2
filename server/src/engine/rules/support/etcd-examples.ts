/** Manifests for the etcd rules' examples, in the shape of Calico's calico-etcd.yaml. */
export function etcdManifest(opts: { endpoints: string; ca?: string; cert?: string; key?: string }): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-config
  namespace: kube-system
data:
  etcd_endpoints: "${opts.endpoints}"
  etcd_ca: "${opts.ca ?? ''}"
  etcd_cert: "${opts.cert ?? ''}"
  etcd_key: "${opts.key ?? ''}"
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
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: etcd_endpoints
            - name: ETCD_CA_CERT_FILE
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: etcd_ca
            - name: ETCD_KEY_FILE
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: etcd_key
            - name: ETCD_CERT_FILE
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: etcd_cert
`;
}

/**
 * calico-kube-controllers reading its etcd client files from Secret calico-etcd-secrets mounted at
 * /calico-secrets (the calico-etcd.yaml layout), with the given PEM in the Secret.
 */
export function etcdSecretSetup(
  pem: { ca: string; cert: string; key: string },
  endpoints = 'https://10.0.0.1:2379',
): Array<{ name: string; text: string }> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const manifest = etcdManifest({
    endpoints,
    ca: '/calico-secrets/etcd-ca',
    cert: '/calico-secrets/etcd-cert',
    key: '/calico-secrets/etcd-key',
  }).replace(
    '                  key: etcd_cert\n',
    '                  key: etcd_cert\n' +
      '          volumeMounts:\n            - name: etcd-certs\n              mountPath: /calico-secrets\n' +
      '      volumes:\n        - name: etcd-certs\n          secret:\n            secretName: calico-etcd-secrets\n',
  );
  return [
    { name: 'calico-etcd.yaml', text: manifest },
    {
      name: 'etcd-secrets.yaml',
      text:
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-etcd-secrets\n  namespace: kube-system\n' +
        `data:\n  etcd-ca: ${b64(pem.ca)}\n  etcd-cert: ${b64(pem.cert)}\n  etcd-key: ${b64(pem.key)}\n`,
    },
  ];
}

/**
 * etcd's configuration file (etcd --config-file etcd.conf.yml) serving clients on `url` with the
 * server certificate and key, client certificate authentication and the CA it trusts for client
 * certificates in /etc/etcd/pki (the layout `calico-tls gen etcd` writes).
 */
export function etcdConfigYml(url: string): string {
  return `# etcd --config-file etcd.conf.yml
name: etcd-0
data-dir: /var/lib/etcd
listen-client-urls: ${url}
advertise-client-urls: ${url}
client-transport-security:
  cert-file: /etc/etcd/pki/etcd-server.crt
  key-file: /etc/etcd/pki/etcd-server.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/pki/etcd-ca.crt
`;
}

/**
 * Both sides of an etcd connection: calico-kube-controllers with its client files in
 * calico-etcd-secrets (client CA, certificate, key), and etcd's configuration file with copies of
 * the CA it trusts and the certificate it serves, as the files it names.
 */
export function etcdBothSides(o: {
  client: { ca: string; cert: string; key: string };
  endpoint: string;
  serverUrl: string;
  trustedCa: string;
  serverCert: string;
}): Array<{ name: string; text: string }> {
  return [
    ...etcdSecretSetup(o.client, o.endpoint),
    { name: 'etcd.conf.yml', text: etcdConfigYml(o.serverUrl) },
    { name: 'etcd-ca.crt', text: o.trustedCa },
    { name: 'etcd-server.crt', text: o.serverCert },
  ];
}
