import { nodeSpan } from '../parse/tree';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The Manager's TLS Secrets and the key pairs each accepts (seed 000; OP pkg/render/manager.go). */
const SECRETS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  'cnx-manager-tls': [
    ['cert', 'key'],
    ['tls.crt', 'tls.key'],
  ],
  'manager-tls': [
    ['tls.crt', 'tls.key'],
    ['cert', 'key'],
  ],
};

export const rule: Rule = {
  meta: {
    id: 'manager-tls-secret',
    category: 'manager',
    severity: 'error',
    description:
      'A Manager TLS Secret (cnx-manager-tls, operator manager-tls) without a complete ' +
      'certificate and key pair under the names it is read from.',
    why:
      'The Manager UI serves HTTPS from Secret cnx-manager-tls with keys `cert` and `key` ' +
      '(seed "Configure encryption and authentication", Manager) or, under the operator, from ' +
      'manager-tls with tls.crt/tls.key (legacy cert/key still accepted; OP ' +
      'pkg/render/manager.go, fact sheet 1e). A Secret with other key names, or with a ' +
      'certificate but no key, leaves the Manager without its certificate: it fails to start ' +
      'or serves a generated one browsers reject.',
    examples: {
      bad: [
        {
          files: [
            {
              name: 'manager-tls.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cnx-manager-tls\n  namespace: ` +
                `calico-monitoring\ndata:\n  manager.crt: ${b64(CERT_EXAMPLES.metricsServerCert)}\n  ` +
                `manager.key: ${b64(CERT_EXAMPLES.metricsServerKey)}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'manager-tls.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: cnx-manager-tls\n  namespace: ` +
                `calico-monitoring\ndata:\n  cert: ${b64(CERT_EXAMPLES.metricsServerCert)}\n  key: ` +
                `${b64(CERT_EXAMPLES.metricsServerKey)}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    for (const o of a.ws.objectsOfKind('Secret')) {
      const pairs = SECRETS[o.name ?? ''];
      if (!pairs) continue;
      const data = a.ws.data(o);
      if (!data.size && o.file.templated) continue;
      const has = (k: string) => data.has(k); // empty values: tls-secret-value-empty
      if (pairs.some(([c, k]) => has(c) && has(k))) continue;
      const at = o.nameNode ?? o.kindNode;
      const half = pairs.find(([c, k]) => has(c) || has(k));
      report({
        span: nodeSpan(o.file.uri, at),
        message: half
          ? `Secret ${o.name} has '${has(half[0]) ? half[0] : half[1]}' but not ` +
            `'${has(half[0]) ? half[1] : half[0]}'; the Manager needs both.`
          : `Secret ${o.name} has no ${pairs.map(([c, k]) => `${c}/${k}`).join(' or ')} ` +
            `pair${data.size ? ` (it has ${[...data.keys()].map((k) => `'${k}'`).join(', ')})` : ''}` +
            `; the Manager cannot find its certificate.`,
      });
    }
  },
};
