import { m } from '../l10n/messages';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';

const indent = (s: string) =>
  s
    .trim()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

export const rule: Rule = {
  meta: {
    id: 'calicoctl-inline-ca-bundle',
    category: 'etcd',
    severity: 'warning',
    reads: { kinds: ['CalicoAPIConfig'] },
    description: 'A calicoctl inline etcdCACert holding several certificates, of which only the first is used.',
    why:
      'For inline certificates libcalico-go decodes etcdCACert with a single pem.Decode call ' +
      '(CAL libcalico-go/lib/backend/etcdv3/inline_cert_key.go), so a bundle of several CAs is ' +
      'silently cut to its first certificate; an etcd server certificate issued by any other ' +
      'CA of the bundle is then rejected. Use etcdCACertFile for a bundle.',
    messages: {
      bundle:
        "etcdCACert holds {n} certificates, but calicoctl uses only the first ('{first}'); use " +
        'etcdCACertFile for a CA bundle.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calicoctl.cfg.yaml',
              text:
                `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  ` +
                `etcdEndpoints: https://etcd1:2379\n  etcdCert: ` +
                `|\n${indent(CERT_EXAMPLES.typhaClientCert)}\n  etcdKey: ` +
                `|\n${indent(CERT_EXAMPLES.typhaClientKey)}\n  etcdCACert: ` +
                `|\n${indent(CERT_EXAMPLES.caCert)}\n${indent(CERT_EXAMPLES.ekuLimitedCaCert)}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calicoctl.cfg.yaml',
              text:
                `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  ` +
                `etcdEndpoints: https://etcd1:2379\n  etcdCert: ` +
                `|\n${indent(CERT_EXAMPLES.typhaClientCert)}\n  etcdKey: ` +
                `|\n${indent(CERT_EXAMPLES.typhaClientKey)}\n  etcdCACert: ` +
                `|\n${indent(CERT_EXAMPLES.caCert)}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const d of a.material) {
      if (d.material.object?.kind !== 'CalicoAPIConfig' || d.material.field !== 'etcdCACert' || d.certs.length < 2)
        continue;
      report({
        span: d.material.span,
        message: m('bundle', { n: d.certs.length, first: d.certs[0]!.info.subjectCN ?? d.certs[0]!.info.subject }),
      });
    }
  },
};
