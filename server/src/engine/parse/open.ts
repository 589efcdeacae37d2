/**
 * Where a template inserts content we cannot see. A line holding only an expression
 * (`{{ include "env" . | nindent 12 }}`, `{{ toYaml .Values.volumes | indent 8 }}`,
 * `<%= render_env %>`) adds entries to the collection it lands in, so that collection is
 * *open*: what it lacks may come from there, and a rule must treat "absent" as unknown.
 *
 * The collection is found by position: the innermost collection (or key without a value) that
 * the line falls in, at the column the template says (`indent`/`nindent N`) or, without one, at
 * the tag's own column. A block collection's column is that of its keys or dashes; content at a
 * column deeper than a key with no value becomes that key's value.
 */
import type { LineIndex } from './line-index';
import type { Insertion } from './template';
import type { Node, Pair } from './tree';
import type { ParsedDocument } from './types';

type Open = Node | Pair;

interface Step {
  readonly part: Open;
  /** The column content must start at to belong to it. */
  readonly column: number;
}

function chain(node: Node, offset: number, end: number, lines: LineIndex, out: Step[]): void {
  if (node.kind === 'scalar' || offset < node.start || offset >= end) return;
  if (node.kind === 'map') {
    const pairs = node.pairs;
    out.push({
      part: node,
      column: pairs[0] ? lines.positionAt(pairs[0].key.start).character : lines.positionAt(node.start).character,
    });
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i]!;
      const next = pairs[i + 1]?.key.start ?? end;
      if (offset < p.key.start || offset >= next) continue;
      const v = p.value;
      if (!v || (v.kind === 'scalar' && v.end <= p.key.end + 2 && v.text === '')) {
        // `env:` with nothing after it: deeper content is its value.
        if (offset > p.key.end) out.push({ part: p, column: lines.positionAt(p.key.start).character + 1 });
      } else if (v.kind !== 'scalar' && offset > p.key.end && offset < v.start) {
        // Between the key and its collection's first entry (`certificateManagement:` then
        // `{{- toYaml .Values.cm | nindent 4 }}` then `keyAlgorithm: ...`): the collection.
        out.push({ part: v, column: lines.positionAt(v.start).character });
      } else chain(v, offset, next, lines, out);
      return;
    }
    return;
  }
  const items = node.items;
  // A block sequence starts at its first dash.
  out.push({ part: node, column: lines.positionAt(node.start).character });
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    const next = items[i + 1]?.start ?? end;
    if (offset >= it.start && offset < next) {
      chain(it, offset, next, lines, out);
      return;
    }
  }
}

/** The collections (and value-less keys) that template insertions add content to. */
export function openParts(
  documents: readonly ParsedDocument[],
  insertions: readonly Insertion[],
  lines: LineIndex,
): Set<Open> {
  const open = new Set<Open>();
  for (const ins of insertions) {
    // The document the line belongs to: the last one starting before it (a document's range
    // ends at its last content, before the blank line an insertion leaves).
    let doc: ParsedDocument | undefined;
    let end = Infinity;
    for (const d of documents) {
      if (d.start <= ins.offset) doc = d;
      else {
        end = d.start;
        break;
      }
    }
    if (!doc?.root) continue;
    const steps: Step[] = [];
    chain(doc.root, ins.offset, end, lines, steps);
    // A line before the document's first key (`{{ include "apiVersion" . }}` then `kind: ...`)
    // adds to the document's top collection.
    if (!steps.length && doc.root.kind !== 'scalar' && ins.offset < doc.root.start) open.add(doc.root);
    if (!steps.length) continue;
    if (ins.column === undefined) {
      for (const s of steps) open.add(s.part);
      continue;
    }
    // The innermost part whose content column the insertion reaches; a value-less key only
    // when the insertion is deeper than the key.
    let target: Step | undefined;
    for (const s of steps) if (s.column <= ins.column) target = s;
    open.add((target ?? steps[0]!).part);
  }
  return open;
}
