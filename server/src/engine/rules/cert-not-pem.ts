import { nodeSpan } from '../parse/tree';
import { CERT_LABELS, KEY_LABELS } from '../certs/pem';
import { m as msg, type Msg } from '../l10n/messages';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { ReportFix, Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'cert-not-pem',
    category: 'certificates',
    severity: 'error',
    fix: 'safe',
    description:
      'A field meant to hold a PEM certificate holds something else: not PEM, PEM encoded ' +
      'twice, a private key, a truncated or damaged block.',
    why:
      "Calico and the operator read certificate files with Go's pem.Decode / " +
      'tls.LoadX509KeyPair and x509.ParseCertificate, which accept only PEM "CERTIFICATE" ' +
      'blocks; the operator fails on a caCert it cannot parse, Typha panics with "Failed to ' +
      'load certificate and key" or "Failed to add CA data to pool" (CAL ' +
      'typha/pkg/syncserver/sync_server.go), Felix cannot connect. The shapes seen in practice ' +
      '(real-failures.md #13; cert-libraries.md §3): the value base64-encoded twice, a shell ' +
      'command pasted instead of its output, a key pasted into the certificate field, a PEM ' +
      'cut short. For a double encoding the quick fix decodes one level.',
    messages: {
      doubleBase64: '{label} holds PEM encoded twice (base64 of base64).',
      der: '{label} holds DER (binary) data; Calico reads PEM only.',
      notPem: '{label} is not a certificate: {hint}.',
      damaged: '{label} is damaged: {problem}.',
      unreadableCertBlock: '{label} holds a CERTIFICATE block that is {error}.',
      damagedCertBlock: '{label} holds a CERTIFICATE block that is damaged ({error}).',
      onlyKey: '{label} holds a private key ({block}), not a certificate.',
      keyWithCert: '{label} holds a private key ({block}) next to the certificate; keys belong in their own key.',
      otherBlock: '{label} holds a PEM "{block}" block, not a CERTIFICATE.',
      decodeOnce: 'Decode one level of base64',
    },
    examples: {
      bad: [
        {
          note: 'The Secret value is base64 of base64 of the PEM.',
          files: [
            {
              name: 'secret.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-typha-certs\ndata:\n  tls.crt: ` +
                `${Buffer.from(Buffer.from(CERT_EXAMPLES.typhaServerCert).toString('base64')).toString('base64')}\n`,
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
    // A stored pair whose certificate and key are swapped is one finding of cert-key-swapped.
    const swapped = new Set(
      a.swappedPairs.filter((p) => p.source === 'data').flatMap((p) => [p.cert.decoded, p.key.decoded]),
    );
    for (const d of a.material) {
      const m = d.material;
      if (m.expected !== 'cert' || m.content === undefined) continue;
      if (swapped.has(d)) continue;
      const c = d.classified;
      const fixes: ReportFix[] = [];
      const label = m.label;
      let problem: Msg | undefined;
      if (c.kind === 'empty') continue; // empty values are the "missing key" rules' business
      if (c.kind === 'double-base64') {
        problem = msg('doubleBase64', { label });
        if (m.node && m.encoding === 'base64' && !/PRIVATE KEY/.test(c.inner))
          fixes.push({
            title: msg('decodeOnce'),
            safety: 'safe',
            edits: [{ ...nodeSpan(m.span.uri, m.node), newText: m.content.replace(/\s/g, '') }],
          });
      } else if (c.kind === 'der') problem = msg('der', { label });
      else if (c.kind === 'not-pem') problem = msg('notPem', { label, hint: c.hint });
      else {
        const broken = c.blocks.find((b) => b.problem)?.problem;
        const keyBlock = c.blocks.find((b) => KEY_LABELS.has(b.label));
        const certBlocks = c.blocks.filter((b) => CERT_LABELS.has(b.label));
        const certError = d.certErrors[0];
        if (broken) problem = msg('damaged', { label, problem: broken });
        else if (certError)
          // A block whose bytes decode but do not parse is unreadable; one whose body does not decode, damaged.
          problem = msg(certError.block.der ? 'unreadableCertBlock' : 'damagedCertBlock', {
            label,
            error: certError.error,
          });
        else if (keyBlock && certBlocks.length === 0) problem = msg('onlyKey', { label, block: keyBlock.label });
        else if (keyBlock) problem = msg('keyWithCert', { label, block: keyBlock.label });
        else if (certBlocks.length === 0) problem = msg('otherBlock', { label, block: c.blocks[0]?.label ?? '?' });
      }
      if (problem) report({ span: m.span, message: problem, fixes });
    }
  },
};
