// `npm run bench`: measures, side by side in one run, and prints medians and ratios:
//   1. full lint of the biggest corpus files vs the bare `yaml` parse of the same text (the floor);
//   2. keystroke -> diagnostics latency over stdio, Calico TLS vs yaml-language-server, on
//      calico-typha.yaml, edits in different documents of the file;
//   3. cold index + lint of 2,000 real corpus files (copied into numbered folders) vs a cold
//      parse-only process, and the server's peak RSS;
//   4. scale: 11,200 such files (scripts/scale-workspace.mjs): the CLI cold and with a warm
//      --cache, and the language server to first results, each against the same parse-only
//      process (wall, CPU, peak RSS); keystrokes in that workspace vs yaml-language-server;
//   5. certificate-set generation vs the openssl CLI making the same set;
//   6. extension activation as VS Code reports it (scripts/vscode-test.mjs --activation) and the VSIX size.
// Writes the results to docs/benchmarks.md. BENCH_ONLY=name[,name] (lint, keystroke, workspace,
// scale, certgen, activation) runs just those sections and prints their rows, docs left alone.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { makeScaleWorkspace } from './scale-workspace.mjs';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { lint } from '../server/src/engine';
import { generateSet } from '../server/src/certgen/sets';

const ROOT = process.cwd();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const rows: string[] = [];
/** One row of the table, printed and kept for docs/benchmarks.md. */
function line(...cells: string[]): void {
  const l = `| ${cells.join(' | ')} |`;
  rows.push(l);
  console.log(l);
}
/** Free text made safe for a table cell. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim().slice(0, 200);
const verdict = (met: boolean | undefined) => (met === undefined ? 'n/a' : met ? 'met' : '**missed**');
function row(what: string, ours: string, base: string, ratio: number, target: string, met: boolean | undefined) {
  line(what, ours, base, `${ratio.toFixed(2)}×`, target, verdict(met));
}
function time(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function benchLint(): void {
  for (const rel of [
    'test/fixtures/corpus/calico/manifest-calico-typha.yaml',
    'test/fixtures/corpus/operator/crd-operator.tigera.io_installations.yaml',
  ]) {
    const text = readFileSync(join(ROOT, rel), 'utf8');
    const floor: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A different comment in every document each round: the engine's per-document parse
      // cache cannot help, so this is a full cold lint against a full parse.
      const t = text.replace(/\n---\n/g, `\n---\n# round ${i}\n`);
      floor.push(time(() => parseAllDocuments(t)));
      ours.push(time(() => lint([{ uri: rel, text: t }])));
    }
    const f = median(floor.slice(2));
    const o = median(ours.slice(2));
    row(
      `full lint of ${rel.split('/').pop()} (${Math.round(text.length / 1024)} KiB)`,
      ms(o),
      `${ms(f)} (yaml parse)`,
      o / f,
      '≤ 1.3×',
      o / f <= 1.3,
    );
  }
}

interface Server {
  send(method: string, params: unknown): void;
  request(method: string, params: unknown): Promise<unknown>;
  waitDiagnostics(uri: string, version: number): Promise<number>;
  /** Calico TLS only: its first results after indexing (a `calicoTls/status` without `indexing`). */
  firstResults: Promise<void>;
  pid: number;
  close(): Promise<void>;
}

/**
 * Resolves on Calico TLS's first results: the `calicoTls/status` it sends with its counts once it
 * has published, not the `{ indexing }` ones it sends while it walks the workspace. Rejects if the
 * process exits first (instead of hanging the bench); never settles for another server.
 */
function untilFirstResults(conn: MessageConnection, proc: ChildProcess): Promise<void> {
  const first = Promise.race([
    new Promise<void>((resolve) =>
      conn.onNotification('calicoTls/status', (p: { indexing?: number } | undefined) => {
        if (p?.indexing === undefined) resolve();
      }),
    ),
    new Promise<never>((_, reject) =>
      proc.on('exit', (code, signal) =>
        reject(new Error(`the language server exited (${code ?? signal}) before its first results`)),
      ),
    ),
  ]);
  first.catch(() => undefined);
  return first;
}

