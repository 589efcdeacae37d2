/**
 * "Fix all" for one file: the first safe fix of each finding, in the findings' order, as long
 * as its edits stay in the file and do not overlap an edit already chosen (ruff and ESLint
 * choose the same way). Unsafe fixes never join (design.md, fixes).
 */
import type { Finding, TextEdit } from '../types';

/** Edits that share more than an end point: applying both would garble the text. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return !(a.end <= b.start || b.end <= a.start);
}

export function fixAllEdits(findings: readonly Finding[], uri: string): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const f of findings) {
    if (f.span.uri !== uri) continue;
    for (const fix of f.fixes) {
      if (fix.safety !== 'safe' || fix.edits.some((e) => e.uri !== uri)) continue;
      if (fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
      chosen.push(...fix.edits);
      break;
    }
  }
  return chosen;
}
