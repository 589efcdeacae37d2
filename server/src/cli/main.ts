/**
 * `calico-tls`: lint (stylish | json | sarif), rules, explain. The CLI adapter around the pure
 * engine: it reads files and .calico-tls.yaml, analyses every given file as one workspace,
 * formats, and sets the exit code (0 no error, 1 errors or too many warnings, 2 usage/I/O).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { EMPTY_CONFIG, lint, parseProjectConfig, resolveFinding, RULES, RULES_BY_ID, ruleDocMarkdown, type ProjectConfig } from '../engine';
import { collect } from './files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import { toCli, type CliFinding } from './formatters/types';
import { cmdGen, GEN_HELP, GenUsage } from './gen';

declare const CALICO_TLS_VERSION: string | undefined;

function version(): string {
  try {
    const p = join(__dirname, '..', 'package.json');
    return (JSON.parse(readFileSync(p, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return typeof CALICO_TLS_VERSION === 'string' ? CALICO_TLS_VERSION : '0.0.0';
  }
}

const HELP = `calico-tls: find inconsistent TLS settings in Calico manifests and configuration

Usage:
  calico-tls lint [options] PATH...     lint files and folders (recursive) as one workspace; '-' reads stdin
  calico-tls rules [--format json]      list the rules
  calico-tls explain RULE-ID            show a rule's documentation
  calico-tls gen SET --out DIR          generate a certificate set and its manifests (calico-tls help gen)
  calico-tls --version | --help

lint options:
  --format stylish|json|sarif   output format (default: stylish)
  --max-warnings N              exit 1 when there are more than N warnings
  --config FILE                 configuration file (default: ./.calico-tls.yaml when present)
  --include-info                also show info findings (hidden by default)
  --quiet                       show errors only
  --no-color                    no colours in stylish output (also NO_COLOR)

Exit codes: 0 no error, 1 errors (or too many warnings), 2 usage or I/O error.`;

class Usage extends Error {}

function out(s: string): void {
  if (s) process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}
function err(s: string): void {
  process.stderr.write(s.endsWith('\n') ? s : s + '\n');
}

function loadConfig(file: string | undefined): { config: ProjectConfig; base: string } {
  const known = new Set(RULES.map((r) => r.meta.id));
  const path = file ? resolve(file) : resolve('.calico-tls.yaml');
  if (!file && !existsSync(path)) return { config: EMPTY_CONFIG, base: process.cwd() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Usage(`cannot read config ${file ?? path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const { config, problems } = parseProjectConfig(text, known);
  if (problems.length) throw new Usage(`${relative(process.cwd(), path) || path}: ${problems.join('; ')}`);
  return { config, base: dirname(path) };
}

function cmdLint(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'stylish' },
      'max-warnings': { type: 'string' },
      config: { type: 'string' },
      'include-info': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      color: { type: 'boolean', default: false },
    },
  });
  const format = values.format ?? 'stylish';
  if (!['stylish', 'json', 'sarif'].includes(format)) throw new Usage(`unknown format '${format}' (stylish, json or sarif)`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new Usage('--max-warnings needs a non-negative integer');
  }
  if (!positionals.length) throw new Usage('lint needs at least one PATH (use "-" for stdin)');
  const { config, base } = loadConfig(values.config);
  const { inputs, errors } = collect(positionals, config.ignore, base, () => readFileSync(0, 'utf8'));
  for (const e of errors) err(`calico-tls: ${e}`);
  const res = lint(
    inputs.map((i) => ({ uri: i.path, text: i.text })),
    { rules: config.rules, expiryWarningDays: config.expiryWarningDays, maxFileSize: config.maxFileSize },
  );
  for (const r of res.ruleErrors) err(`calico-tls: warning: rule ${r.rule} failed and was skipped (${r.error.split('\n')[0]})`);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const rel = (uri: string) => (uri === '<stdin>' ? '<stdin>' : relative(process.cwd(), uri).split(sep).join('/'));
  let shown: CliFinding[] = res.findings.map((f) => toCli(resolveFinding(f, (u) => byUri.get(u)), rel));
  if (!values['include-info']) shown = shown.filter((f) => f.severity !== 'info');
  if (values.quiet) shown = shown.filter((f) => f.severity === 'error');
  shown.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule)));
  const color = values.color || (!values['no-color'] && !process.env.NO_COLOR && !!process.stdout.isTTY);
  if (format === 'json') out(formatJson(shown));
  else if (format === 'sarif') out(formatSarif(shown, version(), pathToFileURL(process.cwd() + sep).href));
  else out(formatStylish(shown, color));
  const errorsN = shown.filter((f) => f.severity === 'error').length;
  const warningsN = shown.filter((f) => f.severity === 'warning').length;
  if (errors.length) return 2;
  if (errorsN > 0) return 1;
  if (maxWarnings !== undefined && warningsN > maxWarnings) {
    if (format === 'stylish') err(`calico-tls: ${warningsN} warnings, more than --max-warnings ${maxWarnings}`);
    return 1;
  }
  return 0;
}

function cmdRules(args: string[]): number {
  const { values } = parseArgs({ args, strict: true, options: { format: { type: 'string', default: 'table' } } });
  const metas = RULES.map((r) => ({ id: r.meta.id, category: r.meta.category, severity: r.meta.severity, fix: r.meta.fix ?? null, description: r.meta.description }));
  if (values.format === 'json') out(JSON.stringify(metas, null, 2));
  else if (values.format === 'table') {
    const w = Math.max(...metas.map((m) => m.id.length));
    for (const m of metas) out(`${m.id.padEnd(w)}  ${m.severity.padEnd(7)}  ${m.category.padEnd(11)}  ${m.description}`);
  } else throw new Usage(`unknown format '${values.format}' (table or json)`);
  return 0;
}

function cmdExplain(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
  const id = positionals[0];
  if (!id) throw new Usage('explain needs a rule id (see `calico-tls rules`)');
  const r = RULES_BY_ID.get(id);
  if (!r) {
    const near = RULES.map((x) => x.meta.id).filter((x) => x.includes(id) || id.includes(x) || x.split('-').some((p) => id.split('-').includes(p))).slice(0, 5);
    throw new Usage(`unknown rule '${id}'${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
  }
  out(ruleDocMarkdown(r));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'help' && rest[0] === 'gen') {
      out(GEN_HELP);
      return 0;
    }
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(HELP);
      return cmd ? 0 : 2;
    }
    if (cmd === '--version' || cmd === '-v') {
      out(version());
      return 0;
    }
    if (cmd === 'lint') return cmdLint(rest);
    if (cmd === 'rules') return cmdRules(rest);
    if (cmd === 'explain') return cmdExplain(rest);
    if (cmd === 'gen') return await cmdGen(rest, out, err);
    if (cmd === 'help' && rest[0] === 'gen') {
      out(GEN_HELP);
      return 0;
    }
    throw new Usage(`unknown command '${cmd}'`);
  } catch (e) {
    if (e instanceof Usage || e instanceof GenUsage || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`calico-tls: ${(e as Error).message}\nRun 'calico-tls --help' for usage.`);
      return 2;
    }
    err(`calico-tls: internal error: ${(e as Error).message}`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
