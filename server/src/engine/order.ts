import type { Finding } from './types';

/**
 * The order findings are reported in: by file, position and rule, then by everything else, so
 * that the order does not depend on which rule ran first (analysing a workspace whole or in
 * parts gives the same list).
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.span.uri !== b.span.uri) return a.span.uri < b.span.uri ? -1 : 1;
  return (
    a.span.start - b.span.start ||
    a.rule.localeCompare(b.rule) ||
    a.span.end - b.span.end ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Findings grouped by file, each list in the order given. */
export function findingsByUri(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.span.uri);
    if (list) list.push(f);
    else out.set(f.span.uri, [f]);
  }
  return out;
}