function startLsp(cmd: string[], rootUri: string, settings: Record<string, unknown>): Promise<Server> {
  const proc = spawn(process.execPath, cmd, { stdio: ['pipe', 'pipe', 'ignore'] });
  proc.stdin!.on('error', () => undefined);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiters = new Map<string, (t: number) => void>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const w = waiters.get(p.uri);
    if (w) {
      waiters.delete(p.uri);
      w(performance.now());
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
    p.items.map((i) => (i.section ? ((settings as Record<string, unknown>)[i.section] ?? null) : settings)),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  const firstResults = untilFirstResults(conn, proc);
  conn.onNotification(() => undefined);
  conn.listen();
  return (async () => {
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { textDocument: { publishDiagnostics: {} }, workspace: { configuration: true } },
    });
    conn.sendNotification('initialized', {});
    conn.sendNotification('workspace/didChangeConfiguration', { settings });
    return {
      pid: proc.pid!,
      firstResults,
      send: (m, p) => void conn.sendNotification(m, p),
      request: (m, p) => conn.sendRequest(m, p),
      waitDiagnostics: (uri) => new Promise<number>((resolve) => waiters.set(uri, resolve)),
      close: async () => {
        try {
          await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
          conn.sendNotification('exit');
        } catch {
          /* gone */
        }
        // Wait until it is gone: a server still exiting (yaml-language-server takes its time)
        // would share the CPU with the next measurement.
        if (proc.exitCode === null && proc.signalCode === null) {
          const gone = new Promise((r) => proc.once('exit', r));
          const timer = setTimeout(() => proc.kill('SIGKILL'), 2000);
          await gone;
          clearTimeout(timer);
        }
      },
    };
  })();
}

/** Scratch folders, removed when the bench exits (runs used to leave one per openssl set behind). */
const scratch: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}
process.on('exit', () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});

/**
 * `edits` keystrokes in calico-typha.yaml, each timed to the diagnostics of its version. Alone in
 * an empty folder, or (`inWorkspace`) as the file `rel` already in the workspace folder `dir`,
 * the server started on that folder; `indexed`: wait for Calico TLS's first results first.
 */
async function keystrokes(
  cmd: string[],
  settings: Record<string, unknown>,
  text: string,
  edits: number,
  inWorkspace?: { dir: string; rel: string; indexed: boolean },
): Promise<number[]> {
  const dir = inWorkspace?.dir ?? tempDir('bench-ks-');
  const uri = `file://${dir}/${inWorkspace?.rel ?? 'calico-typha.yaml'}`;
  const s = await startLsp(cmd, `file://${dir}`, settings);
  if (inWorkspace?.indexed) await s.firstResults;
  let first = s.waitDiagnostics(uri, 1);
  s.send('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await first;
  // Edits land in different documents of the file: before the n-th `---` of the current text
  // (found again after each edit, so every edit is a whole comment line between documents).
  const lat: number[] = [];
  let cur = text;
  for (let i = 0; i < edits; i++) {
    const seps = [...cur.matchAll(/\n---\n/g)].map((m) => m.index!);
    const at = seps[(i * 7) % seps.length]!;
    const insert = `\n# edit ${i}`;
    // Sent as VS Code sends a keystroke: an incremental change (both servers declare
    // TextDocumentSyncKind.Incremental), not the whole 700 KiB text again.
    const before = cur.slice(0, at);
    const line = before.split('\n').length - 1;
    const position = { line, character: at - (before.lastIndexOf('\n') + 1) };
    cur = before + insert + cur.slice(at);
    first = s.waitDiagnostics(uri, i + 2);
    const t0 = performance.now();
    s.send('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: position, end: position }, text: insert }],
    });
    const t1 = await first;
    lat.push(t1 - t0);
  }
  await s.close();
  return lat;
}

