/**
 * An editor stand-in for protocol tests: spawns the BUILT server (`node dist/server.js --stdio`)
 * and speaks JSON-RPC to it as an editor does. It records what the server sends (pushed
 * diagnostics, status notifications, registrations, refresh and configuration requests, log
 * messages) and bounds every wait, so a broken server fails the test instead of hanging it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  Registration,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers';

export interface SessionOptions {
  readonly capabilities: ClientCapabilities;
  /** The `calicoTls` section answered to workspace/configuration. */
  readonly settings?: Record<string, unknown>;
  readonly initializationOptions?: unknown;
  /** Answer client/registerCapability with an error, as some editors do. */
  readonly refuseRegistration?: boolean;
}

export interface Status {
  files: number;
  errors: number;
  warnings: number;
}

const DEFAULT_WAIT = 8000;

/**
 * `CALICO_TLS_TEST_LEAN=1`: every session's server keeps the workspace as units from the first
 * file (workspace-index.ts LEAN_FILES, lsp/large.ts), so the protocol tests check the large
 * workspace's path too (npm test runs them both ways).
 */
const LEAN = process.env.CALICO_TLS_TEST_LEAN === '1';

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

export function withTimeout<T>(p: Promise<T>, what: string, ms = DEFAULT_WAIT): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

export class Session {
  readonly pushed = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics in arrival order. */
  readonly pushLog: PublishDiagnosticsParams[] = [];
  readonly statuses: Status[] = [];
  readonly registrations: Registration[] = [];
  readonly logs: Array<{ type: number; message: string }> = [];
  /** $/progress notifications (work-done progress the server reports), in order. */
  readonly progress: Array<{ token: unknown; value: { kind: string; title?: string; message?: string } }> = [];
  refreshes = 0;
  configurationRequests = 0;
  settings: Record<string, unknown>;
  stderr = '';
  exitCode: number | null | undefined;
  initializeResult: InitializeResult | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(
    readonly conn: MessageConnection,
    readonly proc: ChildProcess,
    readonly root: string,
    options: SessionOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(root: string, options: SessionOptions): Promise<Session> {
    const proc = spawn(process.execPath, [join(repoRoot(), 'dist', 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A write racing the server's exit must not become an unhandled error in the test.
    proc.stdin!.on('error', () => undefined);
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const s = new Session(conn, proc, root, options);
    proc.stderr!.on('data', (b: Buffer) => (s.stderr += b.toString()));
    proc.once('exit', (code) => {
      s.exitCode = code;
      s.changed();
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      s.pushed.set(p.uri, p.diagnostics);
      s.pushLog.push(p);
      s.changed();
    });
    conn.onNotification('calicoTls/status', (p: Status) => {
      s.statuses.push(p);
      s.changed();
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      s.logs.push(p);
      s.changed();
    });
    conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) => {
      s.configurationRequests++;
      s.changed();
      return p.items.map((i) => (i.section === 'calicoTls' ? s.settings : null));
    });
    conn.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
      if (options.refuseRegistration) return new ResponseError(-32601, 'registration not supported');
      s.registrations.push(...p.registrations);
      s.changed();
      return null;
    });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('$/progress', (p: { token: unknown; value: { kind: string } }) => {
      s.progress.push(p);
      s.changed();
    });
    conn.onRequest('workspace/diagnostic/refresh', () => {
      s.refreshes++;
      s.changed();
      return null;
    });
    conn.listen();
    const rootUri = uriOf(root);
    s.initializeResult = await withTimeout(
      conn.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'ws' }],
        capabilities: options.capabilities,
        initializationOptions: LEAN
          ? { leanFiles: 0, ...((options.initializationOptions as object | undefined) ?? {}) }
          : options.initializationOptions,
      }),
      'initialize',
    );
    await conn.sendNotification('initialized', {});
    return s;
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with the first truthy value of `probe`, re-checked on every message from the server. */
  until<T>(what: string, probe: () => T | undefined | null | false, ms = DEFAULT_WAIT): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (err: Error | undefined, v?: T) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (err) reject(err);
        else resolve(v as T);
      };
      const check = () => {
        let v: T | undefined | null | false;
        try {
          v = probe();
        } catch (e) {
          finish(e as Error);
          return;
        }
        if (v) finish(undefined, v);
        else if (this.exitCode !== undefined)
          finish(new Error(`server exited (${this.exitCode}) while waiting for ${what}\n${this.stderr}`));
      };
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `timed out after ${ms} ms waiting for ${what}; pushed: ${JSON.stringify([...this.pushed].map(([u, d]) => [u, d.map((x) => `${String(x.code)}@${x.range.start.line}:${x.range.start.character}/${x.severity}`)]))}\n${this.stderr}`,
            ),
          ),
        ms,
      );
      this.listeners.add(check);
      check();
    });
  }

  /** Waits for a push for `uri` that satisfies `pred`. */
  diagnostics(uri: string, pred: (d: Diagnostic[]) => boolean, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.until(`${what} of ${uri}`, () => {
      const d = this.pushed.get(uri);
      return d && pred(d) ? d : undefined;
    });
  }

  request<T>(method: string, params: unknown, ms = DEFAULT_WAIT): Promise<T> {
    return withTimeout(this.conn.sendRequest<T>(method, params), method, ms);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => (this.exitCode !== undefined ? r(undefined) : this.proc.once('exit', r)));
    try {
      await withTimeout(this.conn.sendRequest('shutdown'), 'shutdown', 2000);
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.exitCode === undefined) this.proc.kill();
    this.conn.dispose();
  }
}

/** Applies LSP text edits (non-overlapping) to a text, as an editor does. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let t = text;
  for (const e of sorted) t = t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end));
  return t;
}

/** 0-based position of the first occurrence of `needle` (after `from`, when given). */
export function positionOf(text: string, needle: string, from?: string): { line: number; character: number } {
  const base = from === undefined ? 0 : text.indexOf(from);
  const i = text.indexOf(needle, Math.max(base, 0));
  if (base < 0 || i < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}
