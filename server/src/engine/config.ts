import { parse as parseYamlValue } from 'yaml';
import picomatch from 'picomatch';
import type { SeverityOrOff } from './types';

/**
 * `.calico-tls.yaml` at the workspace root, read by the CLI and the language server alike:
 *
 *   rules:                      # per-rule severity: error | warning | info | off
 *     felix-typha-identity-unset: warning
 *   ignore:                     # globs relative to the config file's folder
 *     - vendor/**
 *   expiryWarningDays: 30
 *   maxFileSize: 5242880        # bytes; larger files are skipped with one info finding
 */
export interface ProjectConfig {
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  readonly ignore: readonly string[];
  readonly expiryWarningDays?: number;
  readonly maxFileSize?: number;
}

export const EMPTY_CONFIG: ProjectConfig = { rules: {}, ignore: [] };

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/** Parses the config text; problems come back as messages, never as exceptions. */
export function parseProjectConfig(
  text: string,
  knownRules: ReadonlySet<string>,
): { config: ProjectConfig; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parseYamlValue(text, { maxAliasCount: 50 });
  } catch (e) {
    return { config: EMPTY_CONFIG, problems: [`not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  if (raw === null || raw === undefined) return { config: EMPTY_CONFIG, problems };
  if (typeof raw !== 'object' || Array.isArray(raw))
    return { config: EMPTY_CONFIG, problems: ['expected a mapping at the top level'] };
  const o = raw as Record<string, unknown>;
  const rules: Record<string, SeverityOrOff> = {};
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules))
      problems.push('`rules` must be a mapping of rule id to severity');
    else
      for (const [k, v] of Object.entries(o.rules as Record<string, unknown>)) {
        if (!knownRules.has(k)) problems.push(`unknown rule '${k}' in \`rules\``);
        else if (typeof v !== 'string' || !SEVERITIES.has(v))
          problems.push(`rule '${k}': severity must be error, warning, info or off`);
        else rules[k] = v as SeverityOrOff;
      }
  }
  const ignore: string[] = [];
  if (o.ignore !== undefined) {
    if (!Array.isArray(o.ignore) || o.ignore.some((g) => typeof g !== 'string'))
      problems.push('`ignore` must be a list of glob strings');
    else ignore.push(...(o.ignore as string[]));
  }
  const num = (k: string): number | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      problems.push(`\`${k}\` must be a non-negative number`);
      return undefined;
    }
    return v;
  };
  const expiryWarningDays = num('expiryWarningDays');
  const maxFileSize = num('maxFileSize');
  for (const k of Object.keys(o))
    if (!['rules', 'ignore', 'expiryWarningDays', 'maxFileSize'].includes(k)) problems.push(`unknown setting '${k}'`);
  return { config: { rules, ignore, expiryWarningDays, maxFileSize }, problems };
}

/** True when a path relative to the config's folder (forward slashes) matches an ignore glob. */
export function isIgnored(relPath: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const p = relPath.replace(/\\/g, '/');
  return (
    picomatch.isMatch(p, globs as string[], { dot: true }) ||
    globs.some((g) => picomatch.isMatch(p, `${g.replace(/\/$/, '')}/**`, { dot: true }))
  );
}

export { CANDIDATE_FILE } from './candidates';
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  'dist',
  'dist-test',
  '.vscode-test',
  '.hg',
  '.svn',
]);
