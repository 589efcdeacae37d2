import {
  get,
  getMap,
  getPath,
  getScalar,
  getSeq,
  getString,
  isMap,
  isScalar,
  seqItems,
  type MapNode,
  type ScalarNode,
} from '../parse/tree';
import type { K8sObject } from './objects';
import { isOpen } from '../parse';
import type { Reads } from './reads';

export interface KeyToPath {
  readonly key: string;
  readonly path: string;
}

export type VolumeSource =
  | {
      readonly type: 'secret' | 'configMap';
      readonly name: string | undefined;
      readonly nameNode: ScalarNode | undefined;
      readonly items: readonly KeyToPath[] | undefined;
      readonly optional: boolean;
    }
  | { readonly type: 'projected'; readonly sources: readonly ProjectedSource[] }
  | { readonly type: 'other'; readonly what: string };

export type ProjectedSource =
  | {
      readonly type: 'secret' | 'configMap';
      readonly name: string | undefined;
      readonly nameNode: ScalarNode | undefined;
      readonly items: readonly KeyToPath[] | undefined;
      readonly optional: boolean;
    }
  | { readonly type: 'other'; readonly what: string };

export interface Volume {
  readonly name: string;
  readonly node: MapNode;
  readonly source: VolumeSource;
}

export interface Mount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath: string | undefined;
  readonly node: MapNode;
  readonly mountPathNode: ScalarNode | undefined;
  readonly templated: boolean;
}

export type EnvValue =
  | { readonly type: 'value'; readonly node: ScalarNode | undefined; readonly text: string | undefined }
  | {
      readonly type: 'secretKeyRef' | 'configMapKeyRef';
      readonly name: string | undefined;
      readonly key: string | undefined;
      readonly node: MapNode;
      readonly optional: boolean;
    }
  | { readonly type: 'other'; readonly what: string };

export interface EnvEntry {
  readonly name: string;
  readonly nameNode: ScalarNode;
  readonly item: MapNode;
  readonly value: EnvValue;
}

export interface EnvFromEntry {
  readonly type: 'secretRef' | 'configMapRef';
  readonly name: string | undefined;
  readonly prefix: string;
  readonly node: MapNode;
  readonly optional: boolean;
}

export interface Container {
  readonly workload: Workload;
  readonly node: MapNode;
  readonly name: string;
  readonly nameNode: ScalarNode | undefined;
  readonly init: boolean;
  readonly image: string | undefined;
  readonly env: readonly EnvEntry[];
  /** The `env:` sequence node, for inserting entries. */
  readonly envNode: MapNode['pairs'][number] | undefined;
  readonly envFrom: readonly EnvFromEntry[];
  readonly mounts: readonly Mount[];
  /** A template inserts env entries or mounts we cannot see (parse/open.ts): absent means unknown. */
  readonly envOpen: boolean;
  readonly mountsOpen: boolean;
}

export interface Workload {
  readonly object: K8sObject;
  readonly podSpec: MapNode;
  readonly labels: ReadonlyMap<string, string>;
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly containers: readonly Container[];
}

const TEMPLATE_KINDS = new Set([
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'ReplicationController',
]);

/** The workload kinds: their pod templates are read (the containers of every rule). */
export const READS: Reads = { kinds: ['Pod', 'CronJob', ...TEMPLATE_KINDS] };

