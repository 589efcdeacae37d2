/**
 * YAML through the `yaml` package only: its lexer, parser and composer build Documents, which
 * are converted to the engine's small tree (tree.ts) with offsets. No parsing of our own.
 *
 * Bounded at every step: aliases are shared, never expanded (an alias bomb costs one node per
 * alias); at most MAX_NODES nodes per file; nesting deeper than MAX_DEPTH is cut there with a
 * note (no rule, walker or hover then recurses without bound), and so is `yaml`'s own
 * RESOURCE_EXHAUSTION, which it reports when its recursive composer runs out of stack.
 */
import { Composer, Parser, isAlias, isMap, isScalar, isSeq, isPair, type Document, type Node as YNode } from 'yaml';
import type { MapNode, Node, Pair, ScalarNode, ScalarValue, SeqNode } from './tree';
import { scalarText } from './tree';
import { overlapsTemplate } from './template';
import { maskText, type Ranges } from './mask';
import type { ParseNote, ParsedDocument, SyntaxError } from './types';
import { m } from '../l10n/messages';

/** Upper bound on converted nodes per file. */
const MAX_NODES = 2_000_000;
/**
 * Deepest nesting converted. Kubernetes objects nest about 15 levels, CRD schemas about 40;
 * 256 leaves room for anything real and keeps every recursive walk over the tree shallow.
 */
export const MAX_DEPTH = 256;

export interface ParsedYaml {
  readonly documents: ParsedDocument[];
  readonly errors: SyntaxError[];
  readonly notes: ParseNote[];
}

interface Ctx {
  readonly templates: ReadonlyArray<readonly [number, number]>;
  readonly memo: Map<unknown, Node>;
  readonly doc: Document.Parsed;
  readonly notes: ParseNote[];
  /** The text parsed (a note's range ends at the end of a line of it). */
  readonly text: string;
  count: number;
  cut: boolean;
}

/** uniqueKeys off: Kubernetes' decoders accept duplicates (last wins); merge keys off and
 * aliases never expanded, so an alias bomb costs one node per alias. */
const YAML_OPTIONS = {
  uniqueKeys: false,
  strict: false,
  prettyErrors: false,
  merge: false,
  keepSourceTokens: false,
} as const;

/**
 * Parses of large multi-document files, one document at a time, kept by the caller between
 * versions of a file (the language server keeps one per workspace; a CLI run needs none).
 * yaml-language-server caches the parsed document per version; this goes one step further for
 * the files that need it: calico.yaml is 13,000 lines in 40 documents, and a keystroke in one
 * document re-parses only that one (the others are reused, moved to their new offsets).
 */
export class YamlDocumentCache {
  private readonly chunks = new Map<string, { parsed: ParsedYaml; moved?: { start: number; tree: ParsedYaml } }>();
  private readonly values = new Map<string, Map<string, unknown>>();
  /** How many document chunks were actually parsed (not served from the cache). */
  parses = 0;

  constructor(private readonly maxEntries = 4000) {}

  /** The parse of one chunk at offset `start`, from the cache when its text was seen before. */
  chunk(text: string, start: number): ParsedYaml {
    let entry = this.chunks.get(text);
    if (!entry) {
      this.parses++;
      const own = ownCopy(text);
      entry = { parsed: parseWhole(own, []) };
      if (this.chunks.size >= this.maxEntries) this.chunks.delete(this.chunks.keys().next().value!);
      this.chunks.set(own, entry);
    }
    // A document before the edit keeps its offset: reuse the copy moved there last time
    // instead of copying its tree again (most of an edit's cost in a 10,000-line file).
    if (entry.moved?.start !== start) entry.moved = { start, tree: shifted(entry.parsed, start) };
    return entry.moved.tree;
  }

  /**
   * A chunk (at `start` in its file) with `ranges` (offsets in the file, inside the chunk)
   * blanked: made once per text of the chunk and ranges, so a keystroke in calico.yaml blanks
   * only the document it changed, and the whole file is never copied.
   */
  maskedChunk(chunk: string, start: number, ranges: Ranges): string {
    const relative = ranges.map(([s, e]) => [s - start, e - start] as const);
    const byRanges = this.derived('masked', chunk, () => new Map<string, string>());
    const key = relative.join(' ');
    let masked = byRanges.get(key);
    if (masked === undefined) {
      masked = maskText(chunk, relative);
      // A document's ranges change only with its text: a handful of entries per chunk at most.
      if (byRanges.size >= 8) byRanges.delete(byRanges.keys().next().value!);
      byRanges.set(key, masked);
    }
    return masked;
  }

