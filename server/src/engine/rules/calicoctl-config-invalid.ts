import { m } from '../l10n/messages';
import { getMap, isScalar } from '../parse/tree';
import { replaceScalar } from '../fixes';
import type { ReportFix, Rule } from './types';

/** CalicoAPIConfigSpec's JSON fields (CAL libcalico-go/lib/apiconfig/apiconfig.go). */
const FIELDS = [
  'datastoreType',
  'etcdEndpoints',
  'etcdDiscoverySrv',
  'etcdUsername',
  'etcdPassword',
  'etcdKeyFile',
  'etcdCertFile',
  'etcdCACertFile',
  'etcdKey',
  'etcdCert',
  'etcdCACert',
  'kubeconfig',
  'k8sAPIEndpoint',
  'k8sKeyFile',
  'k8sCertFile',
  'k8sCAFile',
  'k8sAPIToken',
  'k8sInsecureSkipTLSVerify',
  'k8sDisableNodePoll',
  'usePodCIDR',
  'kubeconfigInline',
  'k8sClientQPS',
  'k8sCurrentContext',
  'calicoAPIGroup',
];

function closest(k: string): string | undefined {
  const low = k.toLowerCase().replace(/[_-]/g, '');
  return (
    FIELDS.find((f) => f.toLowerCase() === low) ??
    FIELDS.find((f) => f.toLowerCase().includes(low) || low.includes(f.toLowerCase()))
  );
}

export const rule: Rule = {
  meta: {
    id: 'calicoctl-config-invalid',
    category: 'etcd',
    severity: 'error',
    reads: { kinds: ['CalicoAPIConfig'] },
    fix: 'safe',
    description:
      'A calicoctl CalicoAPIConfig that calicoctl or its etcd client rejects: unknown fields, ' +
      'a wrong apiVersion, inline and file TLS mixed, both or neither of etcdEndpoints and ' +
      'etcdDiscoverySrv.',
    why:
      'calicoctl loads its config with yaml.UnmarshalStrict, so a misspelt field is a hard ' +
      'error ("failed to parse config as YAML/JSON"), and the apiVersion must be ' +
      'projectcalico.org/v3 ("invalid config file: unknown APIVersion"). The etcd client then ' +
      'refuses "Cannot mix inline certificate-key and certificate / key files", "multiple ' +
      'discovery or bootstrap options specified, use either \\"etcdEndpoints\\" or ' +
      '\\"etcdDiscoverySrv\\"" and "no etcd endpoints specified" (CAL ' +
      'libcalico-go/lib/apiconfig/load.go, lib/backend/etcdv3/etcdv3.go; fact sheet 1d). The ' +
      'quick fix renames a field that differs only in case or punctuation.',
    messages: {
      apiVersion:
        'calicoctl rejects the config: "invalid config file: unknown APIVersion \'{apiVersion}\'" ' +
        '(it must be projectcalico.org/v3).',
      setApiVersion: 'Set apiVersion: projectcalico.org/v3',
      unknownField:
        "'{field}' is not a CalicoAPIConfig field; calicoctl's strict loader fails with " +
        '"failed to parse config as YAML/JSON".',
      unknownFieldDidYouMean:
        "'{field}' is not a CalicoAPIConfig field; calicoctl's strict loader fails with " +
        '"failed to parse config as YAML/JSON". Did you mean {meant}?',
      renameField: 'Rename to {name}',
      tlsMixed:
        'Inline TLS ({inline}) and file TLS ({files}) are mixed; the etcd client fails with ' +
        '"Cannot mix inline certificate-key and certificate / key files".',
      bothDiscovery:
        'Both etcdEndpoints and etcdDiscoverySrv are set; the etcd client fails with "multiple ' +
        'discovery or bootstrap options specified, use either \\"etcdEndpoints\\" or ' +
        '\\"etcdDiscoverySrv\\"".',
      noEndpoints:
        'datastoreType is etcdv3 but neither etcdEndpoints nor etcdDiscoverySrv is set; the etcd ' +
        'client fails with "no etcd endpoints specified".',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calicoctl.cfg.yaml',
              text:
                'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  ' +
                'etcdEndpoints: https://etcd1:2379\n  etcdCaCertFile: /etc/calico/ca.pem\n',
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
                'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata:\nspec:\n  ' +
                'etcdEndpoints: https://etcd1:2379\n  etcdCACertFile: /etc/calico/ca.pem\n',
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const o of a.ws.objectsOfKind('CalicoAPIConfig')) {
      const uri = o.file.uri;
      const av = o.node.pairs.find((p) => p.key.text === 'apiVersion');
      if (av && isScalar(av.value) && !av.value.templated && av.value.text !== 'projectcalico.org/v3') {
        report({
          span: { uri, start: av.value.start, end: av.value.end },
          message: m('apiVersion', { apiVersion: av.value.text }),
          fixes: [
            {
              title: m('setApiVersion'),
              safety: 'safe',
              edits: [replaceScalar(uri, av.value, 'projectcalico.org/v3')],
            },
          ],
        });
      }
      const spec = getMap(o.node, 'spec');
      if (!spec) continue;
      for (const p of spec.pairs) {
        if (FIELDS.includes(p.key.text) || p.key.templated) continue;
        const c = closest(p.key.text);
        const fixes: ReportFix[] =
          c && c.toLowerCase() === p.key.text.toLowerCase().replace(/[_-]/g, '')
            ? [{ title: m('renameField', { name: c }), safety: 'safe', edits: [replaceScalar(uri, p.key, c)] }]
            : [];
        report({
          span: { uri, start: p.key.start, end: p.key.end },
          message: c
            ? m('unknownFieldDidYouMean', { field: p.key.text, meant: c })
            : m('unknownField', { field: p.key.text }),
          fixes,
        });
      }
      const has = (k: string) =>
        spec.pairs.some((p) => p.key.text === k && isScalar(p.value) && p.value.text.trim() !== '');
      const inline = ['etcdKey', 'etcdCert', 'etcdCACert'].filter(has);
      const files = ['etcdKeyFile', 'etcdCertFile', 'etcdCACertFile'].filter(has);
      if (inline.length && files.length) {
        const p = spec.pairs.find((x) => x.key.text === inline[0])!;
        report({
          span: { uri, start: p.key.start, end: p.key.end },
          message: m('tlsMixed', { inline: inline.join(', '), files: files.join(', ') }),
        });
      }
      const dt = spec.pairs.find((p) => p.key.text === 'datastoreType');
      // Without datastoreType calicoctl takes etcdv3 when etcdEndpoints is set, else kubernetes
      // (fact sheet 1d): the check for both options holds either way, the one for neither needs it written.
      const etcd = !dt || (isScalar(dt.value) && dt.value.text === 'etcdv3');
      if (etcd && has('etcdEndpoints') && has('etcdDiscoverySrv')) {
        const p = spec.pairs.find((x) => x.key.text === 'etcdDiscoverySrv')!;
        report({
          span: { uri, start: p.key.start, end: p.key.end },
          message: m('bothDiscovery'),
        });
      } else if (etcd && dt && !has('etcdEndpoints') && !has('etcdDiscoverySrv')) {
        report({
          span: { uri, start: dt.key.start, end: dt.key.end },
          message: m('noEndpoints'),
        });
      }
    }
  },
};
