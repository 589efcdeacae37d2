/**
 * The hover at a place of a file: the Calico parameter named there, the certificate or key held
 * there (decoded, never its key bytes), and the documentation of each rule reported there. The
 * language server only converts it to LSP. In the analysis' locale (or `locale`): the rule's
 * summary from its translated page (rules/l10n), the rest from describe.ts and navigate.ts.
 * The hover has no wording of its own besides theirs.
 */
import type { Analysis } from '../analysis';
import type { Locale } from '../l10n/messages';
import type { ParsedFile } from '../parse';
import { RULES_BY_ID } from '../rules';
import { ruleDocText } from '../rules/l10n';
import { ruleDocSummary } from '../rules/support/docs';
import type { Finding, Span } from '../types';
import { describeAt } from './describe';
import { parameterHoverAt } from './navigate';

export interface HoverContent {
  readonly markdown: string;
  /** The range the hover is about, when one thing decides it (a finding, a parameter). */
  readonly span: Span | undefined;
}

export function hoverAt(
  file: ParsedFile,
  offset: number,
  findings: readonly Finding[],
  analysis: Analysis | undefined,
  locale: Locale = analysis?.locale ?? 'en',
): HoverContent | undefined {
  const parts: string[] = [];
  let span: Span | undefined;
  const seen = new Set<string>();
  for (const f of findings) {
    if (f.span.uri !== file.uri || offset < f.span.start || offset > f.span.end || seen.has(f.rule)) continue;
    const rule = RULES_BY_ID.get(f.rule);
    if (!rule) continue;
    seen.add(f.rule);
    parts.push(ruleDocSummary(rule, locale === 'en' ? undefined : ruleDocText(f.rule, locale)));
    span = f.span;
  }
  const cert = analysis ? describeAt(analysis, file.uri, offset, locale) : undefined;
  if (cert) parts.unshift(cert.markdown);
  const param = parameterHoverAt(file, offset, locale);
  if (param) {
    parts.unshift(param.markdown);
    span ??= param.span;
  }
  return parts.length ? { markdown: parts.join('\n\n---\n\n'), span } : undefined;
}
