import { m } from '../l10n/messages';
import type { ReportFix, Rule } from './types';

const CONF = (caKey: string) => `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "datastore_type": "etcdv3",
      "etcd_endpoints": "https://10.0.0.1:2379",
      "${caKey}": "/etc/cni/net.d/calico-tls/etcd-ca",
      "etcd_cert_file": "/etc/cni/net.d/calico-tls/etcd-cert",
      "etcd_key_file": "/etc/cni/net.d/calico-tls/etcd-key"
    }
  ]
}
`;

export const rule: Rule = {
  meta: {
    id: 'cni-unknown-etcd-key',
    category: 'etcd',
    severity: 'error',
    fix: 'safe',
    description:
      "A key of the Calico CNI plugin's netconf that is a near-miss of one of its etcd keys " +
      '(`etcd_ca_file` for `etcd_ca_cert_file`); the plugin silently ignores it.',
    why:
      'The CNI plugin reads its netconf with plain json.Unmarshal, so an unknown key is ignored ' +
      'without a word, and exports only etcd_endpoints, etcd_key_file, etcd_cert_file and ' +
      'etcd_ca_cert_file to its etcd client (CAL cni-plugin/pkg/types/types.go, ' +
      'cni-plugin/internal/pkg/utils/utils.go CreateClient; fact sheet 1d). A misspelt ' +
      '`etcd_ca_file` leaves the client with the system roots only, so every pod set-up fails ' +
      'with "certificate signed by unknown authority"; a misspelt key file breaks the client ' +
      'certificate pair. The finding is at the misspelt key, with what its absence breaks; the ' +
      'quick fix renames it (safe when only case or punctuation differ).',
    messages: {
      unknownKey:
        '{key} is not a key of the Calico CNI plugin ({label}): its netconf parser ignores it. Did you ' +
        'mean {meant}?',
      renameKey: 'Rename to {name}',
    },
    examples: {
      bad: [{ files: [{ name: '10-calico.conflist', text: CONF('etcd_ca_file') }] }],
      good: [{ files: [{ name: '10-calico.conflist', text: CONF('etcd_ca_cert_file') }] }],
    },
  },
  check(a, report) {
    const seen = new Set<string>();
    for (const c of a.etcd) {
      for (const n of c.nearMisses ?? []) {
        const s = n.setting.nameSpan;
        const k = `${s.uri}:${s.start}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const fixes: ReportFix[] = [
          {
            title: m('renameKey', { name: n.meant }),
            safety: n.exact ? 'safe' : 'unsafe',
            edits: [{ ...s, newText: JSON.stringify(n.meant) }],
          },
        ];
        report({
          span: s,
          message: m('unknownKey', { key: n.setting.name, label: c.label, meant: n.meant }),
          fixes,
          nearMiss: true,
        });
      }
    }
  },
};
