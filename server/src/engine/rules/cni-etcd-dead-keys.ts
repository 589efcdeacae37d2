import { m } from '../l10n/messages';
import { cniEndpointsMissing } from '../model/etcd';
import type { Rule } from './types';

const CONF = (extra: string) => `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "etcd_endpoints": "https://10.0.0.1:2379",
      "etcd_ca_cert_file": "/etc/cni/net.d/calico-tls/etcd-ca",${extra}
      "datastore_type": "etcdv3"
    }
  ]
}
`;

export const rule: Rule = {
  meta: {
    id: 'cni-etcd-dead-keys',
    category: 'etcd',
    severity: 'warning',
    description: 'CNI netconf keys etcd_scheme / etcd_authority, which the current Calico CNI plugin no longer reads.',
    why:
      'The CNI plugin exports etcd_scheme and etcd_authority as ETCD_SCHEME / ETCD_AUTHORITY, ' +
      'but nothing in the v3 client reads those names (only the APIV1_-prefixed v1 settings ' +
      'had them), so the etcd address they carry is ignored; the docs still call them ' +
      'deprecated but working (CAL cni-plugin/pkg/types/types.go; fact sheet 1d and 3). Put ' +
      'the full URL in etcd_endpoints.',
    messages: {
      deadKey:
        '{key} is not read by the Calico CNI plugin any more ({label}); put the scheme and address in ' +
        'etcd_endpoints.',
    },
    examples: {
      bad: [{ files: [{ name: '10-calico.conflist', text: CONF('\n      "etcd_scheme": "https",') }] }],
      good: [{ files: [{ name: '10-calico.conflist', text: CONF('') }] }],
    },
  },
  check(a, report) {
    for (const c of a.etcd) {
      // Without etcd_endpoints the dead keys are the whole etcd address: cni-etcd-endpoints-missing
      // reports that once, as an error.
      if (cniEndpointsMissing(c)) continue;
      for (const d of c.dead ?? []) {
        report({
          span: d.nameSpan,
          message: m('deadKey', { key: d.name, label: c.label }),
        });
      }
    }
  },
};
