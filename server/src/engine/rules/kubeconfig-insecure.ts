import { m } from '../l10n/messages';
import { get, getMap, getScalar, isMap, isScalar, seqItems } from '../parse/tree';
import type { Rule } from './types';

const KUBECONFIG = (cluster: string) => `apiVersion: v1
kind: Config
clusters:
  - name: kubernetes
    cluster:
${cluster}users:
  - name: calico-cni
    user:
      token: "<service-account token>"
contexts:
  - name: calico-context
    context:
      cluster: kubernetes
      user: calico-cni
current-context: calico-context
`;

export const rule: Rule = {
  meta: {
    id: 'kubeconfig-insecure',
    category: 'apiserver',
    severity: 'warning',
    reads: { kinds: ['Config'] },
    description:
      "A kubeconfig (calico-kubeconfig for the CNI plugin, calicoctl's) that talks to " +
      'kube-apiserver without verifying it: insecure-skip-tls-verify, an http:// server, or no ' +
      'CA.',
    why:
      'The seeds recommend TLS to kube-apiserver for every Calico component ("Connections from ' +
      'Calico components to kube-apiserver"). With insecure-skip-tls-verify or a plain http:// ' +
      'server, the CNI plugin and calicoctl send their service-account token to whoever ' +
      'answers; without certificate-authority(-data) client-go falls back to the system roots, ' +
      'which do not hold the cluster CA, so every call fails with "x509: certificate signed by ' +
      'unknown authority" (real-failures.md #28 shows how such failures get blamed on Calico).',
    messages: {
      skipVerify:
        "kubeconfig cluster '{cluster}' skips TLS verification of kube-apiserver; credentials go to " +
        'whoever answers. Set certificate-authority instead.',
      plainHttp: "kubeconfig cluster '{cluster}' talks to kube-apiserver over plain HTTP ({server}).",
      noCa:
        "kubeconfig cluster '{cluster}' has no certificate-authority or certificate-authority-data, so " +
        'only the system roots are trusted for {server}.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-kubeconfig',
              text: KUBECONFIG('      server: https://10.96.0.1:443\n      insecure-skip-tls-verify: true\n'),
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'calico-kubeconfig',
              text: KUBECONFIG(
                '      server: https://10.96.0.1:443\n      certificate-authority: ' +
                  '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n',
              ),
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const o of a.ws.objects) {
      if (o.kind !== 'Config' || o.apiVersion !== 'v1') continue;
      const uri = o.file.uri;
      for (const item of seqItems(get(o.node, 'clusters'))) {
        const c = getMap(item, 'cluster');
        if (!isMap(c)) continue;
        const name = getScalar(item, 'name')?.text ?? '?';
        const skip = c.pairs.find((p) => p.key.text === 'insecure-skip-tls-verify');
        if (skip && isScalar(skip.value) && skip.value.value === true) {
          report({
            span: { uri, start: skip.key.start, end: skip.value.end },
            message: m('skipVerify', { cluster: name }),
          });
          continue;
        }
        const server = getScalar(c, 'server');
        if (server && !server.templated && /^http:\/\//i.test(server.text)) {
          report({
            span: { uri, start: server.start, end: server.end },
            message: m('plainHttp', { cluster: name, server: server.text }),
          });
          continue;
        }
        if (
          server &&
          /^https:\/\//i.test(server.text) &&
          !c.pairs.some((p) => p.key.text === 'certificate-authority' || p.key.text === 'certificate-authority-data')
        ) {
          report({
            span: { uri, start: server.start, end: server.end },
            message: m('noCa', { cluster: name, server: server.text }),
          });
        }
      }
    }
  },
};
