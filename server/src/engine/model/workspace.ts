import { nodeSpan } from '../parse/tree';
import type { ParsedFile } from '../parse';
import type { Span } from '../types';
import { collectObjects, type K8sObject } from './objects';
import { applyPatches, type KustomizePatch } from './kustomize';
import { dataEntries, dataOpen, type DataEntry } from './data';
import { workloadOf, type Container, type EnvEntry, type Mount, type Workload } from './workloads';
import { absent, known, unknown, type Resolved } from './resolve';
import { m, type Msg } from '../l10n/messages';

/** What a container sees at a file path. */
export type FileAt =
  | { readonly state: 'known'; readonly mount: Mount; readonly entry: DataEntry }
  | {
      readonly state: 'absent';
      readonly mount: Mount;
      readonly object: K8sObject;
      readonly key: string;
      /** Why the file is not there, as a finding says it (l10n/common.ts, group 6: fileNoKey, fileNoItem). */
      readonly reason: Msg;
      /** The files the volume does provide from that object: its `items` (key -> path), else
       * every key under its own name. What a quick fix may point the setting at instead. */
      readonly provided: readonly { readonly key: string; readonly path: string }[];
    }
  /** `reason`: for debugging only, never in a message (rules stay silent on what is unknown). */
  | { readonly state: 'unknown'; readonly mount: Mount | undefined; readonly reason: string }
  | { readonly state: 'unmounted' };

/** One environment variable as the container finally sees it. */
export interface EffectiveEnv {
  readonly name: string;
  /** The `env` entry that sets it (absent when it comes from envFrom). */
  readonly entry: EnvEntry | undefined;
  readonly value: Resolved<string>;
  /** Where the value is written (literal, or the Secret/ConfigMap key behind a keyRef). */
  readonly valueSpan: Span | undefined;
  /** From envFrom: where the name is written, the key in the ConfigMap or Secret (behind the
   * envFrom prefix, if any). A misspelt name is fixed there, not at its value. */
  readonly keySpan?: Span;
}

export interface ContainerEnv {
  readonly vars: ReadonlyMap<string, EffectiveEnv>;
  /** Reasons why variables not listed here may still be set (envFrom of an object not in the workspace). */
  readonly unknownSources: readonly string[];
}

/**
 * The workspace model: every object of every file, their workloads and containers, and the
 * references between them resolved on demand (env -> keyRef -> ConfigMap key; path -> mount ->
 * volume -> Secret key). Built once per analysis from parsed files; pure.
 */
export class Workspace {
  readonly objects: readonly K8sObject[];
  readonly workloads: readonly Workload[];
  readonly containers: readonly Container[];
  private readonly byKindName = new Map<string, K8sObject[]>();
  private readonly dataCache = new Map<K8sObject, Map<string, DataEntry>>();
  private readonly envCache = new Map<Container, ContainerEnv>();

  constructor(
    readonly files: readonly ParsedFile[],
    patches: readonly KustomizePatch[] = [],
  ) {
    let objects: K8sObject[] = [];
    for (const f of files) objects.push(...collectObjects(f));
    // A kustomize overlay's objects are its bases' with its patches applied (kustomize.ts).
    if (patches.length) objects = applyPatches(objects, patches);
    this.objects = objects;
    const workloads: Workload[] = [];
    for (const o of objects) {
      if (o.name !== undefined) {
        const k = `${o.kind}/${o.name}`;
        const list = this.byKindName.get(k);
        if (list) list.push(o);
        else this.byKindName.set(k, [o]);
      }
      const w = workloadOf(o);
      if (w) workloads.push(w);
    }
    this.workloads = workloads;
    this.containers = workloads.flatMap((w) => w.containers);
  }

  /**
   * The object of this kind and name that a pod in `namespace` would see. Files in a repo often
   * leave the namespace out (kustomize or `-n` sets it), so a missing namespace on either side
   * matches; a different explicit namespace does not.
   */
  findObject(kind: string, name: string, namespace: string | undefined): K8sObject | undefined {
    const list = this.byKindName.get(`${kind}/${name}`);
    if (!list) return undefined;
    return list.find((o) => o.namespace === namespace) ?? list.find((o) => !o.namespace || !namespace);
  }