/** Edits per server: enough that p95 is not the single slowest edit. */
const EDITS = 60;

const TYPHA_MANIFEST = 'test/fixtures/corpus/calico/manifest-calico-typha.yaml';
const OURS_LSP = { cmd: [join(ROOT, 'dist/server.js'), '--stdio'], settings: { calicoTls: {} } };
/** yaml-language-server from npm over stdio, schemas and the schema store off, validation on. */
const YLS = {
  cmd: [join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
  settings: {
    yaml: {
      validate: true,
      schemas: {},
      schemaStore: { enable: false },
      hover: false,
      completion: false,
      format: { enable: false },
    },
  },
};

async function benchKeystrokes(): Promise<void> {
  const text = readFileSync(join(ROOT, TYPHA_MANIFEST), 'utf8');
  const ours = await keystrokes(OURS_LSP.cmd, OURS_LSP.settings, text, EDITS);
  const yls = await keystrokes(YLS.cmd, YLS.settings, text, EDITS);
  row(
    'keystroke → diagnostics p50, calico-typha.yaml',
    ms(pct(ours, 50)),
    `${ms(pct(yls, 50))} (yaml-language-server)`,
    pct(ours, 50) / pct(yls, 50),
    '≤ 0.25×',
    pct(ours, 50) / pct(yls, 50) <= 0.25,
  );
  row(
    'keystroke → diagnostics p95, calico-typha.yaml',
    ms(pct(ours, 95)),
    `${ms(pct(yls, 95))} (yaml-language-server)`,
    pct(ours, 95) / pct(yls, 95),
    '≤ 50 ms and ≤ 0.25×',
    pct(ours, 95) <= 50 && pct(ours, 95) / pct(yls, 95) <= 0.25,
  );
}

/**
 * A workspace of real files (scripts/scale-workspace.mjs): every file of test/fixtures/corpus
 * (the shared corpus and the real-world repositories: release manifests, docs examples, operator
 * resources, Ansible, Helm, ERB and Juju templates, felix.cfg, calicoctl.cfg, a conflist) up to
 * 256 KiB, copied into numbered folders (as dev/prod/team folders hold copies of the same setup)
 * until there are `n` files. The 2,000-file workspace also has corpus/placeholders/ (as it always
 * had); the scale workspace does not.
 */
function makeWorkspace(n: number, placeholders: boolean, dir = tempDir('bench-ws-')) {
  return makeScaleWorkspace(dir, n, { root: ROOT, placeholders });
}

function walk(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
  );
}

/**
 * The parse-only baseline as its own fresh Node process: walks the folder, reads every file and
 * runs `parseAllDocuments` from the repo's `yaml` package, then says so on stdout. Spawned and
 * timed like the language server (spawn -> it reports done), so both sides pay Node start-up,
 * module load and a cold JIT.
 */
