import type { Decoded } from '../certs/material';
import { certSpki256 } from '../certs/cert';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { misorderedLeaf } from '../certs/leaf';

/** Key names that pair a certificate with its key in one object. */
const PAIRS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(.*)\.crt$/, (m) => `${m[1]}.key`],
  [/^(.*)cert$/, (m) => `${m[1]}key`],
  [/^(.*)-cert$/, (m) => `${m[1]}-key`],
  [/^cert\.crt$/, () => 'key.key'],
  [/^(.*)\.pem$/, (m) => `${m[1]}-key.pem`],
  [/^(.*)certificate-data$/, (m) => `${m[1]}key-data`],
  [/^etcdCert$/, () => 'etcdKey'],
];

function keyNameFor(certKey: string): string[] {
  const out: string[] = [];
  for (const [re, f] of PAIRS) {
    const m = certKey.match(re);
    if (m) out.push(f(m));
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'cert-key-mismatch',
    category: 'certificates',
    severity: 'error',
    description:
      'A private key that does not belong to the certificate stored next to it ' +
      '(tls.crt/tls.key, cert/key, etcd-cert/etcd-key ...).',
    why:
      "Calico loads each certificate with its key through Go's tls.LoadX509KeyPair, which " +
      'fails with "tls: private key does not match public key" when the key is not the ' +
      'certificate\'s (Typha panics with "Failed to load certificate and key"; Felix, the etcd ' +
      'client and the metrics server fail to start TLS). It happens when one half of a pair is ' +
      'rotated, or keys of two pairs are swapped (real-failures.md #7). The first certificate ' +
      'of the file is the one the key must match.',
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ntype: ` +
                `kubernetes.io/tls\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaClientKey).toString('base64')}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ntype: ` +
                `kubernetes.io/tls\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerKey).toString('base64')}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    // Group material by object (or file) and pair by key name.
    const byOwner = new Map<unknown, Map<string, Decoded>>();
    for (const d of a.material) {
      const owner = d.material.object;
      const name = d.material.dataKey ?? d.material.label.split(', ').pop() ?? '';
      if (!owner) continue;
      const m = byOwner.get(owner) ?? new Map<string, Decoded>();
      m.set(name, d);
      byOwner.set(owner, m);
    }
    for (const entries of byOwner.values()) {
      for (const [name, certD] of entries) {
        const leaf = certD.certs[0];
        if (!leaf) continue;
        for (const kn of keyNameFor(name)) {
          const keyD = entries.get(kn);
          const key = keyD?.keys[0];
          if (!keyD || !key || !key.info.spki256) continue;
          if (key.info.spki256 === certSpki256(leaf.info)) continue;
          const later = certD.certs.slice(1).find((c) => certSpki256(c.info) === key.info.spki256);
          // A CA first and the key's own leaf after it: the order is the one root cause, and
          // cert-chain-order reports it at the certificate file.
          if (later && misorderedLeaf(certD) === later) continue;
          report({
            span: keyD.material.span,
            message: later
              ? `${keyD.material.label} belongs to certificate ${later.index + 1} ` +
                `('${later.info.subjectCN ?? later.info.subject}') of ${certD.material.label}, not to ` +
                `its first certificate; the leaf must come first in the file.`
              : `${keyD.material.label} does not belong to the certificate in ${certD.material.label} ` +
                `('${leaf.info.subjectCN ?? leaf.info.subject}'): loading the pair fails with "private ` +
                `key does not match public key".`,
            related: [
              { span: certD.material.span, message: `the certificate (${leaf.info.subjectCN ?? leaf.info.subject})` },
            ],
          });
        }
      }
    }
  },
};
