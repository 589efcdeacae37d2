import { createHash } from 'node:crypto';
import type { Severity } from '../../engine';
import type { CliFinding } from './types';

/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), the subset
 * of the Code Climate issue format GitLab documents ("Code Quality report format"): an array of
 * {description, check_name, fingerprint, severity, location: {path, lines: {begin, end}}}.
 *
 * GitLab compares the fingerprints of the merge request's report with the target branch's to
 * tell new findings from old ones, and shows one finding per fingerprint. So a fingerprint
 * must not change when lines are added above a finding (no line numbers in it) and must be
 * unique in a report: it hashes the rule, the file, the flagged source text with its
 * whitespace removed, and the message with its numbers removed (a message that quotes a line
 * or a count), plus the occurrence number among findings that agree on all of those.
 */
const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

export interface GitlabIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: 'major' | 'minor' | 'info';
  readonly location: { readonly path: string; readonly lines: { readonly begin: number; readonly end: number } };
}

/** `snippet` gives the source text a finding flags (empty when unknown). */
export function formatGitlab(findings: readonly CliFinding[], snippet: (f: CliFinding) => string): string {
  const seen = new Map<string, number>();
  const out: GitlabIssue[] = findings.map((f) => {
    const basis = [f.rule, f.file, snippet(f).replace(/\s+/g, ''), f.message.replace(/\d+/g, '#')].join('\0');
    const n = seen.get(basis) ?? 0;
    seen.set(basis, n + 1);
    const fingerprint = createHash('sha256').update(`${basis}\0${n}`).digest('hex').slice(0, 32);
    return {
      description: f.message,
      check_name: f.rule,
      fingerprint,
      severity: SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    };
  });
  return JSON.stringify(out, null, 2) + '\n';
}
