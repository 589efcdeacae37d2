import { nodeSpan } from '../parse/tree';
import { m as msg, type Msg } from '../l10n/messages';
import type { Rule } from './types';

/**
 * What to do with PEM text found in a base64 field. Only a Secret has a text twin of `data`
 * (`stringData`); a ConfigMap's is `data` beside `binaryData`; Installation's
 * certificateManagement.caCert and kubeconfig `*-data` fields have none, so there the PEM must
 * be encoded (operator/api/v1 InstallationSpec CertificateManagement.CACert is []byte).
 */
function pemHint(kind: string | undefined): Msg {
  if (kind === 'Secret') return msg('pemInSecret');
  if (kind === 'ConfigMap') return msg('pemInConfigMap');
  return msg('pemElsewhere');
}

export const rule: Rule = {
  meta: {
    id: 'secret-invalid-base64',
    category: 'certificates',
    severity: 'error',
    reads: { kinds: ['Secret', 'ConfigMap'] },
    fix: 'safe',
    description:
      'A Secret `data` value (or another base64 field such as certificateManagement.caCert) that is not valid base64.',
    why:
      'Secret `data`, ConfigMap `binaryData`, kubeconfig `*-data` and Installation ' +
      '`certificateManagement.caCert` are `[]byte` fields: the API server decodes them with ' +
      'Go\'s base64.StdEncoding and rejects the whole object with "illegal base64 data at ' +
      'input byte N" (real-failures.md #12, applying calico-etcd.yaml). The usual causes are ' +
      'PEM pasted into `data` instead of `stringData`, a line wrapped by a YAML plain scalar, ' +
      'or a shell command left in the value. When the value is PEM text, the quick fix ' +
      'replaces it with its base64 encoding.',
    messages: {
      invalid:
        '{label} is not valid base64: the API server rejects the object with "illegal base64 data at input byte ' +
        '{offset}"{hint}.',
      pemInSecret: ' (it holds PEM text; use stringData, or encode it)',
      pemInConfigMap: ' (it holds PEM text; put it under data instead of binaryData, or encode it)',
      pemElsewhere: ' (it holds PEM text; encode it as base64)',
      encode: 'Encode the PEM text as base64',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'secret.yaml',
              text:
                'apiVersion: v1\nkind: Secret\nmetadata:\n  name: calico-etcd-secrets\n  namespace: ' +
                'kube-system\ndata:\n  etcd-ca: $(cat /etc/etcd/ca.crt | base64 -w 0)\n',
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
                'apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-identity\n  namespace: ' +
                'kube-system\ndata:\n  common-name: dHlwaGEtc2VydmVy\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const d of a.material) {
      const m = d.material;
      if (m.encoding !== 'base64' || m.base64Error === undefined || !m.node) continue;
      const raw = m.node.text;
      const at = nodeSpan(m.span.uri, m.node);
      // A block scalar's range runs to the end of its last line: the line break(s) there stay,
      // or the next key would land on the encoded value's line.
      const written = a.file(at.uri)?.text.slice(at.start, at.end) ?? '';
      const keep = m.node.style === 'block' ? /\s*$/.exec(written)![0] : '';
      // Offered for certificates only: a fix's text travels in the diagnostic, and key
      // material must never appear in editor or CLI output. The text is encoded as UTF-8, the
      // bytes kubectl would store for it under stringData.
      const fixes =
        raw.includes('-----BEGIN ') && !/PRIVATE KEY/.test(raw)
          ? [
              {
                title: msg('encode'),
                safety: 'safe' as const,
                edits: [
                  {
                    ...at,
                    newText: Buffer.from(raw.endsWith('\n') ? raw : raw + '\n', 'utf8').toString('base64') + keep,
                  },
                ],
              },
            ]
          : [];
      report({
        span: m.span,
        message: msg('invalid', {
          label: m.label,
          offset: m.base64Error,
          hint: raw.includes('-----BEGIN ') ? pemHint(m.object?.kind) : '',
        }),
        fixes,
      });
    }
  },
};
