import { m } from '../l10n/messages';
import { installsCni, settingValue, state } from '../model/etcd';
import { etcdManifest } from './support/etcd-examples';
import type { Rule } from './types';

/** How each kind of etcd client names its CA setting. */
const CA_SETTING: Record<string, string> = { env: 'ETCD_CA_CERT_FILE', cni: 'etcd_ca_cert_file' };

export const rule: Rule = {
  meta: {
    id: 'etcd-https-without-ca',
    category: 'etcd',
    severity: 'warning',
    description: 'https:// etcd endpoints with no etcd CA configured, so the system trust store is used.',
    why:
      "Without a CA file (or inline CA) the etcd TLS client that Calico's libcalico-go builds " +
      'falls back to the system roots (CAL libcalico-go/lib/backend/etcdv3/etcdv3.go; fact ' +
      'sheet 1d). A private etcd CA is not in them, so the connection fails with "x509: ' +
      'certificate signed by unknown authority" (real-failures.md #14, kube-controllers ' +
      'without the etcd CA); and if a public CA is trusted, any certificate it issued for the ' +
      'name is accepted. Set the etcd CA explicitly.',
    messages: {
      noCa:
        '{label} connects to etcd over HTTPS without an etcd CA ({setting} unset), so only the ' +
        'system roots are trusted.',
    },
    examples: {
      bad: [{ files: [{ name: 'calico-etcd.yaml', text: etcdManifest({ endpoints: 'https://10.0.0.1:2379' }) }] }],
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
    for (const c of a.etcd) {
      if (c.datastore === 'kubernetes') continue;
      const ep = settingValue(c.endpoints);
      if (!ep || !c.endpoints?.valueSpan || !ep.split(',').some((e) => /^https:\/\//i.test(e.trim()))) continue;
      if (state(c.ca) !== 'unset' || (c.inline && state(c.inline.ca) !== 'unset')) continue;
      // Felix and Typha merge the env client's CA; judge the env client, not each view of it.
      if (c.kind === 'felix' || c.kind === 'typha') continue;
      // The CNI installer passes the endpoints on to the CNI plugin (a client of its own, with the
      // CA it copies from /calico-secrets) and never connects itself.
      if (c.container && installsCni(c.container)) continue;
      report({
        span: c.endpoints.nameSpan,
        message: m('noCa', { label: c.label, setting: CA_SETTING[c.kind] ?? 'etcdCACertFile / etcdCACert' }),
      });
    }
  },
};
