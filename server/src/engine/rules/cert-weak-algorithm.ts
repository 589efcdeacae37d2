import { certName, copiesRelated } from './support/cert-util';
import { WEAK_SIGNATURE_OIDS } from '../certs/partial';
import { CERT_EXAMPLES } from './support/cert-examples';
import { m, type Msg } from '../l10n/messages';
import type { Rule } from './types';

const CURVES = new Set(['P-256', 'P-384', 'P-521']);
const HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);
/** English writes "an" before these letters as read aloud ("an SHA-1", "an MD5"): another message id. */
const AN = /^[AEFHILMNORSX]/;

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
    messages: {
      weak: "{label}: {cert} has {problems}; Calico's TLS stack does not accept it.",
      keyAndSignature: '{key} and {signature}',
      rsaKey: 'an RSA-{bits} key (at least 2048 bits)',
      ecKey: 'an ECDSA key on curve {curve} (P-256, P-384 or P-521)',
      otherKey: 'a {type} key (RSA or ECDSA)',
      hashSignature: 'a {hash} signature (SHA-256, SHA-384 or SHA-512)',
      hashSignatureAn: 'an {hash} signature (SHA-256, SHA-384 or SHA-512)',
      otherSignature: 'a {name} signature',
      damagedWeak:
        "{label}: the certificate (damaged, read as far as it goes) has a {algorithm} signature; Calico's TLS stack " +
        'does not accept it.',
      damagedWeakAn:
        "{label}: the certificate (damaged, read as far as it goes) has an {algorithm} signature; Calico's TLS stack " +
        'does not accept it.',
    },
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
        let keyProblem: Msg | undefined;
        if (k.type === 'rsa' && (k.bits ?? 0) < 2048) keyProblem = m('rsaKey', { bits: k.bits ?? '?' });
        else if (k.type === 'ec' && !CURVES.has(k.curve ?? '')) keyProblem = m('ecKey', { curve: k.curve ?? '?' });
        else if (k.type !== 'rsa' && k.type !== 'ec') keyProblem = m('otherKey', { type: k.type });
        const sig = c.info.signature;
        let sigProblem: Msg | undefined;
        if (!c.info.selfIssued) {
          if (sig.hash && !HASHES.has(sig.hash))
            sigProblem = m(AN.test(sig.hash) ? 'hashSignatureAn' : 'hashSignature', { hash: sig.hash });
          else if (!sig.hash && sig.name !== 'ECDSA') sigProblem = m('otherSignature', { name: sig.name });
        }
        const problems =
          keyProblem && sigProblem
            ? m('keyAndSignature', { key: keyProblem, signature: sigProblem })
            : (keyProblem ?? sigProblem);
        if (problems)
          report({
            related: copiesRelated(copies),
            span: d.material.span,
            message: m('weak', { label: d.material.label, cert: certName(d, c), problems }),
          });
      }
    }
    for (const d of a.material) {
      for (const e of d.certErrors) {
        const weak = e.partial?.signatureOid ? WEAK_SIGNATURE_OIDS[e.partial.signatureOid] : undefined;
        if (weak)
          report({
            span: d.material.span,
            message: m(AN.test(weak) ? 'damagedWeakAn' : 'damagedWeak', { label: d.material.label, algorithm: weak }),
          });
      }
    }
  },
};
