import { nodeSpan } from '../parse/tree';
import { CERT_LABELS, KEY_LABELS } from '../certs/pem';
import type { Fix } from '../types';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';

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
      const fixes: Fix[] = [];
      let problem: string | undefined;
      if (c.kind === 'empty') continue; // empty values are the "missing key" rules' business
      if (c.kind === 'double-base64') {
        problem = 'holds PEM encoded twice (base64 of base64)';
        if (m.node && m.encoding === 'base64' && !/PRIVATE KEY/.test(c.inner))
          fixes.push({
            title: 'Decode one level of base64',
            safety: 'safe',
            edits: [{ ...nodeSpan(m.span.uri, m.node), newText: m.content.replace(/\s/g, '') }],
          });
      } else if (c.kind === 'der') problem = 'holds DER (binary) data; Calico reads PEM only';
      else if (c.kind === 'not-pem') problem = `is not a certificate: ${c.hint}`;
      else {
        const broken = c.blocks.find((b) => b.problem);
        const keyBlock = c.blocks.find((b) => KEY_LABELS.has(b.label));
        const certBlocks = c.blocks.filter((b) => CERT_LABELS.has(b.label));
        if (broken) problem = `is damaged: ${broken.problem}`;
        else if (d.certErrors[0])
          problem =
            `holds a CERTIFICATE block that is ` +
            `${d.certErrors[0].error.startsWith('not') ? d.certErrors[0].error : `damaged (${d.certErrors[0].error})`}`;
        else if (keyBlock && certBlocks.length === 0)
          problem = `holds a private key (${keyBlock.label}), not a certificate`;
        else if (keyBlock)
          problem = `holds a private key (${keyBlock.label}) next to the certificate; keys belong in their own key`;
        else if (certBlocks.length === 0)
          problem = `holds a PEM "${c.blocks[0]?.label ?? '?'}" block, not a CERTIFICATE`;
      }
      if (problem) report({ span: m.span, message: `${m.label} ${problem}.`, fixes });
    }
  },
};