const PARSE_ONLY = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseAllDocuments } = require(process.argv[1]);
const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
let n = 0;
for (const p of walk(process.argv[2])) { parseAllDocuments(readFileSync(p, 'utf8')); n++; }
process.stdout.write('done ' + n + '\\n');
`;

/** The node arguments of the parse-only process on `dir`. */
const parseOnlyArgs = (dir: string) => ['-e', PARSE_ONLY, require.resolve('yaml', { paths: [ROOT] }), dir];

function coldParseOnly(dir: string, profileDir?: string): Promise<number> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...profileArgs(profileDir), ...parseOnlyArgs(dir)], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(performance.now() - t0);
    });
    proc.on('exit', (code) =>
      profileDir
        ? resolve(performance.now() - t0)
        : reject(new Error(`parse-only baseline exited with ${code} before reporting`)),
    );
  });
}

/** `--cpu-prof` into the folder, for the one profiled start of each side (BENCH_PROFILE). */
function profileArgs(profileDir: string | undefined): string[] {
  return profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
}

/** Clock ticks per second, the unit of utime and stime in /proc/PID/stat. */
let clockTicks: number | undefined;
function clkTck(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system, every thread) a live process has used so far, from /proc; 0 elsewhere. */
function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on:
    // utime and stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / clkTck();
  } catch {
    return 0;
  }
}

/**
 * The language server started on `dir` until its first results (wall ms), with its CPU so far
 * (ms) and its peak RSS (VmHWM, MiB) read from /proc at that moment.
 */
async function coldServer(dir: string, profileDir?: string): Promise<{ ms: number; rssMb: number; cpuMs: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...profileArgs(profileDir), join(ROOT, 'dist/server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const done = untilFirstResults(conn, proc);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: `file://${dir}`,
    workspaceFolders: [{ uri: `file://${dir}`, name: 'ws' }],
    capabilities: { workspace: { configuration: true } },
  });
  conn.sendNotification('initialized', {});
  await done;
  const elapsed = performance.now() - t0;
  const cpuMs = procCpuMs(proc.pid!);
  let rssMb = 0;
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1];
    rssMb = Number(hwm ?? 0) / 1024;
  } catch {
    /* not Linux */
  }
  // Gone before the next measurement starts, profiled or not (a profile is written only on a
  // normal exit).
  const gone = new Promise((r) => proc.on('exit', r));
  if (profileDir) {
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
  } else proc.kill();
  await gone;
  conn.dispose();
  return { ms: elapsed, rssMb, cpuMs };
}

const COLD_PAIRS = 11;

async function benchWorkspace(): Promise<void> {
  const ws = makeWorkspace(2000, true);
  const dir = ws.dir;
  console.log(
    `workspace: ${ws.files} files (${(ws.bytes / 1024 / 1024).toFixed(1)} MiB), copies of ${ws.sources} real corpus files`,
  );
  // Informative only: the old baseline, parse-only inside this (warm) process.
  const warm: number[] = [];
  for (let i = 0; i < 3; i++)
    warm.push(time(() => walk(dir).forEach((p) => parseAllDocuments(readFileSync(p, 'utf8')))));
  // Cold against cold, alternating so that load from other processes hits both sides alike.
  const parseOnly: number[] = [];
  const cold: number[] = [];
  let rss = 0;
  // 11 pairs: a cold start moves by tens of milliseconds with whatever else the machine does,
  // and the medians of 5 moved the ratio by up to 0.1x between runs of the same code.
  for (let i = 0; i < COLD_PAIRS; i++) {
    parseOnly.push(await coldParseOnly(dir));
    const s = await coldServer(dir);
    cold.push(s.ms);
    rss = Math.max(rss, s.rssMb);
  }
  // BENCH_PROFILE=DIR: one more start of each side, not timed, with a CPU profile written to
  // DIR (open the .cpuprofile files in Chrome DevTools for the phases docs/benchmarks.md cites).
  const profileDir = process.env.BENCH_PROFILE;
  if (profileDir) {
    mkdirSync(join(profileDir, 'server'), { recursive: true });
    mkdirSync(join(profileDir, 'parse-only'), { recursive: true });
    await coldServer(dir, join(profileDir, 'server'));
    await coldParseOnly(dir, join(profileDir, 'parse-only'));
    console.log(`CPU profiles of one cold start of each side: ${profileDir}/server, ${profileDir}/parse-only`);
  }
  const c = median(cold);
  const p = median(parseOnly);
  const w = median(warm);
  row(
    'cold index + lint, 2,000 files (server process start to first results)',
    ms(c),
    `${ms(p)} (parse-only process: start, read + parse)`,
    c / p,
    '≤ 1.5×',
    c / p <= 1.5,
  );
  const pairs = cold.map((x, i) => x / parseOnly[i]!).sort((a, b) => a - b);
  row(
    `(informative) the ratio within each of the ${COLD_PAIRS} pairs: lowest, median, highest`,
    '',
    `${pairs[0]!.toFixed(2)}×, ${median(pairs).toFixed(2)}×, ${pairs[pairs.length - 1]!.toFixed(2)}×`,
    median(pairs),
    '',
    undefined,
  );
  row(
    '(informative) the same against warm in-process parse-only',
    ms(c),
    `${ms(w)} (read + parse, warm, in process)`,
    c / w,
    '',
    undefined,
  );
  line('server peak RSS, 2,000 files', `${rss.toFixed(0)} MB`, '', '', '≤ 300 MB', verdict(rss > 0 && rss <= 300));
}

