import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import type { MapNode, Node, Pair, ScalarNode, SeqNode, ScalarValue } from './tree';
import { scalarText } from './tree';
import type { ParsedDocument, SyntaxError } from './types';

/** JSON and JSONC (CNI .conflist files, JSON manifests) with positions, via jsonc-parser. */
export function parseJson(text: string): { documents: ParsedDocument[]; errors: SyntaxError[] } {
  const errs: ParseError[] = [];
  const tree = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const errors = errs.map((e) => ({ start: e.offset, end: e.offset + Math.max(1, e.length), message: `JSON: ${printParseErrorCode(e.error)}` }));
  const root = tree ? convert(tree, 0) : undefined;
  return { documents: [{ index: 0, root, start: 0, end: text.length }], errors };
}

function convert(n: JNode, depth: number): Node | undefined {
  if (depth > 500) return undefined;
  const start = n.offset;
  const end = n.offset + n.length;
  switch (n.type) {
    case 'object': {
      const pairs: Pair[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || k.type !== 'string') continue;
        const key = convert(k, depth + 1) as ScalarNode;
        const value = v ? convert(v, depth + 1) : undefined;
        pairs.push({ key, value, alias: false, start: p.offset, end: p.offset + p.length });
      }
      const m: MapNode = { kind: 'map', pairs, flow: true, start, end };
      return m;
    }
    case 'array': {
      const items: Node[] = [];
      for (const c of n.children ?? []) {
        const x = convert(c, depth + 1);
        if (x) items.push(x);
      }
      const s: SeqNode = { kind: 'seq', items, flow: true, start, end };
      return s;
    }
    default: {
      const value = (n.value ?? null) as ScalarValue;
      const s: ScalarNode = { kind: 'scalar', value, text: scalarText(value), templated: false, style: 'json', start, end };
      return s;
    }
  }
}
