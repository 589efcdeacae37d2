import { keyPairLoadError } from '../calico/tls-file-groups';
import { blockTypes, onlyCert, onlyKey, type TlsRef } from '../certs/pairs';
import { CERT_EXAMPLES } from './support/cert-examples';
import { calicoNode } from './support/examples';
import { m, type Msg } from '../l10n/messages';
import type { Rule } from './types';

const NODE_CERTS = `---
apiVersion: v1
kind: Secret
metadata:
  name: calico-node-certs
  namespace: kube-system
type: kubernetes.io/tls
data:
  tls.crt: ${Buffer.from(CERT_EXAMPLES.typhaClientCert).toString('base64')}
  tls.key: ${Buffer.from(CERT_EXAMPLES.typhaClientKey).toString('base64')}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-typha-ca
  namespace: kube-system
data:
  ca.crt: ${JSON.stringify(CERT_EXAMPLES.caCert)}
`;

const MOUNTS = [
  { volume: 'calico-node-certs', path: '/calico-node-certs', secret: 'calico-node-certs' },
  { volume: 'calico-typha-ca', path: '/calico-typha-ca', configMap: 'calico-typha-ca' },
];

const node = (caFile: string) =>
  calicoNode(
    {
      FELIX_TYPHAK8SSERVICENAME: 'calico-typha',
      FELIX_TYPHACAFILE: caFile,
      FELIX_TYPHACERTFILE: '/calico-node-certs/tls.crt',
      FELIX_TYPHAKEYFILE: '/calico-node-certs/tls.key',
      FELIX_TYPHACN: 'typha-server',
    },
    MOUNTS,
  ) + NODE_CERTS;

/**
 * The finding for the reference: what is wrong with its bytes for its role, with the
 * consequence; undefined when nothing is.
 */
function problem(r: TlsRef): Msg | undefined {
  const d = r.decoded;
  const mat = d.material;
  const named = { name: r.name, target: r.target };
  // Material whose own name contradicts its bytes (a `tls.crt` holding a key) is reported where
  // it is stored, by cert-not-pem / private-key-invalid: the reference that names it is right.
  if (r.role === 'cert' && onlyKey(d) && mat.expected !== 'cert')
    return m('certIsKey', {
      ...named,
      reader: r.reader.who,
      loader: r.reader.loader,
      error: keyPairLoadError(blockTypes(d), ['PRIVATE KEY']) ?? '',
      consequence: r.reader.onLoadFailure,
    });
  if (r.role === 'key' && onlyCert(d) && mat.expected !== 'key')
    return m('keyIsCert', {
      ...named,
      reader: r.reader.who,
      loader: r.reader.loader,
      error: keyPairLoadError(['CERTIFICATE'], blockTypes(d)) ?? '',
      consequence: r.reader.onLoadFailure,
    });
  if (r.role === 'ca' && onlyKey(d) && mat.expected !== 'cert' && r.reader.caRead)
    return m('caIsKey', { ...named, consequence: r.reader.onCaFailure });
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'tls-file-wrong-kind',
    category: 'certificates',
    severity: 'error',
    description:
      'A certificate, key or CA setting (or ServiceMonitor tlsConfig reference) whose file holds the ' +
      'other kind of PEM: a certificate setting naming a private key, a key setting naming a ' +
      'certificate, a CA setting naming a key.',
    why:
      'The model follows every TLS file setting of every component to the Secret or ConfigMap key ' +
      "mounted at its path, so it knows the bytes each one reads. Go's tls.LoadX509KeyPair reads " +
      'a certificate input without a CERTIFICATE block as "tls: failed to find certificate PEM data ' +
      'in certificate input, but did find a private key; PEM inputs may have been switched", and a ' +
      'key input holding a certificate as "tls: found a certificate rather than a key in the PEM ' +
      'for the private key" (Go crypto/tls/tls.go); a CA file with no certificate makes Felix fail ' +
      'to connect and Typha panic with "Failed to add CA data to pool" (CAL ' +
      'typha/pkg/syncclient/sync_client.go, typha/pkg/syncserver/sync_server.go; fact sheet 1b), and ' +
      "makes etcd's NewCertPool fail (fact sheet 1d); the metrics server reads its CA only to verify " +
      'client certificates, so a CA of the wrong kind matters there only when ClientAuth asks for ' +
      'them (fact sheet 1f). Prometheus fails the same ways on a ServiceMonitor tlsConfig (prometheus/common ' +
      'config/http_config.go). A file whose own name contradicts its content (a tls.crt holding a ' +
      'key) is reported where it is stored, by cert-not-pem or private-key-invalid; a certificate and ' +
      'key named the other way round are one mistake, reported by cert-key-swapped instead.',
    messages: {
      certIsKey:
        "{name} names {target}, which holds a private key, not a certificate: {reader} loads it with Go's {loader}, " +
        'which fails with "{error}"; {consequence}.',
      keyIsCert:
        "{name} names {target}, which holds a certificate, not a private key: {reader} loads it with Go's {loader}, " +
        'which fails with "{error}"; {consequence}.',
      caIsKey: '{name} names {target}, which holds a private key, not a CA certificate: {consequence}.',
      content: 'the content ({label})',
    },
    examples: {
      bad: [
        {
          note: 'FELIX_TYPHACAFILE names the client key instead of the CA.',
          files: [{ name: 'calico-node.yaml', text: node('/calico-node-certs/tls.key') }],
        },
      ],
      good: [{ files: [{ name: 'calico-node.yaml', text: node('/calico-typha-ca/ca.crt') }] }],
    },
  },
  check(a, report) {
    // Halves of a swapped pair are one finding of cert-key-swapped.
    const swapped = new Set<TlsRef>();
    for (const p of a.swappedPairs) {
      if (p.cert.ref) swapped.add(p.cert.ref);
      if (p.key.ref) swapped.add(p.key.ref);
    }
    const seen = new Set<string>();
    for (const r of a.tlsRefs) {
      if (swapped.has(r)) continue;
      const what = problem(r);
      if (!what) continue;
      const k = `${r.at.uri}:${r.at.start}:${r.at.end}`;
      if (seen.has(k)) continue;
      seen.add(k);
      report({
        span: r.at,
        message: what,
        related: [{ span: r.decoded.material.span, message: m('content', { label: r.decoded.material.label }) }],
      });
    }
  },
};
