import type { CliFinding } from './types';

/** The public contract (design.md): one array of {file, line, column, endLine, endColumn, severity, rule, message, related}. */
export function formatJson(findings: readonly CliFinding[]): string {
  return JSON.stringify(
    findings.map((f) => ({ file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, rule: f.rule, message: f.message, related: f.related })),
    null,
    2,
  );
}