/** The pod spec of a workload object, following each kind's nesting. */
export function podSpecOf(obj: K8sObject): { spec: MapNode; meta: MapNode | undefined } | undefined {
  let spec: unknown;
  let meta: unknown;
  if (obj.kind === 'Pod') {
    spec = get(obj.node, 'spec');
    meta = get(obj.node, 'metadata');
  } else if (TEMPLATE_KINDS.has(obj.kind)) {
    spec = getPath(obj.node, 'spec', 'template', 'spec');
    meta = getPath(obj.node, 'spec', 'template', 'metadata');
  } else if (obj.kind === 'CronJob') {
    spec = getPath(obj.node, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    meta = getPath(obj.node, 'spec', 'jobTemplate', 'spec', 'template', 'metadata');
  } else return undefined;
  if (!isMap(spec as MapNode)) return undefined;
  return { spec: spec as MapNode, meta: isMap(meta as MapNode) ? (meta as MapNode) : undefined };
}

function items(node: MapNode | undefined): KeyToPath[] | undefined {
  const seq = getSeq(node, 'items');
  if (!seq) return undefined;
  const out: KeyToPath[] = [];
  for (const it of seq.items) {
    const key = getString(it, 'key');
    const path = getString(it, 'path');
    if (key !== undefined && path !== undefined) out.push({ key, path });
  }
  return out;
}

function bool(node: MapNode | undefined, key: string): boolean {
  const s = getScalar(node, key);
  return s?.value === true || s?.text === 'true';
}

function volumeSource(v: MapNode): VolumeSource {
  const secret = getMap(v, 'secret');
  if (secret) {
    const nameNode = getScalar(secret, 'secretName');
    return {
      type: 'secret',
      name: nameNode && !nameNode.templated ? nameNode.text : undefined,
      nameNode,
      items: items(secret),
      optional: bool(secret, 'optional'),
    };
  }
  const cm = getMap(v, 'configMap');
  if (cm) {
    const nameNode = getScalar(cm, 'name');
    return {
      type: 'configMap',
      name: nameNode && !nameNode.templated ? nameNode.text : undefined,
      nameNode,
      items: items(cm),
      optional: bool(cm, 'optional'),
    };
  }
  const projected = getMap(v, 'projected');
  if (projected) {
    const sources: ProjectedSource[] = [];
    for (const s of seqItems(get(projected, 'sources'))) {
      const ps = getMap(s, 'secret');
      const pc = getMap(s, 'configMap');
      const src = ps ?? pc;
      if (src) {
        const nameNode = getScalar(src, 'name');
        sources.push({
          type: ps ? 'secret' : 'configMap',
          name: nameNode && !nameNode.templated ? nameNode.text : undefined,
          nameNode,
          items: items(src),
          optional: bool(src, 'optional'),
        });
      } else if (isMap(s)) sources.push({ type: 'other', what: s.pairs[0]?.key.text ?? 'unknown' });
    }
    return { type: 'projected', sources };
  }
  const first = v.pairs.find((p) => p.key.text !== 'name');
  return { type: 'other', what: first?.key.text ?? 'unknown' };
}

function envValue(item: MapNode): EnvValue {
  const vf = getMap(item, 'valueFrom');
  if (vf) {
    for (const t of ['secretKeyRef', 'configMapKeyRef'] as const) {
      const ref = getMap(vf, t);
      if (ref)
        return {
          type: t,
          name: getString(ref, 'name'),
          key: getString(ref, 'key'),
          node: ref,
          optional: bool(ref, 'optional'),
        };
    }
    return { type: 'other', what: vf.pairs[0]?.key.text ?? 'valueFrom' };
  }
  const v = getScalar(item, 'value');
  if (v && v.templated) return { type: 'value', node: v, text: undefined };
  // `value:` absent or null is the empty string for Kubernetes.
  return { type: 'value', node: v, text: v ? v.text : '' };
}

function containers(workload: Omit<Workload, 'containers'> & { containers: Container[] }, spec: MapNode): void {
  for (const [field, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    for (const c of seqItems(get(spec, field))) {
      if (!isMap(c)) continue;
      const nameNode = getScalar(c, 'name');
      const envPair = c.pairs.find((p) => p.key.text === 'env');
      const env: EnvEntry[] = [];
      for (const it of seqItems(envPair?.value)) {
        if (!isMap(it)) continue;
        const n = getScalar(it, 'name');
        if (!n || n.templated) continue;
        env.push({ name: n.text, nameNode: n, item: it, value: envValue(it) });
      }
      const envFrom: EnvFromEntry[] = [];
      for (const it of seqItems(get(c, 'envFrom'))) {
        if (!isMap(it)) continue;
        const s = getMap(it, 'secretRef');
        const m = getMap(it, 'configMapRef');
        const ref = s ?? m;
        if (!ref) continue;
        envFrom.push({
          type: s ? 'secretRef' : 'configMapRef',
          name: getString(ref, 'name'),
          prefix: getString(it, 'prefix') ?? '',
          node: it,
          optional: bool(ref, 'optional'),
        });
      }
      const mounts: Mount[] = [];
      for (const it of seqItems(get(c, 'volumeMounts'))) {
        if (!isMap(it)) continue;
        const mp = getScalar(it, 'mountPath');
        const name = getString(it, 'name');
        if (!mp || name === undefined) continue;
        const sp = getScalar(it, 'subPath');
        mounts.push({
          name,
          mountPath: mp.text,
          subPath: sp ? sp.text : undefined,
          node: it,
          mountPathNode: mp,
          templated: mp.templated || !!sp?.templated,
        });
      }
      const image = getString(c, 'image');
      const file = workload.object.file;
      const opened = (key: string) => {
        const pair = c.pairs.find((p) => p.key.text === key);
        return pair ? isOpen(file, pair) || isOpen(file, pair.value) : isOpen(file, c);
      };
      workload.containers.push({
        workload: workload as Workload,
        node: c,
        name: nameNode?.text ?? '',
        nameNode,
        init,
        image,
        env,
        envNode: envPair,
        envFrom,
        mounts,
        envOpen: opened('env') || opened('envFrom'),
        mountsOpen: opened('volumeMounts'),
      });
    }
  }
}

export function workloadOf(obj: K8sObject): Workload | undefined {
  const ps = podSpecOf(obj);
  if (!ps) return undefined;
  const labels = new Map<string, string>();
  const lm = getMap(ps.meta, 'labels');
  for (const p of lm?.pairs ?? []) if (isScalar(p.value) && !p.value.templated) labels.set(p.key.text, p.value.text);
  const volumes = new Map<string, Volume>();
  for (const v of seqItems(get(ps.spec, 'volumes'))) {
    if (!isMap(v)) continue;
    const name = getString(v, 'name');
    if (name !== undefined) volumes.set(name, { name, node: v, source: volumeSource(v) });
  }
  const w = { object: obj, podSpec: ps.spec, labels, volumes, containers: [] as Container[] };
  containers(w, ps.spec);
  return w;
}
