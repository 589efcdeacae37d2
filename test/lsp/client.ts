/** A minimal LSP client over stdio for tests: spawns the built server and speaks JSON-RPC, as an editor does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers';

export interface TestClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  /** The latest diagnostics pushed per URI. */
  readonly pushed: Map<string, Diagnostic[]>;
  /** Resolves when a push for `uri` satisfies `pred` (bounded by a timeout). */
  waitFor(uri: string, pred: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]>;
  /** The `calicoTls` section answered for the window (no scopeUri). */
  settings: Record<string, unknown>;
  /** Answered for a workspace/configuration item whose scopeUri is this folder URI (else `settings`). */
  folderSettings: Record<string, Record<string, unknown>>;
  /** Every workspace/configuration item asked for, in order. */
  readonly configurationItems: Array<{ section?: string; scopeUri?: string }>;
  close(): Promise<void>;
}

export async function startServer(
  rootPath: string,
  capabilities: ClientCapabilities,
  extraFolders: readonly string[] = [],
  /** Runs before `initialize`, e.g. to set folder settings the first configuration request gets. */
  prepare?: (client: TestClient) => void,
  /** More `initialize` parameters, e.g. `{ locale: 'zh-cn' }` as VS Code sends its display language. */
  initialize: Record<string, unknown> = {},
): Promise<TestClient> {
  const proc = spawn(process.execPath, [join(repoRoot(), 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // A write racing the server's exit must not become an unhandled error in the test.
  proc.stdin!.on('error', () => undefined);
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const pushed = new Map<string, Diagnostic[]>();
  const waiters: Array<() => void> = [];
  const client: TestClient = {
    conn,
    proc,
    pushed,
    settings: {},
    folderSettings: {},
    configurationItems: [],
    waitFor(uri, pred, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(
              new Error(
                `timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(pushed.get(uri)?.map((d) => d.code))}`,
              ),
            ),
          ms,
        );
        const check = () => {
          const d = pushed.get(uri);
          if (d && pred(d)) {
            clearTimeout(t);
            resolve(d);
            return true;
          }
          return false;
        };
        const wait = () => {
          if (!check()) waiters.push(wait);
        };
        wait();
      });
    },
    async close() {
      const exited = new Promise((r) => proc.once('exit', r));
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      proc.kill();
      conn.dispose();
    },
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    pushed.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/configuration', (p: { items: Array<{ section?: string; scopeUri?: string }> }) =>
    p.items.map((i) => {
      client.configurationItems.push(i);
      return (i.scopeUri && client.folderSettings[i.scopeUri]) || client.settings;
    }),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onNotification('calicoTls/status', () => undefined);
  conn.onNotification('window/logMessage', () => undefined);
  prepare?.(client);
  conn.listen();
  const rootUri = `file://${rootPath}`;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [rootPath, ...extraFolders].map((f, i) => ({ uri: `file://${f}`, name: `ws${i}` })),
    capabilities,
    ...initialize,
    // CALICO_TLS_TEST_LEAN=1: the large workspace's path from the first file (see session.ts).
    ...(process.env.CALICO_TLS_TEST_LEAN === '1'
      ? { initializationOptions: { leanFiles: 0, ...((initialize.initializationOptions as object | undefined) ?? {}) } }
      : {}),
  });
  conn.sendNotification('initialized', {});
  return client;
}
