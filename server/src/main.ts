/**
 * The one bundle of the CLI, the language server and their lint workers (dist/calico-tls.js).
 * dist/cli.js and dist/server.js are two-line stubs that call `cli()` or `server()`, and the
 * worker threads (parallel/pool.ts) start this same file: the engine, its CRD schemas, rule
 * texts and certificate library are shipped once instead of three times (the VSIX went from
 * 2.2 MB to about 1.4 MB, docs/benchmarks.md). Each entry is imported only when called, so a
 * worker never loads the language server, nor the CLI the server.
 */
import { setFlagsFromString } from 'node:v8';
import { isMainThread, workerData } from 'node:worker_threads';
import type { WorkerSetup } from './parallel/protocol';

/**
 * How far V8 lets a heap grow past what its last full collection kept before it collects again:
 * 50%. V8's own factor, on a machine with memory to spare, reaches 4x: a lint run keeps little
 * (the first looks, ~27 MiB on the scale workspace of docs/benchmarks.md) but parses a great deal,
 * and the parse trees a unit holds for a while are promoted to the old generation, so the main
 * thread's heap grew to 130-180 MiB and a worker's to 90 MiB between collections, garbage for the
 * most part. With 50% (V8's `--heap-growing-percent`, read at every full collection, so setting
 * it here at start-up, before any worker is started, applies to every thread): peak RSS of a
 * two-thread run 355 -> 214 MiB, wall time no worse (ARCHITECTURE.md, "Heap growth"). A value
 * given on node's command line wins.
 */
export const HEAP_GROWING_PERCENT = 50;

function leanHeap(): void {
  if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent')))
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** `calico-tls` (bin/calico-tls.js): wires argv, stdio and the exit code to the CLI. */
export function cli(): Promise<unknown> {
  leanHeap();
  return import('./cli/main');
}

/** `calico-tls-language-server` and the VS Code client: the language server over its transport. */
export function server(): Promise<unknown> {
  leanHeap();
  return import('./lsp/main');
}

// A lint worker of either (pool.ts passes this setup): answers the tasks it is sent. Messages
// sent before its listener is attached wait in the port.
if (!isMainThread && (workerData as Partial<WorkerSetup> | undefined)?.calicoTlsLintWorker)
  void import('./parallel/worker');