  /**
   * A value computed from one document's text (`kind` names the computation), kept like the
   * parses: a keystroke in calico.yaml reads again only the document it changed.
   */
  derived<T>(kind: string, text: string, compute: (text: string) => T): T {
    let values = this.values.get(kind);
    if (!values) this.values.set(kind, (values = new Map()));
    if (values.has(text)) return values.get(text) as T;
    const own = ownCopy(text);
    const value = compute(own);
    if (values.size >= this.maxEntries) values.delete(values.keys().next().value!);
    values.set(own, value);
    return value;
  }
}

/**
 * A copy of `text` that holds no reference to a larger string. A slice of the editor's text
 * keeps that whole version alive (V8's sliced strings point into their parent): a cache keyed by
 * slices would keep a 700 KiB text per keystroke.
 */
function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Files at least this large are parsed document by document when a cache is given. */
export const CHUNKED_MIN = 64 * 1024;

export function parseYaml(
  text: string,
  templates: ReadonlyArray<readonly [number, number]>,
  cache?: YamlDocumentCache,
  /**
   * Ranges to blank chunk by chunk (parse/mask.ts), as if the text had been blanked whole, and
   * the document starts the caller (parse/index.ts `maskableStarts`) found no range covers.
   */
  blank?: { readonly mask: Ranges; readonly starts: readonly number[] },
): ParsedYaml {
  if (!cache || templates.length || text.length < CHUNKED_MIN) return parseWhole(text, templates);
  const starts = blank?.starts ?? documentStarts(text);
  const mask = blank?.mask;
  if (starts.length < 2) return parseWhole(text, templates);
  const out: ParsedYaml = { documents: [], errors: [], notes: [] };
  let r = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = starts[i + 1] ?? text.length;
    let chunk = text.slice(start, end);
    if (mask) {
      const from = r;
      while (r < mask.length && mask[r]![0] < end) r++;
      if (r > from) chunk = cache.maskedChunk(chunk, start, mask.slice(from, r));
    }
    const s = cache.chunk(chunk, start);
    for (const d of s.documents) out.documents.push({ ...d, index: out.documents.length });
    out.errors.push(...s.errors);
    out.notes.push(...s.notes);
  }
  return out;
}

/** Offsets where a line starting a new document (`---`) begins. */
export function documentStarts(text: string): number[] {
  const out: number[] = [0];
  const re = /(^|\n)---(?=[ \t\r\n]|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[1]!.length;
    if (at > 0) out.push(at);
  }
  return out;
}

function shiftNode(n: Node, d: number, memo: Map<Node, Node>): Node {
  const hit = memo.get(n);
  if (hit) return hit;
  if (n.kind === 'scalar') {
    const s: ScalarNode = { ...n, start: n.start + d, end: n.end + d };
    memo.set(n, s);
    return s;
  }
  if (n.kind === 'map') {
    const pairs: Pair[] = [];
    const m: MapNode = { ...n, pairs, start: n.start + d, end: n.end + d };
    memo.set(n, m);
    for (const p of n.pairs)
      pairs.push({
        ...p,
        key: shiftNode(p.key, d, memo) as ScalarNode,
        value: p.value ? shiftNode(p.value, d, memo) : undefined,
        start: p.start + d,
        end: p.end + d,
      });
    return m;
  }
  const items: Node[] = [];
  const q: SeqNode = { ...n, items, start: n.start + d, end: n.end + d };
  memo.set(n, q);
  for (const i of n.items) items.push(shiftNode(i, d, memo));
  return q;
}

function shifted(p: ParsedYaml, d: number): ParsedYaml {
  if (d === 0) return p;
  const memo = new Map<Node, Node>();
  return {
    documents: p.documents.map((doc) => ({
      ...doc,
      root: doc.root ? shiftNode(doc.root, d, memo) : undefined,
      start: doc.start + d,
      end: doc.end + d,
    })),
    errors: p.errors.map((e) => ({ ...e, start: e.start + d, end: e.end + d })),
    notes: p.notes.map((e) => ({ ...e, start: e.start + d, end: e.end + d })),
  };
}

