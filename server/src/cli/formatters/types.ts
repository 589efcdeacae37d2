import { compareOrder } from '../../engine/order';
import type { ResolvedFinding, Severity } from '../../engine';

export interface CliRelated {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

/** One finding as the CLI prints it: path relative to the current directory, 1-based positions. */
export interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly rule: string;
  readonly message: string;
  readonly related: readonly CliRelated[];
}

/** 0-based engine positions to 1-based CLI positions; `rel` turns a uri into the shown path. */
export function toCli(r: ResolvedFinding, rel: (uri: string) => string): CliFinding {
  return {
    file: rel(r.uri),
    line: r.range.start.line + 1,
    column: r.range.start.character + 1,
    endLine: r.range.end.line + 1,
    endColumn: r.range.end.character + 1,
    severity: r.severity,
    rule: r.rule,
    message: r.message,
    related: r.related.map((x) => ({
      file: rel(x.uri),
      line: x.range.start.line + 1,
      column: x.range.start.character + 1,
      endLine: x.range.end.line + 1,
      endColumn: x.range.end.character + 1,
      message: x.message,
    })),
  };
}

/** The output order: file, then line, then column (then rule and message, for stability). */
/** The engine's order (engine/order.ts), on output positions. */
export function compareFindings(a: CliFinding, b: CliFinding): number {
  const key = (f: CliFinding) => ({
    file: f.file,
    start: [f.line, f.column] as const,
    rule: f.rule,
    end: [f.endLine, f.endColumn] as const,
    message: f.message,
  });
  return compareOrder(key(a), key(b));
}

export interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

export function countOf(findings: readonly CliFinding[]): Counts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
