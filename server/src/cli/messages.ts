/**
 * The CLI's own words (scope `cli` in the bundles): the stylish summary and the notes `lint`
 * prints on stderr. Rule messages come rendered from the engine in the same locale. Usage errors
 * and `--help` stay English: they name flags, and a script's author reads them once.
 */
import { renderMsg, m, type Arg, type Locale, type Messages } from '../engine';

export const CLI_MESSAGES: Messages = {
  problemsOne: '{n} problem',
  problemsMany: '{n} problems',
  errorsOne: '{n} error',
  errorsMany: '{n} errors',
  warningsOne: '{n} warning',
  warningsMany: '{n} warnings',
  infosOne: '{n} info',
  infosMany: '{n} infos',
  filesOne: '{n} file',
  filesMany: '{n} files',
  summary: '✖ {problems} ({errors}, {warnings}{infos}){files}',
  summaryInfos: ', {infos}',
  summaryFiles: ' · {files}',
  noProblems: '✔ no problems · {files}',
  filesAnalysed: '{files} analysed{partly}',
  filesPartly: ' ({n} in part)',
  filesNotAnalysed: '{analysed}, {n} not analysed',
  skipped: 'skipped {file}: {reason}',
  skippedSizeCap: 'skipped {file}: {reason}; raise maxFileSize in .calico-tls.yaml to include it',
  nothingToLint: 'nothing to lint in {paths}: no YAML, JSON, INI, template, certificate or kubeconfig file there',
  tooManyWarnings: 'too many warnings: {n} (--max-warnings {max})',
  progressReading: 'reading files… {n}',
  progressParsing: 'parsing {n}/{total}',
  progressAnalysing: 'analysing {total} files…',
  ruleFailed: 'warning: rule {rule} failed and was skipped: {error}',
  sarifHelp: '{description}\n\n{why}\n\nDocumentation: {url}',
  ruleFailedSarif: 'rule {rule} failed and was skipped: {error}',
};

/** Renders one of the CLI's messages in `locale`. */
export function say(locale: Locale, id: string, data?: Readonly<Record<string, Arg>>): string {
  return renderMsg(m(id, data), 'cli', CLI_MESSAGES, locale);
}

/** "1 error" / "2 errors": `kind` is problems, errors, warnings, infos or files. */
export function count(kind: 'problems' | 'errors' | 'warnings' | 'infos' | 'files', n: number): ReturnType<typeof m> {
  return m(`${kind}${n === 1 ? 'One' : 'Many'}`, { n });
}
