/**
 * Linting a large workspace one unit at a time (issue 21): memory bounded by the largest unit,
 * not by the workspace. Objects of different units are never related (units.ts), so the
 * workspace is cut first, from a cheap look at every file (`firstLook`: the identities
 * parse/scan.ts reads from the top-level lines, or a full parse where it cannot), and then each
 * unit is parsed, analysed and let go (`lintUnit`). `mergeUnits` joins the units' findings in
 * the order and with the deduplication the one-pass `lint` gives them: test/differential.test.ts
 * holds the two to the same findings on every pinned workspace. The steps are pure; the CLI runs
 * them in worker threads (parallel/) or, with `--concurrency off`, one after the other here
 * (`lintByUnits`).
 */
import { analyzeUnits, dedupe, dedupeErrors, resolveFinding, type LintOptions, type LintResult } from './analyze';
import { baseName, blankFile, parseFile, type ParsedFile } from './parse';
import type { YamlDocumentCache } from './parse/yaml';
import { scanIdentities } from './parse/scan';
import { compactFile, identitiesOnly, READ_WHOLE, unreadOf, type Ranges, type Unread } from './model/compact';
import { repeatedKeysInText, type RepeatedKey } from './parse/keys';
import type { Relevance } from './model/reads';
import { LineIndex } from './parse/line-index';
import { relevance } from './relevance';
import { KUSTOMIZATION, identities, unitsOf } from './units';
import { compareFindings } from './order';
import type { Finding, ResolvedFinding, SourceFile } from './types';
import type { Msg } from './l10n/messages';

/** A unit to analyse: the files it holds, by uri. */
export interface UnitPlan {
  readonly id: string;
  readonly uris: readonly string[];
}

/** What the CLI needs of a file once its unit is done: why it was skipped, whether it was read whole. */
export interface FileSummary {
  readonly uri: string;
  readonly format: ParsedFile['format'];
  readonly notes: number;
  readonly skippedReason?: Msg;
  readonly skippedBy?: ParsedFile['skippedBy'];
}

/** A finding of a unit, with its position resolved and the text it flags (GitLab fingerprints). */
export interface UnitFinding {
  readonly finding: Finding;
  readonly resolved: ResolvedFinding;
  readonly flagged: string;
}

export interface UnitResult {
  readonly findings: readonly UnitFinding[];
  readonly ruleErrors: LintResult['ruleErrors'];
  readonly files: readonly FileSummary[];
}

/**
 * What cutting the workspace into units needs of a file (units.ts): its objects' identities
 * (kind/name), and a kustomization whole (its lists decide units). Small: the language server
 * keeps one per file of the workspace, and workers send one per file to the main thread.
 */
export interface FileLook {
  readonly uri: string;
  readonly ids: readonly string[];
  /** A kustomization, parsed (without its text and line index). */
  readonly kustomization?: Omit<ParsedFile, 'lines'>;
}

/** Whether a new look leaves the cut as it was (units.ts cutsAlike, on looks). */
export function looksAlike(before: FileLook, after: FileLook): boolean {
  if (before.uri !== after.uri || before.kustomization || after.kustomization) return false;
  if (/^chart\.ya?ml$/.test(baseName(after.uri))) return false;
  if (before.ids.length !== after.ids.length) return false;
  const a = new Set(before.ids);
  return after.ids.every((x) => a.has(x));
}

/** A file of a unit: its text, and what of it no reader reads (from its first look). */
export interface UnitSource extends SourceFile {
  readonly unread?: Unread;
}

/**
 * Enough of a file to cut the workspace into units: the scanned identities of a YAML file, else
 * the file parsed and compacted. Kustomizations are always parsed (their lists decide units).
 * `unread`: the lines of the objects no reader of this run reads (model/compact.ts unreadOf).
 */
export function firstLook(
  source: SourceFile,
  options: LintOptions = {},
  reads: Relevance = relevance(options.rules),
): { look: FileLook; unread: Unread } {
  const max = options.maxFileSize;
  const kustomization = KUSTOMIZATION.test(baseName(source.uri));
  const scanned =
    kustomization || (max !== undefined && source.text.length > max)
      ? undefined
      : scanIdentities(source.uri, source.text);
  if (scanned) return { look: lookOf(scanned), unread: unreadOf(source.text, scanned, reads) };
  const parsed = parseFile(source, options);
  // Units need identities, kustomizations (read whole) and names only.
  if (!kustomization) return { look: lookOf(identitiesOnly(parsed)), unread: READ_WHOLE };
  const { lines: _lines, ...file } = parsed;
  return { look: { ...lookOf(parsed), kustomization: { ...file, text: '' } }, unread: READ_WHOLE };
}

function lookOf(f: ParsedFile): FileLook {
  return { uri: f.uri, ids: [...identities(f)] };
}

/** The units of a workspace, from the first looks of its files. */
export function planUnits(looks: readonly FileLook[]): UnitPlan[] {
  // Stand-ins the cut reads by path and name; their identities come from the looks.
  const ids = new Map<ParsedFile, Set<string>>();
  const files = looks.map((l) => {
    const f: ParsedFile = l.kustomization
      ? { ...l.kustomization, lines: NO_LINES }
      : { ...blankFile(l.uri, '', NO_LINES), format: 'yaml' };
    ids.set(f, new Set(l.ids));
    return f;
  });
  return unitsOf(files, (f) => ids.get(f)).map((u) => ({ id: u.id, uris: u.files.map((f) => f.uri) }));
}

const NO_LINES = new LineIndex('');

