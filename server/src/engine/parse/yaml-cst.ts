import { CST, Document, isScalar as isYamlScalar } from 'yaml';
import type { MapNode, Node, Pair, ScalarNode, SeqNode, ScalarValue } from './tree';
import { scalarText } from './tree';
import { overlapsTemplate } from './helm';
import type { ParsedDocument } from './types';

/**
 * The engine's tree composed straight from `yaml`'s CST, for the documents that need nothing
 * of `yaml`'s composer but its answer.
 *
 * Why: of `parseAllDocuments` on 2,000 small manifests, the lexer and parser (the CST) are
 * about two thirds and the composer, which allocates a Document, Pair, YAMLMap and Scalar per
 * node that the engine then copies into its own tree, the other third (docs/benchmarks.md).
 *
 * How it stays exact: each function below mirrors the `yaml` 2.x composer function named in
 * its comment (node_modules/yaml/dist/compose/*.js), computes the same ranges, and resolves
 * scalars with `yaml`'s own code (`CST.resolveAsScalar`, the core schema's tags). Everywhere the
 * composer would report an error or a warning, or meets something this path does not build
 * (directives, anchors, aliases, tags, explicit `?` keys, non-scalar keys, comments inside
 * flow collections, tabs), it gives up, and the caller runs `yaml`'s Composer on the same
 * tokens. So a file either gets the tree `yaml` would give, without errors, or goes the old
 * way. test/parse-cst.test.ts checks the two paths agree on every YAML file in the repository,
 * on shared/corpus and on generated input.
 */

/** Thrown (and caught in `composeFast`) where the composer would do more than build nodes. */
class Bail {}
const BAIL = new Bail();
function bail(): never {
  throw BAIL;
}

type Tok = CST.Token;
type Src = CST.SourceToken;
/** A composed node and its range's third offset (after trailing comments), as `yaml` keeps it. */
interface Built {
  node: Node;
  end2: number;
}

interface Ctx {
  readonly templates: ReadonlyArray<readonly [number, number]>;
  count: number;
  readonly maxNodes: number;
}

interface ScalarTagLike {
  default?: boolean | 'key';
  test?: RegExp;
  collection?: string;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

let schemaCache: { tags: ScalarTagLike[]; options: unknown } | undefined;
/** The core schema's default tags and document options, as composeDoc makes them for every document. */
function schema(options: object): { tags: ScalarTagLike[]; options: unknown } {
  if (!schemaCache) {
    const doc = new Document(undefined, options);
    const tags = (doc.schema.tags as unknown as ScalarTagLike[]).filter((t) => !t.collection);
    schemaCache = { tags, options: doc.options };
  }
  return schemaCache;
}

/**
 * The documents of a CST token stream, or undefined when `yaml`'s Composer must do it.
 * Mirrors Composer.next / Composer.end for a stream without directives or stream-level errors.
 */
export function composeFast(
  tokens: readonly Tok[],
  templates: ReadonlyArray<readonly [number, number]>,
  options: object,
  maxNodes: number,
): ParsedDocument[] | undefined {
  const ctx: Ctx = { templates, count: 0, maxNodes };
  const docs: Array<{ root: Node; start: number; end: number }> = [];
  try {
    schema(options);
    for (const token of tokens) {
      switch (token.type) {
        case 'document':
          docs.push(composeDoc(ctx, token));
          break;
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break;
        case 'doc-end': {
          const doc = docs[docs.length - 1];
          if (!doc) bail();
          doc.end = resolveEnd(token.end, token.offset + token.source.length);
          break;
        }
        default:
          bail(); // directives, stream-level errors, anything new
      }
    }
  } catch (e) {
    if (e === BAIL) return undefined;
    if (e instanceof RangeError) return undefined; // stack overflow: the composer reports it
    throw e;
  }
  return docs.map((d, index) => ({ index, root: d.root, start: d.start, end: d.end }));
}

/** compose-doc.js composeDoc */
function composeDoc(ctx: Ctx, { offset, start, value, end }: CST.Document): { root: Node; start: number; end: number } {
  const props = resolveProps(start, 'doc-start', false, offset, true);
  if (props.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) bail();
  const contents = value ? composeNode(ctx, value, 0) : composeEmptyNode(ctx, props.end, start, props);
  return { root: contents.node, start: offset, end: resolveEnd(end, contents.end2) };
}

interface Props {
  found: Src | null;
  comma: Src | null;
  hasNewline: boolean;
  comment: boolean;
  end: number;
}

/** resolve-props.js resolveProps, for tokens without anchors or tags (any of those: bail). */
function resolveProps(tokens: readonly Src[], indicator: Src['type'], flow: boolean, offset: number, startOnNewline: boolean): Props {
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let comment = false;
  let found: Src | null = null;
  let comma: Src | null = null;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        // Tabs: the composer's TAB_AS_INDENT checks depend on the position; leave them to it.
        if (token.source.includes('\t')) bail();
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) bail(); // MISSING_CHAR
        comment = true;
        break;
      case 'newline':
        hasNewline = true;
        hasSpace = true;
        break;
      case indicator:
        if (found) bail(); // UNEXPECTED_TOKEN
        found = token;
        hasSpace = false;
        break;
      case 'comma':
        if (!flow || comma) bail();
        comma = token;
        hasSpace = false;
        break;
      default:
        bail(); // anchors, tags, error tokens
    }
  }
  const last = tokens[tokens.length - 1];
  return { found, comma, hasNewline, comment, end: last ? last.offset + last.source.length : offset };
}

