import { EKU, issuedBy } from '../certs/cert';
import { m } from '../l10n/messages';
import type { Rule } from './types';
import { goodTyphaSetup } from './support/examples';
import { CERT_EXAMPLES } from './support/cert-examples';

const NAMES: Record<string, string> = { [EKU.serverAuth]: 'serverAuth', [EKU.clientAuth]: 'clientAuth' };
const name = (o: string) => NAMES[o] ?? o;

export const rule: Rule = {
  meta: {
    id: 'ca-eku-mismatch',
    category: 'certificates',
    severity: 'error',
    description:
      'A CA certificate with an extended key usage extension that excludes a usage its issued certificates need.',
    why:
      'Go checks extended key usage down the whole chain: an issuing CA that carries an EKU ' +
      'extension restricts every certificate below it to those usages, so a Typha serverAuth ' +
      'certificate under a CA limited to clientAuth fails verification ("x509: certificate ' +
      'specifies an incompatible key usage") in Felix, and the reverse in Typha (CAL ' +
      "typha/pkg/tlsutils/tlsutils.go uses Go's Verify). OpenSSL is more lenient here, so a " +
      'manual openssl verify passes (real-failures.md #26). A CA normally carries no EKU at ' +
      'all.',
    messages: {
      limits:
        "CA '{ca}' ({label}) limits its certificates to {allowed}, but '{cert}' needs {missing}; Go rejects that " +
        'certificate.',
    },
    examples: {
      bad: [
        {
          note: 'A CA limited to clientAuth issued the Typha serverAuth certificate.',
          files: [
            {
              name: 'certs.yaml',
              text:
                `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\ndata:\n  ca.crt: ` +
                `${JSON.stringify(CERT_EXAMPLES.ekuLimitedCaCert)}\n---\napiVersion: v1\nkind: ` +
                `Secret\nmetadata:\n  name: calico-typha-certs\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.ekuLimitedCaServerCert).toString('base64')}\n`,
            },
          ],
        },
      ],
      good: [{ files: goodTyphaSetup() }],
    },
  },
  check(a, report) {
    const all = a.material.flatMap((d) => d.certs.map((c) => ({ d, c })));
    for (const { d, c: ca } of all) {
      const caEku = ca.info.eku;
      if (!ca.info.isCA || !caEku || caEku.includes(EKU.any)) continue;
      for (const { c: child } of all) {
        // The CA itself (self-signed) and its copies need only what it allows: no identity check.
        if (!issuedBy(child.info, ca.info)) continue;
        const needs = child.info.eku ?? [];
        const missing = needs.filter((u) => u !== EKU.any && !caEku.includes(u));
        if (!missing.length) continue;
        report({
          span: d.material.span,
          message: m('limits', {
            ca: ca.info.subjectCN ?? ca.info.subject,
            label: d.material.label,
            allowed: caEku.map(name).join(', '),
            cert: child.info.subjectCN ?? child.info.subject,
            missing: missing.map(name).join(', '),
          }),
        });
        break;
      }
    }
  },
};
