/** Engine data <-> LSP types. */
import {
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { ResolvedFinding } from '../engine';

export const SOURCE = 'calico-tls';

export interface FixData {
  readonly title: string;
  readonly safety: 'safe' | 'unsafe';
  readonly edits: ReadonlyArray<{ uri: string; range: TextEdit['range']; newText: string }>;
}

/** What a diagnostic carries so that code actions need no server state. */
export interface DiagnosticData {
  readonly rule: string;
  readonly fixes: readonly FixData[];
}

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(f: ResolvedFinding, docHref: (rule: string) => string, related: boolean): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, fixes: f.fixes };
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docHref(f.rule) },
    message: f.message,
    data,
  };
  if (related && f.related.length)
    d.relatedInformation = f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  return d;
}

export function workspaceEdit(edits: FixData['edits']): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}

export function fixAction(diagnostic: Diagnostic, fix: FixData, preferred: boolean): CodeAction {
  return {
    title: fix.title,
    kind: 'quickfix',
    diagnostics: [diagnostic],
    edit: workspaceEdit(fix.edits),
    isPreferred: preferred,
  };
}
