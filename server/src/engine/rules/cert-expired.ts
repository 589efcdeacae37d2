import { CERT_EXAMPLES } from './support/cert-examples';
import { m } from '../l10n/messages';
import { alsoIn, certName, copiesRelated, isoDay } from './support/cert-util';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'cert-expired',
    category: 'certificates',
    severity: 'error',
    description: 'A certificate whose validity ended.',
    why:
      "Go's TLS verifier rejects an expired certificate anywhere in the chain, so Felix " +
      'cannot connect to Typha (and pods lose networking after a node restart), etcd refuses ' +
      'Calico, Prometheus cannot scrape (real-failures.md #1, #2, #28). The operator reports ' +
      'BYO certificates outside their validity window as "not valid at this date for a ' +
      'certificate not created by the operator, user action required".',
    messages: {
      expired: '{label}: {cert} expired on {date}{copies}.',
      damagedExpired: '{label}: the certificate (damaged, read as far as it goes) expired on {date}.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.expiredTyphaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.expiredTyphaServerKey).toString('base64')}\n`,
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
                `${Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')}\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaServerKey).toString('base64')}\n`,
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
      if (c.info.notAfter.getTime() >= now.getTime()) continue;
      report({
        span: d.material.span,
        message: m('expired', {
          label: d.material.label,
          cert: certName(d, c),
          date: isoDay(c.info.notAfter),
          copies: alsoIn(copies),
        }),
        related: copiesRelated(copies),
      });
    }
    for (const d of a.material) {
      // A certificate that does not parse whole still shows its validity in its header.
      for (const e of d.certErrors) {
        const na = e.partial?.notAfter;
        if (na && na.getTime() < now.getTime())
          report({
            span: d.material.span,
            message: m('damagedExpired', { label: d.material.label, date: isoDay(na) }),
          });
      }
    }
  },
};