  objectsOfKind(kind: string): K8sObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  data(obj: K8sObject): Map<string, DataEntry> {
    let d = this.dataCache.get(obj);
    if (!d) {
      d = dataEntries(obj);
      this.dataCache.set(obj, d);
    }
    return d;
  }

  /** Resolves `name`/`key` of a Secret or ConfigMap seen from a workload's namespace. */
  dataKey(
    kind: 'Secret' | 'ConfigMap',
    name: string | undefined,
    key: string | undefined,
    namespace: string | undefined,
  ): Resolved<DataEntry> {
    if (name === undefined || key === undefined) return unknown('the reference is templated or incomplete');
    const obj = this.findObject(kind, name, namespace);
    if (!obj) return unknown(`${kind} '${name}' is not in the workspace`);
    if (obj.file.templated && !obj.node.pairs.some((p) => p.key.text === 'data' || p.key.text === 'stringData'))
      return unknown(`${kind} '${name}' is a template`);
    const e = this.data(obj).get(key);
    if (!e && dataOpen(obj)) return unknown(`${kind} '${name}' gets keys from a template include`);
    if (!e)
      return absent(`${kind} '${name}' has no key '${key}'`, {
        uri: obj.file.uri,
        start: (obj.nameNode ?? obj.kindNode).start,
        end: (obj.nameNode ?? obj.kindNode).end,
      });
    return known(e, e.valueNode ? nodeSpan(obj.file.uri, e.valueNode) : undefined);
  }

  /** The environment a container finally sees: envFrom first, then env, later entries winning. */
  env(c: Container): ContainerEnv {
    const cached = this.envCache.get(c);
    if (cached) return cached;
    const vars = new Map<string, EffectiveEnv>();
    const unknownSources: string[] = [];
    if (c.envOpen) unknownSources.push(`a template inserts env entries into container '${c.name}'`);
    const ns = c.workload.object.namespace;
    for (const ef of c.envFrom) {
      const kind = ef.type === 'secretRef' ? 'Secret' : 'ConfigMap';
      const obj = ef.name !== undefined ? this.findObject(kind, ef.name, ns) : undefined;
      if (!obj) {
        unknownSources.push(`envFrom ${kind} '${ef.name ?? '?'}' is not in the workspace`);
        continue;
      }
      for (const e of this.data(obj).values()) {
        const span = e.valueNode ? nodeSpan(obj.file.uri, e.valueNode) : undefined;
        const value: Resolved<string> = e.content === undefined ? unknown('templated value') : known(e.content, span);
        vars.set(ef.prefix + e.key, {
          name: ef.prefix + e.key,
          entry: undefined,
          value,
          valueSpan: span,
          keySpan: nodeSpan(obj.file.uri, e.keyNode),
        });
      }
    }
    for (const e of c.env) {
      let value: Resolved<string>;
      let valueSpan: Span | undefined;
      const v = e.value;
      if (v.type === 'value') {
        valueSpan = v.node ? nodeSpan(c.workload.object.file.uri, v.node) : undefined;
        value = v.text === undefined ? unknown('templated value') : known(v.text, valueSpan);
      } else if (v.type === 'other') {
        value = unknown(`set from ${v.what}`);
      } else {
        const r = this.dataKey(v.type === 'secretKeyRef' ? 'Secret' : 'ConfigMap', v.name, v.key, ns);
        if (r.state === 'known') {
          valueSpan = r.span;
          value = r.value.content === undefined ? unknown('templated value') : known(r.value.content, r.span);
        } else if (r.state === 'absent' && v.optional) value = known('', undefined);
        else value = r.state === 'absent' ? absent(r.reason, r.span) : unknown(r.reason);
      }
      vars.set(e.name, { name: e.name, entry: e, value, valueSpan });
    }
    const out = { vars, unknownSources };
    this.envCache.set(c, out);
    return out;
  }

