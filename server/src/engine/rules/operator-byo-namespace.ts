import { BYO_OBJECTS, isOperatorIssued, OPERATOR_COPY_NAMESPACE } from '../calico/operator';
import { replaceScalar } from '../fixes';
import { operatorInstall } from '../model/operator';
import { getMap, getScalar, nodeSpan } from '../parse/tree';
import { CERT_EXAMPLES } from './support/cert-examples';
import type { Rule } from './types';
import { m } from '../l10n/messages';

const INSTALLATION = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  variant: Calico
`;

const b64 = (s: string) => Buffer.from(s).toString('base64');
const typhaCerts = (ns: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: typha-certs\n  namespace: ${ns}\ntype: Opaque\ndata:\n` +
  `  tls.crt: ${b64(CERT_EXAMPLES.byoTyphaCert)}\n  tls.key: ${b64(CERT_EXAMPLES.byoTyphaKey)}\n` +
  `  common-name: ${b64('typha-server')}\n`;

export const rule: Rule = {
  meta: {
    id: 'operator-byo-namespace',
    category: 'operator',
    severity: 'error',
    reads: { kinds: ['Secret'] },
    fix: 'safe',
    description:
      'A bring-your-own typha-certs / node-certs Secret or typha-ca ConfigMap placed in ' +
      'calico-system in an operator install; the operator reads them only from its own ' +
      'namespace (tigera-operator).',
    why:
      'The Tigera operator looks for user-supplied typha-certs, node-certs and typha-ca in the ' +
      'operator namespace (env OPERATOR_NAMESPACE, else the namespace it runs in, else ' +
      'tigera-operator) and copies what it uses into calico-system for the pods (OP ' +
      'pkg/controller/installation/core_controller.go getOrCreateTyphaNodeTLSConfig; fact sheet ' +
      '1e "Where users put their own certificates"). Objects put straight into calico-system are ' +
      'never read: the operator generates its own Typha and Node certificates and writes its ' +
      "copies over the user's Secrets there. Reported only where the workspace shows an " +
      'operator install (an Installation or the tigera-operator Deployment).',
    messages: {
      secretInCopyNamespace:
        'Secret {name} is in {copyNamespace}, where the operator only puts its copies: it reads ' +
        'bring-your-own {name} from {namespace} ({operator}), so it generates its own {component} ' +
        'certificate and writes its copy over this one. Put it in {namespace}.',
      configMapInCopyNamespace:
        'ConfigMap {name} is in {copyNamespace}, where the operator only puts its copies: it reads ' +
        'bring-your-own {name} from {namespace} ({operator}), so it never adds this CA to the bundle ' +
        'Felix and Typha trust. Put it in {namespace}.',
      operatorReadsFrom: 'the operator reads from {namespace}',
      moveToNamespace: 'Move to namespace {namespace}',
    },
    examples: {
      bad: [
        {
          files: [
            { name: 'installation.yaml', text: INSTALLATION },
            { name: 'typha-certs.yaml', text: typhaCerts('calico-system') },
          ],
        },
      ],
      good: [
        {
          files: [
            { name: 'installation.yaml', text: INSTALLATION },
            { name: 'typha-certs.yaml', text: typhaCerts('tigera-operator') },
          ],
        },
      ],
    },
  },
  check(a, report) {
    const candidates = a.ws.objects.filter(
      (o) => o.namespace === OPERATOR_COPY_NAMESPACE && BYO_OBJECTS.some((b) => b.kind === o.kind && b.name === o.name),
    );
    if (!candidates.length) return;
    const op = operatorInstall(a.ws);
    if (op.state !== 'known' || op.namespace === OPERATOR_COPY_NAMESPACE) return;
    for (const o of candidates) {
      const meta = getMap(o.node, 'metadata');
      const nsNode = getScalar(meta, 'namespace');
      if (!nsNode || nsNode.templated) continue;
      // The operator's own copy: read back from a cluster (a live object), beside the original
      // in the operator namespace, or holding a certificate the operator issued (meta is there: nsNode came from it).
      if (meta!.pairs.some((p) => ['ownerReferences', 'uid', 'resourceVersion'].includes(p.key.text))) continue;
      if (a.ws.findObject(o.kind, o.name!, op.namespace)?.namespace === op.namespace) continue;
      const leaf = [...a.ws.data(o).values()].map((e) => a.materialOf(e)?.certs[0]).find((c) => c !== undefined);
      if (leaf && isOperatorIssued(leaf.info)) continue;
      const where = {
        name: o.name!,
        copyNamespace: OPERATOR_COPY_NAMESPACE,
        namespace: op.namespace,
        operator: op.label,
      };
      report({
        span: nodeSpan(o.file.uri, nsNode),
        message:
          o.kind === 'Secret'
            ? m('secretInCopyNamespace', { ...where, component: o.name === 'typha-certs' ? 'Typha' : 'Node' })
            : m('configMapInCopyNamespace', where),
        related: [{ span: op.span, message: m('operatorReadsFrom', { namespace: op.namespace }) }],
        fixes: [
          {
            title: m('moveToNamespace', { namespace: op.namespace }),
            safety: 'safe',
            edits: [replaceScalar(o.file.uri, nsNode, op.namespace)],
          },
        ],
      });
    }
  },
};
