/**
 * A small, format-neutral syntax tree that YAML and JSON are both converted to. Every node
 * keeps its offsets in the file, so rules can point at the exact key or value (the lesson of
 * kube-linter, which decodes into typed objects and loses positions).
 */

export interface NodeBase {
  readonly start: number;
  readonly end: number;
  /**
   * The file a node comes from when it is not the file of the object holding it: nodes a
   * kustomize patch adds to a base object (model/kustomize.ts). Absent everywhere else.
   */
  readonly uri?: string;
}

/** Where a node is written: in its own file when it was grafted from a patch, else in `uri`. */
export function nodeSpan(
  uri: string,
  n: { readonly start: number; readonly end: number; readonly uri?: string },
): { uri: string; start: number; end: number } {
  return { uri: n.uri ?? uri, start: n.start, end: n.end };
}

export type ScalarValue = string | number | boolean | bigint | null;

export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** The value as Kubernetes/Calico would read it as a string ('' for null). */
  readonly text: string;
  /** True when the scalar overlaps a Helm/Go template action: its real value is unknown. */
  readonly templated: boolean;
  readonly style: 'plain' | 'single' | 'double' | 'block' | 'json';
}

export interface Pair {
  readonly key: ScalarNode;
  readonly value: Node | undefined;
  /** True when the value is a YAML alias (`*ref`); generic walkers do not follow it. */
  readonly alias: boolean;
  readonly start: number;
  readonly end: number;
}

export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly pairs: readonly Pair[];
  readonly flow: boolean;
}

export interface SeqNode extends NodeBase {
  readonly kind: 'seq';
  readonly items: readonly Node[];
  readonly flow: boolean;
}

export type Node = MapNode | SeqNode | ScalarNode;

export function isMap(n: Node | undefined): n is MapNode {
  return n?.kind === 'map';
}
export function isSeq(n: Node | undefined): n is SeqNode {
  return n?.kind === 'seq';
}
export function isScalar(n: Node | undefined): n is ScalarNode {
  return n?.kind === 'scalar';
}

export function getPair(map: Node | undefined, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  // Last one wins, as in Kubernetes' decoder (duplicate keys are tolerated by yaml.v2/json).
  for (let i = map.pairs.length - 1; i >= 0; i--) {
    const p = map.pairs[i];
    if (p && p.key.text === key) return p;
  }
  return undefined;
}

export function get(map: Node | undefined, key: string): Node | undefined {
  return getPair(map, key)?.value;
}

export function getPath(node: Node | undefined, ...keys: string[]): Node | undefined {
  let n = node;
  for (const k of keys) {
    n = get(n, k);
    if (!n) return undefined;
  }
  return n;
}

export function getMap(map: Node | undefined, key: string): MapNode | undefined {
  const v = get(map, key);
  return isMap(v) ? v : undefined;
}

export function getSeq(map: Node | undefined, key: string): SeqNode | undefined {
  const v = get(map, key);
  return isSeq(v) ? v : undefined;
}

export function getScalar(map: Node | undefined, key: string): ScalarNode | undefined {
  const v = get(map, key);
  return isScalar(v) ? v : undefined;
}

/** The string value of a scalar child, or undefined when absent, not a scalar or templated. */
export function getString(map: Node | undefined, key: string): string | undefined {
  const s = getScalar(map, key);
  if (!s || s.templated) return undefined;
  return s.text;
}

export function seqItems(n: Node | undefined): readonly Node[] {
  return isSeq(n) ? n.items : [];
}

export function scalarText(value: ScalarValue): string {
  if (value === null) return '';
  return String(value);
}
