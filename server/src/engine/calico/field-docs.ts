/**
 * Documentation of the TLS fields outside Felix/Typha's own parameters (fact sheet, sections
 * 1d-1f): shown on hover. Felix and Typha parameters come from the catalogue in params.ts.
 */
export interface FieldDoc {
  readonly title: string;
  readonly text: string;
}

export const CNI_KEYS: Record<string, FieldDoc> = {
  etcd_endpoints: {
    title: 'CNI netconf `etcd_endpoints`',
    text:
      'Comma-separated etcd URLs; exported as ETCD_ENDPOINTS before the client is built. Use ' +
      'https:// with the three TLS files.',
  },
  etcd_discovery_srv: {
    title: 'CNI netconf `etcd_discovery_srv`',
    text: 'DNS SRV discovery domain for etcd; exclusive with etcd_endpoints.',
  },
  etcd_key_file: {
    title: 'CNI netconf `etcd_key_file`',
    text:
      'Client key for etcd (ETCD_KEY_FILE). Needs etcd_cert_file too ("KeyFile and CertFile ' +
      'must both be present").',
  },
  etcd_cert_file: {
    title: 'CNI netconf `etcd_cert_file`',
    text: 'Client certificate for etcd (ETCD_CERT_FILE). Needs etcd_key_file too.',
  },
  etcd_ca_cert_file: {
    title: 'CNI netconf `etcd_ca_cert_file`',
    text: 'CA bundle that verifies etcd (ETCD_CA_CERT_FILE). Without it the system roots are used.',
  },
  etcd_scheme: {
    title: 'CNI netconf `etcd_scheme` (dead)',
    text: 'Exported as ETCD_SCHEME, which the current v3 client never reads. Put the scheme in etcd_endpoints.',
  },
  etcd_authority: {
    title: 'CNI netconf `etcd_authority` (dead)',
    text: 'Exported as ETCD_AUTHORITY, which the current v3 client never reads. Put the address in etcd_endpoints.',
  },
  datastore_type: { title: 'CNI netconf `datastore_type`', text: '`kubernetes` or `etcdv3` (DATASTORE_TYPE).' },
};

export const CALICOCTL_FIELDS: Record<string, FieldDoc> = {
  etcdEndpoints: {
    title: 'CalicoAPIConfig `etcdEndpoints` (ETCD_ENDPOINTS)',
    text: 'Comma-separated etcd URLs. Setting it makes the datastore etcdv3 when datastoreType is empty.',
  },
  etcdDiscoverySrv: {
    title: 'CalicoAPIConfig `etcdDiscoverySrv`',
    text: 'SRV discovery; exclusive with etcdEndpoints ("multiple discovery or bootstrap options specified").',
  },
  etcdKeyFile: {
    title: 'CalicoAPIConfig `etcdKeyFile` (ETCD_KEY_FILE)',
    text: 'Client key file. Needs etcdCertFile too; cannot be mixed with inline etcdKey/etcdCert/etcdCACert.',
  },
  etcdCertFile: {
    title: 'CalicoAPIConfig `etcdCertFile` (ETCD_CERT_FILE)',
    text: 'Client certificate file. Needs etcdKeyFile too.',
  },
  etcdCACertFile: {
    title: 'CalicoAPIConfig `etcdCACertFile` (ETCD_CA_CERT_FILE)',
    text: 'CA bundle file that verifies etcd; without it the system roots are used.',
  },
  etcdKey: {
    title: 'CalicoAPIConfig `etcdKey` (inline, config file only)',
    text:
      'Inline PEM key. Inline mode needs both etcdCert and etcdKey ("Certificate and Key must ' +
      'both be present inline."), even for a CA alone.',
  },
  etcdCert: {
    title: 'CalicoAPIConfig `etcdCert` (inline, config file only)',
    text: 'Inline PEM client certificate; goes with etcdKey.',
  },
  etcdCACert: {
    title: 'CalicoAPIConfig `etcdCACert` (inline, config file only)',
    text: 'Inline PEM CA. Only the first PEM block is used (one pem.Decode call): a bundle is silently cut to one CA.',
  },
};

