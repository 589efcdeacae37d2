import { m } from '../l10n/messages';
import type { ApiserverSetting } from '../model/kube-apiserver';
import { apiserverPod, kubeadmConfig } from './support/apiserver-examples';
import type { Rule } from './types';

/** 'set' | 'empty' (given, empty) | 'missing' (not given) | 'unknown' */
function stateOf(s: ApiserverSetting | undefined, complete: boolean): 'set' | 'empty' | 'missing' | 'unknown' {
  if (!s) return complete ? 'missing' : 'unknown';
  if (s.value.state !== 'known') return 'unknown';
  return s.value.value.trim() ? 'set' : 'empty';
}

export const rule: Rule = {
  meta: {
    id: 'kube-apiserver-etcd-cert-without-key',
    category: 'apiserver',
    severity: 'error',
    description:
      "kube-apiserver's etcd client certificate without its key, or the key without the certificate " +
      '(`--etcd-certfile`/`--etcd-keyfile`, kubeadm etcd.external certFile/keyFile).',
    why:
      "kube-apiserver builds its etcd client TLS with etcd's transport.TLSInfo (kubernetes " +
      'staging/src/k8s.io/apiserver/pkg/storage/storagebackend/factory/etcd3.go newETCD3Client), ' +
      'which fails with "KeyFile and CertFile must both be present[key: <k>, cert: <c>]" when only ' +
      'one is given: kube-apiserver does not start, and with it every Calico component that reads ' +
      'the Kubernetes API. kubeadm refuses such a ClusterConfiguration: "either both or none of ' +
      '.Etcd.External.CertFile and .Etcd.External.KeyFile must be set" (cmd/kubeadm/app/apis/kubeadm/' +
      "validation ValidateEtcd). The same etcd client rule as Calico's own (fact sheet 1d); the " +
      'seed recommends mutual TLS to etcd.',
    messages: {
      otherEmpty: '{label}: {set} is set but {other} is empty; {consequence}',
      otherMissing: '{label}: {set} is set but {other} is not; {consequence}',
      kubeadmRefuses:
        'kubeadm refuses it ("either both or none of .Etcd.External.CertFile and .Etcd.External.KeyFile ' +
        'must be set").',
      apiserverCannotStart:
        'kube-apiserver cannot start: "KeyFile and CertFile must both be present[key: {keyValue}, cert: {certValue}]".',
      otherHalf: 'the other half',
    },
    examples: {
      bad: [
        { files: [{ name: 'kube-apiserver.yaml', text: apiserverPod({ drop: ['etcd-keyfile'] }) }] },
        {
          files: [
            {
              name: 'kubeadm-config.yaml',
              text: kubeadmConfig({
                etcd:
                  '  external:\n    endpoints: [https://10.0.0.20:2379]\n    caFile: /etc/etcd/ca.crt\n' +
                  '    certFile: /etc/etcd/client.crt\n',
              }),
            },
          ],
        },
      ],
      good: [{ files: [{ name: 'kube-apiserver.yaml', text: apiserverPod() }] }],
    },
  },
  check(a, report) {
    for (const api of a.kubeApiservers) {
      const e = api.etcd;
      if (!e) continue;
      const cs = stateOf(e.cert, e.complete);
      const ks = stateOf(e.key, e.complete);
      const one = (x: string, y: string) => x === 'set' && (y === 'empty' || y === 'missing');
      if (!one(cs, ks) && !one(ks, cs)) continue;
      const [present, other, otherState] = cs === 'set' ? [e.cert!, e.key, ks] : [e.key!, e.cert, cs];
      const otherName =
        other?.label ??
        (e.kubeadmExternal
          ? `etcd.external.${cs === 'set' ? 'keyFile' : 'certFile'}`
          : `--etcd-${cs === 'set' ? 'keyfile' : 'certfile'}`);
      const val = (s: ApiserverSetting | undefined) => (s?.value.state === 'known' ? s.value.value.trim() : '');
      report({
        // An empty setting is the line to fill in; otherwise the one given alone.
        span: otherState === 'empty' ? other!.span : present.span,
        message: m(otherState === 'empty' ? 'otherEmpty' : 'otherMissing', {
          label: api.label,
          set: present.label,
          other: otherName,
          consequence: e.kubeadmExternal
            ? m('kubeadmRefuses')
            : m('apiserverCannotStart', { keyValue: val(e.key), certValue: val(e.cert) }),
        }),
        related: otherState === 'empty' ? [{ span: present.span, message: m('otherHalf') }] : [],
      });
    }
  },
};
