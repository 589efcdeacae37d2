/**
 * The certificate, key and CA file parameters each Calico component loads together, and how it
 * loads them (fact sheet, sections 1b, 1c, 1d and 1f). Every certificate/key pair goes through
 * Go's tls.LoadX509KeyPair (or tls.X509KeyPair on the files' bytes), whose errors are quoted
 * below exactly as Go's crypto/tls/tls.go writes them. What a group is for and what fails are
 * messages (l10n/common.ts, group 6), placed in the rules' messages as they are.
 */
import { m, type Msg } from '../l10n/messages';

export type TlsFileRole = 'cert' | 'key' | 'ca';

/** Who reads a group of files: a Felix or Typha configuration, or a libcalico-go envconfig client. */
export type TlsFileOwner = 'felix' | 'typha' | 'env';

export interface TlsFileGroup {
  readonly owner: TlsFileOwner;
  /** What the files are for, as a message says it ("Felix's Typha client"). */
  readonly purpose: Msg;
  /** The same words at the start of a sentence, when they differ ("The etcd client"). */
  readonly purposeFirst?: Msg;
  /** Canonical parameter names (for `env`, the Felix-style names ETCD_* map to). */
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  /**
   * The Go function that loads the pair: tls.LoadX509KeyPair on the two paths, or tls.X509KeyPair
   * on their bytes (etcd's tlsutil.NewCert); both fail with the same errors.
   */
  readonly loader: 'tls.LoadX509KeyPair' | 'tls.X509KeyPair';
  /** What Calico does when the pair cannot be loaded, with its source file. */
  readonly onLoadFailure: Msg;
  /** What Calico does when the CA file holds no certificate, with its source file. */
  readonly onCaFailure: Msg;
  /**
   * When the CA file is read: always, or only when this parameter asks for client certificates
   * (the metrics server reads it but verifies nothing with NoClientCert, its OSS default), or
   * 'unknown' (Calico Enterprise code is not public).
   */
  readonly caUsedWhen?: { readonly param: string; readonly values: readonly string[] } | 'unknown';
}

const ETCD_FAILURE = m('failEtcdLoad');
const ETCD_CA_FAILURE = m('failEtcdCa');
const METRICS_CA_FAILURE = m('failMetricsCa');
const METRICS_CLIENT_AUTH = {
  param: 'PrometheusMetricsClientAuth',
  values: ['requireandverifyclientcert', 'verifyclientcertifgiven'],
};
const METRICS_FAILURE = m('failMetricsLoad');

