/**
 * Kustomize overlays: a unit built from a kustomization sees its bases' objects with the
 * overlay's patches applied, as `kustomize build` applies them, so that a Felix env var an
 * overlay adds, replaces or deletes is read as the cluster will get it. A patch is never read as
 * a whole object (units.ts keeps patch files out of the object list), and every node a patch
 * contributes keeps its own file (`NodeBase.uri`), so a finding on a patched value points at the
 * patch.
 *
 * - Strategic merge patches (`patchesStrategicMerge`, and `patches` entries whose content is a
 *   mapping) follow Kubernetes' strategic merge: maps merge key by key, `null` deletes, lists
 *   of containers, env, volumes and volume mounts merge by their merge key (name, or mountPath
 *   for volumeMounts, as the API types declare it), `$patch: delete|replace` directives are
 *   honoured, and other lists are replaced.
 * - JSON 6902 patches (`patchesJson6902`, and `patches` entries whose content is a list of
 *   operations) are applied by the `rfc6902` package to a plain view of the tree whose leaves
 *   stand for the tree's own nodes, then turned back into the tree.
 * Inline patches (`patch: |`) are read in place in the kustomization, with exact positions.
 */
import { applyPatch } from 'rfc6902';
import type { ParsedDocument, ParsedFile } from '../parse';
import { parseWhole } from '../parse/yaml';
import {
  get,
  getMap,
  getString,
  isMap,
  isScalar,
  isSeq,
  seqItems,
  type MapNode,
  type Node,
  type Pair,
  type ScalarNode,
  type SeqNode,
} from '../parse/tree';
import type { K8sObject } from './objects';

