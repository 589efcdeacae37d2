import { m } from '../l10n/messages';
import { apiserverPod, kubeadmConfig } from './support/apiserver-examples';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'kube-apiserver-client-ca-missing',
    category: 'apiserver',
    severity: 'warning',
    description:
      'kube-apiserver without client-certificate authentication: a static pod whose arguments (all ' +
      'visible) have no `--client-ca-file`, or a `client-ca-file` given an empty value.',
    why:
      'The seed ("Configure encryption and authentication", connections to kube-apiserver) ' +
      'recommends the client-certificate authentication module: Calico components "present ' +
      'either an X.509 certificate or a JWT to kube-apiserver so that kube-apiserver can verify ' +
      'their identities". kube-apiserver authenticates client certificates only "if set": "any ' +
      'request presenting a client certificate signed by one of the authorities in the ' +
      'client-ca-file is authenticated" (kube-apiserver flag reference; kubernetes ' +
      'staging/src/k8s.io/apiserver/pkg/server/options/authentication.go). Without it every ' +
      'certificate a component presents is ignored: calicoctl or a kubeconfig with ' +
      'client-certificate-data is anonymous or refused, and so are the kubelets. kubeadm sets the ' +
      'flag itself, so only an explicit empty value is reported for a ClusterConfiguration.',
    messages: {
      clientCaEmpty: '{label}: {flag} is empty, so client certificates are not authenticated.',
      clientCaMissing:
        '{label} has no --client-ca-file: client certificates (kubelets, kubeconfigs with ' +
        'client-certificate-data, Calico components given certificates) are not authenticated.',
    },
    examples: {
      bad: [
        { files: [{ name: 'kube-apiserver.yaml', text: apiserverPod({ drop: ['client-ca-file'] }) }] },
        { files: [{ name: 'kubeadm-config.yaml', text: kubeadmConfig({ extraArgs: { 'client-ca-file': '' } }) }] },
      ],
      good: [{ files: [{ name: 'kube-apiserver.yaml', text: apiserverPod() }] }],
    },
  },
  check(a, report) {
    for (const api of a.kubeApiservers) {
      const f = api.flags.get('client-ca-file');
      if (f) {
        if (f.value.state !== 'known' || f.value.value.trim() !== '') continue;
        report({
          span: f.span,
          message: m('clientCaEmpty', { label: api.label, flag: f.label }),
        });
      } else if (api.complete) {
        report({
          span: api.anchor,
          message: m('clientCaMissing', { label: api.label }),
        });
      }
    }
  },
};
