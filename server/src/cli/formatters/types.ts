import type { ResolvedFinding } from '../../engine';

/** One finding as the CLI prints it: path relative to the current directory, 1-based positions. */
export interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly rule: string;
  readonly message: string;
  readonly related: ReadonlyArray<{ file: string; line: number; column: number; message: string }>;
}

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
    related: r.related.map((x) => ({ file: rel(x.uri), line: x.range.start.line + 1, column: x.range.start.character + 1, message: x.message })),
  };
}
