import type { Finding } from './types';

/**
 * The order findings are reported in: by file, position and rule, then by everything else, so
 * that the order does not depend on which rule ran first (analysing a workspace whole or in
 * parts gives the same list).
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.span.uri !== b.span.uri) return a.span.uri < b.span.uri ? -1 : 1;
  return a.span.start - b.span.start || a.rule.localeCompare(b.rule) || a.span.end - b.span.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
