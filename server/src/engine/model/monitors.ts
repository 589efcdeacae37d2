/**
 * prometheus-operator ServiceMonitors / PodMonitors that scrape Calico components, their
 * endpoints' TLS settings, and Prometheus resources (fact sheet 1f). Monitors of anything
 * else (kubelet, node-exporter ...) are not this product's business and are left out.
 */
import {
  get,
  getMap,
  getPath,
  getScalar,
  isMap,
  isScalar,
  seqItems,
  type MapNode,
  type Pair,
  type ScalarNode,
} from '../parse/tree';
import type { DataEntry } from './data';
import type { K8sObject } from './objects';
import type { Workspace } from './workspace';
import type { Reads } from './reads';

/** prometheus-operator's scrape configuration. */
export const READS: Reads = { kinds: ['ServiceMonitor', 'PodMonitor', 'Prometheus'] };

export interface MonitorEndpoint {
  readonly monitor: K8sObject;
  readonly node: MapNode;
  readonly scheme: Pair | undefined;
  readonly tls: MapNode | undefined;
  readonly tlsPair: Pair | undefined;
  /** A relabeling that sets __scheme__ to https (how the operator's own monitor selects HTTPS). */
  readonly relabelsToHttps: boolean;
  /** The Calico components it scrapes, as far as the selector tells. */
  readonly targets: ReadonlySet<string>;
}

const CALICO = /calico|typha|felix|tigera/;

function selectorValues(m: MapNode | undefined): string[] {
  const out: string[] = [];
  for (const p of getMap(m, 'matchLabels')?.pairs ?? []) if (isScalar(p.value)) out.push(p.value.text);
  for (const e of seqItems(get(m, 'matchExpressions')))
    for (const v of seqItems(get(e, 'values'))) if (isScalar(v)) out.push(v.text);
  return out;
}

/**
 * The monitor endpoints that scrape Calico; six rules and the dependency keys read them
 * (`Analysis.monitorEndpoints`, once per analysis).
 */
export function calicoMonitorEndpoints(ws: Workspace): MonitorEndpoint[] {
  const out: MonitorEndpoint[] = [];
  for (const o of ws.objects) {
    if ((o.kind !== 'ServiceMonitor' && o.kind !== 'PodMonitor') || !o.apiVersion.startsWith('monitoring.coreos.com/'))
      continue;
    const spec = getMap(o.node, 'spec');
    const values = selectorValues(getMap(spec, 'selector'));
    const targets = new Set(values.filter((v) => CALICO.test(v)));
    if (!targets.size && !CALICO.test(o.name ?? '')) continue;
    if (!targets.size && o.name) targets.add(o.name);
    for (const ep of seqItems(get(spec, o.kind === 'ServiceMonitor' ? 'endpoints' : 'podMetricsEndpoints'))) {
      if (!isMap(ep)) continue;
      const relabelsToHttps = seqItems(get(ep, 'relabelings')).some(
        (r) =>
          isMap(r) &&
          getScalar(r, 'targetLabel')?.text === '__scheme__' &&
          /^https$/i.test(getScalar(r, 'replacement')?.text ?? ''),
      );
      const tlsPair = ep.pairs.find((p) => p.key.text === 'tlsConfig');
      out.push({
        monitor: o,
        node: ep,
        scheme: ep.pairs.find((p) => p.key.text === 'scheme'),
        tls: isMap(tlsPair?.value) ? tlsPair.value : undefined,
        tlsPair,
        relabelsToHttps,
        targets,
      });
    }
  }
  return out;
}

export interface PrometheusSecrets {
  readonly prometheus: K8sObject;
  readonly secrets: ReadonlySet<string>;
  readonly denyFiles: boolean;
}

export function prometheusResources(ws: Workspace): PrometheusSecrets[] {
  return ws.objects
    .filter((o) => o.kind === 'Prometheus' && o.apiVersion.startsWith('monitoring.coreos.com/'))
    .map((o) => ({
      prometheus: o,
      secrets: new Set(
        seqItems(getPath(o.node, 'spec', 'secrets'))
          .filter(isScalar)
          .map((s) => s.text),
      ),
      denyFiles: getScalar(getPath(o.node, 'spec', 'arbitraryFSAccessThroughSMs'), 'deny')?.value === true,
    }));
}

/**
 * One certificate, key or CA a monitor endpoint's tlsConfig takes from a Secret or ConfigMap
 * (`ca`/`cert`: {secret|configMap: {name, key}}, `keySecret`: {name, key}), read from the
 * monitor's namespace (fact sheet 1f). Only references whose object is in the workspace.
 */
export interface MonitorTlsRef {
  readonly endpoint: MonitorEndpoint;
  readonly role: 'ca' | 'cert' | 'key';
  /** tlsConfig.ca, tlsConfig.cert, tlsConfig.keySecret */
  readonly field: string;
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  /** The `key:` scalar of the reference: what to change to name another key. */
  readonly keyNode: ScalarNode;
  readonly entry: DataEntry | undefined;
}

/**
 * The object references a tlsConfig holds, as written: `ca`/`cert` name a Secret or a ConfigMap,
 * `keySecret` a Secret. Shared by the references below and the dependency keys (deps.ts).
 */
export function tlsConfigRefs(
  tls: MapNode | undefined,
): Array<{ field: 'ca' | 'cert' | 'keySecret'; kind: 'Secret' | 'ConfigMap'; ref: MapNode }> {
  const out: Array<{ field: 'ca' | 'cert' | 'keySecret'; kind: 'Secret' | 'ConfigMap'; ref: MapNode }> = [];
  for (const field of ['ca', 'cert', 'keySecret'] as const) {
    const v = getMap(tls, field);
    if (!v) continue;
    const refs: Array<['Secret' | 'ConfigMap', MapNode | undefined]> =
      field === 'keySecret'
        ? [['Secret', v]]
        : [
            ['Secret', getMap(v, 'secret')],
            ['ConfigMap', getMap(v, 'configMap')],
          ];
    for (const [kind, ref] of refs) if (ref) out.push({ field, kind, ref });
  }
  return out;
}

const ROLE = { ca: 'ca', cert: 'cert', keySecret: 'key' } as const;

export function monitorTlsRefs(ws: Workspace, endpoints: readonly MonitorEndpoint[]): MonitorTlsRef[] {
  const out: MonitorTlsRef[] = [];
  for (const ep of endpoints) {
    if (!ep.tls) continue;
    for (const { field, kind, ref } of tlsConfigRefs(ep.tls)) {
      const role = ROLE[field];
      {
        const name = getScalar(ref, 'name');
        const key = getScalar(ref, 'key');
        if (!name || !key || name.templated || key.templated || key.uri) continue;
        const obj = ws.findObject(kind, name.text, ep.monitor.namespace);
        if (!obj) continue;
        out.push({
          endpoint: ep,
          role,
          field: `tlsConfig.${field}`,
          kind,
          name: name.text,
          keyNode: key,
          entry: ws.data(obj).get(key.text),
        });
      }
    }
  }
  return out;
}
