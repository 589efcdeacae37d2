/**
 * Where each character of a literal block scalar's value (`|`, `|-`, `|+`) is written in its
 * file. YAML keeps every line of such a block as written after the block's indentation, so an
 * offset in the value maps to one in the source: a key of a felix.cfg that a ConfigMap embeds is
 * then reported where it is written, not as the whole block. Undefined where that does not hold
 * (a folded `>` block joins lines; an indentation indicator counts from the parent's indentation;
 * quoted and plain scalars unescape and fold; templates): the caller keeps the whole scalar as the
 * place. The lines are checked to rebuild the value exactly before any offset is trusted.
 */
import type { ScalarNode } from './tree';

export function blockOffsets(source: string, node: ScalarNode): ((offset: number) => number) | undefined {
  if (node.style !== 'block' || node.templated) return undefined;
  // An indentation indicator (`|2`) counts from the parent's indentation, which is not known
  // here: such a block keeps the whole scalar as its place.
  const header = /^\|[-+]?[ \t]*(?:#[^\n]*)?\n/.exec(source.slice(node.start, Math.min(node.end, node.start + 200)));
  if (!header) return undefined;
  const body = source.slice(node.start + header[0].length, node.end);
  const rawLines = body.split('\n');
  const firstText = rawLines.find((l) => l.trim() !== '');
  if (firstText === undefined) return undefined;
  const indent = firstText.length - firstText.trimStart().length;
  // Per content line: where it starts in the value and in the file.
  const inValue: number[] = [];
  const inSource: number[] = [];
  const kept: string[] = [];
  let src = node.start + header[0].length;
  let val = 0;
  for (const line of rawLines) {
    const content = line.slice(Math.min(indent, line.length - line.trimStart().length));
    inValue.push(val);
    inSource.push(src + (line.length - content.length));
    kept.push(content);
    val += content.length + 1;
    src += line.length + 1;
  }
  const trailing = /\n*$/;
  if (kept.join('\n').replace(trailing, '') !== node.text.replace(trailing, '')) return undefined;
  return (offset) => {
    let i = inValue.length - 1;
    while (i > 0 && inValue[i]! > offset) i--;
    return inSource[i]! + (offset - inValue[i]!);
  };
}
