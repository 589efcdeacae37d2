/**
 * Diagnostics of a large workspace (issue 21): the CLI's path, unit by unit. The first results
 * come from a lint run on worker threads (parallel/lint.ts, `calicoTls.concurrency`), which keeps
 * only each file's first look, the plan and each unit's findings; the index holds no text or tree
 * of a file that is not open (lsp/workspace-index.ts `lean`). Later changes are applied here, in
 * this thread: the changed files are looked at again and the units holding them linted again
 * (engine/unit-workspace.ts). A hover or navigation builds the model of the units holding its
 * file, from disk and the open documents, and keeps the last few.
 */
import { Analysis, type LintOptions } from '../engine';
import { parseUnit, lintUnit, type UnitResult } from '../engine/streamed';
import { UnitWorkspace, unitSources } from '../engine/unit-workspace';
import { lintFiles } from '../parallel/lint';
import type { Concurrency } from '../parallel/pool';
import type { WorkspaceIndex } from './workspace-index';
import { UnitModels } from './models';

export interface LargeRun {
  readonly result: UnitResult;
  /** The files whose units were linted in this run (the others kept their findings). */
  readonly rechecked: readonly string[];
}

export class LargeWorkspace {
  private ws: UnitWorkspace | undefined;
  private key = '';
  private running: Promise<void> | undefined;
  private readonly models = new UnitModels();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly log: (line: string) => void,
  ) {}

  /** True when the cold run for these options is done. */
  ready(key: string): boolean {
    return !!this.ws && this.key === key && !this.running;
  }

  /** Start over (settings changed, the lint-workspace command). */
  reset(): void {
    this.ws = undefined;
    this.key = '';
    this.models.clear();
  }

  /**
   * The cold run: every file of the index, open documents from their buffers, on worker threads.
   * Changes that arrive meanwhile are applied by the next `update`.
   */
  async cold(
    options: LintOptions,
    key: string,
    concurrency: Concurrency,
    onProgress?: (done: number, total: number) => void,
    /** The persisted per-unit cache (parallel/cache.ts) in the editor's storage folder, if any. */
    cache?: string,
  ): Promise<void> {
    while (this.running) await this.running;
    if (this.ws && this.key === key) return;
    const run = (async () => {
      this.index.clearChanges();
      const open = this.index.openTexts();
      const inputs = this.index.uris().map((uri) => ({ path: uri, text: open.get(uri) }));
      const total = inputs.length;
      const r = await lintFiles(inputs, options, {
        concurrency,
        keep: true,
        // The workspace stays in this process after the run: the workers trade a little speed
        // for less peak memory (pool.ts).
        memory: 'lean',
        ...(cache ? { cache } : {}),
        // Reading and first looks are most of the time: they count for the first half.
        onLooked: (n) => onProgress?.(Math.floor(n / 2), total),
        onUnit: (n, units) => onProgress?.(Math.floor(total / 2 + (n / Math.max(units, 1)) * (total / 2)), total),
      });
      for (const u of r.unreadable) this.index.noteUnreadable(u.path, u.reason);
      const units = r.units!;
      const reused = r.cached ? `, ${r.cached.reused} of them from the cache` : '';
      this.log(
        `calico-tls: large workspace: ${total} files in ${units.plan.length} units${reused}, ` +
          `checked on ${r.workers || "the server's"} thread${r.workers === 1 ? '' : 's'}`,
      );
      if (r.cached?.writeError) this.log(`calico-tls: cannot write the cache ${cache}: ${r.cached.writeError}`);
      this.ws = new UnitWorkspace(units.looks, units.plan, units.results, options);
      this.key = key;
      this.models.clear();
    })();
    this.running = run;
    try {
      await run;
    } finally {
      this.running = undefined;
    }
  }

  /** Applies the index's changes since the last call (this thread) and returns the merged findings. */
  update(options: LintOptions): LargeRun {
    const ws = this.ws!;
    const changes = new Map<string, { uri: string; text: string } | undefined>();
    for (const [uri, text] of this.index.takeChanges())
      changes.set(uri, text === undefined ? undefined : { uri, text });
    const rechecked: string[] = [];
    if (changes.size) {
      this.models.clear();
      const texts = new Map([...changes].map(([u, s]) => [u, s?.text] as const));
      const textOf = (uri: string) => (texts.has(uri) ? texts.get(uri) : this.index.textOf(uri));
      const opts = { ...options, yamlCache: this.index.yamlCache };
      for (const i of ws.update(changes)) {
        // An open document too is parsed with what no reader reads blanked (its new first look
        // says what): a keystroke in one of calico.yaml's CRDs then re-reads that document's
        // keys (parse/keys.ts) and re-parses one blanked chunk, where it used to re-parse the
        // CRD whole; the unchanged chunks come from the YAML cache, and the blanking is a byte copy.
        ws.setResult(i, lintUnit(unitSources(ws, i, textOf), opts));
        rechecked.push(...ws.units[i]!.uris);
      }
    }
    return { result: ws.result(), rechecked };
  }

  /** The model of the units holding a file (hovers, navigation, completion, code lenses). */
  analysisOf(uri: string, options: LintOptions): Analysis | undefined {
    const ws = this.ws;
    if (!ws) return undefined;
    const units = ws.unitsOf(uri);
    if (!units.length) return undefined;
    return this.models.get(this.index.generation, units, () => {
      const uris = [...new Set(units.flatMap((u) => u.uris))];
      const files = parseUnit(
        uris.map((u) => ({ uri: u, text: this.index.textOf(u) ?? '' })),
        options,
      ).map((f) => (this.index.isOpen(f.uri) ? (this.index.parsed(f.uri) ?? f) : f));
      return new Analysis(files, options);
    });
  }
}
