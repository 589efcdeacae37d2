/**
 * The models hovers, navigation, outlines and completion read: one per set of units a file
 * belongs to (rules relate objects of one unit only, and so do these features), the last few
 * kept, all dropped when the workspace changes. Both diagnostics paths use it (diagnostics.ts
 * with the units of its last analysis, large.ts with files read again from disk).
 */
import type { Analysis } from '../engine';

const KEPT = 4;

export class UnitModels {
  private readonly models = new Map<string, Analysis>();
  private at: unknown;

  /** The model of `units`, built by `build` unless kept; `version` changing drops every model. */
  get(version: unknown, units: ReadonlyArray<{ readonly id: string }>, build: () => Analysis): Analysis {
    if (version !== this.at) {
      this.models.clear();
      this.at = version;
    }
    const id = units.map((u) => u.id).join('\u0000');
    let a = this.models.get(id);
    if (!a) {
      a = build();
      this.models.set(id, a);
      if (this.models.size > KEPT) this.models.delete(this.models.keys().next().value!);
    }
    return a;
  }

  clear(): void {
    this.models.clear();
  }
}
