/**
 * Keys written twice in one mapping, found two ways that give the same answer:
 *
 * - `repeatedKeys(node)`: in a tree (tree.ts), for an object that is parsed whole anyway;
 * - `repeatedKeysInText(text, start, end)`: in one document's text, from `yaml`'s concrete
 *   syntax tree (its Parser, without the Composer, without building our tree), for a document
 *   only the keys of which are read (model/reads.ts `keys`: duplicate-key on Calico's own
 *   CustomResourceDefinitions, two thirds of the bytes of calico.yaml). It answers only for plain
 *   block YAML it reads exactly as the composer would (scalar keys, no anchors, aliases, tags,
 *   explicit keys or flow mappings with content, no error token, no template tag, nesting under
 *   the tree's limit) and returns undefined otherwise: the caller then parses the document whole
 *   and asks the tree. test/keys.test.ts holds the two to the same answer on every fixture and
 *   corpus document.
 *
 * Pairs come in the tree's order (maps depth first, pairs in order); each repeat names the first
 * occurrence of its key in that mapping (kubectl's "already defined at line N").
 */
import { CST, Parser } from 'yaml';
import type { MapNode, Node, ScalarNode } from './tree';
import { MAX_DEPTH } from './yaml';
import type { KeySpan, RepeatedKey } from './types';

export type { KeySpan, RepeatedKey } from './types';

const span = (k: ScalarNode): KeySpan =>
  k.uri ? { uri: k.uri, start: k.start, end: k.end } : { start: k.start, end: k.end };

/** The repeated keys of every mapping in a tree; templated keys are unknown and never repeat. */
export function repeatedKeys(root: Node | undefined): RepeatedKey[] {
  const out: RepeatedKey[] = [];
  const visit = (n: Node | undefined): void => {
    if (!n) return;
    if (n.kind === 'seq') {
      for (const i of n.items) visit(i);
      return;
    }
    if (n.kind !== 'map') return;
    mapRepeats(n, out);
    for (const p of n.pairs) if (!p.alias) visit(p.value);
  };
  visit(root);
  return out;
}

function mapRepeats(map: MapNode, out: RepeatedKey[]): void {
  const first = new Map<string, ScalarNode>();
  for (const p of map.pairs) {
    if (p.key.templated) continue;
    const earlier = first.get(p.key.text);
    if (!earlier) first.set(p.key.text, p.key);
    else out.push({ key: p.key.text, first: span(earlier), again: span(p.key) });
  }
}

/** Thrown inside the walk when the text is not one `repeatedKeys` of the parsed tree would surely agree with. */
const UNSURE = Symbol('unsure');

/** Template tags and `${VAR}`: such a key is unknown to the tree; left to it. */
const TEMPLATE = /\{\{|\{%|<%|\$\{/;

/**
 * The repeated keys of the one document in `text.slice(start, end)`, with offsets in `text`; or
 * undefined when only a parse can say (see above).
 */
export function repeatedKeysInText(text: string, start: number, end: number): RepeatedKey[] | undefined {
  const source = text.slice(start, end);
  if (TEMPLATE.test(source) || source.includes('\t')) return undefined;
  const w: Walk = { base: start, out: [], count: 0 };
  let docs = 0;
  try {
    for (const token of new Parser().parse(source)) {
      if (token.type === 'document') {
        if (++docs > 1) return undefined;
        if (token.start.some((t) => t.type !== 'doc-start' && !isSpace(t))) return undefined;
        node(token.value, 0, w);
      } else if (
        token.type === 'doc-end' ||
        token.type === 'comment' ||
        token.type === 'space' ||
        token.type === 'newline'
      )
        continue;
      else return undefined;
    }
  } catch (e) {
    if (e === UNSURE) return undefined;
    throw e;
  }
  return w.out;
}

function isSpace(t: { readonly type: string }): boolean {
  return t.type === 'space' || t.type === 'newline' || t.type === 'comment';
}

/** Only these may stand between a key and its value, or before an item: nothing that changes meaning. */
function plainProps(props: ReadonlyArray<{ readonly type: string }> | undefined, allowed: ReadonlySet<string>): void {
  if (props) for (const t of props) if (!allowed.has(t.type) && !isSpace(t)) throw UNSURE;
}

const ITEM_START = new Set(['seq-item-ind']);
const PAIR_SEP = new Set(['map-value-ind']);

function keyText(t: CST.Token): { text: string; start: number; end: number } {
  if (t.type === 'scalar') {
    // A plain scalar key: the tree keeps its source text (yaml.ts scalarNode), unless the core
    // schema reads it as something else whose source differs. Only simple words are sure.
    if (!/^[A-Za-z0-9_][\w.\-/]*$/.test(t.source)) throw UNSURE;
    return { text: t.source, start: t.offset, end: t.offset + t.source.length };
  }
  if (t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar') {
    let bad = false;
    const r = CST.resolveAsScalar(t, true, () => (bad = true));
    if (!r || bad) throw UNSURE;
    return { text: r.value, start: t.offset, end: t.offset + t.source.length };
  }
  throw UNSURE;
}

/** Far below yaml.ts MAX_NODES: a document this large is left to the parse and its limits. */
const MAX_TOKENS = 500_000;

interface Walk {
  readonly base: number;
  readonly out: RepeatedKey[];
  count: number;
}

function node(t: CST.Token | undefined, depth: number, w: Walk): void {
  if (!t) return;
  if (depth >= MAX_DEPTH - 2 || ++w.count > MAX_TOKENS) throw UNSURE;
  switch (t.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return;
    case 'block-scalar':
      plainProps(t.props, new Set(['block-scalar-header']));
      return;
    case 'block-seq':
      for (const it of t.items) {
        plainProps(it.start, ITEM_START);
        if (it.key || it.sep) throw UNSURE;
        node(it.value, depth + 1, w);
      }
      return;
    case 'block-map': {
      const first = new Map<string, KeySpan>();
      for (const it of t.items) {
        plainProps(it.start, new Set());
        plainProps(it.sep, PAIR_SEP);
        if (!it.key || !it.sep?.some((s) => s.type === 'map-value-ind')) throw UNSURE;
        const k = keyText(it.key);
        const at = { start: w.base + k.start, end: w.base + k.end };
        const earlier = first.get(k.text);
        if (!earlier) first.set(k.text, at);
        else w.out.push({ key: k.text, first: earlier, again: at });
        node(it.value, depth + 1, w);
      }
      return;
    }
    case 'flow-collection':
      // `{}` and `[]` only: a flow mapping with content is left to the parse.
      if (t.items.length) throw UNSURE;
      return;
    default:
      throw UNSURE;
  }
}
