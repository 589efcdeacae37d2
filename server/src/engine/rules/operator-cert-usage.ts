import { EKU } from '../certs/cert';
import { CERT_EXAMPLES } from './support/cert-examples';
import { hasEku } from './support/cert-util';
import type { Rule } from './types';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';
import { listText } from './support/util';

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
    for (const d of a.material) {
      const o = d.material.object;
      if (
        !o ||
        o.kind !== 'Secret' ||
        !['typha-certs', 'node-certs', 'typha-certs-noncluster-host', 'node-certs-noncluster-host'].includes(
          o.name ?? '',
        )
      )
        continue;
      // The operator reads them from its own namespace and copies them to calico-system.
      if (o.namespace && !['tigera-operator', 'calico-system'].includes(o.namespace)) continue;
      if (!/^(tls\.crt|cert|cert\.crt)$/.test(d.material.dataKey ?? '')) continue;
      const leaf = leafOf(d);
      if (!leaf) continue;
      const missing = [
        hasEku(leaf.info, EKU.serverAuth) ? '' : 'serverAuth',
        hasEku(leaf.info, EKU.clientAuth) ? '' : 'clientAuth',
      ].filter(Boolean);
      if (!missing.length) continue;
      report({
        span: d.material.span,
        message: m('lacksUsage', { label: d.material.label, missing: listText(missing), name: o.name! }),
      });
    }
  },
};