  /**
   * What the container finds at an absolute file path: the longest volumeMount prefix, then
   * the volume, then the Secret/ConfigMap key (honouring subPath and items).
   */
  fileAt(c: Container, path: string): FileAt {
    const norm = normalizePath(path);
    let best: Mount | undefined;
    let rel = '';
    let bestLen = -1;
    for (const mt of c.mounts) {
      if (mt.templated) continue;
      const mp = normalizePath(mt.mountPath);
      if (norm === mp || norm.startsWith(mp === '/' ? '/' : mp + '/')) {
        if (!best || mp.length > bestLen) {
          best = mt;
          bestLen = mp.length;
          rel = norm === mp ? '' : norm.slice(mp === '/' ? 1 : mp.length + 1);
        }
      }
    }
    if (!best) {
      // A mount whose path is templated may cover it.
      if (c.mounts.some((mt) => mt.templated))
        return { state: 'unknown', mount: undefined, reason: 'a mount path is templated' };
      if (c.mountsOpen) return { state: 'unknown', mount: undefined, reason: 'a template inserts volume mounts' };
      return { state: 'unmounted' };
    }
    const vol = c.workload.volumes.get(best.name);
    if (!vol) return { state: 'unknown', mount: best, reason: `volume '${best.name}' is not declared in the pod` };
    // Path inside the volume: subPath (a file or directory of the volume) then the rest.
    const inVolume = [best.subPath, rel].filter((s) => s).join('/');
    const ns = c.workload.object.namespace;
    const src = vol.source;
    const candidates: Array<{
      type: 'secret' | 'configMap';
      name: string | undefined;
      items: readonly { key: string; path: string }[] | undefined;
      optional: boolean;
    }> = [];
    if (src.type === 'secret' || src.type === 'configMap') candidates.push(src);
    else if (src.type === 'projected') {
      for (const s of src.sources) {
        if (s.type === 'other') continue;
        candidates.push(s);
      }
      if (candidates.length === 0)
        return {
          state: 'unknown',
          mount: best,
          reason: `volume '${vol.name}' is a projected volume without Secret or ConfigMap sources`,
        };
    } else
      return {
        state: 'unknown',
        mount: best,
        reason: `volume '${vol.name}' is a ${src.type === 'other' ? src.what : src.type} volume`,
      };
    if (!inVolume) return { state: 'unknown', mount: best, reason: 'the path is the mount directory itself' };
    let firstAbsent: FileAt | undefined;
    let anyUnknown: string | undefined;
    for (const cand of candidates) {
      const kind = cand.type === 'secret' ? 'Secret' : 'ConfigMap';
      let key: string | undefined;
      if (cand.items) key = cand.items.find((i) => normalizePath(i.path) === normalizePath(inVolume))?.key;
      else key = inVolume.includes('/') ? undefined : inVolume;
      if (cand.name === undefined) {
        anyUnknown = 'the volume names a templated object';
        continue;
      }
      const obj = this.findObject(kind, cand.name, ns);
      if (!obj) {
        anyUnknown = `${kind} '${cand.name}' is not in the workspace`;
        continue;
      }
      if (obj.file.templated && !this.data(obj).size) {
        anyUnknown = `${kind} '${cand.name}' is a template`;
        continue;
      }
      if (key !== undefined) {
        const e = this.data(obj).get(key);
        if (e) return { state: 'known', mount: best, entry: e };
      }
      if (dataOpen(obj)) {
        anyUnknown = `${kind} '${cand.name}' gets keys from a template include`;
        continue;
      }
      if (!firstAbsent) {
        const what = cand.items
          ? m('fileNoItem', { volume: vol.name, path: inVolume, kind, name: cand.name })
          : m('fileNoKey', { kind, name: cand.name, key: key ?? inVolume });
        const provided = cand.items ?? [...this.data(obj).keys()].map((k) => ({ key: k, path: k }));
        firstAbsent = { state: 'absent', mount: best, object: obj, key: key ?? inVolume, reason: what, provided };
      }
    }
    if (anyUnknown) return { state: 'unknown', mount: best, reason: anyUnknown };
    return firstAbsent ?? { state: 'unknown', mount: best, reason: 'no source' };
  }
}

/** The same few mount and file paths recur in every container: normalise each once. */
const normalized = new Map<string, string>();

export function normalizePath(p: string): string {
  let n = normalized.get(p);
  if (n === undefined) {
    n = normalizeUncached(p);
    if (normalized.size >= 4096) normalized.clear();
    normalized.set(p, n);
  }
  return n;
}

function normalizeUncached(p: string): string {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return '/' + parts.join('/');
}
