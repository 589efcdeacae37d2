/**
 * Parsing on every core (issue 21 item 2): files are parsed and cut to what the rules read in a
 * pool of worker threads (worker.ts, bundled next to the adapter as parse-worker.js); the
 * cross-file analysis then runs once, in the calling thread, on the merged files. Findings are
 * the same as the one-thread `lint` (test/differential.test.ts): each worker runs the same
 * parseFile + compactFile, and the files come back in the order they were given.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedFile, ParseOptions } from '../engine/parse';
import { LineIndex } from '../engine/parse/line-index';
import type { SeverityOrOff, SourceFile } from '../engine/types';
import type { ParseReply, ParseRequest, WorkerSetup } from './protocol';

/** `--concurrency`: a number of threads, `auto` (from the machine and the number of files) or `off`. */
export type Concurrency = number | 'auto' | 'off';

/**
 * Below this many files per thread a worker costs more to start (it loads the engine, ~0.1 s)
 * than it saves: `auto` uses fewer threads, or none.
 */
export const FILES_PER_WORKER = 200;

/** How many worker threads to parse `files` files with; 0 parses in the calling thread. */
export function workerCount(c: Concurrency, files: number): number {
  if (c === 'off') return 0;
  const n = c === 'auto' ? Math.min(availableParallelism(), Math.floor(files / FILES_PER_WORKER)) : c;
  return n >= 2 || (c !== 'auto' && n >= 1) ? Math.min(n, files) : 0;
}

/** Where the worker bundle is: next to the bundle that runs this code (dist/ or dist-test/). */
export function workerScript(): string | undefined {
  const p = join(__dirname, 'parse-worker.js');
  return existsSync(p) ? p : undefined;
}

export interface PoolOptions {
  readonly workers: number;
  readonly parse?: Pick<ParseOptions, 'maxFileSize'>;
  readonly rules?: Readonly<Record<string, SeverityOrOff>>;
  readonly onParsed?: (n: number, total: number) => void;
}

/** Files in flight per worker: enough that a worker never waits for the next one. */
const IN_FLIGHT = 4;

/**
 * Parses the sources in `workers` threads, in their order. Undefined when the worker bundle is
 * missing or a worker fails to run (the caller parses in its own thread instead: nothing is lost).
 */
export async function parseInWorkers(
  sources: readonly SourceFile[],
  o: PoolOptions,
): Promise<ParsedFile[] | undefined> {
  const script = workerScript();
  if (!script || o.workers < 1 || !sources.length) return undefined;
  const setup: WorkerSetup = {
    calicoTlsParseWorker: true,
    parse: { maxFileSize: o.parse?.maxFileSize },
    rules: o.rules ?? {},
  };
  const out = new Array<ParsedFile>(sources.length);
  const pool = Array.from({ length: Math.min(o.workers, sources.length) }, () => ({
    worker: new Worker(script, { workerData: setup }),
    busy: 0,
  }));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (slot: (typeof pool)[number]) => {
        while (slot.busy < IN_FLIGHT && next < sources.length) {
          const seq = next++;
          const s = sources[seq]!;
          const req: ParseRequest = { seq, uri: s.uri, text: s.text };
          slot.busy++;
          slot.worker.postMessage(req);
        }
      };
      for (const slot of pool) {
        slot.worker.on('message', (r: ParseReply) => {
          slot.busy--;
          if ('error' in r) {
            reject(new Error(r.error));
            return;
          }
          out[r.seq] = { ...r.file, lines: new LineIndex(r.file.text) } as ParsedFile;
          done++;
          o.onParsed?.(done, sources.length);
          if (done === sources.length) resolve();
          else feed(slot);
        });
        slot.worker.on('error', reject);
        slot.worker.on('exit', (code) => {
          if (done < sources.length) reject(new Error(`a parse worker exited with code ${code}`));
        });
        feed(slot);
      }
    });
  } catch {
    return undefined;
  } finally {
    await Promise.all(pool.map((s) => s.worker.terminate()));
  }
  return out;
}
