/**
 * Keys written twice in one mapping, found in a tree or in a document's text, with one answer:
 *
 * - `repeatedKeys(node)`: in a tree (tree.ts), for an object that is parsed whole anyway;
 * - `repeatedKeysInText(text, start, end)`: in one document's text, for a document only the keys
 *   of which are read (model/reads.ts `keys`: duplicate-key on Calico's own
 *   CustomResourceDefinitions, two thirds of the bytes of calico.yaml), without composing it.
 *   First a line reader (`repeatedKeysInLines`, below: block YAML as generated CRDs and
 *   manifests write it, at the cost of splitting lines), else `yaml`'s concrete syntax tree (its
 *   Parser without the Composer: `repeatedKeysInCst`). Each answers only for what it reads
 *   exactly as the composer would (scalar keys; no anchors, aliases, tags, explicit keys, flow
 *   mappings with content, errors or template tags; nesting under the tree's limit) and returns
 *   undefined otherwise: the caller then parses the document whole and asks the tree.
 *   test/keys.test.ts holds both readers to the tree on every document of every fixture, corpus
 *   file and example, and the line reader to every Calico CRD of the corpus.
 *
 * Repeats come sorted by where the key is written again; each names the first occurrence of its
 * key in that mapping (kubectl's "already defined at line N").
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
  return byPosition(out);
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
 * The repeated keys of the one document in `text.slice(start, end)`, with offsets in `text`, by
 * the line reader or else the concrete syntax tree; undefined when only a parse can say.
 */
export function repeatedKeysInText(text: string, start: number, end: number): RepeatedKey[] | undefined {
  const source = text.slice(start, end);
  if (TEMPLATE.test(source) || source.includes('\t')) return undefined;
  return repeatedKeysInLines(source, start) ?? repeatedKeysInCst(source, start);
}

/** The concrete syntax tree's answer (yaml's Parser without its Composer). */
export function repeatedKeysInCst(source: string, start: number): RepeatedKey[] | undefined {
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
  return byPosition(w.out);
}

const byPosition = (r: RepeatedKey[]): RepeatedKey[] => r.sort((a, b) => a.again.start - b.again.start);

function isSpace(t: { readonly type: string }): boolean {
  return t.type === 'space' || t.type === 'newline' || t.type === 'comment';
}

/** Only these may stand between a key and its value, or before an item: nothing that changes meaning. */
function plainProps(props: ReadonlyArray<{ readonly type: string }> | undefined, allowed: ReadonlySet<string>): void {
  if (props) for (const t of props) if (!allowed.has(t.type) && !isSpace(t)) throw UNSURE;
}

const ITEM_START = new Set(['seq-item-ind']);
const PAIR_SEP = new Set(['map-value-ind']);
const FLOW_ITEM_START = new Set(['comma']);

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
      // `[a, "b"]` (RBAC's `apiGroups: [""]`) and `{}`: no keys in them. A flow mapping with
      // content, or a pair inside a flow sequence (`[a: b]`), is left to the parse.
      if (!t.items.length) return;
      if (t.start.source !== '[') throw UNSURE;
      for (const it of t.items) {
        plainProps(it.start, FLOW_ITEM_START);
        if (it.key || it.sep?.length) throw UNSURE;
        node(it.value, depth + 1, w);
      }
      return;
    default:
      throw UNSURE;
  }
}

// ---- The line reader ----
//
// Block YAML as Kubernetes manifests and generated CRDs write it, line by line: `key: value`,
// `- item`, `- key: value`, multi-line plain scalars (deeper lines continue the value), block
// scalars (`|`, `>`), quoted scalars and flow sequences closed on their line, comments and blank
// lines. Anything else (a multi-line quoted scalar, a flow mapping, anchors, tags, explicit keys,
// a line it cannot place) throws UNSURE, and the caller asks the concrete syntax tree.
// Calico's CRDs are 13,000 lines of exactly this: read here at the cost of a line split.

interface Frame {
  /** The column of the mapping's keys, or of the sequence's dashes. */
  readonly indent: number;
  readonly keys?: Map<string, KeySpan>;
}

