import { createScanner, parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum (not importable under isolatedModules): its values.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;
import type { MapNode, Node, Pair, ScalarNode, SeqNode, ScalarValue } from './tree';
import { scalarText } from './tree';
import type { ParseNote, ParsedDocument, SyntaxError } from './types';
import { MAX_DEPTH } from './yaml';
import { m } from '../l10n/messages';
import { overlapsTemplate } from './template';

/** JSON and JSONC (CNI .conflist files, JSON manifests) with positions, via jsonc-parser. */
export function parseJson(
  text: string,
  templates: ReadonlyArray<readonly [number, number]> = [],
): { documents: ParsedDocument[]; errors: SyntaxError[]; notes: ParseNote[] } {
  const errs: ParseError[] = [];
  const notes: ParseNote[] = [];
  const tree = parseTree(limitDepth(text, notes), errs, {
    allowTrailingComma: true,
    disallowComments: false,
    allowEmptyContent: true,
  });
  const errors = errs.map((e) => ({
    start: e.offset,
    end: e.offset + Math.max(1, e.length),
    message: `JSON: ${printParseErrorCode(e.error)}`,
  }));
  const root = tree ? convert(tree, 0, templates) : undefined;
  return { documents: [{ index: 0, root, start: 0, end: text.length }], errors, notes };
}

/**
 * jsonc-parser's parser recurses once per level and overflows the stack at a few thousand; its
 * scanner does not. Each object or array that opens deeper than MAX_DEPTH is blanked, from its
 * bracket to its match, to `0` and spaces (line breaks kept, so every other position stays
 * exact), with a note where reading stopped.
 */
function limitDepth(text: string, notes: ParseNote[]): string {
  const scanner = createScanner(text, false);
  const cuts: Array<[number, number]> = [];
  let depth = 0;
  let cutAt = -1;
  for (let t = scanner.scan(); t !== EOF; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH && cutAt < 0) cutAt = scanner.getTokenOffset();
    } else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) {
      if (depth > 0 && --depth === MAX_DEPTH && cutAt >= 0) {
        cuts.push([cutAt, scanner.getTokenOffset() + 1]);
        cutAt = -1;
      }
    }
  }
  if (cutAt >= 0) cuts.push([cutAt, text.length]);
  if (!cuts.length) return text;
  let out = '';
  let last = 0;
  for (const [a, b] of cuts) {
    out += text.slice(last, a) + '0' + text.slice(a + 1, b).replace(/[^\r\n]/g, ' ');
    last = b;
  }
  const [first] = cuts;
  notes.push({
    start: first![0],
    end: first![0] + 1,
    message: m('noteTooDeep', { depth: MAX_DEPTH }),
  });
  return out + text.slice(last);
}

function convert(n: JNode, depth: number, templates: ReadonlyArray<readonly [number, number]>): Node | undefined {
  const start = n.offset;
  const end = n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const pairs: Pair[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || k.type !== 'string') continue;
        const key = convert(k, depth + 1, templates) as ScalarNode;
        const value = v ? convert(v, depth + 1, templates) : undefined;
        pairs.push({ key, value, alias: false, start: p.offset, end: p.offset + p.length });
      }
      const m: MapNode = { kind: 'map', pairs, flow: true, start, end };
      return m;
    }
    case 'array': {
      const items: Node[] = [];
      for (const c of n.children ?? []) {
        const x = convert(c, depth + 1, templates);
        if (x) items.push(x);
      }
      const s: SeqNode = { kind: 'seq', items, flow: true, start, end };
      return s;
    }
    default: {
      const value = (n.value ?? null) as ScalarValue;
      const templated = templates.length > 0 && overlapsTemplate(templates, start, Math.max(end, start + 1));
      const s: ScalarNode = { kind: 'scalar', value, text: scalarText(value), templated, style: 'json', start, end };
      return s;
    }
  }
}
