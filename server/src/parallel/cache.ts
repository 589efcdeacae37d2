/**
 * `calico-tls lint --cache` (issue 21 item 4): what a run learnt, kept for the next one in a file
 * (`.calico-tls-cache` in the current folder, or `--cache-location`). Rules relate files within
 * a unit, so what is reused is per unit: each unit's findings, keyed by the content of every file
 * in it; and the plan of units, when not one file was added, removed or changed. A run where
 * nothing changed reads and hashes the files and nothing else.
 *
 * The key holds everything else findings depend on: the code (a hash of the running bundle, so a
 * new version or a changed rule starts afresh), the options (rules and severities, the expiry
 * window, the size cap, the language) and the day (certificates expire: a finding about one
 * depends on the date). JSON, not v8 serialisation: a cache file in a repository is input like
 * any other, and JSON.parse builds plain data only.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type { LintOptions } from '../engine';
import type { UnitPlan, UnitResult } from '../engine/streamed';

export const DEFAULT_CACHE_FILE = '.calico-tls-cache';
const FORMAT = 1;

export interface RunCache {
  readonly key: string;
  /** Path -> content hash of every file of the run. */
  readonly files: ReadonlyMap<string, string>;
  readonly plan: readonly UnitPlan[];
  /** unitKey -> the unit's result. */
  readonly units: ReadonlyMap<string, UnitResult>;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

let codeHash: string | undefined;

/** A hash of the bundle running this code (the CLI, the server, a test): the engine's version. */
function code(): string {
  if (codeHash === undefined) {
    try {
      codeHash = contentHash(readFileSync(__filename, 'latin1'));
    } catch {
      codeHash = String(Date.now()); // unknown code: never reuse
    }
  }
  return codeHash;
}

/** Everything besides the files that findings depend on. */
export function cacheKey(options: LintOptions, now: Date = options.now ?? new Date()): string {
  const { now: _now, ...rest } = options;
  const sorted = (o: unknown): unknown =>
    o && typeof o === 'object' && !Array.isArray(o)
      ? Object.fromEntries(
          Object.entries(o as Record<string, unknown>)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]) => [k, sorted(v)]),
        )
      : o;
  return contentHash(JSON.stringify([FORMAT, code(), sorted(rest), now.toISOString().slice(0, 10)]));
}

/** A unit's key: its files and their contents. */
export function unitKey(uris: readonly string[], hashes: ReadonlyMap<string, string>): string {
  return contentHash(JSON.stringify(uris.map((u) => [u, hashes.get(u) ?? ''])));
}

/** The cache at `path` if it was written for `key`; anything else (absent, damaged, stale) is no cache. */
export function loadCache(path: string, key: string): RunCache | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as {
      key?: unknown;
      files?: unknown;
      plan?: unknown;
      units?: unknown;
    };
    if (data.key !== key || !Array.isArray(data.files) || !Array.isArray(data.plan) || !Array.isArray(data.units))
      return undefined;
    return {
      key,
      files: new Map(data.files as Array<[string, string]>),
      plan: data.plan as UnitPlan[],
      units: new Map(data.units as Array<[string, UnitResult]>),
    };
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache (to a temporary file first: a run killed half-way leaves the old one).
 * Returns a reason on failure.
 */
export function saveCache(path: string, cache: RunCache): string | undefined {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(
      tmp,
      JSON.stringify({ key: cache.key, files: [...cache.files], plan: cache.plan, units: [...cache.units] }),
    );
    renameSync(tmp, path);
    return undefined;
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    return (e as NodeJS.ErrnoException).code ?? String(e);
  }
}