const KEY_LINE = /^(?:([A-Za-z0-9_][\w.\-/]*)|"([^"\\]*)"|'([^']*)'):(?: +(.*))?$/;
const BLOCK_HEADER = /^[|>][0-9+-]*(?: +#.*)?$/;
/** A flow sequence of plain words or simple quoted strings, closed on its line. */
const FLOW_SEQ = /^\[ *(?:(?:[\w.\-/]+|"[^"\\]*"|'[^']*') *(?:, *(?:[\w.\-/]+|"[^"\\]*"|'[^']*') *)*)?\](?: +#.*)?$/;

/**
 * What the text after `key:` or `- ` leaves open: `nested`, lines deeper than the key are its
 * value; `continued`, they continue it (a plain or block scalar); `closed`, none may follow;
 * `quoted`, a quoted scalar goes on to a later line.
 */
type After = 'nested' | 'continued' | 'closed' | 'quoted';

const CLOSED_DOUBLE = /^"(?:[^"\\]|\\.)*"(?: +#.*)?$/;
const CLOSED_SINGLE = /^'(?:[^']|'')*'(?: +#.*)?$/;

function valueKind(v: string): After {
  if (v === '' || v.startsWith('#')) return 'nested';
  const c = v[0]!;
  if (c === '|' || c === '>') {
    if (!BLOCK_HEADER.test(v)) throw UNSURE;
    return 'continued';
  }
  if (c === '"') return CLOSED_DOUBLE.test(v) ? 'closed' : 'quoted';
  if (c === "'") return CLOSED_SINGLE.test(v) ? 'closed' : 'quoted';
  if (c === '[' || c === '{') {
    if (v === '[]' || v === '{}' || FLOW_SEQ.test(v)) return 'closed';
    throw UNSURE;
  }
  if ('&*!%@`?'.includes(c) || (c === '-' && (v.length === 1 || v[1] === ' '))) throw UNSURE;
  // A plain scalar cannot hold ": " or end with ":" (yaml would read a mapping, or fail).
  const plain = v.replace(/ +#.*$/, '');
  if (plain.includes(': ') || plain.endsWith(':')) throw UNSURE;
  return 'continued';
}

/**
 * The end of the line that closes the quoted scalar opening at `q`: each line it spans is
 * deeper than `owner`, and only a comment may follow the closing quote.
 */
function quotedEnd(source: string, q: number, owner: number): number {
  const quote = source[q]!;
  let i = q + 1;
  for (;;) {
    const c = source[i];
    if (c === undefined) throw UNSURE;
    if (quote === '"' && c === '\\') i += 2;
    else if (c === quote && quote === "'" && source[i + 1] === "'") i += 2;
    else if (c === quote) break;
    else {
      if (c === '\n') {
        let j = i + 1;
        while (source[j] === ' ') j++;
        if (source[j] !== '\n' && source[j] !== '\r' && j - i - 1 <= owner) throw UNSURE;
      }
      i++;
    }
  }
  let nl = source.indexOf('\n', i);
  if (nl < 0) nl = source.length;
  const rest = source.slice(i + 1, nl).replace(/\r$/, '');
  if (rest !== '' && !/^ +#/.test(rest) && rest.trim() !== '') throw UNSURE;
  return nl;
}

/** The line reader's answer, or undefined. */
export function repeatedKeysInLines(source: string, base: number): RepeatedKey[] | undefined {
  const out: RepeatedKey[] = [];
  const stack: Frame[] = [];
  // The column of the key (or dash) whose value was last read, and what deeper lines are to it.
  let owner = -1;
  let after: After = 'nested';
  let block = false;
  let started = false;
  /** Where a quoted scalar that goes on to later lines opens. */
  let quoteAt = -1;
  /** A key at `column` of the mapping on top, written at `offset` of the source. */
  const key = (m: RegExpExecArray, column: number, offset: number): void => {
    const keys = stack[stack.length - 1]!.keys!;
    const text = m[1] ?? m[2] ?? m[3]!;
    const width = m[1] !== undefined ? m[1].length : text.length + 2;
    const here = { start: base + offset, end: base + offset + width };
    const earlier = keys.get(text);
    if (!earlier) keys.set(text, here);
    else out.push({ key: text, first: earlier, again: here });
    const v = m[4] ?? '';
    owner = column;
    after = valueKind(v);
    block = v[0] === '|' || v[0] === '>';
    if (after === 'quoted') quoteAt = offset + m[0].length - v.length;
  };
  const pop = (above: (f: Frame) => boolean): Frame | undefined => {
    while (stack.length && above(stack[stack.length - 1]!)) stack.pop();
    return stack[stack.length - 1];
  };
  try {
    for (let at = 0; at <= source.length;) {
      if (quoteAt >= 0) {
        // The rest of a quoted scalar: to the end of the line that closes it.
        at = quotedEnd(source, quoteAt, owner) + 1;
        quoteAt = -1;
        after = 'closed';
        continue;
      }
      let nl = source.indexOf('\n', at);
      if (nl < 0) nl = source.length;
      const lineEnd = nl > at && source.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const lineStart = at;
      at = nl + 1;
      let col = lineStart;
      while (col < lineEnd && source.charCodeAt(col) === 32) col++;
      if (col === lineEnd) continue; // blank: belongs to whatever is open
      const indent = col - lineStart;
      const first = source.charCodeAt(col);
      if (owner >= 0 && indent > owner && after === 'continued') {
        if (block) continue; // a block scalar's content, whatever it holds
        // A plain scalar's next line; a comment, or what reads as a key, is the parse's to judge.
        const l = source.slice(col, lineEnd);
        if (first === 35 || l.includes(': ') || l.endsWith(':') || l.includes(' #')) throw UNSURE;
        continue;
      }
      if (first === 35) continue; // a comment line
      const line = source.slice(col, lineEnd);
      if (!started && indent === 0 && (line === '---' || line.startsWith('--- #'))) {
        started = true;
        continue;
      }
      started = true;
      if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) throw UNSURE;
      if (owner >= 0 && indent > owner && after === 'closed') throw UNSURE;
      const nested = owner >= 0 && after === 'nested' ? owner : -1;
      if (first === 45 /* - */ && (line.length === 1 || line.charCodeAt(1) === 32)) {
        // A sequence item: the sequence at this column goes on, or one opens as the value of the
        // key above (at its column or deeper) or of the item above (deeper).
        const top = pop((f) => f.indent > indent);
        if (!top || top.indent !== indent || top.keys) {
          if (nested < 0 || indent < nested || (top?.keys && top.indent === indent && indent !== nested)) throw UNSURE;
          stack.push({ indent });
        }
        let c = 1;
        while (line.charCodeAt(c) === 32) c++;
        const rest = line.slice(c);
        if (rest === '' || rest.startsWith('#')) {
          owner = indent;
          after = 'nested';
          block = false;
          continue;
        }
        const m = KEY_LINE.exec(rest);
        if (m) {
          stack.push({ indent: indent + c, keys: new Map() });
          key(m, indent + c, col + c);
        } else {
          if (rest.startsWith('-') && (rest.length === 1 || rest[1] === ' ')) throw UNSURE;
          owner = indent;
          after = valueKind(rest);
          block = rest[0] === '|' || rest[0] === '>';
          if (after === 'quoted') quoteAt = col + c;
        }
        continue;
      }
      const m = KEY_LINE.exec(line);
      if (!m) {
        // The open value of the key above, written on the next line: a plain or quoted scalar.
        if (nested < 0 || indent <= nested || first === 124 || first === 62) throw UNSURE;
        after = valueKind(line);
        if (after === 'nested') throw UNSURE;
        block = false;
        if (after === 'quoted') quoteAt = col;
        continue;
      }
      const top = pop((f) => f.indent > indent || (f.indent === indent && !f.keys));
      if (!top || top.indent !== indent) {
        // A new mapping: at the top of the document, or as the open value of the key or item above.
        if (stack.length || top ? nested < 0 || indent <= nested : indent !== 0) throw UNSURE;
        stack.push({ indent, keys: new Map() });
      }
      if (stack.length > MAX_DEPTH / 2) throw UNSURE;
      key(m, indent, col);
    }
  } catch (e) {
    if (e === UNSURE) return undefined;
    throw e;
  }
  return byPosition(out);
}
