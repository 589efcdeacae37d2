import { m } from '../l10n/messages';
import { settingValue } from '../model/etcd';
import { etcdManifest } from './support/etcd-examples';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'etcd-peer-port',
    category: 'etcd',
    severity: 'warning',
    description: "An etcd endpoint on port 2380, etcd's peer port; clients use 2379.",
    why:
      'etcd serves clients on 2379 and its cluster peers on 2380. Calico pointed at 2380 talks ' +
      'to the peer listener, which expects peer certificates and the raft protocol: the TLS ' +
      'handshake or the first request fails (real-failures.md #13).',
    messages: {
      peerPort:
        "etcd endpoint {endpoints} is on port 2380, etcd's peer port; Calico is an etcd client and " +
        'must use the client port (2379).',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'calico-etcd.yaml',
              text: etcdManifest({ endpoints: 'https://10.0.0.1:2380', ca: '/calico-secrets/etcd-ca' }),
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
      const ep = settingValue(c.endpoints);
      const span = c.endpoints?.valueSpan;
      if (!ep || !span) continue;
      const peer = ep
        .split(',')
        .map((e) => e.trim())
        .filter((e) => /:2380\/?$/.test(e));
      const k = `${span.uri}:${span.start}`;
      if (!peer.length || seen.has(k)) continue;
      seen.add(k);
      report({
        span,
        message: m('peerPort', { endpoints: peer.join(', ') }),
      });
    }
  },
};