export const TLSCONFIG_FIELDS: Record<string, FieldDoc> = {
  caFile: {
    title: 'tlsConfig `caFile`',
    text:
      'CA file inside the Prometheus pod; a Secret listed in Prometheus spec.secrets is at ' +
      '/etc/prometheus/secrets/<name>/. Not together with `ca`.',
  },
  certFile: {
    title: 'tlsConfig `certFile`',
    text: 'Client certificate file inside the Prometheus pod; needs keyFile/keySecret. Not together with `cert`.',
  },
  keyFile: {
    title: 'tlsConfig `keyFile`',
    text: 'Client key file inside the Prometheus pod; needs certFile/cert. Not together with `keySecret`.',
  },
  ca: {
    title: 'tlsConfig `ca`',
    text: "CA from a Secret or ConfigMap in the monitor's namespace ({secret:{name,key}} or {configMap:{name,key}}).",
  },
  cert: { title: 'tlsConfig `cert`', text: 'Client certificate from a Secret or ConfigMap.' },
  keySecret: { title: 'tlsConfig `keySecret`', text: 'Client key from a Secret {name, key}.' },
  serverName: {
    title: 'tlsConfig `serverName`',
    text:
      "Name verified against the certificate's subject alternative names (Go ignores the CN). " +
      'For Calico metrics, a DNS SAN of the metrics certificate.',
  },
  insecureSkipVerify: {
    title: 'tlsConfig `insecureSkipVerify`',
    text: 'Skips certificate verification entirely. Prefer serverName and a CA.',
  },
  minVersion: {
    title: 'tlsConfig `minVersion`',
    text: 'TLS10, TLS11, TLS12 or TLS13; maxVersion must not be below it.',
  },
  maxVersion: { title: 'tlsConfig `maxVersion`', text: 'TLS10, TLS11, TLS12 or TLS13.' },
};

export const CERT_MGMT_FIELDS: Record<string, FieldDoc> = {
  caCert: {
    title: 'certificateManagement `caCert` (required)',
    text:
      'The base64 of the PEM CA certificate (a []byte field), not raw PEM. The operator fails ' +
      'on anything it cannot parse as a certificate.',
  },
  signerName: {
    title: 'certificateManagement `signerName` (required)',
    text:
      'The CSR signer, `<domain>/<name>` with a domain of at least two labels. Only ' +
      'kube-apiserver checks it, when the init container creates the CSR.',
  },
  keyAlgorithm: {
    title: 'certificateManagement `keyAlgorithm`',
    text:
      'RSAWithSize2048 (default), RSAWithSize4096, RSAWithSize8192, ECDSAWithCurve256/384/521. ' +
      'Must be of the same family as signatureAlgorithm.',
  },
  signatureAlgorithm: {
    title: 'certificateManagement `signatureAlgorithm`',
    text:
      'SHA256WithRSA (default), SHA384WithRSA, SHA512WithRSA, ECDSAWithSHA256/384/512. An ' +
      'ECDSA key with the default SHA256WithRSA fails ("unable to create an x509 csr").',
  },
};

export const ETCD_ENV: Record<string, FieldDoc> = {
  ETCD_ENDPOINTS: {
    title: '`ETCD_ENDPOINTS` (libcalico-go envconfig)',
    text:
      'etcd URLs for calico-node, kube-controllers and calicoctl. CALICO_ETCD_ENDPOINTS wins ' +
      'over it. In calico-node, also copied to Felix as FELIX_ETCDENDPOINTS.',
  },
  ETCD_CA_CERT_FILE: {
    title: '`ETCD_CA_CERT_FILE`',
    text: 'CA file that verifies etcd. Without it the system roots are used.',
  },
  ETCD_CERT_FILE: { title: '`ETCD_CERT_FILE`', text: 'etcd client certificate; needs ETCD_KEY_FILE too.' },
  ETCD_KEY_FILE: { title: '`ETCD_KEY_FILE`', text: 'etcd client key; needs ETCD_CERT_FILE too.' },
};
