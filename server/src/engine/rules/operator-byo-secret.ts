import { nodeSpan, getMap } from '../parse/tree';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { isOperatorIssued, PAIRS } from '../calico/operator';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';
import { readByOperator } from '../model/operator';
import { quotedList } from './support/util';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export const rule: Rule = {
  meta: {
    id: 'operator-byo-secret',
    category: 'operator',
    severity: 'error',
    reads: { kinds: ['Secret', 'ConfigMap'] },
    description:
      'A bring-your-own typha-certs / node-certs Secret the operator cannot use: no accepted ' +
      'certificate/key pair, or neither common-name nor uri-san; a typha-ca ConfigMap without ' +
      'caBundle.',
    why:
      'The operator looks for a key pair under tls.crt/tls.key, cert/key, apiserver.crt/key, ' +
      'cert.crt/key.key (and the multi-cluster names), takes the identity from the raw ' +
      'common-name and uri-san keys, and fails with "CertPair for Felix does not contain ' +
      'common-name or uri-san" when both are missing; a typha-ca ConfigMap without the key ' +
      'caBundle fails with "ConfigMap \\"typha-ca\\" does not have a field named ' +
      '\\"caBundle\\"". The Installation goes Degraded (OP ' +
      'pkg/controller/installation/core_controller.go; fact sheet 1e).',
    messages: {
      noCaBundle:
        "ConfigMap typha-ca has no key 'caBundle'{present}; the operator fails with " +
        '"ConfigMap \\"typha-ca\\" does not have a field named \\"caBundle\\"".',
      keysPresent: ' (it has {keys})',
      noCertificate: 'Secret {name} has no certificate under any key the operator reads ({pairs}).',
      noKey: "Secret {name} has '{cert}' but no '{key}'; the operator reads the key from the same pair.",
      noIdentity:
        "Secret {secret} has neither 'common-name' nor 'uri-san'; the operator fails with " +
        '"CertPair for Felix does not contain common-name or uri-san" and the Installation goes Degraded.',
    },
    examples: {
      bad: [
        {
          files: [
            {
              name: 'typha-certs.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ` +
                `tigera-operator\ndata:\n  tls.crt: ${b64(CERT_EXAMPLES.typhaServerCert)}\n  tls.key: ` +
                `${b64(CERT_EXAMPLES.typhaServerKey)}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'typha-ca.yaml',
              text:
                `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typha-ca\n  namespace: ` +
                `tigera-operator\ndata:\n  caBundle: ${JSON.stringify(CERT_EXAMPLES.caCert)}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const read = readByOperator(a.ws);
    for (const o of a.ws.objects) {
      if (!read(o.namespace)) continue;
      if (o.kind === 'ConfigMap' && o.name === 'typha-ca') {
        const data = getMap(o.node, 'data');
        const v = data?.pairs.find((p) => p.key.text === 'caBundle');
        if (o.file.templated && !data) continue;
        // An empty caBundle is "not filled in yet": tls-secret-value-empty warns about it.
        if (!v) {
          const at = o.nameNode ?? o.kindNode;
          const has = quotedList((data?.pairs ?? []).map((p) => p.key.text));
          report({
            span: nodeSpan(o.file.uri, at),
            message: m('noCaBundle', { present: has ? m('keysPresent', { keys: has }) : '' }),
          });
        }
        continue;
      }
      if (o.kind !== 'Secret' || (o.name !== 'typha-certs' && o.name !== 'node-certs')) continue;
      const entries = a.ws.data(o);
      if (!entries.size) continue;
      // A key that is present but empty is "not filled in yet" (tls-secret-value-empty warns);
      // only keys that are missing altogether are this rule's business.
      const has = (k: string) => entries.has(k);
      // The identity is read as a raw string: empty is as good as missing.
      const hasValue = (k: string) => {
        const e = entries.get(k);
        return !!e && (e.valueNode?.templated || (e.content ?? '').trim() !== '');
      };
      const anchor = o.nameNode ?? o.kindNode;
      const span = nodeSpan(o.file.uri, anchor);
      if (!PAIRS.some(([c]) => has(c)))
        report({
          span,
          message: m('noCertificate', { name: o.name, pairs: PAIRS.map(([c, k]) => `${c}/${k}`).join(', ') }),
        });
      const pair = PAIRS.find(([c]) => has(c));
      if (pair && !has(pair[1]))
        report({
          span: nodeSpan(o.file.uri, entries.get(pair[0])!.keyNode),
          message: m('noKey', { name: o.name, cert: pair[0], key: pair[1] }),
        });
      // Certificates the operator issued itself (issuer tigera-operator-signer) carry their
      // identity implicitly; only bring-your-own ones need common-name / uri-san.
      const certEntry = pair ? entries.get(pair[0]) : undefined;
      const leaf = certEntry ? leafOf(a.materialOf(certEntry)) : undefined;
      const operatorIssued = !!leaf && isOperatorIssued(leaf.info);
      if (!operatorIssued && !hasValue('common-name') && !hasValue('uri-san')) {
        report({
          span,
          message: m('noIdentity', { secret: `${o.namespace ? `${o.namespace}/` : ''}${o.name}` }),
        });
      }
    }
  },
};
