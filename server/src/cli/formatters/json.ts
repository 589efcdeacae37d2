import type { CliFinding } from './types';

/**
 * The public contract (design.md, "Interfaces"): one array; each element exactly
 * {file, line, column, endLine, endColumn, severity, rule, message, related}, related being
 * [{file, line, column, message}]. Keys are listed explicitly so nothing else leaks in.
 */
export function formatJson(findings: readonly CliFinding[]): string {
  const out = findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    related: f.related.map((r) => ({ file: r.file, line: r.line, column: r.column, message: r.message })),
  }));
  return JSON.stringify(out, null, 2) + '\n';
}
