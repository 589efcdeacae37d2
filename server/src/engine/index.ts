/**
 * The engine's public surface: text in, findings out. Pure: no vscode, no LSP types, no
 * file system, no network (ARCHITECTURE.md, invariants). Never throws on bad input.
 */
export * from './types';
export { analyze, analyzeUnits, lint, resolveFinding, type LintOptions, type LintResult } from './analyze';
export { parseFile, formatOf, DEFAULT_MAX_FILE_SIZE, YamlDocumentCache } from './parse';
export type { ParsedFile } from './parse';
export { Analysis } from './analysis';
export { IncrementalAnalyzer, type IncrementalResult } from './incremental';
export { unitsOf, type Unit } from './units';
export { findingsByUri } from './order';
export { RULES, RULES_BY_ID } from './rules';
export type { Rule, RuleMeta, Example, Category } from './rules/types';
export { parseProjectConfig, isIgnored, EMPTY_CONFIG, SKIPPED_DIRS, type ProjectConfig } from './config';
export { CANDIDATE_FILE, CANDIDATE_GLOBS } from './candidates';
export { disableNextLineEdit, disableFileEdit } from './suppress';
export { ruleDocMarkdown, ruleDocSummary, ruleDocUrl, ENGLISH_DOC_LABELS } from './rules/support/docs';
export type { RuleDocLabels, RuleDocText } from './rules/support/docs';
export { describeAt, lensesOf, type MaterialDescription } from './services/describe';
export { decodeSteps } from './certs/material';
export { completionsAt, type CompletionItem } from './services/complete';
export { fixAllEdits } from './services/fixall';
export { hoverAt, type HoverContent } from './services/hover';
export { definitionAt, referencesAt, symbolsOf, parameterHoverAt, type DocSymbol } from './services/navigate';
export {
  bundleOf,
  m,
  placeholdersOf,
  renderMsg,
  localeOf,
  localeFromEnv,
  LOCALES,
  type Arg,
  type Locale,
  type Msg,
  type Messages,
} from './l10n/messages';
