import { KEY_LABELS } from '../certs/pem';
import { CERT_EXAMPLES } from './support/cert-examples';
import { m as msg, type Msg } from '../l10n/messages';
import type { Rule } from './types';

/** A PEM text as a YAML block scalar's body. */
const indented = (pem: string) =>
  pem
    .trim()
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');

export const rule: Rule = {
  meta: {
    id: 'private-key-invalid',
    category: 'certificates',
    severity: 'error',
    description:
      'A field meant to hold a private key holds something else, a damaged key, or an encrypted key Calico cannot use.',
    why:
      "Felix, Typha and the etcd client load keys with Go's tls.LoadX509KeyPair / " +
      'X509KeyPair, which take an unencrypted PEM key (PKCS#1, PKCS#8 or SEC 1); there is no ' +
      'passphrase setting anywhere in Calico. An encrypted key, a certificate pasted into the ' +
      'key field, PEM encoded twice or a truncated key all fail at start-up ("Failed to load ' +
      'certificate and key" in Typha, a failed connection in Felix). The key itself is never ' +
      'shown in the message.',
    messages: {
      doubleBase64: '{label} holds a PEM key encoded twice (base64 of base64).',
      der: '{label} holds DER (binary) data; Calico reads PEM keys only.',
      notPem: '{label} is not a private key: {hint}.',
      otherBlock: '{label} holds a PEM "{block}" block, not a private key.',
      damaged: '{label} is damaged: {problem}.',
      encrypted: '{label} is an encrypted private key; Calico has no passphrase setting and cannot load it.',
      unreadable: '{label} is {error}.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                'apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-node-certs\nstringData:\n  tls.key: |\n' +
                `${indented(CERT_EXAMPLES.typhaClientCert)}\n`,
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
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-node-certs\ndata:\n  tls.key: ` +
                `${Buffer.from(CERT_EXAMPLES.typhaClientKey).toString('base64')}\n`,
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
      if (m.expected !== 'key' || m.content === undefined) continue;
      if (swapped.has(d)) continue;
      const c = d.classified;
      const label = m.label;
      let problem: Msg | undefined;
      if (c.kind === 'empty') continue;
      if (c.kind === 'double-base64') problem = msg('doubleBase64', { label });
      else if (c.kind === 'der') problem = msg('der', { label });
      else if (c.kind === 'not-pem') problem = msg('notPem', { label, hint: c.hint });
      else {
        const keyBlocks = c.blocks.filter((b) => KEY_LABELS.has(b.label));
        const key = d.keys[0];
        if (keyBlocks.length === 0) problem = msg('otherBlock', { label, block: c.blocks[0]?.label ?? '?' });
        else if (keyBlocks[0]?.problem) problem = msg('damaged', { label, problem: keyBlocks[0].problem });
        else if (key?.info.encrypted || key?.info.error?.id === 'keyEncrypted') problem = msg('encrypted', { label });
        else if (key?.info.error) problem = msg('unreadable', { label, error: key.info.error });
      }
      if (problem) report({ span: m.span, message: problem });
    }
  },
};
