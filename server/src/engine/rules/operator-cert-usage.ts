import { EKU } from '../certs/cert';
import { CERT_EXAMPLES } from './support/cert-examples';
import { hasEku } from './support/cert-util';
import type { Rule } from './types';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';
import { listText } from './support/util';
import { OPERATOR_COPY_NAMESPACE, operatorPair, PAIRS } from '../calico/operator';
import { readByOperator } from '../model/operator';
import { dataOpen } from '../model/data';

/** The key-pair Secrets the operator reads (fact sheet 1e), and their non-cluster-host variants. */
const SECRETS = ['typha-certs', 'node-certs', 'typha-certs-noncluster-host', 'node-certs-noncluster-host'];

export const rule: Rule = {
  meta: {
    id: 'operator-cert-usage',
    category: 'operator',
    severity: 'warning',
    reads: { kinds: ['Secret'] },
    description: 'A bring-your-own typha-certs or node-certs Secret whose certificate lacks serverAuth or clientAuth.',
    why:
      'The Tigera operator issues its own Typha and node certificates with both ServerAuth and ' +
      'ClientAuth, and the Calico docs ask bring-your-own certificates to carry both (OP ' +
      'pkg/tls/certificatemanagement; fact sheet 1e). The operator wires each into one role ' +
      'today, but a certificate with one usage breaks as soon as it is used in the other ' +
      '(node-certs also serve node metrics and other components).',
    messages: {
      lacksUsage:
        '{label}: the certificate lacks {missing}; the operator and the Calico docs expect both ' +
        'serverAuth and clientAuth on {name}.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'typha-certs.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ` +
                `tigera-operator\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerKey).toString('base64')}\n  common-name: ` +
                `${Buffer.from('typha-server').toString('base64')}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'other.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\n  namespace: ` +
                `kube-system\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const read = readByOperator(a.ws);
    for (const o of a.ws.objects) {
      if (o.kind !== 'Secret' || !SECRETS.includes(o.name ?? '')) continue;
      // The operator reads them from its own namespace and copies them to calico-system.
      if (!read(o.namespace) && o.namespace !== OPERATOR_COPY_NAMESPACE) continue;
      // Only the pair the operator reads is used; other certificates in the Secret are not.
      const entries = a.ws.data(o);
      const pair = operatorPair((k) => {
        const e = entries.get(k);
        if (!e) return 'empty';
        if (e.content === undefined) return 'unknown';
        return e.content.trim() ? 'set' : 'empty';
      });
      // A template may add keys: an earlier pair than the one written could be the one read.
      if (!pair || (pair !== PAIRS[0] && dataOpen(o))) continue;
      const d = a.materialOf(entries.get(pair[0])!);
      const leaf = leafOf(d);
      if (!leaf) continue;
      const missing = [
        hasEku(leaf.info, EKU.serverAuth) ? '' : 'serverAuth',
        hasEku(leaf.info, EKU.clientAuth) ? '' : 'clientAuth',
      ].filter(Boolean);
      if (!missing.length) continue;
      report({
        span: d!.material.span,
        message: m('lacksUsage', { label: d!.material.label, missing: listText(missing), name: o.name! }),
      });
    }
  },
};
