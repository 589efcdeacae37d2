import { paramState, paramValue, type ComponentConfig } from './config';
import { getMap, isScalar } from '../parse/tree';
import type { Workspace } from './workspace';
import type { Reads } from './reads';

/** The Typha Service Felix is given (its selector finds the Typha pods). */
export const READS: Reads = { kinds: ['Service'] };

/**
 * The Typha configurations a Felix configuration connects to: the pods selected by the Service
 * named in TyphaK8sServiceName (CAL typha/pkg/discovery/discovery.go), or, when that Service
 * is not in the workspace, a Typha workload of the same name (as the manifests and the
 * operator name both `calico-typha`).
 */
export function typhasOf(ws: Workspace, typhas: readonly ComponentConfig[], felix: ComponentConfig): ComponentConfig[] {
  if (paramState(felix, 'TyphaK8sServiceName') !== 'set') return [];
  const svcName = paramValue(felix, 'TyphaK8sServiceName') ?? '';
  const nsValue = paramValue(felix, 'TyphaK8sNamespace');
  const ns = nsValue && nsValue !== '' ? nsValue : 'kube-system';
  const svc = ws.findObject('Service', svcName, ns);
  if (svc) {
    const sel = getMap(getMap(svc.node, 'spec'), 'selector');
    if (!sel || sel.pairs.length === 0) return [];
    return typhas.filter((t) => {
      const w = t.container!.workload;
      const wns = w.object.namespace;
      if (wns && svc.namespace && wns !== svc.namespace) return false;
      return sel.pairs.every((p) => isScalar(p.value) && w.labels.get(p.key.text) === p.value.text);
    });
  }
  return typhas.filter((t) => {
    const o = t.container!.workload.object;
    return o.name === svcName && (!o.namespace || o.namespace === ns);
  });
}
