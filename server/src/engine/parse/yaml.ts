import { CST, Composer, Parser, isAlias, isMap, isScalar, isSeq, isPair, type Document, type Node as YNode } from 'yaml';
import { composeFast, scalarNode } from './yaml-cst';
import { scanYaml } from './yaml-lines';
import type { MapNode, Node, Pair, ScalarNode, SeqNode } from './tree';
import type { ParsedDocument, SyntaxError } from './types';

/** Upper bound on converted nodes per file: aliases are shared, never expanded, but a
 * pathological file still must not make us allocate without limit. */
const MAX_NODES = 2_000_000;

interface Ctx {
  readonly templates: ReadonlyArray<readonly [number, number]>;
  readonly memo: Map<unknown, Node>;
  readonly doc: Document.Parsed;
  count: number;
}

type Parsed = { documents: ParsedDocument[]; errors: SyntaxError[] };

/** uniqueKeys off: Kubernetes' decoders accept duplicates (last wins); merge keys off and
 * aliases never expanded, so an alias bomb costs one node per alias. */
const YAML_OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, merge: false, keepSourceTokens: false } as const;

/** Tests: the tree and errors `yaml`'s own composer gives, bypassing the CST fast path. */
export function parseYamlSlow(text: string, templates: ReadonlyArray<readonly [number, number]> = []): Parsed {
  return composeSlow(Array.from(new Parser().parse(text)), templates);
}

/** Tests: the fast path's answer alone (undefined where it gives way to the composer). */
export function parseYamlFast(text: string, templates: ReadonlyArray<readonly [number, number]> = []): Parsed | undefined {
  const docs = composeFast(Array.from(new Parser().parse(text)), templates, YAML_OPTIONS, MAX_NODES);
  return docs && { documents: docs, errors: [] };
}

/** Tests: the line scanner's answer alone (undefined where it gives way to the CST path). */
export function parseYamlLines(text: string, templates: ReadonlyArray<readonly [number, number]> = []): Parsed | undefined {
  const docs = scanYaml(text, templates, YAML_OPTIONS, MAX_NODES);
  return docs && { documents: docs, errors: [] };
}

/**
 * Large multi-document files (calico.yaml is 13,000 lines of 40 documents) are parsed one
 * document at a time, each cached by its text: an edit in one document re-parses only that
 * document, and the others are reused (moved to their new offsets). Small files and Helm
 * templates are parsed whole.
 */
const CHUNKED_MIN = 64 * 1024;
/** Each chunk's tree at offset 0, and the copy last moved to its offset in a file. */
const chunkCache = new Map<string, { parsed: Parsed; moved?: { start: number; tree: Parsed } }>();
const CHUNK_CACHE_MAX = 4000;
let chunkParses = 0;

/** How many document chunks were actually parsed (not served from the cache): for tests. */
export function yamlChunkParses(): number {
  return chunkParses;
}

/** Offsets where a line starting a new document (`---`) begins. */
function documentStarts(text: string): number[] {
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
    for (const p of n.pairs) pairs.push({ ...p, key: shiftNode(p.key, d, memo) as ScalarNode, value: p.value ? shiftNode(p.value, d, memo) : undefined, start: p.start + d, end: p.end + d });
    return m;
  }
  const items: Node[] = [];
  const q: SeqNode = { ...n, items, start: n.start + d, end: n.end + d };
  memo.set(n, q);
  for (const i of n.items) items.push(shiftNode(i, d, memo));
  return q;
}

function shifted(p: Parsed, d: number): Parsed {
  if (d === 0) return p;
  const memo = new Map<Node, Node>();
  return {
    documents: p.documents.map((doc) => ({ ...doc, root: doc.root ? shiftNode(doc.root, d, memo) : undefined, start: doc.start + d, end: doc.end + d })),
    errors: p.errors.map((e) => ({ ...e, start: e.start + d, end: e.end + d })),
  };
}

export function parseYaml(text: string, templates: ReadonlyArray<readonly [number, number]>): Parsed {
  if (templates.length || text.length < CHUNKED_MIN) return parseWhole(text, templates);
  const starts = documentStarts(text);
  if (starts.length < 2) return parseWhole(text, templates);
  const documents: ParsedDocument[] = [];
  const errors: SyntaxError[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const chunk = text.slice(start, starts[i + 1] ?? text.length);
    let entry = chunkCache.get(chunk);
    if (!entry) {
      entry = { parsed: parseWhole(chunk, []) };
      if (chunkCache.size >= CHUNK_CACHE_MAX) chunkCache.delete(chunkCache.keys().next().value!);
      chunkCache.set(chunk, entry);
    }
    // A document before the edit keeps its offset: reuse the copy moved there last time
    // instead of copying its tree again (most of an edit's cost in a 10,000-line file).
    if (entry.moved?.start !== start) entry.moved = { start, tree: shifted(entry.parsed, start) };
    const s = entry.moved.tree;
    for (const d of s.documents) documents.push({ ...d, index: documents.length });
    errors.push(...s.errors);
  }
  return { documents, errors };
}

function parseWhole(text: string, templates: ReadonlyArray<readonly [number, number]>): Parsed {
  chunkParses++;
  // Plain block-style files (most generated manifests) are read line by line (yaml-lines.ts).
  const scanned = scanYaml(text, templates, YAML_OPTIONS, MAX_NODES);
  if (scanned) return { documents: scanned, errors: [] };
  // parseAllDocuments in two steps, so that the CST can be composed without `yaml`'s
  // Document nodes when nothing in it needs the composer (yaml-cst.ts), else as before.
  const tokens = Array.from(new Parser().parse(text));
  const fast = composeFast(tokens, templates, YAML_OPTIONS, MAX_NODES);
  return fast ? { documents: fast, errors: [] } : composeSlow(tokens, templates);
}

function composeSlow(tokens: CST.Token[], templates: ReadonlyArray<readonly [number, number]>): Parsed {
  const documents: ParsedDocument[] = [];
  const errors: SyntaxError[] = [];
  const list: Document.Parsed[] = Array.from(new Composer(YAML_OPTIONS).compose(tokens));
  let index = 0;
  for (const doc of list) {
    for (const e of doc.errors) {
      const [s, en] = e.pos;
      errors.push({ start: s, end: Math.max(en, s + 1), message: firstLine(e.message), code: e.code });
    }
    const ctx: Ctx = { templates, memo: new Map(), doc, count: 0 };
    const range = doc.range;
    let root: Node | undefined;
    try {
      root = doc.contents ? convert(doc.contents as YNode, ctx, 0) : undefined;
    } catch {
      root = undefined;
    }
    documents.push({ index: index++, root, start: range[0], end: range[2] });
  }
  return { documents, errors };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function convert(n: YNode, ctx: Ctx, depth: number): Node | undefined {
  if (ctx.count++ > MAX_NODES || depth > 500) return undefined;
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
