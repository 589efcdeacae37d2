import { m as msg } from '../l10n/messages';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'tls-secret-value-empty',
    category: 'certificates',
    severity: 'warning',
    reads: { kinds: ['Secret', 'ConfigMap'] },
    description:
      'A Secret or ConfigMap key named for a certificate or key (tls.crt, tls.key, ca.crt, ' +
      'caBundle, etcd-cert ...) whose value is empty: not filled in yet.',
    why:
      "Skeleton Secrets (calico-etcd.yaml's calico-etcd-secrets, snippets, templates with a " +
      'missing value) apply without complaint, but every consumer then reads an empty file: ' +
      'Typha fails with "Failed to load certificate and key", the operator cannot use ' +
      'typha-certs, the etcd client cannot load its CA (real-failures.md #18, #19). Fill in ' +
      'the base64 of the PEM (`base64 -w 0 file`), or the PEM itself under stringData.',
    messages: {
      emptyCertBase64:
        '{label} is empty: fill in the certificate (base64 of the PEM) before applying; consumers would read an ' +
        'empty file.',
      emptyCertPem:
        '{label} is empty: fill in the certificate (PEM) before applying; consumers would read an empty file.',
      emptyKeyBase64:
        '{label} is empty: fill in the private key (base64 of the PEM) before applying; consumers would read an ' +
        'empty file.',
      emptyKeyPem:
        '{label} is empty: fill in the private key (PEM) before applying; consumers would read an empty file.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                'apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-node-certs\ntype: ' +
                'kubernetes.io/tls\ndata:\n  tls.crt: ""\n  tls.key: ""\n',
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
                'apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-node-certs\ntype: ' +
                'kubernetes.io/tls\ndata: {}\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const d of a.material) {
      const m = d.material;
      if (
        !m.object ||
        (m.object.kind !== 'Secret' && m.object.kind !== 'ConfigMap') ||
        m.expected === 'any' ||
        m.content === undefined ||
        m.content.trim() !== ''
      )
        continue;
      report({
        span: m.keySpan ?? m.span,
        message: msg(
          m.expected === 'key'
            ? m.encoding === 'base64'
              ? 'emptyKeyBase64'
              : 'emptyKeyPem'
            : m.encoding === 'base64'
              ? 'emptyCertBase64'
              : 'emptyCertPem',
          { label: m.label },
        ),
      });
    }
  },
};
