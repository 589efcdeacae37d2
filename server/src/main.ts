/**
 * The one bundle of the CLI, the language server and their lint workers (dist/calico-tls.js).
 * dist/cli.js and dist/server.js are two-line stubs that call `cli()` or `server()`, and the
 * worker threads (parallel/pool.ts) start this same file: the engine, its CRD schemas, rule
 * texts and certificate library are shipped once instead of three times (the VSIX went from
 * 2.2 MB to about 1.4 MB, docs/benchmarks.md). Each entry is imported only when called, so a
 * worker never loads the language server, nor the CLI the server.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import type { WorkerSetup } from './parallel/protocol';

/** `calico-tls` (bin/calico-tls.js): wires argv, stdio and the exit code to the CLI. */
export function cli(): Promise<unknown> {
  return import('./cli/main');
}

/** `calico-tls-language-server` and the VS Code client: the language server over its transport. */
export function server(): Promise<unknown> {
  return import('./lsp/main');
}

// A lint worker of either (pool.ts passes this setup): answers the tasks it is sent. Messages
// sent before its listener is attached wait in the port.
if (!isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.calicoTlsLintWorker)
  void import('./parallel/worker');
