import { nodeSpan } from '../parse/tree';
import type { K8sObject } from '../model/objects';
import { CERT_EXAMPLES } from './support/cert-examples';
import { PAIRS } from '../calico/operator';
import type { Rule } from './types';
import { leafOf } from '../certs/leaf';
import { m } from '../l10n/messages';
import { readByOperator } from '../model/operator';
import { listText, quotedList } from './support/util';

const b64 = (s: string) => Buffer.from(s).toString('base64');

export const rule: Rule = {
  meta: {
    id: 'operator-byo-identity',
    category: 'operator',
    severity: 'error',
    reads: { kinds: ['Secret'] },
    fix: 'unsafe',
    description:
      "typha-certs / node-certs whose common-name or uri-san differs from the certificate's " +
      'own CN / URI SAN, or that use different identity kinds.',
    why:
      "The operator copies common-name / uri-san of typha-certs into Felix's FELIX_TYPHACN / " +
      "FELIX_TYPHAURISAN and those of node-certs into Typha's TYPHA_CLIENTCN / " +
      "TYPHA_CLIENTURISAN; the peers then require exactly those values in each other's " +
      'certificates (OP pkg/render/node.go, typha.go; CAL typha/pkg/tlsutils/tlsutils.go). A ' +
      'value that differs from what the certificate carries breaks the connection ("peer ' +
      'certificate does not have required CN"). And the operator decides whether to render ' +
      'TYPHA_CLIENTCN from the *Typha* secret but takes the value from the node secret, so ' +
      'typha-certs with only a uri-san and node-certs with only a common-name leave Typha with ' +
      'no client identity at all (fact sheet 1e, render quirk).',
    messages: {
      cnMismatch:
        "Secret {name}: common-name is '{cn}' but the certificate's CN is '{certCn}'; the peer will require " +
        "'{cn}' and reject this certificate.",
      cnMismatchEmpty:
        "Secret {name}: common-name is '{cn}' but the certificate's CN is empty; the peer will require " +
        "'{cn}' and reject this certificate.",
      setCommonName: "Set common-name to '{cn}'",
      sanMismatch: "Secret {name}: uri-san is '{san}' but the certificate's URI SANs are {sans}.",
      sanMismatchNone: "Secret {name}: uri-san is '{san}' but the certificate's URI SANs are none.",
      theCertificate: 'the certificate',
      kindMismatch:
        'typha-certs sets only {typha} but node-certs sets only {node}: the operator renders ' +
        "Typha's client identity by what typha-certs has and fills it from node-certs, so Typha gets " +
        'neither ClientCN nor ClientURISAN and fails validation. Use the same identity kind in both.',
      nodeCerts: 'node-certs',
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
                `${b64(CERT_EXAMPLES.typhaServerKey)}\n  common-name: ${b64('calico-typha')}\n`,
            },
          ],
        },
      ],
      good: [
        {
          files: [
            {
              name: 'typha-certs.yaml',
              text:
                `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ` +
                `tigera-operator\ndata:\n  tls.crt: ${b64(CERT_EXAMPLES.byoTyphaCert)}\n  tls.key: ` +
                `${b64(CERT_EXAMPLES.byoTyphaKey)}\n  common-name: ${b64('typha-server')}\n`,
            },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const kinds = new Map<string, { obj: K8sObject; cn: boolean; san: boolean }>();
    const read = readByOperator(a.ws);
    for (const o of a.ws.objects) {
      if (o.kind !== 'Secret' || (o.name !== 'typha-certs' && o.name !== 'node-certs') || !read(o.namespace)) continue;
      const entries = a.ws.data(o);
      const cnE = entries.get('common-name');
      const sanE = entries.get('uri-san');
      const val = (e: typeof cnE) =>
        e && !e.valueNode?.templated && e.content !== undefined && e.content.trim() !== ''
          ? e.content.trim()
          : undefined;
      const known = (e: typeof cnE) => !!e && !e.valueNode?.templated;
      if ((cnE && !known(cnE)) || (sanE && !known(sanE))) continue;
      kinds.set(o.name, { obj: o, cn: !!val(cnE), san: !!val(sanE) });
      const pair = PAIRS.find(([c]) => entries.get(c)?.content?.trim());
      const certE = pair ? entries.get(pair[0]) : undefined;
      const d = certE ? a.materialOf(certE) : undefined;
      const leaf = leafOf(d);
      if (!leaf) continue;
      const cn = val(cnE);
      if (cn !== undefined && cnE?.valueNode && cn !== leaf.info.subjectCN) {
        report({
          span: nodeSpan(o.file.uri, cnE.valueNode),
          message: leaf.info.subjectCN
            ? m('cnMismatch', { name: o.name, cn, certCn: leaf.info.subjectCN })
            : m('cnMismatchEmpty', { name: o.name, cn }),
          related: [{ span: d!.material.span, message: m('theCertificate') }],
          // Without a CN in the certificate there is nothing to set common-name to.
          fixes: leaf.info.subjectCN
            ? [
                {
                  title: m('setCommonName', { cn: leaf.info.subjectCN }),
                  safety: 'unsafe' as const,
                  edits: [
                    {
                      ...nodeSpan(o.file.uri, cnE.valueNode),
                      newText: cnE.field === 'data' ? b64(leaf.info.subjectCN) : leaf.info.subjectCN,
                    },
                  ],
                },
              ]
            : [],
        });
      }
      const san = val(sanE);
      if (san !== undefined && sanE?.valueNode && !leaf.info.uris.includes(san)) {
        report({
          span: nodeSpan(o.file.uri, sanE.valueNode),
          message: leaf.info.uris.length
            ? m('sanMismatch', { name: o.name, san, sans: quotedList(leaf.info.uris) })
            : m('sanMismatchNone', { name: o.name, san }),
          related: [{ span: d!.material.span, message: m('theCertificate') }],
        });
      }
    }
    const t = kinds.get('typha-certs');
    const n = kinds.get('node-certs');
    // Typha's ClientCN is rendered when typha-certs has a common-name, with node-certs' value;
    // ClientURISAN likewise. If neither ends up non-empty, Typha's Validate() fails.
    if (t && n && (t.cn || t.san) && (n.cn || n.san) && !((t.cn && n.cn) || (t.san && n.san))) {
      const at = t.obj.nameNode ?? t.obj.kindNode;
      const kind = (x: { cn: boolean; san: boolean }) =>
        listText([x.cn ? 'common-name' : '', x.san ? 'uri-san' : ''].filter(Boolean));
      report({
        span: nodeSpan(t.obj.file.uri, at),
        message: m('kindMismatch', { typha: kind(t), node: kind(n) }),
        related: [
          {
            span: {
              uri: n.obj.file.uri,
              start: (n.obj.nameNode ?? n.obj.kindNode).start,
              end: (n.obj.nameNode ?? n.obj.kindNode).end,
            },
            message: m('nodeCerts'),
          },
        ],
      });
    }
  },
};
