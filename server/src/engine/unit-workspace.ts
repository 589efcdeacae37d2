/**
 * A large workspace kept as units (issue 21 item 1, the language server's half): the first look
 * at every file (identities only, parse/scan.ts), the plan cut from them and each unit's result
 * (findings with their positions resolved). No file's text or tree is held: a changed file gets
 * a new first look; if its identities are as before (units.ts `cutsAlike`) only the units that
 * hold it are linted again, else the plan is cut again and every unit whose files or content
 * changed is. Objects of different units are never related, so the merged results equal a
 * one-pass lint of the whole workspace (test/unit-workspace.test.ts holds the two together
 * through edits). Pure: the caller reads the files and lints the units (in this thread or not).
 */
import type { LintOptions } from './analyze';
import {
  firstLook,
  looksAlike,
  mergeUnits,
  planUnits,
  type FileLook,
  type UnitPlan,
  type UnitResult,
  type UnitSource,
} from './streamed';
import type { Unread } from './model/compact';
import type { Relevance } from './model/reads';
import { relevance } from './relevance';
import type { SourceFile } from './types';

/** A file's first look: what the units are cut from, and what of it no reader reads. */
export interface Look {
  readonly look: FileLook;
  readonly unread: Unread;
}

const unitKey = (u: UnitPlan) => `${u.id}\u0000${u.uris.join('\u0000')}`;

export class UnitWorkspace {
  private looks: Map<string, Look>;
  private plan: UnitPlan[];
  private results: Array<UnitResult | undefined>;
  /** The units each file belongs to (a kustomize base listed by two overlays: two). */
  private byUri = new Map<string, number[]>();
  private merged: UnitResult | undefined;
  private readonly reads: Relevance;

  constructor(
    looks: ReadonlyMap<string, Look>,
    plan: readonly UnitPlan[],
    results: ReadonlyArray<UnitResult | undefined>,
    private readonly options: LintOptions = {},
  ) {
    this.looks = new Map(looks);
    this.plan = [...plan];
    this.results = [...results];
    this.reads = relevance(options.rules);
    this.index();
  }

  private index(): void {
    this.byUri = new Map();
    this.plan.forEach((u, i) => {
      for (const uri of u.uris) {
        const at = this.byUri.get(uri);
        if (at) at.push(i);
        else this.byUri.set(uri, [i]);
      }
    });
  }

  get units(): readonly UnitPlan[] {
    return this.plan;
  }

  /** The units holding a file. */
  unitsOf(uri: string): readonly UnitPlan[] {
    return (this.byUri.get(uri) ?? []).map((i) => this.plan[i]!);
  }

  /**
   * Files that changed (their new text), appeared, or left (undefined). Returns the units that
   * must be linted again (`sourcesOf`, then `setResult`); the others keep their results.
   */
  update(changes: ReadonlyMap<string, SourceFile | undefined>): number[] {
    let recut = false;
    for (const [uri, src] of changes) {
      const before = this.looks.get(uri);
      if (!src) {
        if (before) {
          this.looks.delete(uri);
          recut = true;
        }
        continue;
      }
      const now = firstLook(src, this.options, this.reads);
      this.looks.set(uri, now);
      if (!before || !looksAlike(before.look, now.look)) recut = true;
    }
    if (recut) {
      // The same order the first run cut in (sorted paths), whatever order files came in since.
      const looks = [...this.looks.values()].map((l) => l.look).sort((a, b) => (a.uri < b.uri ? -1 : 1));
      const kept = new Map<string, UnitResult | undefined>();
      this.plan.forEach((u, i) => kept.set(unitKey(u), this.results[i]));
      this.plan = planUnits(looks);
      this.results = this.plan.map((u) => (u.uris.some((x) => changes.has(x)) ? undefined : kept.get(unitKey(u))));
      this.index();
    } else {
      for (const uri of changes.keys()) for (const i of this.byUri.get(uri) ?? []) this.results[i] = undefined;
    }
    this.merged = undefined;
    return this.pending();
  }

  /** The units without a result. */
  pending(): number[] {
    const out: number[] = [];
    this.results.forEach((r, i) => r === undefined && out.push(i));
    return out;
  }

  /** What linting unit `i` needs besides each file's text. */
  sourcesOf(i: number): Array<{ uri: string; unread?: Unread }> {
    return this.plan[i]!.uris.map((uri) => ({ uri, unread: this.looks.get(uri)?.unread }));
  }

  setResult(i: number, r: UnitResult): void {
    this.results[i] = r;
    this.merged = undefined;
  }

  /** Every unit's result joined, as one lint of the workspace gives them. */
  result(): UnitResult {
    return (this.merged ??= mergeUnits(this.results.filter((r): r is UnitResult => !!r)));
  }
}

/** A unit's sources with their texts, in the plan's order. */
export function unitSources(ws: UnitWorkspace, i: number, textOf: (uri: string) => string | undefined): UnitSource[] {
  return ws
    .sourcesOf(i)
    .map((s) => ({ uri: s.uri, text: textOf(s.uri) ?? '', ...(s.unread ? { unread: s.unread } : {}) }));
}