export interface PatchTarget {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** One patch of a kustomization, its content read from a file or inline. */
export interface KustomizePatch {
  /** The file the patch is written in (a patch file, or the kustomization for an inline patch). */
  readonly file: ParsedFile;
  readonly documents: readonly ParsedDocument[];
  readonly target: PatchTarget | undefined;
}

/** Reads the patches a kustomization names; `fileAt` finds a patch file by its resolved path. */
export function kustomizePatches(k: ParsedFile, resolve: (rel: string) => ParsedFile | undefined): KustomizePatch[] {
  const root = k.documents[0]?.root;
  if (!isMap(root)) return [];
  const out: KustomizePatch[] = [];
  const fromFile = (rel: string | undefined, target: PatchTarget | undefined) => {
    const f = rel === undefined ? undefined : resolve(rel);
    if (f) out.push({ file: f, documents: f.documents, target });
  };
  for (const p of seqItems(get(root, 'patchesStrategicMerge'))) {
    if (isScalar(p) && !p.templated) {
      // An entry is a path, or (older kustomize) the patch itself as a string.
      if (/\n/.test(p.text)) out.push(inline(k, p, undefined));
      else fromFile(p.text, undefined);
    }
  }
  for (const key of ['patches', 'patchesJson6902']) {
    for (const p of seqItems(get(root, key))) {
      if (!isMap(p)) continue;
      const target = targetOf(getMap(p, 'target'));
      const path = getString(p, 'path');
      const patch = get(p, 'patch');
      if (path !== undefined) fromFile(path, target);
      else if (isScalar(patch) && !patch.templated) out.push(inline(k, patch, target));
    }
  }
  return out;
}

function targetOf(t: MapNode | undefined): PatchTarget | undefined {
  if (!t) return undefined;
  return { kind: getString(t, 'kind'), name: getString(t, 'name'), namespace: getString(t, 'namespace') };
}

/**
 * A patch written inline in a block scalar (`patch: |-`): parsed where it stands, by blanking
 * everything else in the kustomization, so every node has its exact offset in that file.
 */
function inline(k: ParsedFile, s: ScalarNode, target: PatchTarget | undefined): KustomizePatch {
  let text = k.text;
  if (s.style === 'block') {
    const from = k.text.indexOf('\n', s.start) + 1;
    text = blankOutside(k.text, from, s.end);
  } else {
    // A quoted one-line patch: its content as a document of its own (positions on its line).
    text = blankOutside(k.text, s.start, s.end).replace(/["']/g, ' ');
  }
  const parsed = parseWhole(text, []);
  return { file: k, documents: parsed.errors.length ? [] : parsed.documents, target };
}

function blankOutside(text: string, start: number, end: number): string {
  const blank = (t: string) => t.replace(/[^\r\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

/** A node and everything below it, marked as written in `uri`. */
function stamp<T extends Node>(n: T, uri: string): T {
  if (n.kind === 'scalar') return { ...n, uri } as T;
  if (n.kind === 'map') return { ...n, uri, pairs: n.pairs.map((p) => stampPair(p, uri)) } as T;
  return { ...n, uri, items: n.items.map((i) => stamp(i, uri)) } as T;
}

function stampPair(p: Pair, uri: string): Pair {
  return { ...p, key: stamp(p.key, uri), value: p.value && stamp(p.value, uri) };
}

/** The merge key of a list field, as the Kubernetes API types declare `patchMergeKey`. */
function mergeKeyOf(field: string, items: readonly Node[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      return items.some((i) => get(i, 'containerPort')) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

const DIRECTIVE = '$patch';

/** Strategic merge of `patch` into `base` (both maps), the patch's nodes stamped with its file. */
function mergeMap(base: MapNode, patch: MapNode, uri: string): MapNode {
  const directive = getString(patch, DIRECTIVE);
  if (directive === 'replace')
    return stamp({ ...patch, pairs: patch.pairs.filter((p) => p.key.text !== DIRECTIVE) }, uri);
  const pairs: Pair[] = [...base.pairs];
  for (const pp of patch.pairs) {
    const k = pp.key.text;
    if (k.startsWith('$')) continue; // $retainKeys, $setElementOrder/…: ordering only
    const i = pairs.findIndex((x) => x.key.text === k);
    const v = pp.value;
    if (!v || (isScalar(v) && v.value === null && v.style === 'plain')) {
      if (i >= 0) pairs.splice(i, 1); // `key: null` deletes
      continue;
    }
    if (i < 0) {
      pairs.push(stampPair(pp, uri));
      continue;
    }
    const bv = pairs[i]!.value;
    let merged: Node;
    if (isMap(bv) && isMap(v)) merged = mergeMap(bv, v, uri);
    else if (isSeq(bv) && isSeq(v)) merged = mergeList(k, bv, v, uri);
    else merged = stamp(v, uri);
    pairs[i] = { ...pairs[i]!, value: merged };
  }
  return { ...base, pairs };
}

function mergeList(field: string, base: SeqNode, patch: SeqNode, uri: string): SeqNode {
  const mk = mergeKeyOf(field, [...base.items, ...patch.items]);
  if (patch.items.some((i) => getString(i, DIRECTIVE) === 'replace')) {
    return stamp({ ...patch, items: patch.items.filter((i) => getString(i, DIRECTIVE) !== 'replace') }, uri);
  }
  if (!mk) return stamp(patch, uri);
  const items: Node[] = [...base.items];
  const keyOf = (n: Node) => getString(n, mk);
  for (const pi of patch.items) {
    const key = keyOf(pi);
    const i = key === undefined ? -1 : items.findIndex((x) => keyOf(x) === key);
    if (isMap(pi) && getString(pi, DIRECTIVE) === 'delete') {
      if (i >= 0) items.splice(i, 1);
      continue;
    }
    if (i >= 0 && isMap(items[i]) && isMap(pi)) items[i] = mergeMap(items[i] as MapNode, pi, uri);
    else items.push(stamp(pi, uri));
  }
  return { ...base, items };
}

// ---- JSON 6902 through rfc6902, on a plain view of the tree ----

type Plain = null | string | Plain[] | { [k: string]: Plain };
const LEAF = '\u0000leaf:';
const MAP = '\u0000map';
const KEY = '\u0000key:';

class PlainView {
  private readonly nodes: Node[] = [];
  private readonly arrays = new WeakMap<object, SeqNode>();

  private id(n: Node): number {
    this.nodes.push(n);
    return this.nodes.length - 1;
  }

  /** Leaves become strings that stand for their node (rfc6902 copies values; strings survive). */
  toPlain(n: Node | undefined): Plain {
    if (!n) return null;
    if (n.kind === 'scalar') return `${LEAF}${this.id(n)}`;
    if (n.kind === 'seq') {
      const arr = n.items.map((i) => this.toPlain(i));
      this.arrays.set(arr, n);
      return arr;
    }
    const o: { [k: string]: Plain } = { [MAP]: `${this.id(n)}` };
    for (const p of n.pairs) {
      o[KEY + p.key.text] = `${this.id(p.key)}`;
      o[p.key.text] = this.toPlain(p.value);
    }
    return o;
  }

  fromPlain(v: Plain, near: Node): Node | undefined {
    if (v === null) return undefined;
    if (typeof v === 'string') {
      if (v.startsWith(LEAF)) return this.nodes[Number(v.slice(LEAF.length))];
      return {
        kind: 'scalar',
        value: v,
        text: v,
        templated: false,
        style: 'plain',
        start: near.start,
        end: near.end,
        uri: near.uri,
      };
    }
    if (Array.isArray(v)) {
      const items = v.map((x) => this.fromPlain(x, near)).filter((x): x is Node => !!x);
      const orig = this.arrays.get(v);
      const at = orig ?? items[0] ?? near;
      return {
        kind: 'seq',
        items,
        flow: orig?.flow ?? false,
        start: at.start,
        end: orig?.end ?? items[items.length - 1]?.end ?? at.end,
        uri: at.uri,
      };
    }
    const orig = v[MAP] !== undefined ? (this.nodes[Number(v[MAP])] as MapNode) : undefined;
    const at: Node = orig ?? near;
    const pairs: Pair[] = [];
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('\u0000')) continue;
      const value = this.fromPlain(x, at);
      const keyId = v[KEY + k];
      const keyNode: ScalarNode =
        typeof keyId === 'string'
          ? (this.nodes[Number(keyId)] as ScalarNode)
          : {
              kind: 'scalar',
              value: k,
              text: k,
              templated: false,
              style: 'plain',
              start: (value ?? at).start,
              end: (value ?? at).start,
              uri: (value ?? at).uri,
            };
      pairs.push({
        key: keyNode,
        value,
        alias: false,
        start: keyNode.start,
        end: Math.max(keyNode.end, value?.end ?? keyNode.end),
      });
    }
    return { kind: 'map', pairs, flow: orig?.flow ?? false, start: at.start, end: at.end, uri: at.uri };
  }
}

/** Nodes a patched object may have: a real one has a few hundred. */
const MAX_PATCHED_NODES = 100_000;

function withinBudget(doc: unknown, budget: number): boolean {
  const stack: unknown[] = [doc];
  let n = 0;
  while (stack.length) {
    const v = stack.pop();
    if (++n > budget) return false;
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') stack.push(...Object.values(v));
  }
  return true;
}

function apply6902(base: MapNode, ops: SeqNode, uri: string): MapNode {
  const view = new PlainView();
  const doc = view.toPlain(base) as { [k: string]: Plain };
  const operations = ops.items.flatMap((o) => {
    const op = getString(o, 'op');
    const path = getString(o, 'path');
    if (!op || path === undefined) return [];
    const value = get(o, 'value');
    return [{ op, path, from: getString(o, 'from'), value: value ? view.toPlain(stamp(value, uri)) : null }];
  });
  // `test` compares values, which here stand for nodes: skip it rather than fail every patch.
  // Applied one operation at a time under a size budget: `copy` can double the object at each
  // step, and a hostile patch must not turn a manifest into millions of nodes.
  for (const op of operations.filter((o) => o.op !== 'test')) {
    applyPatch(doc, [op] as Parameters<typeof applyPatch>[1]);
    if (!withinBudget(doc, MAX_PATCHED_NODES)) return base;
  }
  const out = view.fromPlain(doc, base);
  return isMap(out) ? out : base;
}

function matches(o: K8sObject, t: PatchTarget): boolean {
  if (t.kind && t.kind !== o.kind) return false;
  if (t.namespace && o.namespace && t.namespace !== o.namespace) return false;
  if (t.name) {
    // kustomize reads a target name as a regular expression (anchored).
    try {
      if (!new RegExp(`^(?:${t.name})$`).test(o.name ?? '')) return false;
    } catch {
      if (t.name !== o.name) return false;
    }
  }
  return true;
}

/** The objects with every patch applied (objects no patch targets are returned as they are). */
export function applyPatches(objects: readonly K8sObject[], patches: readonly KustomizePatch[]): K8sObject[] {
  const out = [...objects];
  for (const patch of patches) {
    for (const doc of patch.documents) {
      const root = doc.root;
      if (isSeq(root)) {
        if (!patch.target) continue;
        for (let i = 0; i < out.length; i++)
          if (matches(out[i]!, patch.target))
            out[i] = { ...out[i]!, node: apply6902(out[i]!.node, root, patch.file.uri) };
      } else if (isMap(root)) {
        const own: PatchTarget = {
          kind: getString(root, 'kind'),
          name: getString(getMap(root, 'metadata'), 'name'),
          namespace: getString(getMap(root, 'metadata'), 'namespace'),
        };
        const target = patch.target ?? own;
        if (!target.kind && !target.name) continue;
        for (let i = 0; i < out.length; i++)
          if (matches(out[i]!, target)) out[i] = { ...out[i]!, node: mergeMap(out[i]!.node, root, patch.file.uri) };
      }
    }
  }
  return out;
}