/** resolve-end.js resolveEnd (strict off, as we parse): the offset after trailing space and comments. */
function resolveEnd(end: readonly Src[] | undefined, offset: number): number {
  if (end) {
    for (const token of end) {
      if (token.type !== 'space' && token.type !== 'comment' && token.type !== 'newline') bail();
      offset += token.source.length;
    }
  }
  return offset;
}

/** compose-node.js composeNode, without anchors, tags and aliases. */
function composeNode(ctx: Ctx, token: Tok, depth: number): Built {
  if (++ctx.count > ctx.maxNodes || depth > 400) bail();
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar':
      return composeScalar(ctx, token);
    case 'block-map':
      return resolveBlockMap(ctx, token, depth);
    case 'block-seq':
      return resolveBlockSeq(ctx, token, depth);
    case 'flow-collection':
      return resolveFlowCollection(ctx, token, depth);
    default:
      return bail(); // alias, error, anything else
  }
}

/** util-empty-scalar-position.js emptyScalarPosition */
function emptyScalarPosition(offset: number, before: readonly Src[] | undefined): number {
  if (before) {
    for (let i = before.length - 1; i >= 0; --i) {
      let st = before[i]!;
      if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
        offset -= st.source.length;
        continue;
      }
      st = before[++i]!;
      while (st?.type === 'space') {
        offset += st.source.length;
        st = before[++i]!;
      }
      break;
    }
  }
  return offset;
}

/** compose-node.js composeEmptyNode: a null scalar, its range moved past a comment in its props. */
function composeEmptyNode(ctx: Ctx, offset: number, before: readonly Src[] | undefined, props: Props): Built {
  if (++ctx.count > ctx.maxNodes) bail();
  const at = emptyScalarPosition(offset, before);
  const built = composeScalar(ctx, { type: 'scalar', offset: at, indent: -1, source: '' });
  if (props.comment) built.end2 = props.end;
  return built;
}

/** compose-scalar.js composeScalar, with the core schema and no explicit tag. */
function composeScalar(ctx: Ctx, token: CST.FlowScalar | CST.BlockScalar): Built {
  const res = CST.resolveAsScalar(token, false, () => bail());
  if (!res) return bail();
  const source = res.value;
  let v: unknown = source;
  if (token.type === 'scalar') {
    v = resolvePlain(source);
    if (v === UNRESOLVED) bail();
  }
  return { node: scalarNode(v, res.type, source, res.range, ctx.templates), end2: res.range[2] };
}

/** What `resolvePlain` gives where the composer would report TAG_RESOLVE_FAILED. */
export const UNRESOLVED: unique symbol = Symbol('unresolved');
/** First characters that some core-schema scalar test can match (node_modules/yaml/dist/schema/{core,common}: null, bool, int, float). */
const MAYBE_TYPED = /^[-+.~0-9nNtTfF]/;

