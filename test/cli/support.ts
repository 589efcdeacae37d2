/**
 * Shared by the CLI suites: run the BUILT CLI (dist/cli.js) as a user or CI job would, build
 * temp workspaces from test/fixtures/cli (certificates made at test time), find positions by
 * searching fixture text.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as runCli } from '../../server/src/cli/cli';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from '../certfactory';
import { fixture, repoRoot } from '../helpers';

export const CLI = join(repoRoot(), 'dist', 'cli.js');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  args: readonly string[],
  cwd: string,
  opts: { input?: string; env?: Record<string, string | undefined> } = {},
): RunResult {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: '1',
    FORCE_COLOR: undefined,
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same command line run in this process through `run` (cli.ts) with captured output: for
 * the long tail of usage cases, where spawning a process each time only costs time. The
 * behaviours users and CI depend on are tested on the built CLI with `run`.
 */
export async function runHere(args: readonly string[], cwd: string, input = ''): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    env: { NO_COLOR: '1' },
    colorTerminal: false,
    out: (t) => (stdout += t),
    err: (t) => (stderr += t.endsWith('\n') ? t : t + '\n'),
    readStdin: () => Promise.resolve(input),
  });
  return { code, stdout, stderr };
}

/** One element of `--format json` output (the public contract). */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
  related: Array<{ file: string; line: number; column: number; message: string }>;
}

export function runJson(
  args: readonly string[],
  cwd: string,
  opts: { input?: string } = {},
): RunResult & { findings: JsonFinding[] } {
  const r = run(['lint', '--format', 'json', ...args], cwd, opts);
  let findings: JsonFinding[];
  try {
    findings = JSON.parse(r.stdout) as JsonFinding[];
  } catch {
    assert.fail(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ...r, findings };
}

export function tempDir(prefix = 'calico-tls-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

let certs: Promise<Record<string, string>> | undefined;

/** A CA, Typha's server certificate (CN typha-server) and Felix's client certificate (CN typha-client). */
function certificates(): Promise<Record<string, string>> {
  certs ??= (async () => {
    const ca = await makeCert({ cn: 'Calico TLS CLI test CA', ca: true });
    const typha = await makeCert({ cn: 'typha-server', eku: [SERVER_AUTH], issuer: ca });
    const felix = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: ca });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    return {
      CA_CRT: ca.certPem,
      TYPHA_CRT_B64: b64(typha.certPem),
      TYPHA_KEY_B64: b64(typha.keyPem),
      FELIX_CRT_B64: b64(felix.certPem),
      FELIX_KEY_B64: b64(felix.keyPem),
    };
  })();
  return certs;
}

/** Fills `{{NAME}}`; a placeholder alone on its line takes a multi-line value at its indentation. */
function fill(template: string, values: Record<string, string>): string {
  return template
    .replace(/^( *)\{\{(\w+)\}\}$/gm, (_m, indent: string, k: string) =>
      values[k]!.replace(/\n$/, '')
        .split('\n')
        .map((l) => indent + l)
        .join('\n'),
    )
    .replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k]!);
}

export const MANIFESTS = 'manifests';

/**
 * A temp directory holding `manifests/` with calico-node.yaml (broken or fixed), calico-typha.yaml
 * and certs.yaml. Returns the directory (the cwd to run the CLI in).
 */
export async function workspace(kind: 'broken' | 'fixed'): Promise<string> {
  const d = tempDir();
  const m = join(d, MANIFESTS);
  mkdirSync(m);
  writeFileSync(join(m, 'calico-node.yaml'), readFileSync(fixture('cli', kind, 'calico-node.yaml'), 'utf8'));
  writeFileSync(join(m, 'calico-typha.yaml'), readFileSync(fixture('cli', 'calico-typha.yaml'), 'utf8'));
  writeFileSync(
    join(m, 'certs.yaml'),
    fill(readFileSync(fixture('cli', 'certs.yaml.tmpl'), 'utf8'), await certificates()),
  );
  return d;
}

export interface Where {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * 1-based start and end (exclusive end column, as the CLI prints) of `needle` in `text`; with
 * `context`, of the needle inside the first occurrence of the context (`name: X` rather than a
 * comment that mentions X).
 */
export function positionOf(text: string, needle: string, context: string = needle): Where {
  const c = text.indexOf(context);
  assert.ok(c >= 0, `'${context}' not found`);
  const inner = context.indexOf(needle);
  assert.ok(inner >= 0, `'${needle}' is not part of '${context}'`);
  const i = c + inner;
  const at = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  };
  const s = at(i);
  const e = at(i + needle.length);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

export function positionIn(file: string, needle: string, context?: string): Where {
  return positionOf(readFileSync(file, 'utf8'), needle, context);
}

/** The `{line, column, endLine, endColumn}` of a JSON finding, for deepEqual against `Where`. */
export function whereOf(f: Where): Where {
  return { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn };
}
