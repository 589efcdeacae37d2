import { m } from '../l10n/messages';
import { parseBool } from '../model/kube-apiserver';
import { apiserverPod, kubeadmConfig } from './support/apiserver-examples';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'kube-apiserver-anonymous-auth',
    category: 'apiserver',
    severity: 'warning',
    description:
      'kube-apiserver explicitly set to serve anonymous requests (`--anonymous-auth=true` in a static ' +
      'pod, or `anonymous-auth: "true"` in kubeadm apiServer.extraArgs).',
    why:
      'The seed ("Configure encryption and authentication", connections to kube-apiserver) ' +
      'recommends the client-certificate and JWT authentication modules, so that every Calico ' +
      'component proves who it is. With --anonymous-auth=true "requests that are not rejected by ' +
      'another authentication method are treated as anonymous requests" with user ' +
      'system:anonymous and group system:unauthenticated (kube-apiserver flag reference; ' +
      'kubernetes pkg/kubeapiserver/options/authentication.go): a request with no credentials at ' +
      'all gets whatever RBAC grants those, instead of a 401. Kubernetes 1.32+ can keep ' +
      "anonymous access to the health endpoints only (an AuthenticationConfiguration's " +
      'anonymous.conditions); liveness probes that call /livez without credentials need that ' +
      'before anonymous requests are turned off.',
    messages: {
      anonymous:
        '{label}: {flag} is true: requests without credentials are served as system:anonymous instead ' +
        'of being refused. Set it to false (health probes then need credentials, or anonymous access ' +
        'limited to /livez, /readyz, /healthz).',
    },
    examples: {
      bad: [
        { files: [{ name: 'kube-apiserver.yaml', text: apiserverPod({ set: { 'anonymous-auth': 'true' } }) }] },
        { files: [{ name: 'kubeadm-config.yaml', text: kubeadmConfig({ extraArgs: { 'anonymous-auth': 'true' } }) }] },
      ],
      good: [{ files: [{ name: 'kube-apiserver.yaml', text: apiserverPod({ set: { 'anonymous-auth': 'false' } }) }] }],
    },
  },
  check(a, report) {
    for (const api of a.kubeApiservers) {
      const f = api.flags.get('anonymous-auth');
      if (!f || f.value.state !== 'known' || parseBool(f.value.value.trim()) !== true) continue;
      report({
        span: f.span,
        message: m('anonymous', { label: api.label, flag: f.label }),
      });
    }
  },
};
