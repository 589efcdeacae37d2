/**
 * Every core (issue 21 item 2): a pool of worker threads (worker.ts, bundled next to the adapter
 * as part of calico-tls.js, main.ts) that run lint tasks (tasks.ts) and answer in the order they were asked.
 * `--concurrency N|auto|off` on the CLI chooses the size.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintOptions } from '../engine';
import type { Reply, Request, WorkerSetup } from './protocol';

/** `--concurrency`: a number of threads, `auto` (from the machine and the number of files) or `off`. */
export type Concurrency = number | 'auto' | 'off';

/**
 * Below this many files per thread a worker costs more to start (it loads the engine, ~0.1 s)
 * than it saves: `auto` uses fewer threads, or none.
 */
export const FILES_PER_WORKER = 200;

/** How many worker threads to lint `files` files with; 0 runs in the calling thread. */
export function workerCount(c: Concurrency, files: number): number {
  if (c === 'off') return 0;
  const n = c === 'auto' ? Math.min(availableParallelism(), Math.floor(files / FILES_PER_WORKER)) : c;
  if (c === 'auto' && n < 2) return 0;
  return Math.max(0, Math.min(n, files));
}

/** Where the worker bundle is: next to the bundle that runs this code (dist/ or dist-test/). */
export function workerScript(): string | undefined {
  const p = join(__dirname, 'calico-tls.js');
  return existsSync(p) ? p : undefined;
}

/**
 * Each worker's young generation: `fast` (the CLI) larger than V8's default, since parsing
 * allocates many short-lived objects and scavenges were a large share of the work with the
 * default; 32 MiB kept the time of a larger one with less peak memory (the CLI rows of
 * docs/benchmarks.md). `lean` (the language server, which holds the workspace afterwards in the
 * same process, in the editor's memory): 16 MiB, a little more scavenging for less peak memory.
 */
export const YOUNG_GENERATION_MB = { fast: 32, lean: 16 } as const;

/** Requests in flight per worker: enough that a worker never waits for the next one. */
const IN_FLIGHT = 4;

export class Pool {
  private readonly workers: Worker[];
  private failed: Error | undefined;

  private constructor(script: string, n: number, options: LintOptions, youngMb: number) {
    const setup: WorkerSetup = { calicoTlsLintWorker: true, options };
    this.workers = Array.from(
      { length: n },
      () => new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: youngMb } }),
    );
  }

  /** A pool of `n` workers, or undefined when the worker bundle is not there. */
  static start(n: number, options: LintOptions, memory: keyof typeof YOUNG_GENERATION_MB = 'fast'): Pool | undefined {
    const script = workerScript();
    return script && n > 0 ? new Pool(script, n, options, YOUNG_GENERATION_MB[memory]) : undefined;
  }

  /**
   * Runs the requests, `seq` being each one's index, and gives the replies in that order;
   * `onReply` hears each as it comes. With `local`, the calling thread takes requests too, one at
   * a time between turns of its event loop (workers keep IN_FLIGHT queued, so none waits on it).
   * Rejects if a worker dies (the caller then runs the tasks itself: nothing is lost).
   */
  run(
    requests: readonly Request[],
    onReply?: (r: Reply, done: number) => void,
    local?: (r: Request) => Reply,
  ): Promise<Reply[]> {
    const out = new Array<Reply>(requests.length);
    if (!requests.length) return Promise.resolve(out);
    if (this.failed) return Promise.reject(this.failed);
    let next = 0;
    let done = 0;
    return new Promise<Reply[]>((resolve, reject) => {
      const cleanups: Array<() => void> = [];
      let settled = false;
      const finish = (e?: Error) => {
        if (settled) return;
        settled = true;
        for (const c of cleanups) c();
        if (e) {
          this.failed = e;
          reject(e);
        } else resolve(out);
      };
      const feeds: Array<() => void> = [];
      const received = (r: Reply) => {
        out[r.seq] = r;
        done++;
        onReply?.(r, done);
        if (done === requests.length) finish();
        else for (const f of feeds) f();
      };
      for (const w of this.workers) {
        let busy = 0;
        const feed = () => {
          while (busy < IN_FLIGHT && next < requests.length) {
            busy++;
            w.postMessage(requests[next++]);
          }
        };
        feeds.push(feed);
        const onMessage = (r: Reply) => {
          busy--;
          received(r);
        };
        const onError = (e: Error) => finish(e);
        const onExit = (code: number) => finish(new Error(`a lint worker exited with code ${code}`));
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        cleanups.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
        });
        feed();
      }
      if (local) {
        // The reply is cloned as a worker's is: a result made here then holds no slice of a
        // file's text or any other object of the run (the language server keeps the results).
        const step = () => {
          if (settled || next >= requests.length) return;
          received(structuredClone(local(requests[next++]!)));
          setImmediate(step);
        };
        setImmediate(step);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
