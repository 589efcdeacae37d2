/**
 * The analysis entry: runs the rules over parsed files, unit by unit, with suppressions and
 * severities applied, and turns offsets into positions for output. `index.ts` is the engine's
 * public surface and re-exports this; the incremental analyzer builds on it.
 */
import { parseFile, type ParsedFile, type ParseOptions } from './parse';
import { Analysis, type AnalysisOptions, type NearMiss } from './analysis';
import { RULES } from './rules';
import type { Rule } from './rules/types';
import { isSuppressed, suppressionsOf } from './suppress';
import type { Finding, ResolvedFinding, SeverityOrOff, SourceFile, Span } from './types';
import { compareFindings } from './order';
import { unitsOf, type Unit } from './units';
import { m, renderMsg, type Messages, type Msg } from './l10n/messages';
import { compactFile } from './model/compact';
import { relevance } from './relevance';

export interface LintOptions extends AnalysisOptions, ParseOptions {
  /** Severity overrides by rule id; 'off' disables a rule. */
  readonly rules?: Readonly<Record<string, SeverityOrOff>>;
}

/** The engine's own wording around the rules' messages (scope `engine` in the bundles). */
export const ENGINE_MESSAGES: Messages = {
  asWritten: '{message} As written: {consequences}',
  asWrittenHere: 'as written, {rule} applies here',
  helmSource: '{message} [Helm source: {source}]',
};

export interface LintResult {
  readonly findings: Finding[];
  /** Rules that threw; their error is isolated so the others still report. */
  readonly ruleErrors: Array<{ rule: string; error: string }>;
  /** The model the rules ran on, for hovers, navigation and completion without a second build. */
  readonly analysis: Analysis;
}

/**
 * Runs every enabled rule over already-parsed files (the LSP keeps parses between edits), unit
 * by unit (units.ts): objects of different units are never related.
 */
export function analyze(files: readonly ParsedFile[], options: LintOptions = {}): LintResult {
  return analyzeUnits(files, unitsOf(files), options);
}

/** `analyze` with the units given (the incremental analyzer cuts the whole workspace once). */
export function analyzeUnits(
  files: readonly ParsedFile[],
  units: readonly Unit[],
  options: LintOptions = {},
): LintResult {
  const byUri = new Map(files.map((f) => [f.uri, f] as const));
  const sups = new Map<string, ReturnType<typeof suppressionsOf>>();
  const supsOf = (uri: string) => {
    let s = sups.get(uri);
    if (!s) sups.set(uri, (s = suppressionsOf(byUri.get(uri)!)));
    return s;
  };
  const locale = options.locale ?? 'en';
  const say = (id: string, data: Readonly<Record<string, string>>) =>
    renderMsg(m(id, data), 'engine', ENGINE_MESSAGES, locale);
  const findings: Finding[] = [];
  const ruleErrors: LintResult['ruleErrors'] = [];
  let whole: Analysis | undefined;
  // Findings about near-miss names, which carry their consequences (foldConsequences).
  const nearMissFindings = new WeakSet<Finding>();
  const runAll = (analysis: Analysis, out: Finding[], errors: LintResult['ruleErrors']) => {
    for (const rule of RULES) {
      const sev = options.rules?.[rule.meta.id] ?? rule.meta.severity;
      if (sev === 'off') continue;
      runRule(
        rule,
        analysis,
        (r) => {
          const say = (x: Msg) => renderMsg(x, rule.meta.id, rule.meta.messages, locale);
          const f: Finding = {
            rule: rule.meta.id,
            severity: sev,
            message: say(r.message),
            span: r.span,
            related: (r.related ?? []).map((x) => ({ span: x.span, message: say(x.message) })),
            fixes: (r.fixes ?? []).map((x) => ({ title: say(x.title), safety: x.safety, edits: x.edits })),
          };
          if (r.nearMiss) nearMissFindings.add(f);
          if (byUri.has(f.span.uri) && !isSuppressed(f, byUri.get(f.span.uri), supsOf(f.span.uri))) out.push(f);
        },
        errors,
      );
    }
  };
  for (const unit of units) {
    const analysis = new Analysis(unit.files, options, unit);
    if (units.length === 1 && !unit.patches.length && !unit.patchFiles.size) whole = analysis;
    const found: Finding[] = [];
    runAll(analysis, found, ruleErrors);
    foldConsequences(found, nearMissesOf(analysis), nearMissFindings, say, (miss) => {
      const asWritten: Finding[] = [];
      const same = (s: Span) => s.uri === miss.uri && s.start === miss.start && s.end === miss.end;
      runAll(new Analysis(unit.files, options, unit, same), asWritten, []);
      return asWritten;
    });
    findings.push(...found);
  }
  annotateHelmSources(findings, byUri, say);
  findings.sort(compareFindings);
  // Hovers, navigation and completion read one model of every file: built when first asked for,
  // since a workspace of many units would otherwise build every model twice.
  let lazy = whole;
  return {
    findings: dedupe(findings),
    ruleErrors: dedupeErrors(ruleErrors),
    get analysis() {
      return (lazy ??= new Analysis(files, options));
    },
  };
}

function nearMissesOf(a: Analysis): readonly NearMiss[] {
  try {
    return a.nearMisses;
  } catch {
    return [];
  }
}

