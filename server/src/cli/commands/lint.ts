/**
 * `calico-tls lint`: read the files, analyse them together in one engine run, print, and
 * choose the exit code (0 no error, 1 errors or too many warnings, 2 usage/I/O/config).
 */
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LintOptions } from '../../engine';
import { lintFiles } from '../../parallel/lint';
import { DEFAULT_CACHE_FILE } from '../../parallel/cache';
import { concurrencyOption, localeOption, nonNegativeInt, oneOf, parse, Usage } from '../args';
import { loadConfig } from '../config';
import { collect, STDIN, unreadable } from '../files';
import { formatGithub } from '../formatters/github';
import { formatGitlab } from '../formatters/gitlab';
import { formatJson } from '../formatters/json';
import { formatSarif } from '../formatters/sarif';
import { formatStylish } from '../formatters/stylish';
import { compareFindings, countOf, toCli, type CliFinding } from '../formatters/types';
import { LINT_HELP } from '../help';
import { diag, type Io } from '../io';
import { productVersion } from '../../io/version';
import { say } from '../messages';
import { Progress } from '../progress';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'gitlab'] as const;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  'max-warnings': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'include-info': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  color: { type: 'boolean' },
  locale: { type: 'string' },
  concurrency: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function cmdLint(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse('lint', args, OPTIONS);
  if (values.help) {
    io.out(LINT_HELP + '\n');
    return 0;
  }
  const format = oneOf('format', values.format ?? 'stylish', FORMATS);
  const maxWarnings = nonNegativeInt('--max-warnings', values['max-warnings']);
  const locale = localeOption(values.locale, io.env, 'lint');
  const concurrency = concurrencyOption(values.concurrency);
  if (!positionals.length) throw new Usage("lint needs at least one PATH (a file, a folder, or '-' for stdin)", 'lint');

  const config = loadConfig(values.config, io.cwd);
  // On stderr for long runs of stylish output to a terminal, or when asked (progress.ts).
  const progress = new Progress(
    io,
    !values['no-progress'] && (!!values.progress || (format === 'stylish' && !!io.progress?.terminal)),
  );
  const collected = await collect(positionals, {
    onRead: (n) => progress.update(() => say(locale, 'progressReading', { n })),
    cwd: io.cwd,
    ignore: config.config.ignore,
    ignoreBase: config.base,
    maxFileSize: config.config.maxFileSize,
    readStdin: io.readStdin,
    // The lint workers read the files (parallel/lint.ts): listed here, read there.
    read: false,
  });
  const total = collected.inputs.length;
  const options: LintOptions = {
    rules: config.config.rules,
    expiryWarningDays: config.config.expiryWarningDays,
    maxFileSize: config.config.maxFileSize,
    locale,
  };
  // Unit by unit, on every core (parallel/lint.ts, engine/streamed.ts): the same findings as
  // one pass over every file, without the whole workspace in memory.
  const cacheFile =
    values.cache || values['cache-location'] !== undefined
      ? resolve(io.cwd, values['cache-location'] ?? DEFAULT_CACHE_FILE)
      : undefined;
  const run = await lintFiles(collected.inputs, options, {
    concurrency,
    ...(cacheFile ? { cache: cacheFile } : {}),
    onLooked: (n) => progress.update(() => say(locale, 'progressParsing', { n, total })),
    onUnit: () => progress.update(() => say(locale, 'progressAnalysing', { total })),
  });
  const rel = (uri: string) => (uri === STDIN ? STDIN : relative(io.cwd, uri).split(sep).join('/'));
  if (run.cached?.writeError) diag(io, `could not write the cache ${rel(cacheFile!)}: ${run.cached.writeError}`);
  const explicit = new Map(collected.inputs.map((i) => [i.path, i.explicit] as const));
  for (const u of run.unreadable) unreadable(u.path, explicit.get(u.path) ?? false, u.reason, io.cwd, collected);
  for (const e of collected.errors) diag(io, e);
  for (const n of collected.notes) diag(io, n);
  const res = run.result;
  progress.clear();
  for (const r of res.ruleErrors) diag(io, say(locale, 'ruleFailed', { rule: r.rule, error: r.error.split('\n')[0]! }));
  for (const f of res.files) {
    if (f.format !== 'skipped') continue;
    // The reason is a message of the engine (parse/index.ts), in the run's language; only the
    // size cap is the user's to raise.
    const reason = f.skippedReason ?? '';
    diag(io, say(locale, f.skippedBy === 'size' ? 'skippedSizeCap' : 'skipped', { file: rel(f.uri), reason }));
  }
  const read = collected.inputs.length - run.unreadable.length;
  // A mistyped path or a folder without a single candidate must not pass CI.
  if (!read && !collected.errors.length && !positionals.includes('-')) {
    diag(io, say(locale, 'nothingToLint', { paths: positionals.join(', ') }));
    return 2;
  }

  // The source text each shown finding flags (GitLab fingerprints are built from it).
  const flagged = new WeakMap<CliFinding, string>();
  let shown: CliFinding[] = res.findings.map((f) => {
    const c = toCli(f.resolved, rel);
    flagged.set(c, f.flagged);
    return c;
  });
  if (!values['include-info']) shown = shown.filter((f) => f.severity !== 'info');
  if (values.quiet) shown = shown.filter((f) => f.severity === 'error');
  shown.sort(compareFindings);

  if (format === 'json') io.out(formatJson(shown));
  else if (format === 'github') io.out(formatGithub(shown));
  else if (format === 'gitlab') io.out(formatGitlab(shown, (f) => flagged.get(f) ?? ''));
  else if (format === 'sarif') {
    io.out(
      formatSarif(shown, {
        version: productVersion(),
        srcRoot: pathToFileURL(io.cwd.endsWith(sep) ? io.cwd : io.cwd + sep).href,
        notifications: res.ruleErrors.map((r) => ({
          ruleId: r.rule,
          message: say(locale, 'ruleFailedSarif', { rule: r.rule, error: r.error.split('\n')[0]! }),
        })),
        executionSuccessful: collected.errors.length === 0,
        locale,
      }),
    );
  } else {
    const color = !!values.color || (!values['no-color'] && !io.env.NO_COLOR && io.colorTerminal);
    const skipped = res.files.filter((f) => f.format === 'skipped').length;
    const partly = res.files.filter((f) => f.format !== 'skipped' && f.notes > 0).length;
    const counts = {
      analysed: res.files.length - skipped - partly,
      partly,
      skipped: skipped + collected.errors.length,
    };
    const quietCounts = values.quiet || (!read && collected.errors.length > 0);
    io.out(
      formatStylish(shown, color, !!values['include-info'] && !values.quiet, quietCounts ? undefined : counts, locale),
    );
  }

  const n = countOf(shown);
  if (collected.errors.length) return 2;
  if (n.errors > 0) return 1;
  if (maxWarnings !== undefined && n.warnings > maxWarnings) {
    diag(io, say(locale, 'tooManyWarnings', { n: n.warnings, max: maxWarnings }));
    return 1;
  }
  return 0;
}
