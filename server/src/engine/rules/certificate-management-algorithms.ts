import { nodeSpan, isScalar, type Pair } from '../parse/tree';
import type { Rule } from './types';
import { m } from '../l10n/messages';

const KEY = [
  'RSAWithSize2048',
  'RSAWithSize4096',
  'RSAWithSize8192',
  'ECDSAWithCurve256',
  'ECDSAWithCurve384',
  'ECDSAWithCurve521',
];
const SIG = [
  'SHA256WithRSA',
  'SHA384WithRSA',
  'SHA512WithRSA',
  'ECDSAWithSHA256',
  'ECDSAWithSHA384',
  'ECDSAWithSHA512',
];
const family = (v: string) => (/^RSA|WithRSA$/.test(v) ? 'RSA' : 'ECDSA');

export const rule: Rule = {
  meta: {
    id: 'certificate-management-algorithms',
    category: 'operator',
    severity: 'error',
    reads: { kinds: ['Installation'] },
    fix: 'safe',
    description:
      'Installation certificateManagement keyAlgorithm/signatureAlgorithm outside the allowed ' +
      'values, or of different families (an ECDSA key with an RSA signature, including the ' +
      'default SHA256WithRSA).',
    why:
      'The CSR init container builds the request with x509.CreateCertificateRequest, which ' +
      'fails for an ECDSA key with a *WithRSA signature ("unable to create an x509 csr"), and ' +
      'an empty signatureAlgorithm means SHA256WithRSA, so `keyAlgorithm: ECDSAWithCurve256` ' +
      'alone fails (CAL key-cert-provisioner/pkg/tls/tls.go; OP ' +
      'pkg/tls/certificatemanagement/csr.go; fact sheet 1e). Unknown values are rejected by ' +
      "the CRD enum. The quick fix picks the signature of the key's family with the matching " +
      'strength.',
    messages: {
      badKeyAlgorithm: "keyAlgorithm '{value}' is not one of {allowed}.",
      badSignatureAlgorithm: "signatureAlgorithm '{value}' is not one of {allowed}.",
      familyMismatch:
        'keyAlgorithm {key}{keyDefault} and signatureAlgorithm {signature}{signatureDefault} are of different ' +
        'families; the CSR cannot be created ("unable to create an x509 csr").',
      theDefault: ' (the default)',
      setSignature: 'Set signatureAlgorithm: {value}',
      addSignature: 'Add signatureAlgorithm: {value}',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'installation.yaml',
              text:
                'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: ' +
                'default\nspec:\n  certificateManagement:\n    caCert: ""\n' +
                '    signerName: example.com/calico-signer\n   ' +
                ' keyAlgorithm: ECDSAWithCurve256\n',
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'installation.yaml',
              text:
                'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: ' +
                'default\nspec:\n  certificateManagement:\n    caCert: ""\n' +
                '    signerName: example.com/calico-signer\n   ' +
                ' keyAlgorithm: ECDSAWithCurve256\n    signatureAlgorithm: ECDSAWithSHA256\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const o of a.ws.objectsOfKind('Installation')) {
      // As meant: misplaced or misspelt fields are judged where they are written.
      const cm = a.certificateManagement(o);
      const get = (k: string): Pair | undefined => cm.get(k);
      const kp = get('keyAlgorithm');
      const sp = get('signatureAlgorithm');
      const kv = kp && isScalar(kp.value) && !kp.value.templated ? kp.value.text : kp ? undefined : '';
      const sv = sp && isScalar(sp.value) && !sp.value.templated ? sp.value.text : sp ? undefined : '';
      if (kv === undefined || sv === undefined) continue;
      const span = (p: Pair) => nodeSpan(o.file.uri, p.value!);
      if (kv && !KEY.includes(kv) && kp)
        report({ span: span(kp), message: m('badKeyAlgorithm', { value: kv, allowed: KEY.join(', ') }) });
      if (sv && !SIG.includes(sv) && sp)
        report({ span: span(sp), message: m('badSignatureAlgorithm', { value: sv, allowed: SIG.join(', ') }) });
      const k = kv || 'RSAWithSize2048';
      const s = sv || 'SHA256WithRSA';
      if (!KEY.includes(k) || !SIG.includes(s) || family(k) === family(s)) continue;
      const strength = /256|2048/.test(k) ? '256' : /384|4096/.test(k) ? '384' : '512';
      const want = family(k) === 'RSA' ? `SHA${strength}WithRSA` : `ECDSAWithSHA${strength}`;
      const target = sp ?? kp!;
      // Beside keyAlgorithm where it is written: a kustomize patch's own file when a patch wrote it.
      const keyAt = kp && nodeSpan(o.file.uri, kp.key);
      const edit = sp
        ? { ...nodeSpan(o.file.uri, sp.value!), newText: want }
        : {
            uri: keyAt!.uri,
            start: kp!.value!.end,
            end: kp!.value!.end,
            newText:
              `\n${' '.repeat(a.file(keyAt!.uri)!.lines.positionAt(keyAt!.start).character)}` +
              `signatureAlgorithm: ${want}`,
          };
      report({
        span: span(target),
        message: m('familyMismatch', {
          key: k,
          keyDefault: kv ? '' : m('theDefault'),
          signature: s,
          signatureDefault: sv ? '' : m('theDefault'),
        }),
        fixes: [{ title: m(sp ? 'setSignature' : 'addSignature', { value: want }), safety: 'safe', edits: [edit] }],
      });
    }
  },
};
