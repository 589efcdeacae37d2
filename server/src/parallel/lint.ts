/**
 * A lint run over files on disk, unit by unit (engine/streamed.ts), on every core (pool.ts):
 * first look at every file, cut the units, lint each unit, join. The CLI runs this; with
 * `--concurrency off`, or without the worker bundle, or if a worker dies, the same tasks run in
 * the calling thread, with the same findings (test/differential.test.ts).
 */
import type { LintOptions } from '../engine';
import { mergeUnits, planUnits, type FileLook, type UnitPlan, type UnitResult } from '../engine/streamed';
import type { Look } from '../engine/unit-workspace';
import type { Unread } from '../engine/model/compact';
import { Pool, workerCount, type Concurrency } from './pool';
import type { Reply, Request } from './protocol';
import { runTask, textOf } from './tasks';
import { cacheKey, contentHash, loadCache, saveCache, unitKey } from './cache';

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
  /** With a cache: how many units were reused, of how many, and why the cache was not written. */
  readonly cached?: { readonly reused: number; readonly units: number; readonly writeError?: string };
  /** With `keep`: the first looks, the plan and each unit's result (the language server's state). */
  readonly units?: {
    readonly looks: Map<string, Look>;
    readonly plan: readonly UnitPlan[];
    readonly results: UnitResult[];
  };
}

export interface LintRunOptions {
  readonly concurrency: Concurrency;
  /** `--cache`: the cache file to reuse and rewrite (cache.ts). */
  readonly cache?: string;
  /** Hears each file looked at (progress). */
  readonly onLooked?: (n: number, total: number) => void;
  /** Hears each unit linted. */
  readonly onUnit?: (n: number, total: number) => void;
  /** Return the first looks, plan and per-unit results too (engine/unit-workspace.ts). */
  readonly keep?: boolean;
  /** The workers' memory (pool.ts YOUNG_GENERATION_MB): `lean` for the language server. */
  readonly memory?: 'fast' | 'lean';
}

export async function lintFiles(
  inputs: readonly LintInput[],
  options: LintOptions,
  o: LintRunOptions,
): Promise<LintRun> {
  // `n` threads lint: n - 1 workers and this thread, which would otherwise only wait for their
  // replies (on two cores, one worker and this thread; the language server's thread is then
  // also warmed up for the edits that follow, which it lints alone: lsp/large.ts).
  const n = workerCount(o.concurrency, inputs.length);
  let pool: Pool | undefined;
  let started = false;
  const run = async (reqs: Request[], progress?: (n: number, total: number) => void): Promise<Reply[]> => {
    if (!reqs.length) return [];
    // Started when there is work for it: a run whose units all come from the cache needs none.
    if (!started) {
      started = true;
      pool = n > 1 ? Pool.start(n - 1, options, o.memory) : undefined;
    }
    if (pool) {
      try {
        return await pool.run(
          reqs,
          (_r, done) => progress?.(done, reqs.length),
          (r) => runTask(r, options),
        );
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
    const key = o.cache !== undefined ? cacheKey(options) : undefined;
    const prev = o.cache !== undefined ? loadCache(o.cache, key!) : undefined;
    // With a cache, every file is read and hashed here first: a unit whose files all hash as
    // last time is not linted again, and when no file changed the plan is reused too.
    const hashes = new Map<string, string>();
    let readable = inputs;
    const unreadableHere: Array<{ path: string; reason: string }> = [];
    if (key) {
      for (const f of inputs) {
        const t = textOf({ uri: f.path, text: f.text }, options);
        if ('text' in t) hashes.set(f.path, contentHash(t.text));
        else unreadableHere.push({ path: f.path, reason: t.reason });
      }
      readable = inputs.filter((f) => hashes.has(f.path));
    }
    // `keep` needs every file's first look, which the cache does not hold: looks are taken again
    // (reading and scanning, no parse) and only the units' results come from the cache.
    const same =
      !o.keep && !!prev && prev.files.size === hashes.size && [...hashes].every(([p, h]) => prev.files.get(p) === h);
    // What each file's first look found no reader reads: blanked when its unit is parsed.
    const unreadOf = new Map<string, Unread>();
    const kept = new Map<string, Look>();
    // The first looks live only in here: the units are linted holding the plan (uris) alone.
    const { plan, unreadable } = same
      ? { plan: prev.plan, unreadable: [] }
      : await (async () => {
          const looks = await run(
            readable.map((f, seq) => ({ seq, task: 'look', file: { uri: f.path, text: f.text } })),
            o.onLooked,
          );
          const files: FileLook[] = [];
          const unreadable: Array<{ path: string; reason: string }> = [];
          looks.forEach((r, i) => {
            if ('look' in r) {
              const look = r.look;
              files.push(look);
              if (r.unread.ranges.length || r.unread.keyed.length) unreadOf.set(r.look.uri, r.unread);
              if (o.keep) kept.set(look.uri, { look, unread: r.unread });
            } else if ('unreadable' in r) unreadable.push({ path: readable[i]!.path, reason: r.unreadable });
            else throw new Error('error' in r ? r.error : 'unexpected reply');
          });
          return { plan: planUnits(files), unreadable };
        })();
    const textOfStdin = new Map(inputs.filter((f) => f.text !== undefined).map((f) => [f.path, f.text] as const));
    const keys = key ? plan.map((u) => unitKey(u.uris, hashes)) : [];
    const results: UnitResult[] = new Array(plan.length);
    let reused = 0;
    if (prev)
      keys.forEach((k, i) => {
        const hit = prev.units.get(k);
        if (hit) {
          results[i] = hit;
          reused++;
        }
      });
    // The largest units first, so that no thread is left with a large one at the end.
    const order = plan
      .map((_, i) => i)
      .filter((i) => !results[i])
      .sort((a, b) => plan[b]!.uris.length - plan[a]!.uris.length);
    const replies = await run(
      order.map((k, seq) => ({
        seq,
        task: 'unit',
        files: plan[k]!.uris.map((uri) => ({ uri, text: textOfStdin.get(uri), unread: unreadOf.get(uri) })),
      })),
      o.onUnit,
    );
    replies.forEach((r, seq) => {
      if (!('unit' in r)) throw new Error('error' in r ? r.error : 'unexpected reply');
      results[order[seq]!] = r.unit;
    });
    let cached: LintRun['cached'];
    if (key) {
      const writeError = saveCache(o.cache!, {
        key,
        files: hashes,
        plan,
        units: new Map(keys.map((k, i) => [k, results[i]!] as const)),
      });
      cached = { reused, units: plan.length, ...(writeError ? { writeError } : {}) };
    }
    return {
      result: mergeUnits(results),
      unreadable: [...unreadableHere, ...unreadable],
      workers: pool ? n : 0,
      ...(cached ? { cached } : {}),
      ...(o.keep ? { units: { looks: kept, plan, results } } : {}),
    };
  } finally {
    await pool?.close();
  }
}
