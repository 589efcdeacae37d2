import { CERT_EXAMPLES } from './support/cert-examples';
import { misorderedLeaf } from '../certs/leaf';
import { m } from '../l10n/messages';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'cert-chain-order',
    category: 'certificates',
    severity: 'error',
    description:
      'A certificate file with several certificates (leaf plus chain) whose first certificate is not the leaf.',
    why:
      "Go's tls.LoadX509KeyPair, used by Felix, Typha, the metrics server and the etcd client, " +
      'takes the first CERTIFICATE block as the leaf and the rest as the chain; the private ' +
      'key must match that first block. A file concatenated as CA then leaf (the reverse of ' +
      "what the Calico docs' `cat cert.pem ca.pem > concat-cert.pem` produces) fails with " +
      '"private key does not match public key", or presents the CA as the server\'s identity.',
    messages: {
      caFirst:
        "{label} starts with CA certificate '{first}'; the leaf '{leaf}' (certificate {n}) must come first, then " +
        'its chain.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ` +
                `calico-node-prometheus-server-tls\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.caCert + CERT_EXAMPLES.typhaServerCert).toString('base64')}\n`,
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
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ` +
                `calico-node-prometheus-server-tls\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert + CERT_EXAMPLES.caCert).toString('base64')}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const d of a.material) {
      const leaf = misorderedLeaf(d);
      const first = d.certs[0];
      if (!leaf || !first) continue;
      report({
        span: d.material.span,
        message: m('caFirst', {
          label: d.material.label,
          first: first.info.subjectCN ?? first.info.subject,
          leaf: leaf.info.subjectCN ?? leaf.info.subject,
          n: leaf.index + 1,
        }),
      });
    }
  },
};
