import { m } from '../l10n/messages';
import { settingValue, state, whereWritten } from '../model/etcd';
import { etcdManifest } from './support/etcd-examples';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'etcd-cert-without-key',
    category: 'etcd',
    severity: 'error',
    description:
      'An etcd client certificate without its key, or a key without its certificate (env, ' +
      'Felix/Typha Etcd*, calicoctl config, CNI netconf, inline PEM).',
    why:
      "libcalico-go builds the etcd TLS config with etcd's transport.TLSInfo, which fails " +
      'with "KeyFile and CertFile must both be present[key: <k>, cert: <c>]" (wrapped as ' +
      '"could not initialize etcdv3 client") when only one is set; inline calicoctl settings ' +
      'fail with "Certificate and Key must both be present inline.", even when only a CA was ' +
      'meant (CAL libcalico-go/lib/backend/etcdv3/etcdv3.go, inline_cert_key.go; fact sheet ' +
      '1d). calico-node, kube-controllers, the CNI plugin and calicoctl all stop.',
    messages: {
      halfSet:
        '{label}: {set} is set but {missing} is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: {keyValue}, cert: {certValue}]".',
      certWithoutKeyFile:
        '{label}: {set} is set but the key file is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: {keyValue}, cert: {certValue}]".',
      keyWithoutCertFile:
        '{label}: {set} is set but the certificate file is not; the etcd client fails with ' +
        '"KeyFile and CertFile must both be present[key: {keyValue}, cert: {certValue}]".',
      otherSideSet: '{name} is set here',
      inlineHalf:
        '{label}: inline etcd TLS needs both etcdCert and etcdKey; calicoctl fails with ' +
        '"Certificate and Key must both be present inline."',
      inlineCaOnly:
        '{label}: inline etcd TLS needs both etcdCert and etcdKey, even for a CA alone; calicoctl fails with ' +
        '"Certificate and Key must both be present inline."',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-etcd.yaml',
              text: etcdManifest({
                endpoints: 'https://10.0.0.1:2379',
                ca: '/calico-secrets/etcd-ca',
                cert: '/calico-secrets/etcd-cert',
              }),
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
    const seen = new Set<string>();
    for (const c of a.etcd) {
      if (c.datastore === 'kubernetes') continue;
      const cs = state(c.cert);
      const ks = state(c.key);
      if ((cs === 'set' && ks === 'unset') || (ks === 'set' && cs === 'unset')) {
        const s = cs === 'set' ? c.cert! : c.key!;
        // The line to change is the missing side when it is written but empty (the
        // calico-etcd.yaml ConfigMap ships `etcd_key: ""`: filling etcd_cert and forgetting
        // etcd_key is the usual mistake); when it is not written at all, the side that is set.
        const missing = cs === 'set' ? c.key : c.cert;
        const at = missing ? whereWritten(c, missing) : whereWritten(c, s);
        const k = `${at.uri}:${at.start}:${at.end}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const values = { keyValue: settingValue(c.key) ?? '', certValue: settingValue(c.cert) ?? '' };
        const message = missing
          ? m('halfSet', { label: c.label, set: s.name, missing: missing.name, ...values })
          : m(cs === 'set' ? 'certWithoutKeyFile' : 'keyWithoutCertFile', { label: c.label, set: s.name, ...values });
        report({
          span: at,
          related: missing ? [{ span: whereWritten(c, s), message: m('otherSideSet', { name: s.name }) }] : undefined,
          message,
        });
      }
      const inl = c.inline;
      if (inl) {
        const ic = state(inl.cert);
        const ik = state(inl.key);
        const ica = state(inl.ca);
        if ((ic === 'set') !== (ik === 'set') || (ica === 'set' && ic !== 'set' && ik !== 'set')) {
          if (ic === 'unknown' || ik === 'unknown') continue;
          const s = inl.cert ?? inl.key ?? inl.ca!;
          report({
            span: s.nameSpan,
            message: m(ica === 'set' && ic !== 'set' && ik !== 'set' ? 'inlineCaOnly' : 'inlineHalf', {
              label: c.label,
            }),
          });
        }
      }
    }
  },
};
