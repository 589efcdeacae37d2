import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { m } from '../l10n/messages';
import { OPERATOR_COPY_NAMESPACE } from '../calico/operator';
import { byoNamespace } from '../model/operator';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const SECRET = (ns: string, cert: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ` +
  `${ns}\ndata:\n  tls.crt: ${b64(cert)}\n  tls.key: ${b64(CERT_EXAMPLES.byoTyphaKey)}\n  ` +
  `common-name: ${b64('typha-server')}\n`;

export const rule: Rule = {
  meta: {
    id: 'operator-secret-copy-differs',
    category: 'operator',
    severity: 'warning',
    reads: { kinds: ['Secret'] },
    description:
      'A Secret the operator copies from its own namespace into calico-system whose copy holds ' +
      'a different certificate.',
    why:
      'The Tigera operator keeps the source of typha-certs, node-certs and the other key pairs ' +
      'in its namespace (tigera-operator unless OPERATOR_NAMESPACE says otherwise) and copies ' +
      'them into calico-system, where the pods mount them (fact sheet 1e). When the copies ' +
      "differ, the operator's reconcile is not getting through (an admission webhook or RBAC " +
      'blocking it, real-failures.md #2), and the pods run with a certificate nobody is rotating.',
    messages: {
      copyDiffers:
        "{label} differs from its source in {namespace} ('{cert}' valid to {date} here, '{sourceCert}' " +
        'valid to {sourceDate} there): the operator is not reconciling the copy.',
      theSource: 'the source in {namespace}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'dump.yaml',
              text:
                `${SECRET('tigera-operator', CERT_EXAMPLES.byoTyphaCert)}` +
                `---\n${SECRET('calico-system', CERT_EXAMPLES.operatorTyphaCert)}`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'dump.yaml',
              text:
                `${SECRET('tigera-operator', CERT_EXAMPLES.byoTyphaCert)}` +
                `---\n${SECRET('calico-system', CERT_EXAMPLES.byoTyphaCert)}`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const source = new Map<string, (typeof a.material)[number]>();
    const namespace = byoNamespace(a.ws);
    for (const d of a.material) {
      const o = d.material.object;
      if (o?.kind === 'Secret' && o.namespace === namespace && d.certs[0])
        source.set(`${o.name}/${d.material.dataKey}`, d);
    }
    for (const d of a.material) {
      const o = d.material.object;
      if (o?.kind !== 'Secret' || o.namespace !== OPERATOR_COPY_NAMESPACE || !d.certs[0]) continue;
      const src = source.get(`${o.name}/${d.material.dataKey}`);
      if (!src || src.certs[0]!.info.fingerprint256 === d.certs[0].info.fingerprint256) continue;
      report({
        span: d.material.span,
        message: m('copyDiffers', {
          label: d.material.label,
          namespace,
          cert: d.certs[0].info.subjectCN ?? '',
          date: d.certs[0].info.notAfter.toISOString().slice(0, 10),
          sourceCert: src.certs[0]!.info.subjectCN ?? '',
          sourceDate: src.certs[0]!.info.notAfter.toISOString().slice(0, 10),
        }),
        related: [{ span: src.material.span, message: m('theSource', { namespace }) }],
      });
    }
  },
};
