/**
 * A lint run over files on disk, unit by unit (engine/streamed.ts), on every core (pool.ts):
 * first look at every file, cut the units, lint each unit, join. The CLI runs this; with
 * `--concurrency off`, or without the worker bundle, or if a worker dies, the same tasks run in
 * the calling thread, with the same findings (test/differential.test.ts).
 */
import type { LintOptions } from '../engine';
import type { ParsedFile } from '../engine/parse';
import { LineIndex } from '../engine/parse/line-index';
import { mergeUnits, planUnits, type UnitResult } from '../engine/streamed';
import { Pool, workerCount, type Concurrency } from './pool';
import type { Reply, Request } from './protocol';
import { runTask } from './tasks';

export interface LintInput {
  /** Absolute path (or `<stdin>`, with its text): the uri the engine sees. */
  readonly path: string;
  readonly text?: string;
}

export interface LintRun {
  readonly result: UnitResult;
  /** Inputs that could not be read, and why in a few words. */
  readonly unreadable: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /** How many threads linted (0: the calling thread). */
  readonly workers: number;
}

export interface LintRunOptions {
  readonly concurrency: Concurrency;
  /** Hears each file looked at (progress). */
  readonly onLooked?: (n: number, total: number) => void;
  /** Hears each unit linted. */
  readonly onUnit?: (n: number, total: number) => void;
}

export async function lintFiles(
  inputs: readonly LintInput[],
  options: LintOptions,
  o: LintRunOptions,
): Promise<LintRun> {
  const n = workerCount(o.concurrency, inputs.length);
  let pool = n ? Pool.start(n, options) : undefined;
  const run = async (reqs: Request[], progress?: (n: number, total: number) => void): Promise<Reply[]> => {
    if (pool) {
      try {
        return await pool.run(reqs, (_r, done) => progress?.(done, reqs.length));
      } catch {
        // A worker died (out of memory, a bug): the rest runs here; nothing is lost.
        await pool.close();
        pool = undefined;
      }
    }
    return reqs.map((r, i) => {
      const reply = runTask(r, options);
      progress?.(i + 1, reqs.length);
      return reply;
    });
  };
  try {
    // The first looks live only in here: the units are linted holding the plan (uris) alone.
    const { plan, unreadable } = await (async () => {
      const looks = await run(
        inputs.map((f, seq) => ({ seq, task: 'look', file: { uri: f.path, text: f.text } })),
        o.onLooked,
      );
      const files: ParsedFile[] = [];
      const unreadable: Array<{ path: string; reason: string }> = [];
      looks.forEach((r, i) => {
        if ('look' in r) files.push({ ...r.look, lines: new LineIndex('') } as ParsedFile);
        else if ('unreadable' in r) unreadable.push({ path: inputs[i]!.path, reason: r.unreadable });
        else throw new Error('error' in r ? r.error : 'unexpected reply');
      });
      return { plan: planUnits(files), unreadable };
    })();
    const textOf = new Map(inputs.filter((f) => f.text !== undefined).map((f) => [f.path, f.text] as const));
    // The largest units first, so that no thread is left with a large one at the end.
    const order = plan.map((_, i) => i).sort((a, b) => plan[b]!.uris.length - plan[a]!.uris.length);
    const replies = await run(
      order.map((k, seq) => ({
        seq,
        task: 'unit',
        files: plan[k]!.uris.map((uri) => ({ uri, text: textOf.get(uri) })),
      })),
      o.onUnit,
    );
    const results: UnitResult[] = new Array(plan.length);
    replies.forEach((r, seq) => {
      if (!('unit' in r)) throw new Error('error' in r ? r.error : 'unexpected reply');
      results[order[seq]!] = r.unit;
    });
    return { result: mergeUnits(results), unreadable, workers: pool ? n : 0 };
  } finally {
    await pool?.close();
  }
}
