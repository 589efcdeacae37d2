import type { Finding } from './types';

/** What findings are ordered by; positions are offsets (engine) or [line, column] (output). */
export interface OrderKey {
  readonly file: string;
  readonly start: number | readonly [number, number];
  readonly rule: string;
  readonly end: number | readonly [number, number];
  readonly message: string;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpPos(a: OrderKey['start'], b: OrderKey['start']): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [al, ac] = typeof a === 'number' ? [0, a] : a;
  const [bl, bc] = typeof b === 'number' ? [0, b] : b;
  return al - bl || ac - bc;
}

/**
 * The one order findings are reported in, by the engine, the language server and the CLI: by
 * file, start, rule, end, then message, so that it does not depend on which rule ran first
 * (analysing a workspace whole or in parts gives the same list).
 */
export function compareOrder(a: OrderKey, b: OrderKey): number {
  return (
    cmp(a.file, b.file) ||
    cmpPos(a.start, b.start) ||
    cmp(a.rule, b.rule) ||
    cmpPos(a.end, b.end) ||
    cmp(a.message, b.message)
  );
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareOrder(
    { file: a.span.uri, start: a.span.start, rule: a.rule, end: a.span.end, message: a.message },
    { file: b.span.uri, start: b.span.start, rule: b.rule, end: b.span.end, message: b.message },
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