export const TLS_FILE_GROUPS: readonly TlsFileGroup[] = [
  {
    owner: 'felix',
    purpose: m('purposeFelixTypha'),
    cert: 'TyphaCertFile',
    key: 'TyphaKeyFile',
    ca: 'TyphaCAFile',
    loader: 'tls.LoadX509KeyPair',
    onLoadFailure: m('failFelixTyphaLoad'),
    onCaFailure: m('failFelixTyphaCa'),
  },
  {
    owner: 'felix',
    purpose: m('purposeFelixEtcd'),
    cert: 'EtcdCertFile',
    key: 'EtcdKeyFile',
    ca: 'EtcdCaFile',
    loader: 'tls.X509KeyPair',
    onLoadFailure: ETCD_FAILURE,
    onCaFailure: ETCD_CA_FAILURE,
  },
  {
    owner: 'felix',
    purpose: m('purposeFelixMetrics'),
    cert: 'PrometheusMetricsCertFile',
    key: 'PrometheusMetricsKeyFile',
    ca: 'PrometheusMetricsCAFile',
    loader: 'tls.LoadX509KeyPair',
    onLoadFailure: METRICS_FAILURE,
    onCaFailure: METRICS_CA_FAILURE,
    caUsedWhen: METRICS_CLIENT_AUTH,
  },
  {
    // Calico Enterprise (fact sheet 1f): the operator renders these for the flow-log reporter.
    owner: 'felix',
    purpose: m('purposeFelixReporter'),
    cert: 'PrometheusReporterCertFile',
    key: 'PrometheusReporterKeyFile',
    ca: 'PrometheusReporterCAFile',
    loader: 'tls.LoadX509KeyPair',
    onLoadFailure: m('failReporterLoad'),
    onCaFailure: m('failReporterCa'),
    caUsedWhen: 'unknown',
  },
  {
    owner: 'typha',
    purpose: m('purposeTyphaServer'),
    cert: 'ServerCertFile',
    key: 'ServerKeyFile',
    ca: 'CAFile',
    loader: 'tls.LoadX509KeyPair',
    onLoadFailure: m('failTyphaServerLoad'),
    onCaFailure: m('failTyphaServerCa'),
  },
  {
    owner: 'typha',
    purpose: m('purposeTyphaEtcd'),
    cert: 'EtcdCertFile',
    key: 'EtcdKeyFile',
    ca: 'EtcdCaFile',
    loader: 'tls.X509KeyPair',
    onLoadFailure: ETCD_FAILURE,
    onCaFailure: ETCD_CA_FAILURE,
  },
  {
    owner: 'typha',
    purpose: m('purposeTyphaMetrics'),
    cert: 'PrometheusMetricsCertFile',
    key: 'PrometheusMetricsKeyFile',
    ca: 'PrometheusMetricsCAFile',
    loader: 'tls.LoadX509KeyPair',
    onLoadFailure: METRICS_FAILURE,
    onCaFailure: METRICS_CA_FAILURE,
    caUsedWhen: METRICS_CLIENT_AUTH,
  },
  // ETCD_CERT_FILE / ETCD_KEY_FILE / ETCD_CA_CERT_FILE of calico-node, kube-controllers and
  // calicoctl pods (CAL libcalico-go/lib/apiconfig; calico-node's wrapper also copies them to
  // Felix's FELIX_ETCD* parameters).
  {
    owner: 'env',
    purpose: m('purposeEtcdClient'),
    purposeFirst: m('purposeEtcdClientFirst'),
    cert: 'EtcdCertFile',
    key: 'EtcdKeyFile',
    ca: 'EtcdCaFile',
    loader: 'tls.X509KeyPair',
    onLoadFailure: ETCD_FAILURE,
    onCaFailure: ETCD_CA_FAILURE,
  },
];

/** The group and role of a file parameter of an owner, if it is part of a certificate group. */
export function tlsFileRole(
  owner: TlsFileOwner,
  param: string,
): { group: TlsFileGroup; role: TlsFileRole } | undefined {
  const p = param.toLowerCase();
  for (const group of TLS_FILE_GROUPS) {
    if (group.owner !== owner) continue;
    for (const role of ['cert', 'key', 'ca'] as const) if (group[role].toLowerCase() === p) return { group, role };
  }
  return undefined;
}

/**
 * What Go's tls.X509KeyPair says about the PEM block types of the two inputs, in its order:
 * the certificate input first, then the key input (go/src/crypto/tls/tls.go). Undefined when
 * both inputs have what Go looks for.
 */
export function keyPairLoadError(certBlocks: readonly string[], keyBlocks: readonly string[]): string | undefined {
  const isKey = (t: string) => t === 'PRIVATE KEY' || t.endsWith(' PRIVATE KEY');
  const certSkipped = certBlocks.filter((t) => t !== 'CERTIFICATE');
  if (certSkipped.length === certBlocks.length) {
    if (certBlocks.length === 0) return 'tls: failed to find any PEM data in certificate input';
    if (certSkipped.length === 1 && certSkipped[0]!.endsWith('PRIVATE KEY'))
      return (
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; ' +
        'PEM inputs may have been switched'
      );
    return (
      'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of ' +
      `the following types: [${certSkipped.join(' ')}]`
    );
  }
  const i = keyBlocks.findIndex(isKey);
  if (i >= 0) return undefined;
  if (keyBlocks.length === 0) return 'tls: failed to find any PEM data in key input';
  if (keyBlocks.length === 1 && keyBlocks[0] === 'CERTIFICATE')
    return 'tls: found a certificate rather than a key in the PEM for the private key';
  return (
    'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM ' +
    `blocks of the following types: [${keyBlocks.join(' ')}]`
  );
}
