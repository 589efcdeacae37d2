import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { isLegacyOperatorSigner, isOperatorSigner } from '../calico/operator';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';

export const rule: Rule = {
  meta: {
    id: 'operator-legacy-signer',
    category: 'operator',
    severity: 'warning',
    description:
      'A certificate issued by a legacy operator signer (tigera-operator-signer@<timestamp>), ' +
      'or a CA bundle holding several operator signers.',
    why:
      'Current operators sign with a CA named tigera-operator-signer kept in Secret ' +
      'tigera-ca-private; older ones created timestamped signers (tigera-operator-signer@<unix ' +
      'time>). A leaf still issued by a legacy signer, or a tigera-ca-bundle with several ' +
      'signers, is what an upgrade leaves behind when the operator could not re-issue, and ' +
      'where "issuer missing from the bundle" failures come from (real-failures.md #5; fact ' +
      'sheet 1e).',
    messages: {
      severalSigners: '{label} holds {n} operator signers ({signers}); an upgrade left an old signer behind.',
      legacySigner:
        "{label}: '{cert}' is issued by the legacy signer '{signer}'; the operator has not re-issued it " +
        'with tigera-operator-signer.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'dump.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ` +
                `calico-system\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.legacyTyphaCert).toString('base64')}\n`,
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
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ` +
                `calico-system\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.operatorTyphaCert).toString('base64')}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const d of a.material) {
      const signers = d.certs.filter((c) => c.info.selfIssued && isOperatorSigner(c.info.subjectCN));
      if (signers.length > 1) {
        report({
          span: d.material.span,
          message: m('severalSigners', {
            label: d.material.label,
            n: signers.length,
            signers: signers.map((s) => s.info.subjectCN).join(', '),
          }),
        });
        continue;
      }
      const leaf = leafOf(d);
      if (leaf && !leaf.info.selfIssued && isLegacyOperatorSigner(leaf.info.issuerCN)) {
        report({
          span: d.material.span,
          message: m('legacySigner', {
            label: d.material.label,
            cert: leaf.info.subjectCN ?? leaf.info.subject,
            signer: leaf.info.issuerCN!,
          }),
        });
      }
    }
  },
};
