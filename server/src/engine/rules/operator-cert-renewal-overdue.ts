import { CERT_EXAMPLES } from './support/cert-examples';
import { copiesRelated, daysBetween, isoDay } from './support/cert-util';
import type { Rule } from './types';
import { isOperatorIssued } from '../calico/operator';
import { m } from '../l10n/messages';
import { untilMsg } from '../certs/when';

export const rule: Rule = {
  meta: {
    id: 'operator-cert-renewal-overdue',
    category: 'operator',
    severity: 'warning',
    description:
      'A certificate signed by the operator (issuer tigera-operator-signer) within the warning ' +
      'window (default 30 days; `expiryWarningDays`): the operator should already have renewed ' +
      'it.',
    why:
      'The Tigera operator renews the certificates it signs well before they expire (OP ' +
      'pkg/tls/certificatemanagement: operator-signed certificates are rotated inside a grace ' +
      'period). One found within the warning window (30 days unless `expiryWarningDays` says ' +
      "otherwise) in what the cluster runs means the operator's reconcile is blocked, and the " +
      'certificate will expire in place (real-failures.md #2, operator#3727). Look at the ' +
      "operator's logs and the Installation status.",
    messages: {
      renewalOverdue:
        "{label}: operator-signed certificate '{cert}' expires on {date}, {until}; the operator should " +
        'have renewed it, so its reconcile is blocked.',
    },
    examples: {
      bad: [
        {
          note:
            'Checked on 2035-12-20 (the test pins the clock): the operator-signed Typha certificate ' +
            'expires on 2036-01-01.',
          now: '2035-12-20T00:00:00Z',
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
    const now = a.now;
    for (const { first, copies } of a.distinctCerts) {
      const { d, c } = first;
      {
        if (!isOperatorIssued(c.info)) continue;
        const left = daysBetween(now, c.info.notAfter);
        if (c.info.notAfter.getTime() < now.getTime() || left >= a.expiryWarningDaysFor(d.material.span.uri)) continue;
        report({
          related: copiesRelated(copies),
          span: d.material.span,
          message: m('renewalOverdue', {
            label: d.material.label,
            cert: c.info.subjectCN ?? c.info.subject,
            date: isoDay(c.info.notAfter),
            until: untilMsg(now, c.info.notAfter),
          }),
        });
      }
    }
  },
};