/** Wall time, CPU (user + system, every thread) and peak RSS of one run of a process. */
interface Usage {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

const RUSAGE_PRELOAD = join(ROOT, 'scripts/bench-rusage.cjs');

/**
 * A child Node process run to its end in `cwd`: wall time from spawn to exit, CPU and peak RSS
 * as scripts/bench-rusage.cjs (preloaded with --require) records them when it exits. Exit 0 or 1
 * (lint found errors) is a finished run; anything else (exit 2 with "unknown option" when the
 * CLI does not have an option yet) is returned as the reason it was not measured.
 */
async function measuredRun(args: string[], cwd: string): Promise<Usage | string> {
  const out = join(cwd, 'rusage.json');
  rmSync(out, { force: true });
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--require', RUSAGE_PRELOAD, ...args], {
    cwd,
    env: { ...process.env, BENCH_RUSAGE_FILE: out },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 65536) stderr += d.toString();
  });
  let wallMs = 0;
  proc.on('exit', () => (wallMs = performance.now() - t0));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    proc.on('close', (c, sig) => resolve([c, sig])),
  );
  if (code !== 0 && code !== 1) {
    const said = stderr.split('\n').find((l) => l.trim()) ?? '';
    return `${said ? `${said.trim()} ` : ''}(exit ${code ?? signal})`;
  }
  try {
    const r = JSON.parse(readFileSync(out, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
    return { wallMs, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000, rssMiB: r.maxRSS / 1024 };
  } catch (e) {
    return `no resource usage recorded (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Medians of each figure, and the highest peak RSS of the runs. */
function summary(runs: Usage[]): Usage & { maxRssMiB: number } {
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    rssMiB: median(runs.map((r) => r.rssMiB)),
    maxRssMiB: Math.max(...runs.map((r) => r.rssMiB)),
  };
}
const usageCell = (u: Usage) =>
  `${(u.wallMs / 1000).toFixed(1)} s wall, ${(u.cpuMs / 1000).toFixed(1)} s CPU, ${u.rssMiB.toFixed(0)} MiB`;

const SCALE_FILES = 11_200;
const SCALE_RUNS = 3;
/** Peak RSS target of the scale rows, MiB. */
const SCALE_RSS = 400;
/** The CLI as the scale rows run it: every finding as JSON (to /dev/null), its default concurrency. */
const cliLint = (dir: string, ...options: string[]) => [
  join(ROOT, 'bin/calico-tls.js'),
  'lint',
  '--format',
  'json',
  ...options,
  dir,
];

/**
 * The scale rows (issue 21): 11,200 real files (scripts/scale-workspace.mjs) in a temp folder;
 * the parse-only process, the CLI cold (no cache file), the CLI with --cache after one
 * unmeasured priming run, and the language server to first results, alternating, SCALE_RUNS
 * each; then keystrokes on calico-typha.yaml copied into that workspace, ours against
 * yaml-language-server. A side the build cannot run yet (an unknown CLI option) is "not measured".
 */
async function benchScale(): Promise<void> {
  const tmp = tempDir('bench-scale-');
  const ws = makeWorkspace(SCALE_FILES, false, join(tmp, 'ws'));
  const n = ws.files.toLocaleString('en');
  console.log(
    `scale workspace: ${n} files (${(ws.bytes / 1024 / 1024).toFixed(1)} MiB), copies of ${ws.sources} real corpus files`,
  );
  // The cache file outside the workspace and outside the repository; the CLI runs in `tmp`.
  const cache = join(tmp, 'calico-tls-cache');
  const sides = {
    cold: { args: cliLint(ws.dir), runs: [] as Usage[], reason: undefined as string | undefined },
    warm: {
      args: cliLint(ws.dir, '--cache', '--cache-location', cache),
      runs: [] as Usage[],
      reason: undefined as string | undefined,
    },
    server: { runs: [] as Usage[], reason: undefined as string | undefined },
  };
  // The unchanged first run that fills the cache.
  const primed = await measuredRun(sides.warm.args, tmp);
  if (typeof primed === 'string') sides.warm.reason = primed;
  const base: Usage[] = [];
  for (let i = 0; i < SCALE_RUNS; i++) {
    const p = await measuredRun(parseOnlyArgs(ws.dir), tmp);
    if (typeof p === 'string') throw new Error(`parse-only baseline: ${p}`);
    base.push(p);
    for (const side of [sides.cold, sides.warm]) {
      if (side.reason) continue;
      const r = await measuredRun(side.args, tmp);
      if (typeof r === 'string') side.reason = r;
      else side.runs.push(r);
    }
    if (!sides.server.reason) {
      try {
        const s = await coldServer(ws.dir);
        sides.server.runs.push({ wallMs: s.ms, cpuMs: s.cpuMs, rssMiB: s.rssMb });
      } catch (e) {
        sides.server.reason = e instanceof Error ? e.message : String(e);
      }
    }
  }
  const b = summary(base);
  const baseCell = `${usageCell(b)} (parse-only process)`;
  const ratioRow = (what: string, side: { runs: Usage[]; reason?: string | undefined }, target: number) => {
    if (side.reason) return line(what, `not measured: ${cell(side.reason)}`, baseCell, '', `≤ ${target}×`, 'n/a');
    const o = summary(side.runs);
    row(what, usageCell(o), baseCell, o.wallMs / b.wallMs, `≤ ${target}×`, o.wallMs / b.wallMs <= target);
  };
  const rssRow = (what: string, side: { runs: Usage[]; reason?: string | undefined }) => {
    if (side.reason) return line(what, 'not measured (above)', '', '', `≤ ${SCALE_RSS} MiB`, 'n/a');
    const peak = summary(side.runs).maxRssMiB;
    line(what, `${peak.toFixed(0)} MiB`, '', '', `≤ ${SCALE_RSS} MiB`, verdict(peak <= SCALE_RSS));
  };
  ratioRow(`scale, ${n} files: CLI cold (lint --format json, no cache), wall`, sides.cold, 0.75);
  rssRow(`scale: CLI cold peak RSS (highest of ${SCALE_RUNS})`, sides.cold);
  ratioRow('scale: CLI --cache, unchanged workspace after one priming run, wall', sides.warm, 0.15);
  ratioRow('scale: language server, start to first results, wall', sides.server, 0.8);
  rssRow(`scale: language server peak RSS at first results (highest of ${SCALE_RUNS})`, sides.server);

  // The 700 KiB manifest is above the workspace's 256 KiB cut: copied in for this row only.
  const rel = 'copy-0/calico/calico-typha.yaml';
  const text = readFileSync(join(ROOT, TYPHA_MANIFEST), 'utf8');
  mkdirSync(dirname(join(ws.dir, rel)), { recursive: true });
  copyFileSync(join(ROOT, TYPHA_MANIFEST), join(ws.dir, rel));
  const what = `scale: keystroke → diagnostics p95, ${rel} (${TYPHA_MANIFEST.split('/').pop()} copied into the workspace), after indexing`;
  let ours: number[];
  try {
    ours = await keystrokes(OURS_LSP.cmd, OURS_LSP.settings, text, EDITS, { dir: ws.dir, rel, indexed: true });
  } catch (e) {
    line(what, `not measured: ${cell(e instanceof Error ? e.message : String(e))}`, '', '', '≤ 0.1×', 'n/a');
    return;
  }
  const yls = await keystrokes(YLS.cmd, YLS.settings, text, EDITS, { dir: ws.dir, rel, indexed: false });
  const r = pct(ours, 95) / pct(yls, 95);
  row(
    what,
    `${ms(pct(ours, 95))} (p50 ${ms(pct(ours, 50))})`,
    `${ms(pct(yls, 95))} (yaml-language-server, same workspace; p50 ${ms(pct(yls, 50))})`,
    r,
    '≤ 0.1×',
    r <= 0.1,
  );
}

function opensslSet(dir: string, ec: boolean): void {
  const quiet = { stdio: 'ignore' as const };
  const key = (n: string) =>
    ec
      ? execFileSync(
          'openssl',
          ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', join(dir, n)],
          quiet,
        )
      : execFileSync(
          'openssl',
          ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(dir, n)],
          quiet,
        );
  key('ca.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-key',
      join(dir, 'ca.key'),
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=calico-typha-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      join(dir, 'ca.crt'),
    ],
    quiet,
  );
  writeFileSync(
    join(dir, 'ext.cnf'),
    '[s]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n[c]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  for (const [n, cn, ext] of [
    ['typha', 'typha-server', 's'],
    ['felix', 'typha-client', 'c'],
  ]) {
    key(`${n}.key`);
    execFileSync(
      'openssl',
      ['req', '-new', '-key', join(dir, `${n}.key`), '-subj', `/CN=${cn}`, '-out', join(dir, `${n}.csr`)],
      quiet,
    );
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        join(dir, `${n}.csr`),
        '-CA',
        join(dir, 'ca.crt'),
        '-CAkey',
        join(dir, 'ca.key'),
        '-CAcreateserial',
        '-sha256',
        '-days',
        '365',
        '-extfile',
        join(dir, 'ext.cnf'),
        '-extensions',
        ext!,
        '-out',
        join(dir, `${n}.crt`),
      ],
      { stdio: 'ignore' },
    );
  }
}

async function benchGen(): Promise<void> {
  // RSA key generation is a random prime search on both sides, so its time varies from set to
  // set by a factor of two or more: nine sets each make the median steadier than five.
  for (const [label, alg, n] of [
    ['RSA-2048', 'rsa-2048', 9],
    ['ECDSA P-256', 'ecdsa-p256', 10],
  ] as const) {
    const ours: number[] = [];
    const ossl: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await generateSet('typha', { keyAlgorithm: alg });
      ours.push(performance.now() - t0);
      ossl.push(time(() => opensslSet(tempDir('bench-ossl-'), alg !== 'rsa-2048')));
    }
    const o = median(ours);
    const b = median(ossl);
    const target = alg === 'rsa-2048' ? 0.6 : 0.3;
    row(
      `Typha/Felix set, ${label} (CA + 2 leaves + manifests)`,
      ms(o),
      `${ms(b)} (openssl CLI)`,
      o / b,
      `≤ ${target}×`,
      o / b <= target,
    );
  }
}

/**
 * Extension activation as VS Code itself reports it (Developer: Show Running Extensions), from
 * `node scripts/vscode-test.mjs --activation` (fresh code-server sessions; its last stdout line
 * is `ACTIVATION {json}`), against the built-in extensions activated in the same sessions. Never
 * fails the bench: without code-server/chromium the row says why it was not measured.
 */
function benchActivation(): void {
  let reason: string;
  try {
    // --no-package: the VSIX was just built by `npm run package` above.
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/vscode-test.mjs'), '--activation', '--no-package'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 8 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const out = (r.stdout ?? '').trim().split('\n');
    const last = out[out.length - 1] ?? '';
    if (r.status === 0 && last.startsWith('ACTIVATION ')) {
      const a = JSON.parse(last.slice('ACTIVATION '.length)) as {
        calicoTls: number[];
        median: number;
        builtins: Record<string, number>;
      };
      const base = Object.values(a.builtins);
      const b = base.length ? median(base) : undefined;
      const ratio = b ? `${(a.median / b).toFixed(2)}×` : 'n/a';
      line(
        `extension activation (VS Code's own measure, median of ${a.calicoTls.length} fresh sessions: ${a.calicoTls.join(', ')} ms)`,
        ms(a.median),
        b === undefined
          ? 'no built-in extension activated'
          : `${ms(b)} (median of ${base.length} built-in extensions, same sessions)`,
        ratio,
        '≤ 50 ms',
        verdict(a.median <= 50),
      );
      return;
    }
    const tail = [...(r.stderr ?? '').trim().split('\n').slice(-2), ...out.slice(-1)].filter((l) => l.trim());
    reason = r.error
      ? String(r.error.message)
      : `vscode-test.mjs --activation exited ${r.status ?? r.signal}${last.startsWith('ACTIVATION ') ? '' : ' without an ACTIVATION line'}: ${tail.join(' / ')}`;
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  line("extension activation (VS Code's own measure)", `not measured (${cell(reason)})`, '', '', '≤ 50 ms', 'n/a');
}

/** The VSIX as `npm run package` builds it (production bundles): activation of that VSIX, and its size. */
function benchPackage(): void {
  execFileSync('npm', ['run', '--silent', 'package'], { stdio: 'ignore' });
  const vsix = statSync(join(ROOT, 'calico-tls.vsix')).size / (1024 * 1024);
  benchActivation();
  line('VSIX size (npm run package)', `${vsix.toFixed(2)} MB`, '', '', '≤ 1.5 MB', verdict(vsix <= 1.5));
}

/** The sections of `npm run bench`, in order; BENCH_ONLY=name[,name] runs just those. */
const SECTIONS: Record<string, () => void | Promise<void>> = {
  lint: benchLint,
  keystroke: benchKeystrokes,
  workspace: benchWorkspace,
  scale: benchScale,
  certgen: benchGen,
  activation: benchPackage,
};

async function main(): Promise<void> {
  // BENCH_ONLY=name[,name]: just those sections' rows, printed, docs left alone (for iterating).
  const only = process.env.BENCH_ONLY?.split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = only?.filter((n) => !(n in SECTIONS)) ?? [];
  if (unknown.length) {
    console.error(`BENCH_ONLY: no section ${unknown.join(', ')} (sections: ${Object.keys(SECTIONS).join(', ')})`);
    process.exit(2);
  }
  const header = [
    '| measurement | Calico TLS (median) | baseline (median) | ratio | target | |',
    '|---|---|---|---|---|---|',
  ];
  console.log(header.join('\n'));
  for (const [name, run] of Object.entries(SECTIONS)) if (!only?.length || only.includes(name)) await run();
  if (only?.length) process.exit(0);
  const machine = `${process.version}, ${readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU'} × ${(await import('node:os')).cpus().length}`;
  const doc = readFileSync(join(ROOT, 'docs/benchmarks.md'), 'utf8');
  const start = doc.indexOf('<!-- results -->');
  const end = doc.indexOf('<!-- /results -->');
  const table = `<!-- results -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench\`:\n\n${[...header, ...rows].join('\n')}\n<!-- /results -->`;
  if (start >= 0 && end > start)
    writeFileSync(
      join(ROOT, 'docs/benchmarks.md'),
      doc.slice(0, start) + table + doc.slice(end + '<!-- /results -->'.length),
    );
  console.log('\nwritten to docs/benchmarks.md');
  process.exit(0);
}

void main();
