import { certName, copiesRelated } from './support/cert-util';
import { WEAK_SIGNATURE_OIDS } from '../certs/partial';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';

const CURVES = new Set(['P-256', 'P-384', 'P-521']);
const HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);

export const rule: Rule = {
  meta: {
    id: 'cert-weak-algorithm',
    category: 'certificates',
    severity: 'error',
    description:
      'A certificate with a key or signature outside what Calico supports: RSA below 2048 ' +
      'bits, non-NIST curves, Ed25519, RSA-PSS; SHA-1 or MD5 signatures.',
    why:
      'Calico documents RSA 2048/4096/8192 and ECDSA P-256/384/521 keys with SHA-256/384/512 ' +
      'signatures (seed "Manage TLS certificates used by Calico"; Installation ' +
      "keyAlgorithm/signatureAlgorithm enums). Go's TLS stack rejects SHA-1 and MD5 " +
      'signatures on leaves and intermediates since Go 1.18 ("x509: cannot verify signature: ' +
      'insecure algorithm"), Calico with FIPS rejects Ed25519 with a misleading error ' +
      '(real-failures.md #8), and RSA keys below 2048 bits are refused under FIPS and by ' +
      "current policy. A self-signed root's own signature is never checked, so roots are " +
      'judged by their key only.',
    examples: {
      bad: [
        {
          note: 'A Typha certificate signed with SHA-1.',
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ndata:\n  tls.crt: ` +
                `${Buffer.from(CERT_EXAMPLES.sha1ServerCert).toString('base64')}\n`,
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
    for (const { first, copies } of a.distinctCerts) {
      const { d, c } = first;
      {
        const k = c.info.key;
        const problems: string[] = [];
        if (k.type === 'rsa' && (k.bits ?? 0) < 2048) problems.push(`an RSA-${k.bits ?? '?'} key (at least 2048 bits)`);
        else if (k.type === 'ec' && !CURVES.has(k.curve ?? ''))
          problems.push(`an ECDSA key on curve ${k.curve ?? '?'} (P-256, P-384 or P-521)`);
        else if (k.type !== 'rsa' && k.type !== 'ec') problems.push(`a ${k.type} key (RSA or ECDSA)`);
        const sig = c.info.signature;
        if (!c.info.selfIssued) {
          if (sig.hash && !HASHES.has(sig.hash))
            problems.push(
              `${/^[AEFHILMNORSX]/.test(sig.hash) ? 'an' : 'a'} ${sig.hash} signature (SHA-256, SHA-384 or SHA-512)`,
            );
          else if (!sig.hash && sig.name !== 'ECDSA') problems.push(`a ${sig.name} signature`);
        }
        if (problems.length)
          report({
            related: copiesRelated(copies),
            span: d.material.span,
            message:
              `${d.material.label}: ${certName(d, c)} has ${problems.join(' and ')}; Calico's TLS ` +
              `stack does not accept it.`,
          });
      }
    }
    for (const d of a.material) {
      for (const e of d.certErrors) {
        const weak = e.partial?.signatureOid ? WEAK_SIGNATURE_OIDS[e.partial.signatureOid] : undefined;
        if (weak)
          report({
            span: d.material.span,
            message:
              `${d.material.label}: the certificate (damaged, read as far as it goes) has ` +
              `${/^[AEFHILMNORSX]/.test(weak) ? 'an' : 'a'} ${weak} signature; Calico's TLS stack does ` +
              `not accept it.`,
          });
      }
    }
  },
};