/** At most this many near-misses of one unit get their consequences worded (one analysis each). */
const MAX_FOLDED = 8;

/**
 * A misspelt name is the root cause: what its absence breaks belongs in its finding, not in a
 * second error elsewhere. The rules ran on a model where each near-miss stands for the name it
 * means (unknown, so they stayed silent about it). For each near-miss that got a finding, the
 * rules run again with that one near-miss taken as written (`asWritten`): the findings that
 * appear only then are its consequences, and are folded into its finding ("As written: ..."),
 * which stays at the line to change and whose fix renames the name. A near-miss nobody
 * reports (its rule off, or a disable comment) has its consequences reported as they are.
 */
function foldConsequences(
  found: Finding[],
  misses: readonly NearMiss[],
  carriers: WeakSet<Finding>,
  say: (id: string, data: Readonly<Record<string, string>>) => string,
  asWritten: (miss: Span) => Finding[],
): void {
  if (!misses.length) return;
  const at = (s: Span) => `${s.uri}|${s.start}|${s.end}`;
  const key = (f: Finding) => `${f.rule}|${at(f.span)}`;
  const seen = new Set(found.map(key));
  const carried = new Map<string, number>();
  found.forEach((f, i) => {
    if (carriers.has(f)) carried.set(at(f.span), i);
  });
  let runs = 0;
  for (const m of misses) {
    if (runs++ >= MAX_FOLDED) break;
    const i = carried.get(at(m.span));
    const fs = asWritten(m.span).filter((f) => !seen.has(key(f)));
    if (i === undefined) {
      for (const f of fs) seen.add(key(f));
      found.push(...fs);
      continue;
    }
    const n = found[i]!;
    const msgs = [...new Set(fs.map((f) => f.message))];
    if (!msgs.length) continue;
    found[i] = {
      ...n,
      message: say('asWritten', { message: n.message, consequences: msgs.join(' ') }),
      related: [...n.related, ...fs.map((f) => ({ span: f.span, message: say('asWrittenHere', { rule: f.rule }) }))],
    };
  }
}

/** Each rule's first error only (units may each hit the same bug). */
export function dedupeErrors(errors: LintResult['ruleErrors']): LintResult['ruleErrors'] {
  return errors.filter((e, i) => errors.findIndex((x) => x.rule === e.rule) === i);
}

/**
 * `helm template` output marks each document with `# Source: chart/templates/x.yaml`; findings in
 * such a document name the template they come from, so the fix goes into the chart.
 */
function annotateHelmSources(
  findings: Finding[],
  byUri: ReadonlyMap<string, ParsedFile>,
  say: (id: string, data: Readonly<Record<string, string>>) => string,
): void {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    const file = byUri.get(f.span.uri);
    if (!file || !file.text.includes('# Source: ')) continue;
    const doc = file.documents.find((d) => f.span.start >= d.start && f.span.start <= d.end);
    const from = doc ? file.text.lastIndexOf('# Source: ', f.span.start) : -1;
    if (from < 0 || (doc && from < file.text.lastIndexOf('\n---', f.span.start))) continue;
    const src = /# Source: (\S+)/.exec(file.text.slice(from, from + 300))?.[1];
    if (src) findings[i] = { ...f, message: say('helmSource', { message: f.message, source: src }) };
  }
}

function runRule(
  rule: Rule,
  analysis: Analysis,
  report: Parameters<Rule['check']>[1],
  errors: LintResult['ruleErrors'],
): void {
  try {
    rule.check(analysis, report);
  } catch (e) {
    errors.push({ rule: rule.meta.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

/** Findings reported twice (a base shared by two overlays is analysed in both) are said once. */
export function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.rule}|${f.span.uri}|${f.span.start}|${f.span.end}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Parses and analyses source texts in one go (CLI, tests). `onParsed` hears each file parsed
 * (its 1-based count and the total) and `onAnalysing` when the analysis starts: the CLI's
 * progress line.
 */
export function lint(
  sources: readonly SourceFile[],
  options: LintOptions = {},
  progress: { onParsed?(n: number, total: number): void; onAnalysing?(): void } = {},
): LintResult & { files: ParsedFile[] } {
  // Each file is cut to what the enabled rules read as soon as it is parsed (model/compact.ts):
  // the trees of objects nothing reads never pile up.
  const reads = relevance(options.rules);
  const files = sources.map((s, i) => {
    progress.onParsed?.(i + 1, sources.length);
    return compactFile(parseFile(s, options), reads);
  });
  progress.onAnalysing?.();
  return { ...analyze(files, options), files };
}

/** Turns offsets into 0-based line/character for output. */
export function resolveFinding(f: Finding, fileOf: (uri: string) => ParsedFile | undefined): ResolvedFinding {
  const range = (s: Span) => {
    const file = fileOf(s.uri);
    if (!file) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: file.lines.positionAt(s.start), end: file.lines.positionAt(s.end) };
  };
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    uri: f.span.uri,
    range: range(f.span),
    related: f.related.map((r) => ({ uri: r.span.uri, range: range(r.span), message: r.message })),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      safety: x.safety,
      edits: x.edits.map((e) => ({ uri: e.uri, range: range(e), newText: e.newText })),
    })),
  };
}
