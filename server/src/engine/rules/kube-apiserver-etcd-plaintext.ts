import { m } from '../l10n/messages';
import type { ApiserverSetting } from '../model/kube-apiserver';
import type { TextEdit } from '../types';
import { apiserverPod, kubeadmConfig } from './support/apiserver-examples';
import type { Rule } from './types';

const set = (s: ApiserverSetting | undefined): s is ApiserverSetting =>
  !!s && s.value.state === 'known' && s.value.value.trim() !== '';

export const rule: Rule = {
  meta: {
    id: 'kube-apiserver-etcd-plaintext',
    category: 'apiserver',
    severity: 'warning',
    description:
      'kube-apiserver talks to etcd over plain http:// (`--etcd-servers`, kubeadm etcd.external.endpoints); ' +
      'with --etcd-cafile/--etcd-certfile/--etcd-keyfile set as well, those files are not used.',
    why:
      'The seed ("Configure encryption and authentication") recommends mutual TLS on every ' +
      'connection to etcd, which holds every Kubernetes object and, with the Kubernetes datastore, ' +
      "all of Calico's configuration. kube-apiserver builds one etcd client with the TLS files " +
      '(kubernetes staging/src/k8s.io/apiserver/pkg/storage/storagebackend/factory/etcd3.go); ' +
      "etcd's client uses TLS only for https:// endpoints and drops it for http:// ones, so " +
      'those files go unused and the data crosses the network in clear, or the connection fails ' +
      'against an etcd that requires TLS. kubeadm refuses an external etcd with certificate ' +
      'files and http:// endpoints (cmd/kubeadm/app/apis/kubeadm/validation ValidateEtcd). Same ' +
      'behaviour as the etcd clients of Calico (fact sheet 1d).',
    fix: 'unsafe',
    messages: {
      plainOne: '{label}: etcd endpoint {endpoints} uses plain HTTP{unused}. Use https:// with mutual TLS.',
      plainMany: '{label}: etcd endpoints {endpoints} use plain HTTP{unused}. Use https:// with mutual TLS.',
      unusedOne: '; {files} is then not used{kubeadm}',
      unusedMany: '; {files} are then not used{kubeadm}',
      kubeadmRefuses: ', and kubeadm refuses certificate files with http:// endpoints',
      anotherPlain: 'another plain-HTTP endpoint',
      useHttps: 'Use https://',
    },
    examples: {
      bad: [
        {
          files: [
            { name: 'kube-apiserver.yaml', text: apiserverPod({ set: { 'etcd-servers': 'http://10.0.0.20:2379' } }) },
          ],
        },
        {
          files: [
            {
              name: 'kubeadm-config.yaml',
              text: kubeadmConfig({
                etcd:
                  '  external:\n    endpoints:\n      - http://10.0.0.20:2379\n    caFile: /etc/etcd/ca.crt\n' +
                  '    certFile: /etc/etcd/client.crt\n    keyFile: /etc/etcd/client.key\n',
              }),
            },
          ],
        },
      ],
      good: [
        {
          files: [
            { name: 'kube-apiserver.yaml', text: apiserverPod({ set: { 'etcd-servers': 'https://10.0.0.20:2379' } }) },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const api of a.kubeApiservers) {
      const e = api.etcd;
      const servers = e?.servers;
      if (!e || !servers || servers.value.state !== 'known') continue;
      const plain = (servers.items ?? []).filter((i) => /^http:\/\//i.test(i.text));
      if (!plain.length) continue;
      const tls = [e.ca, e.cert, e.key].filter(set);
      const text = a.file(plain[0]!.span.uri)?.text ?? '';
      // Offer https:// only where TLS files are set (without a CA the system roots would not know etcd's).
      const edits: TextEdit[] = plain
        .filter((i) => /^http:\/\//i.test(text.slice(i.span.start, i.span.end)))
        .map((i) => ({
          uri: i.span.uri,
          start: i.span.start,
          end: i.span.start + 'http://'.length,
          newText: 'https://',
        }));
      report({
        span: plain[0]!.span,
        message: m(plain.length > 1 ? 'plainMany' : 'plainOne', {
          label: api.label,
          endpoints: plain.map((i) => i.text).join(', '),
          unused: tls.length
            ? m(tls.length > 1 ? 'unusedMany' : 'unusedOne', {
                files: tls.map((s) => s.label).join(', '),
                kubeadm: e.kubeadmExternal ? m('kubeadmRefuses') : '',
              })
            : '',
        }),
        related: plain.slice(1).map((i) => ({ span: i.span, message: m('anotherPlain') })),
        fixes: tls.length && edits.length === plain.length ? [{ title: m('useHttps'), safety: 'unsafe', edits }] : [],
      });
    }
  },
};