/**
 * A plain scalar's value as compose-scalar.js findScalarTagByTest gives it with the core schema:
 * the first default tag whose test matches resolves it, else it is a string. Call `schema()`
 * first (composeFast does; yaml-lines.ts through `coreSchema`).
 */
export function resolvePlain(source: string): unknown {
  if (source !== '' && !MAYBE_TYPED.test(source)) return source;
  const { tags, options } = schemaCache!;
  const tag = tags.find((t) => t.default === true && t.test?.test(source));
  if (!tag) return source;
  let failed = false;
  let r: unknown;
  try {
    r = tag.resolve(source, () => (failed = true), options);
  } catch {
    return UNRESOLVED;
  }
  if (failed) return UNRESOLVED;
  return isYamlScalar(r) ? r.value : r;
}

/** Builds the core schema's tags once (for callers of `resolvePlain` other than composeFast). */
export function coreSchema(options: object): void {
  schema(options);
}

/**
 * The engine's scalar for a `yaml` scalar (resolved value, `yaml`'s type name, source text,
 * range): one place for both parse paths, so their trees cannot drift apart.
 */
export function scalarNode(
  v: unknown,
  type: string | null | undefined,
  source: string | undefined,
  range: readonly number[],
  templates: ReadonlyArray<readonly [number, number]>,
): ScalarNode {
  const value: ScalarValue =
    v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? v : String(v);
  const style = type === 'QUOTE_DOUBLE' ? 'double' : type === 'QUOTE_SINGLE' ? 'single' : type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED' ? 'block' : 'plain';
  // Kubernetes reads env values etc. as the source text of plain scalars ("0123" stays
  // "0123" only when quoted; YAML 1.1 vs 1.2 differences do not matter for TLS strings).
  const text = typeof value === 'string' ? value : source !== undefined && style === 'plain' ? source : scalarText(value);
  const start = range[0]!;
  const end = range[1]!;
  return {
    kind: 'scalar',
    value,
    text,
    style,
    templated: templates.length > 0 && overlapsTemplate(templates, start, Math.max(end, start + 1)),
    start,
    end,
  };
}

const isScalarToken = (t: Tok | null | undefined): t is CST.FlowScalar | CST.BlockScalar =>
  !!t && (t.type === 'scalar' || t.type === 'single-quoted-scalar' || t.type === 'double-quoted-scalar' || t.type === 'block-scalar');

/** util-contains-newline.js containsNewline, for the scalar keys this path accepts. */
function keyHasNewline(key: CST.FlowScalar | CST.BlockScalar): boolean {
  if (key.type === 'block-scalar') return true;
  if (key.source.includes('\n')) return true;
  return !!key.end?.some((st) => st.type === 'newline');
}

function pairOf(key: Built, value: Built | undefined): Pair {
  const k = key.node as ScalarNode;
  // convert() in yaml.ts: a pair ends where its value does (not after trailing comments).
  return { key: k, value: value?.node, alias: false, start: k.start, end: Math.max(value ? value.node.end : k.end, k.end) };
}

/** resolve-block-map.js resolveBlockMap */
function resolveBlockMap(ctx: Ctx, bm: CST.BlockMap, depth: number): Built {
  const pairs: Pair[] = [];
  let offset = bm.offset;
  let commentEnd: number | null = null;
  for (const { start, key, sep, value } of bm.items) {
    const keyProps = resolveProps(start, 'explicit-key-ind', false, offset, true);
    if (keyProps.found) bail(); // explicit `?` keys
    if (key) {
      if (!isScalarToken(key)) bail(); // complex keys never name Kubernetes fields; BLOCK_AS_IMPLICIT_KEY
      if ('indent' in key && key.indent !== bm.indent) bail(); // BAD_INDENT
    }
    if (!sep) {
      commentEnd = keyProps.end;
      continue;
    }
    if (key && keyHasNewline(key)) bail(); // MULTILINE_IMPLICIT_KEY
    const keyNode = key ? composeScalar(ctx, key) : composeEmptyNode(ctx, keyProps.end, start, keyProps);
    const valueProps = resolveProps(sep, 'map-value-ind', false, keyNode.end2, !key);
    offset = valueProps.end;
    if (!valueProps.found) bail(); // MISSING_CHAR: implicit keys need values
    if (value?.type === 'block-map' && !valueProps.hasNewline) bail(); // BLOCK_AS_IMPLICIT_KEY
    const valueNode = value ? composeNode(ctx, value, depth + 1) : composeEmptyNode(ctx, offset, sep, valueProps);
    offset = valueNode.end2;
    pairs.push(pairOf(keyNode, valueNode));
  }
  if (commentEnd !== null && commentEnd < offset) bail(); // IMPOSSIBLE
  const node: MapNode = { kind: 'map', pairs, flow: false, start: bm.offset, end: offset };
  return { node, end2: commentEnd ?? offset };
}

