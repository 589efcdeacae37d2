import { certName, copiesRelated, isoDay } from './support/cert-util';
import { CERT_EXAMPLES } from './support/cert-examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'cert-not-yet-valid',
    category: 'certificates',
    severity: 'error',
    description: 'A certificate whose validity has not started yet (clock skew, or a wrong notBefore).',
    why:
      'Go\'s verifier rejects a certificate before its notBefore ("x509: certificate has ' +
      'expired or is not yet valid"), exactly as for an expired one. It happens when ' +
      'certificates are made on a machine whose clock is ahead, or with a start date in the ' +
      'future; nodes with a correct clock then refuse them, and Felix, Typha and the operator ' +
      'report the certificate as invalid until the date passes (operator: "not valid at this ' +
      'date").',
    messages: {
      notYetValid: '{label}: {cert} is not valid before {notBefore} (today is {today}); peers reject it until then.',
    },
    examples: {
      bad: [
        {
          note: 'Valid from 2026-01-01: this example is bad when checked before that date; the test pins its clock.',
          now: '2025-06-01T00:00:00Z',
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
        if (c.info.notBefore.getTime() <= now.getTime()) continue;
        report({
          related: copiesRelated(copies),
          span: d.material.span,
          message: m('notYetValid', {
            label: d.material.label,
            cert: certName(d, c),
            notBefore: c.info.notBefore.toISOString().replace('.000Z', 'Z'),
            today: isoDay(now),
          }),
        });
      }
    }
  },
};
