import { RULES, ruleDocUrl, type Locale, type Severity } from '../../engine';
import { ruleDocText } from '../../engine/rules/l10n';
import { say } from '../messages';
import { STDIN } from '../files';
import type { CliFinding } from './types';

export interface SarifOptions {
  /** The tool's version (package.json). */
  readonly version: string;
  /** `file:` URI of the current directory, with a trailing slash: the %SRCROOT% base. */
  readonly srcRoot: string;
  /** Problems of the run itself (a rule that crashed), reported as tool notifications. */
  readonly notifications?: ReadonlyArray<{ readonly message: string; readonly ruleId?: string }>;
  /** False when some input could not be read. */
  readonly executionSuccessful?: boolean;
  /** The language of the messages and rule descriptions (the run's `language`); default English. */
  readonly locale?: Locale;
}

/** RFC 5646 tags for SARIF's `run.language`. */
const LANGUAGE_TAG: Record<Locale, string> = { en: 'en-US', 'zh-cn': 'zh-CN' };

export const INFORMATION_URI = 'https://github.com/calico-tls/calico-tls';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A CLI path (relative, forward slashes) as a URI reference: each segment percent-encoded. */
function uriOf(file: string): string {
  return file
    .split('/')
    .map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s)))
    .join('/');
}

function location(file: string, line: number, column: number, endLine: number, endColumn: number) {
  return {
    physicalLocation: {
      artifactLocation:
        file === STDIN
          ? { uri: uriOf(file), description: { text: 'standard input' } }
          : { uri: uriOf(file), uriBaseId: '%SRCROOT%' },
      region: { startLine: line, startColumn: column, endLine, endColumn },
    },
  };
}

/** PascalCase of a kebab-case id, for SARIF's `name` (GitHub shows it). */
function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/**
 * SARIF 2.1.0: one run, the whole rule catalogue with help URIs, results with real regions
 * (1-based, columns in UTF-16 code units as `columnKind` says) and related locations.
 */
export function formatSarif(findings: readonly CliFinding[], o: SarifOptions): string {
  const index = new Map(RULES.map((r, i) => [r.meta.id, i] as const));
  const locale = o.locale ?? 'en';
  // Rule descriptions in the run's language where a translation exists (rules/l10n), else English.
  const text = (r: (typeof RULES)[number]) => {
    const t = ruleDocText(r.meta.id, locale);
    return { description: t?.description ?? r.meta.description, why: t?.why ?? r.meta.why };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        language: LANGUAGE_TAG[locale],
        tool: {
          driver: {
            name: 'calico-tls',
            version: o.version,
            ...(/^\d+\.\d+\.\d+/.test(o.version) ? { semanticVersion: o.version } : {}),
            informationUri: INFORMATION_URI,
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: pascal(r.meta.id),
              shortDescription: { text: text(r).description },
              fullDescription: { text: text(r).why },
              helpUri: ruleDocUrl(r.meta.id),
              help: { text: say(locale, 'sarifHelp', { ...text(r), url: ruleDocUrl(r.meta.id) }) },
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: {
                category: r.meta.category,
                tags: ['calico', 'tls', r.meta.category],
                ...(r.meta.fix ? { fix: r.meta.fix } : {}),
              },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: o.executionSuccessful ?? true,
            ...(o.notifications?.length
              ? {
                  toolExecutionNotifications: o.notifications.map((n) => ({
                    level: 'warning',
                    message: { text: n.message },
                    ...(n.ruleId !== undefined && index.has(n.ruleId)
                      ? { associatedRule: { id: n.ruleId, index: index.get(n.ruleId)! } }
                      : {}),
                  })),
                }
              : {}),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: o.srcRoot } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.file, f.line, f.column, f.endLine, f.endColumn)],
          ...(f.related.length
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i + 1,
                  message: { text: r.message },
                  ...location(r.file, r.line, r.column, r.endLine, r.endColumn),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
