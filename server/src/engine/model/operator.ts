/**
 * Whether a unit installs Calico with the Tigera operator, and which namespace that operator
 * reads bring-your-own objects from (fact sheet 1e). Three-valued like every other answer:
 * no operator install in sight, an operator whose namespace is known, or one whose namespace
 * the workspace does not tell.
 */
import { OPERATOR_DEFAULT_NAMESPACE, OPERATOR_IMAGE } from '../calico/operator';
import { getMap, getScalar, nodeSpan } from '../parse/tree';
import type { Span } from '../types';
import type { Workspace } from './workspace';
import type { Reads } from './reads';

/** The operator's Installation (calico-version.ts reads its status too). */
export const READS: Reads = { kinds: ['Installation'] };

export type OperatorInstall =
  | { readonly state: 'none' }
  | { readonly state: 'unknown'; readonly reason: string }
  | { readonly state: 'known'; readonly namespace: string; readonly span: Span; readonly label: string };

export function operatorInstall(ws: Workspace): OperatorInstall {
  const found: Array<{ namespace: string; span: Span; label: string }> = [];
  for (const c of ws.containers) {
    if (c.init || !c.image || !OPERATOR_IMAGE.test(c.image)) continue;
    const o = c.workload.object;
    const label = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? '?'}`;
    const env = c.env.find((e) => e.name === 'OPERATOR_NAMESPACE');
    if (env) {
      // A literal value; a fieldRef to metadata.namespace is the pod's namespace, as without it.
      if (env.value.type === 'value') {
        const n = env.value.node;
        if (!n || n.templated || n.text === '') return { state: 'unknown', reason: `${label}: OPERATOR_NAMESPACE` };
        found.push({ namespace: n.text, span: nodeSpan(o.file.uri, n), label });
        continue;
      }
      const path = getScalar(getMap(getMap(env.item, 'valueFrom'), 'fieldRef'), 'fieldPath');
      if (path?.text !== 'metadata.namespace') return { state: 'unknown', reason: `${label}: OPERATOR_NAMESPACE` };
    }
    // The namespace it runs in; left out (kustomize or `kubectl -n` sets it), it is unknown.
    const ns = getScalar(getMap(o.node, 'metadata'), 'namespace');
    if (!ns || ns.templated || !o.namespace) return { state: 'unknown', reason: `${label} has no namespace` };
    found.push({ namespace: o.namespace, span: nodeSpan(o.file.uri, ns), label });
  }
  if (found.length) {
    const first = found[0]!;
    return found.every((f) => f.namespace === first.namespace)
      ? { state: 'known', ...first }
      : { state: 'unknown', reason: 'operators in different namespaces' };
  }
  // Only an Installation: the operator runs elsewhere, in its default namespace unless told.
  const inst = ws.objectsOfKind('Installation').find((o) => /^operator\.tigera\.io\//.test(o.apiVersion));
  if (inst)
    return {
      state: 'known',
      namespace: OPERATOR_DEFAULT_NAMESPACE,
      span: nodeSpan(inst.file.uri, inst.kindNode),
      label: `Installation ${inst.name ?? '?'}`,
    };
  return { state: 'none' };
}

/**
 * The namespace the operator reads bring-your-own Secrets and ConfigMaps from (fact sheet 1e:
 * OPERATOR_NAMESPACE, then the pod's namespace, then `tigera-operator`): the one operatorInstall
 * found; the default when no operator is in the workspace (BYO objects are often kept apart from
 * the install) or when its namespace is not told (a templated OPERATOR_NAMESPACE), as the
 * operator's own fallback is.
 */
export function byoNamespace(ws: Workspace): string {
  const op = operatorInstall(ws);
  return op.state === 'known' ? op.namespace : OPERATOR_DEFAULT_NAMESPACE;
}

/**
 * Whether an object in `namespace` is one the operator reads as bring-your-own: in its namespace,
 * or with no namespace written (kustomize or `kubectl -n` sets it at apply time).
 */
export function readByOperator(ws: Workspace): (namespace: string | undefined) => boolean {
  const ns = byoNamespace(ws);
  return (namespace) => namespace === undefined || namespace === ns;
}