/** Parses and analyses one unit's files (as the one-pass lint analyses that unit). */
export function lintUnit(sources: readonly UnitSource[], options: LintOptions = {}): UnitResult {
  const files = parseUnit(sources, options);
  const byUri = new Map(files.map((f) => [f.uri, f] as const));
  // The same files cut again give the unit they were planned as (units.ts depends on nothing else).
  const res = analyzeUnits(files, unitsOf(files), options);
  return {
    findings: res.findings.map((finding) => ({
      finding,
      resolved: resolveFinding(finding, (u) => byUri.get(u)),
      flagged: byUri.get(finding.span.uri)?.text.slice(finding.span.start, finding.span.end) ?? '',
    })),
    ruleErrors: res.ruleErrors,
    files: files.map((f) => ({
      uri: f.uri,
      format: f.format,
      notes: f.notes.length,
      ...(f.skippedReason ? { skippedReason: f.skippedReason, skippedBy: f.skippedBy } : {}),
    })),
  };
}

/**
 * A unit's files parsed as its lint parses them: compact (model/compact.ts), what no reader reads
 * blanked before the parse. The language server builds a unit's model for hovers from these.
 */
export function parseUnit(sources: readonly UnitSource[], options: LintOptions = {}): ParsedFile[] {
  const reads = relevance(options.rules);
  return sources.map((s) => {
    // What no reader reads is blanked before parsing (its identity lines kept), then the file
    // gets its own text back: suppressions, Helm sources and flagged text read the real one.
    const blank = blanked(s, options.yamlCache);
    if (!blank) return compactFile(parseFile(s, options), reads);
    const parsed = parseFile(s, { ...options, mask: blank.ranges });
    // A document whose keys only are read gets the repeats its text showed (compact.ts keeps them).
    const documents = blank.repeats.size
      ? parsed.documents.map((d) => {
          for (const [[start, end], repeatedKeys] of blank.repeats)
            if (d.start >= start && d.start < end) return { ...d, repeatedKeys };
          return d;
        })
      : parsed.documents;
    const lines = parsed.text === s.text ? parsed.lines : new LineIndex(s.text);
    return compactFile({ ...parsed, documents, text: s.text, lines }, reads);
  });
}

/**
 * What to blank in a unit's file: the ranges no reader reads, and each document whose keys only
 * are read when its repeated keys can be read from the text (parse/keys.ts; else it is parsed
 * whole and compact.ts finds them in its tree). Undefined: nothing to blank, or a look that does
 * not fit the text (the file changed since).
 */
function blanked(
  s: UnitSource,
  cache: YamlDocumentCache | undefined,
): { ranges: Ranges; repeats: Map<readonly [number, number], RepeatedKey[]> } | undefined {
  const u = s.unread;
  if (!u || (!u.ranges.length && !u.keyed.length)) return undefined;
  const last = Math.max(u.ranges[u.ranges.length - 1]?.[1] ?? 0, u.keyed[u.keyed.length - 1]?.end ?? 0);
  if (last > s.text.length) return undefined;
  const repeats = new Map<readonly [number, number], RepeatedKey[]>();
  const ranges = [...u.ranges];
  for (const k of u.keyed) {
    const found = keysOf(s.text, k.start, k.end, cache);
    if (!found) continue;
    repeats.set([k.start, k.end], found);
    ranges.push(...k.mask);
  }
  if (!ranges.length) return undefined;
  if (u.keyed.length) ranges.sort((a, b) => a[0] - b[0]);
  return { ranges, repeats };
}

/**
 * The repeated keys of the keyed document at [start, end): read from its text, once per text of
 * it when the language server keeps a cache (the other documents of the file it edits).
 */
function keysOf(text: string, start: number, end: number, cache: YamlDocumentCache | undefined) {
  if (!cache) return repeatedKeysInText(text, start, end);
  const found = cache.derived('repeatedKeys', text.slice(start, end), (doc) => repeatedKeysInText(doc, 0, doc.length));
  return found?.map((k) => ({
    key: k.key,
    first: { start: k.first.start + start, end: k.first.end + start },
    again: { start: k.again.start + start, end: k.again.end + start },
  }));
}

/** The units' results joined: in the one-pass order, each finding once, each file once. */
export function mergeUnits(results: readonly UnitResult[]): UnitResult {
  const all = results.flatMap((r) => r.findings);
  const of = new Map(all.map((x) => [x.finding, x] as const));
  const findings = dedupe(all.map((x) => x.finding).sort(compareFindings)).map((f) => of.get(f)!);
  // The files on first use: the language server merges on every keystroke and never asks.
  let files: FileSummary[] | undefined;
  return {
    findings,
    ruleErrors: dedupeErrors(results.flatMap((r) => r.ruleErrors)),
    get files() {
      const seen = new Set<string>();
      return (files ??= results.flatMap((r) => r.files).filter((f) => !seen.has(f.uri) && !!seen.add(f.uri)));
    },
  };
}

/** The whole of it in this thread: the same findings as `lint`, one unit in memory at a time. */
export function lintByUnits(sources: readonly SourceFile[], options: LintOptions = {}): UnitResult {
  const reads = relevance(options.rules);
  const looks = sources.map((s) => firstLook(s, options, reads));
  const plan = planUnits(looks.map((l) => l.look));
  const byUri = new Map(sources.map((s, i) => [s.uri, { ...s, unread: looks[i]!.unread }] as const));
  return mergeUnits(
    plan.map((u) =>
      lintUnit(
        u.uris.map((x) => byUri.get(x)!),
        options,
      ),
    ),
  );
}