/** `parseAllDocuments`, in its two steps, and each Document converted to the engine's tree. */
export function parseWhole(text: string, templates: ReadonlyArray<readonly [number, number]>): ParsedYaml {
  const out: ParsedYaml = { documents: [], errors: [], notes: [] };
  const docs: Document.Parsed[] = Array.from(new Composer(YAML_OPTIONS).compose(new Parser().parse(text)));
  for (const doc of docs) {
    const exhausted: ParseNote[] = [];
    for (const e of doc.errors) {
      const [s, en] = e.pos;
      // yaml's composer recurses per level and reports running out of stack as this code: it
      // is a limit of the reader, not a mistake in the file.
      if (e.code === 'RESOURCE_EXHAUSTION')
        exhausted.push({
          start: s,
          end: Math.max(en, s + 1),
          message: m('noteYamlTooDeep'),
        });
      else out.errors.push({ start: s, end: Math.max(en, s + 1), message: firstLine(e.message), code: e.code });
    }
    const ctx: Ctx = { templates, memo: new Map(), doc, notes: out.notes, text, count: 0, cut: false };
    let root: Node | undefined;
    try {
      root = doc.contents ? convert(doc.contents as YNode, ctx, 0) : undefined;
    } catch {
      root = undefined;
    }
    // Where the tree was already cut above it, yaml's own limit deeper down is the same cause.
    if (!ctx.cut && exhausted.length) out.notes.push(exhausted[0]!);
    out.documents.push({ index: out.documents.length, root, start: doc.range[0], end: doc.range[2] });
  }
  return out;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

export function scalarNode(
  v: unknown,
  type: string | null | undefined,
  source: string | undefined,
  range: readonly number[],
  templates: ReadonlyArray<readonly [number, number]>,
): ScalarNode {
  const value: ScalarValue =
    v === null || v === undefined
      ? null
      : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
        ? v
        : String(v);
  const style =
    type === 'QUOTE_DOUBLE'
      ? 'double'
      : type === 'QUOTE_SINGLE'
        ? 'single'
        : type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED'
          ? 'block'
          : 'plain';
  // Kubernetes reads env values etc. as the source text of plain scalars ("0123" stays
  // "0123" only when quoted; YAML 1.1 vs 1.2 differences do not matter for TLS strings).
  const text =
    typeof value === 'string' ? value : source !== undefined && style === 'plain' ? source : scalarText(value);
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

function tooDeep(n: YNode, ctx: Ctx): undefined {
  const start = n.range?.[0] ?? 0;
  // The first cut of a document is the one to show; a wide tree may be cut in many places.
  if (ctx.cut) return undefined;
  ctx.cut = true;
  // To the end of the line where reading stopped, not the cut node's end: how far `yaml`
  // composed a node that deep depends on the stack left (another thread, another caller), and
  // the note must not.
  const nl = ctx.text.indexOf('\n', start);
  ctx.notes.push({
    start,
    end: Math.max(nl < 0 ? ctx.text.length : nl, start + 1),
    message: m('noteTooDeep', { depth: MAX_DEPTH }),
  });
  return undefined;
}

function convert(n: YNode, ctx: Ctx, depth: number): Node | undefined {
  if (ctx.count++ > MAX_NODES) return undefined;
  // Only an anchored node can be reached twice (through an alias, or itself in a cycle), so
  // only those are remembered: a map entry per node would cost every file for a rare case.
  const anchored = !!n.anchor;
  if (anchored) {
    const memo = ctx.memo.get(n);
    if (memo) return memo;
  }
  const range = n.range ?? [0, 0, 0];
  if (isScalar(n)) {
    const s = scalarNode(n.value, n.type, n.source === undefined ? undefined : String(n.source), range, ctx.templates);
    if (anchored) ctx.memo.set(n, s);
    return s;
  }
  if (depth >= MAX_DEPTH) return tooDeep(n, ctx);
  if (isMap(n)) {
    const pairs: Pair[] = [];
    const out: MapNode = { kind: 'map', pairs, flow: !!n.flow, start: range[0], end: range[1] };
    if (anchored) ctx.memo.set(n, out);
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const k = item.key as YNode | null;
      if (!k || !isScalar(k)) continue; // complex keys never name Kubernetes fields
      const key = convert(k, ctx, depth + 1);
      if (!key || key.kind !== 'scalar') continue;
      const vRaw = item.value as YNode | null;
      let value: Node | undefined;
      let alias = false;
      if (vRaw) {
        if (isAlias(vRaw)) {
          alias = true;
          const target = vRaw.resolve(ctx.doc) as YNode | undefined;
          value = target ? convert(target, ctx, depth + 1) : undefined;
        } else value = convert(vRaw, ctx, depth + 1);
      }
      const vEnd = vRaw?.range ? vRaw.range[1] : key.end;
      pairs.push({ key, value, alias, start: key.start, end: Math.max(vEnd, key.end) });
    }
    return out;
  }
  if (isSeq(n)) {
    const items: Node[] = [];
    const out: SeqNode = { kind: 'seq', items, flow: !!n.flow, start: range[0], end: range[1] };
    if (anchored) ctx.memo.set(n, out);
    for (const it of n.items) {
      let y = it as YNode | null;
      if (!y) continue;
      if (isAlias(y)) y = (y.resolve(ctx.doc) as YNode | undefined) ?? null;
      if (!y) continue;
      const c = convert(y, ctx, depth + 1);
      if (c) items.push(c);
    }
    return out;
  }
  return undefined;
}