/** resolve-block-seq.js resolveBlockSeq */
function resolveBlockSeq(ctx: Ctx, bs: CST.BlockSequence, depth: number): Built {
  const items: Node[] = [];
  let offset = bs.offset;
  let commentEnd: number | null = null;
  for (const { start, value } of bs.items) {
    const props = resolveProps(start, 'seq-item-ind', false, offset, true);
    if (!props.found) {
      if (value) bail(); // BAD_INDENT / MISSING_CHAR
      commentEnd = props.end;
      continue;
    }
    const node = value ? composeNode(ctx, value, depth + 1) : composeEmptyNode(ctx, props.end, start, props);
    offset = node.end2;
    items.push(node.node);
  }
  const node: SeqNode = { kind: 'seq', items, flow: false, start: bs.offset, end: offset };
  return { node, end2: commentEnd ?? offset };
}

const isBlock = (t: Tok | null | undefined): boolean => !!t && (t.type === 'block-map' || t.type === 'block-seq');

/** resolve-flow-collection.js resolveFlowCollection, without comments inside and without pairs in sequences. */
function resolveFlowCollection(ctx: Ctx, fc: CST.FlowCollection, depth: number): Built {
  const isMap = fc.start.source === '{';
  const pairs: Pair[] = [];
  const items: Node[] = [];
  let offset = fc.offset + fc.start.source.length;
  for (let i = 0; i < fc.items.length; ++i) {
    const { start, key, sep, value } = fc.items[i]!;
    const props = resolveProps(start, 'explicit-key-ind', true, offset, false);
    if (props.found || props.comment) bail();
    if (!sep && !value) {
      // An empty item: only a trailing comma is allowed.
      if ((i === 0 && props.comma) || i < fc.items.length - 1) bail();
      offset = props.end;
      continue;
    }
    if (i === 0 ? props.comma : !props.comma) bail(); // UNEXPECTED_TOKEN / MISSING_CHAR
    if (!isMap) {
      if (sep) bail(); // a pair inside a flow sequence
      if (!value || isBlock(value)) bail();
      const valueNode = composeNode(ctx, value, depth + 1);
      items.push(valueNode.node);
      offset = valueNode.end2;
      continue;
    }
    if (key && !isScalarToken(key)) bail();
    const keyNode = key ? composeScalar(ctx, key) : composeEmptyNode(ctx, props.end, start, props);
    const valueProps = resolveProps(sep ?? [], 'map-value-ind', true, keyNode.end2, false);
    if (valueProps.comment || valueProps.comma) bail();
    if (!valueProps.found && value) bail(); // MISSING_CHAR
    if (isBlock(value)) bail(); // BLOCK_IN_FLOW
    const valueNode = value ? composeNode(ctx, value, depth + 1) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep, valueProps) : undefined;
    pairs.push(pairOf(keyNode, valueNode));
    offset = valueNode ? valueNode.end2 : valueProps.end;
  }
  const [ce, ...ee] = fc.end;
  if (ce?.source !== (isMap ? '}' : ']')) bail(); // MISSING_CHAR / BAD_INDENT
  const cePos = ce.offset + ce.source.length;
  const end2 = ee.length > 0 ? resolveEnd(ee, cePos) : cePos;
  const node: MapNode | SeqNode = isMap ? { kind: 'map', pairs, flow: true, start: fc.offset, end: cePos } : { kind: 'seq', items, flow: true, start: fc.offset, end: cePos };
  return { node, end2 };
}
