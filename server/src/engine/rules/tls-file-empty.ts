import { spanOf } from '../model/tls-files';
import { nodeSpan } from '../parse/tree';
import { etcdManifest } from './support/etcd-examples';
import { m } from '../l10n/messages';
import type { Rule } from './types';

const SECRET = (ca: string) => `---
apiVersion: v1
kind: Secret
metadata:
  name: calico-etcd-secrets
  namespace: kube-system
data:
  etcd-ca: ${ca}
`;

const MOUNT = `          volumeMounts:
            - name: etcd-certs
              mountPath: /calico-secrets
      volumes:
        - name: etcd-certs
          secret:
            secretName: calico-etcd-secrets
`;

export const rule: Rule = {
  meta: {
    id: 'tls-file-empty',
    category: 'etcd',
    severity: 'error',
    description: 'A TLS file path that lands on a Secret or ConfigMap key whose value is empty.',
    why:
      'calico-etcd.yaml ships calico-etcd-secrets with its keys empty ("leave blank if not ' +
      'using TLS") and calico-config with etcd_ca/etcd_cert/etcd_key paths commented out; ' +
      'setting the paths without filling the Secret gives the containers empty files. The etcd ' +
      'client then fails to load the CA or key pair, Typha fails with "Failed to add CA data ' +
      'to pool", Felix cannot connect (real-failures.md #18, #19). Fill the key with the ' +
      'base64 of the PEM.',
    messages: {
      emptyFile: "{name} is '{path}', but {kind} '{object}' key '{key}' is empty; {label} gets an empty file.",
      emptyKey: "the empty key '{key}'",
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-etcd.yaml',
              text:
                etcdManifest({ endpoints: 'https://10.0.0.1:2379', ca: '/calico-secrets/etcd-ca' }).trimEnd() +
                '\n' +
                MOUNT +
                SECRET('""'),
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-etcd.yaml',
              text: etcdManifest({ endpoints: 'https://10.0.0.1:2379', ca: '/etc/ssl/certs/ca-certificates.crt' }),
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const t of a.tlsFiles) {
      if (t.at.state !== 'known' || t.at.entry.content === undefined || t.at.entry.content.trim() !== '') continue;
      const e = t.at.entry;
      report({
        span: spanOf(t),
        message: m('emptyFile', {
          name: t.name,
          path: t.path,
          kind: e.object.kind,
          object: e.object.name ?? '?',
          key: e.key,
          label: t.label,
        }),
        related: [{ span: nodeSpan(e.object.file.uri, e.keyNode), message: m('emptyKey', { key: e.key }) }],
      });
    }
  },
};
