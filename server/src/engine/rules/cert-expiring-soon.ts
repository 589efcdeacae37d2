import { certName, copiesRelated, daysBetween, isoDay } from './support/cert-util';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { isOperatorIssued } from '../calico/operator';
import { m } from '../l10n/messages';
import { untilMsg } from '../certs/when';

export const rule: Rule = {
  meta: {
    id: 'cert-expiring-soon',
    category: 'certificates',
    severity: 'warning',
    description: 'A certificate that expires within the warning window (default 30 days; `expiryWarningDays`).',
    why:
      'Certificates you supply are never rotated by Calico or the operator (real-failures.md ' +
      "#3), and an operator-signed certificate this close to expiry means the operator's " +
      'renewal is blocked (#2). When it expires, Felix loses its Typha connection and nodes ' +
      'lose networking after a restart (#1). Rotate it before then.',
    messages: {
      // {until}: "within a day", "in 1 day", "in 12 days" (certs/when.ts untilMsg)
      expires: '{label}: {cert} expires on {date}, {until}.',
    },
    examples: {
      bad: [
        {
          note: 'Checked on 2035-12-20 (the test pins the clock), 12 days before expiry.',
          now: '2035-12-20T00:00:00Z',
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n`,
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
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n`,
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
        const left = daysBetween(now, c.info.notAfter);
        if (c.info.notAfter.getTime() < now.getTime() || left >= a.expiryWarningDaysFor(d.material.span.uri)) continue;
        // Operator-signed certificates are operator-cert-renewal-overdue's business.
        if (isOperatorIssued(c.info)) continue;
        report({
          related: copiesRelated(copies),
          span: d.material.span,
          message: m('expires', {
            label: d.material.label,
            cert: certName(d, c),
            date: isoDay(c.info.notAfter),
            until: untilMsg(now, c.info.notAfter),
          }),
        });
      }
    }
  },
};
