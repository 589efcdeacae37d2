import { settingValue, state } from '../model/etcd';
import { etcdManifest } from './support/etcd-examples';
import type { Rule } from './types';

export const rule: Rule = {
  meta: {
    id: 'etcd-plaintext',
    category: 'etcd',
    severity: 'warning',
    description: 'An etcd endpoint over plain http://; with TLS files set as well, those files are silently unused.',
    why:
      'The seeds recommend mutual TLS on every connection from Calico to etcd ("Configure ' +
      'encryption and authentication"): the datastore holds every policy and the IPAM state. ' +
      'libcalico-go does not check that TLS files go with https:// endpoints; with http:// ' +
      'endpoints they are simply not used (fact sheet 1d), which is how a cluster believed to ' +
      'be on TLS runs in plaintext (real-failures.md #17).',
    examples: {
      bad: [{ files: [{ name: 'calico-etcd.yaml', text: etcdManifest({ endpoints: 'http://10.0.0.1:2379' }) }] }],
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
      const ep = settingValue(c.endpoints);
      const span = c.endpoints?.valueSpan;
      if (!ep || !span) continue;
      const plain = ep
        .split(',')
        .map((e) => e.trim())
        .filter((e) => /^http:\/\//i.test(e));
      if (!plain.length) continue;
      const k = `${span.uri}:${span.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const tls = [c.ca, c.cert, c.key].filter((s) => state(s) === 'set').map((s) => s!.name);
      report({
        span,
        message:
          `etcd endpoint${plain.length > 1 ? 's' : ''} ${plain.join(', ')} ` +
          `${plain.length > 1 ? 'use' : 'uses'} plain HTTP ` +
          `(${c.label})${tls.length ? `; ${tls.join(', ')} ${tls.length > 1 ? 'are' : 'is'} then not used` : ''}` +
          `. Use https:// with mutual TLS.`,
      });
    }
  },
};
