import { CERT_EXAMPLES } from './support/cert-examples';
import { copiesRelated, daysBetween, distinctCerts, isoDay } from './support/cert-util';
import type { Rule } from './types';

export const OPERATOR_SIGNER = /^tigera-operator-signer(@\d+)?$/;

export const rule: Rule = {
  meta: {
    id: 'operator-cert-renewal-overdue',
    category: 'operator',
    severity: 'warning',
    description: 'A certificate signed by the operator (issuer tigera-operator-signer) with less than 30 days left: the operator should already have renewed it.',
    why:
      'The Tigera operator renews the certificates it signs well before they expire (OP pkg/tls/certificatemanagement: operator-signed certificates are rotated inside a grace period). One found within 30 days of expiry in what the cluster runs means the operator\'s reconcile is blocked, and the certificate will expire in place (real-failures.md #2, operator#3727). Look at the operator\'s logs and the Installation status.',
    examples: {
      bad: [{ note: 'Checked on 2035-12-20 (the test pins the clock): the operator-signed Typha certificate expires on 2036-01-01.', now: '2035-12-20T00:00:00Z', files: [{ name: 'dump.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: calico-system\ndata:\n  tls.crt: ${Buffer.from(CERT_EXAMPLES.operatorTyphaCert).toString('base64')}\n` }] }],
      good: [{ files: [{ name: 'dump.yaml', text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: calico-system\ndata:\n  tls.crt: ${Buffer.from(CERT_EXAMPLES.operatorTyphaCert).toString('base64')}\n` }] }],
    },
  },
  check(a, report) {
    const now = a.now;
    for (const { first, copies } of distinctCerts(a.material)) {
      const { d, c } = first;
      {
        if (!OPERATOR_SIGNER.test(c.info.issuerCN ?? '') || c.info.selfIssued) continue;
        const left = daysBetween(now, c.info.notAfter);
        if (c.info.notAfter.getTime() < now.getTime() || left >= 30) continue;
        report({ related: copiesRelated(copies), span: d.material.span, message: `${d.material.label}: operator-signed certificate '${c.info.subjectCN ?? c.info.subject}' expires on ${isoDay(c.info.notAfter)}, in ${left} days; the operator should have renewed it, so its reconcile is blocked.` });
      }
    }
  },
};
