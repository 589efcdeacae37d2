import { keyPairLoadError, type TlsFileGroup } from '../calico/tls-file-groups';
import { blockTypes, onlyCert, onlyKey } from '../certs/pairs';
import type { Decoded } from '../certs/material';
import { paramValue, type ComponentConfig } from '../model/config';
import { spanOf, type TlsFileSetting } from '../model/tls-files';
import { CERT_EXAMPLES } from './support/cert-examples';
import { calicoNode } from './support/examples';
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

/** Whether the component reads the CA file at all with this configuration. */
function caRead(t: TlsFileSetting, group: TlsFileGroup): boolean {
  const when = group.caUsedWhen;
  if (when === undefined) return true;
  if (when === 'unknown' || !('component' in t.owner)) return false;
  const v = paramValue(t.owner as ComponentConfig, when.param);
  return v !== undefined && when.values.includes(v.trim().toLowerCase());
}

/** What is wrong with the file for its role, with Calico's consequence; undefined when nothing is. */
function problem(t: TlsFileSetting, group: TlsFileGroup, d: Decoded): string | undefined {
  const m = d.material;
  // Material whose own name contradicts its bytes (a `tls.crt` holding a key) is reported where
  // it is stored, by cert-not-pem / private-key-invalid: the setting that names it is right.
  if (t.role === 'cert' && onlyKey(d) && m.expected !== 'cert')
    return (
      `holds a private key, not a certificate: ${group.purpose} loads it with Go's tls.LoadX509KeyPair, ` +
      `which fails with "${keyPairLoadError(blockTypes(d), ['PRIVATE KEY'])}"; ${group.onLoadFailure}`
    );
  if (t.role === 'key' && onlyCert(d) && m.expected !== 'key')
    return (
      `holds a certificate, not a private key: ${group.purpose} loads it with Go's tls.LoadX509KeyPair, ` +
      `which fails with "${keyPairLoadError(['CERTIFICATE'], blockTypes(d))}"; ${group.onLoadFailure}`
    );
  if (t.role === 'ca' && onlyKey(d) && m.expected !== 'cert' && caRead(t, group))
    return `holds a private key, not a CA certificate: ${group.onCaFailure}`;
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'tls-file-wrong-kind',
    category: 'certificates',
    severity: 'error',
    description:
      'A certificate, key or CA setting whose file holds the other kind of PEM: a certificate ' +
      'setting naming a private key, a key setting naming a certificate, a CA setting naming a key.',
    why:
      'The model follows every TLS file setting of every component to the Secret or ConfigMap key ' +
      "mounted at its path, so it knows the bytes each one reads. Go's tls.LoadX509KeyPair reads " +
      'a certificate input without a CERTIFICATE block as "tls: failed to find certificate PEM data ' +
      'in certificate input, but did find a private key; PEM inputs may have been switched", and a ' +
      'key input holding a certificate as "tls: found a certificate rather than a key in the PEM ' +
      'for the private key" (Go crypto/tls/tls.go); a CA file with no certificate makes Felix fail ' +
      'to connect and Typha panic with "Failed to add CA data to pool" (CAL ' +
      'typha/pkg/syncclient/sync_client.go, typha/pkg/syncserver/sync_server.go; fact sheet 1b), and ' +
      "makes etcd's NewCertPool fail (fact sheet 1d). A certificate and key named the other way round " +
      'are one mistake, reported by cert-key-swapped instead.',
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
    const swapped = new Set<TlsFileSetting>();
    for (const p of a.swappedPairs) {
      if (p.cert.setting) swapped.add(p.cert.setting);
      if (p.key.setting) swapped.add(p.key.setting);
    }
    const seen = new Set<string>();
    for (const t of a.tlsFiles) {
      if (!t.group || !t.role || t.at.state !== 'known' || swapped.has(t)) continue;
      const d = a.materialOf(t.at.entry);
      if (!d) continue;
      const what = problem(t, t.group, d);
      if (!what) continue;
      const span = spanOf(t);
      const k = `${span.uri}:${span.start}:${span.end}`;
      if (seen.has(k)) continue;
      seen.add(k);
      report({
        span,
        message: `${t.name} names '${t.path}' (${d.material.label}), which ${what}.`,
        related: [{ span: d.material.span, message: `the file's content (${d.material.label})` }],
      });
    }
  },
};
