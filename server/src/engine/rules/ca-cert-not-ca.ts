import { KU } from '../certs/cert';
import { CERT_EXAMPLES } from './support/cert-examples';
import { m } from '../l10n/messages';
import { certName, isCaMaterial } from './support/cert-util';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'ca-cert-not-ca',
    category: 'certificates',
    severity: 'error',
    description:
      'A certificate in a CA bundle (ca.crt, caBundle, etcd-ca, certificateManagement.caCert ' +
      '...) that may not issue certificates: no CA:TRUE, or a key usage without keyCertSign.',
    why:
      "Go's chain builder accepts an issuer only if its basicConstraints say CA:TRUE and, when " +
      "it has a key usage extension, that includes keyCertSign; Felix's and Typha's peer " +
      "checks use Go's verifier against the CA file only (CAL typha/pkg/tlsutils/tlsutils.go), " +
      'so every leaf "signed" by such a certificate is rejected with "x509: certificate ' +
      'signed by unknown authority". OpenSSL-based tools and Node\'s checkIssued() do not ' +
      'enforce this (cert-libraries.md §3 gap 5), which is how such bundles pass a quick ' +
      'manual test (real-failures.md #11, #26).',
    messages: {
      cannotIssue:
        '{label}: {cert} is in a CA bundle but cannot issue certificates: {problems}. Go rejects every ' +
        'certificate it signed.',
      notCa: 'its basicConstraints do not say CA:TRUE',
      noKeyCertSign: 'its key usage lacks keyCertSign',
      notCaNoKeyCertSign: 'its basicConstraints do not say CA:TRUE and its key usage lacks keyCertSign',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'ca.yaml',
              text:
                `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\ndata:\n  ca.crt: ` +
                `${JSON.stringify(CERT_EXAMPLES.notACaCert)}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'ca.yaml',
              text:
                `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-typha-ca\ndata:\n  ca.crt: ` +
                `${JSON.stringify(CERT_EXAMPLES.caCert)}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    // Issuer names some certificate in the workspace names: a non-CA certificate that is
    // nobody's issuer may sit in a bundle harmlessly (a leaf appended to its chain), unless
    // the bundle holds no usable CA at all. Large bundles are system trust stores.
    const issuers = new Set<string>();
    for (const d of a.material) for (const c of d.certs) if (!c.info.selfIssued) issuers.add(c.info.issuer);
    const usable = (c: (typeof a.material)[number]['certs'][number]) =>
      c.info.isCA && (c.info.keyUsage === undefined || !!(c.info.keyUsage & KU.keyCertSign));
    for (const d of a.material) {
      if (!isCaMaterial(d) || d.certs.length > 10) continue;
      const anyUsable = d.certs.some(usable);
      for (const c of d.certs) {
        if (usable(c) || (anyUsable && !issuers.has(c.info.subject))) continue;
        // Not usable: not a CA, or a key usage without keyCertSign (or both).
        const notCa = !c.info.isCA;
        const noSign = c.info.keyUsage !== undefined && !(c.info.keyUsage & KU.keyCertSign);
        report({
          span: d.material.span,
          message: m('cannotIssue', {
            label: d.material.label,
            cert: certName(d, c),
            problems: m(notCa && noSign ? 'notCaNoKeyCertSign' : notCa ? 'notCa' : 'noKeyCertSign'),
          }),
        });
      }
    }
  },
};
