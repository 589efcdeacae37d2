/**
 * Incremental analysis for the language server: the workspace is split into components of
 * files connected by dependency keys (`deps.ts`), each component is analysed on its own, and
 * a component whose files are all unchanged (the same parsed-file objects, so the same text)
 * keeps its findings from the previous run. Editing a Secret re-checks the component holding
 * the Secret, the workloads that mount or read it and whatever those connect to; every other
 * file keeps its findings. The findings equal those of `analyze` over the whole workspace
 * (`test/incremental.test.ts`), because a rule only relates files that share a key.
 */
import type { ParsedFile } from './parse';
import { analyzeUnits, type LintOptions, type LintResult } from './analyze';
import { cutsAlike, unitsOf, type Unit } from './units';
import { configKeys, fileKeys, type DepKeys } from './deps';
import { Analysis } from './analysis';
import { compareFindings, findingsByUri } from './order';
import type { Finding } from './types';

interface Component {
  readonly files: readonly ParsedFile[];
  /** The component's share of each unit: a component is reused only when these are the same. */
  readonly unitSig: string;
  readonly findings: readonly Finding[];
  readonly ruleErrors: LintResult['ruleErrors'];
}

export interface IncrementalResult {
  readonly findings: Finding[];
  readonly ruleErrors: LintResult['ruleErrors'];
  /** The files whose component was analysed in this run (the others kept their findings). */
  readonly rechecked: readonly string[];
  /** The units this run analysed (the language server builds a file's model from its units). */
  readonly units: readonly Unit[];
}

export class IncrementalAnalyzer {
  private readonly keys = new WeakMap<ParsedFile, DepKeys>();
  /** Configuration keys of each group of files connected by file keys, by the group's members. */
  private groupKeys = new Map<string, Map<ParsedFile, DepKeys>>();
  private readonly ids = new WeakMap<ParsedFile, number>();
  private nextId = 0;
  private byFile = new Map<ParsedFile, Component>();
  private optionsKey = '';

  /** The cold run's files and result, until `settle` has split them into components. */
  private pending:
    | {
        readonly files: readonly ParsedFile[];
        readonly units: readonly Unit[];
        readonly options: LintOptions;
        readonly full: LintResult;
      }
    | undefined;

  run(files: readonly ParsedFile[], options: LintOptions = {}): IncrementalResult {
    // Options change every finding (severities, expiry window, the messages' language): start
    // over. So does a new day on the real clock, for the validity rules.
    const optionsKey = JSON.stringify([
      options.rules ?? {},
      options.expiryWarningDays,
      options.expiryWarningDaysIn ?? [],
      options.now?.getTime() ?? Math.floor(Date.now() / 86_400_000),
      options.locale ?? 'en',
    ]);
    if (optionsKey !== this.optionsKey) {
      this.byFile = new Map();
      this.pending = undefined;
      this.lastComps = undefined;
      this.optionsKey = optionsKey;
    }
    this.settle();
    const units = this.unitsFor(files);
    if (this.byFile.size === 0) {
      // Cold: one full analysis, returned as it is. Its findings are already in total order and
      // equal the per-component ones; the components themselves are only needed by the next
      // run, so they are worked out afterwards (`settle`, when the server is idle) and the
      // first results are not kept waiting for them.
      const full = analyzeUnits(files, units, options);
      // A rule that threw cannot be attributed to a component: the next run is cold again.
      this.pending = full.ruleErrors.length ? undefined : { files, units, options, full };
      return {
        findings: [...full.findings],
        ruleErrors: [...full.ruleErrors],
        rechecked: files.map((f) => f.uri),
        units,
      };
    }
    const { comps } = this.group(files, units, options);
    const share = shares(units);
    const byFile = new Map<ParsedFile, Component>();
    const rechecked: string[] = [];
    const ruleErrors: LintResult['ruleErrors'] = [];
    const findings: Finding[] = [];
    for (const members of comps) {
      const mine = share(members);
      const unitSig = this.unitSignature(mine);
      let comp = this.reusable(members, unitSig);
      if (!comp) {
        const res = analyzeUnits(members, mine, options);
        comp = { files: members, unitSig, findings: res.findings, ruleErrors: res.ruleErrors };
        for (const f of members) rechecked.push(f.uri);
      }
      for (const f of members) byFile.set(f, comp);
      findings.push(...comp.findings);
      for (const e of comp.ruleErrors) if (!ruleErrors.some((x) => x.rule === e.rule)) ruleErrors.push(e);
    }
    this.byFile = byFile;
    findings.sort(compareFindings);
    return { findings, ruleErrors, rechecked, units };
  }

  /**
   * Splits the cold run into components (dependency keys from its model, its findings by
   * file), so that the next run re-checks only what changed. Runs at the start of the next run
   * at the latest; the language server calls it when idle after publishing.
   */
  settle(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    const { comps } = this.group(p.files, p.units, p.options);
    const byUri = findingsByUri(p.full.findings);
    const share = shares(p.units);
    const byFile = new Map<ParsedFile, Component>();
    for (const members of comps) {
      // A component's findings lie in its own files.
      const comp: Component = {
        files: members,
        unitSig: this.unitSignature(share(members)),
        findings: members.flatMap((f) => byUri.get(f.uri) ?? []),
        ruleErrors: [],
      };
      for (const f of members) byFile.set(f, comp);
    }
    this.byFile = byFile;
  }

  /**
   * Components of the files: file keys (cached per parsed file), then configuration keys per
   * group of files connected by file keys (from the full run's model when there is one: it
   * resolves every reference the same way, as a group holds every object its members name).
   */
  private group(files: readonly ParsedFile[], units: readonly Unit[], options: LintOptions): { comps: ParsedFile[][] } {
    // File keys, cached per parsed file. Each comes from a single file, so any set of files gives
    // the same keys: computed in batches, so no model of the whole workspace is built here.
    const fresh = files.filter((f) => !this.keys.has(f));
    for (let b = 0; b < fresh.length; b += KEY_BATCH)
      for (const [f, k] of fileKeys(new Analysis(fresh.slice(b, b + KEY_BATCH), options))) this.keys.set(f, k);
    const reused = this.sameComponents(files, options);
    if (reused) return { comps: reused };
    // Keys connect files only inside a unit; a file in two units (a kustomize base of two
    // overlays) carries each unit's keys and so joins their components.
    const index = new Map(files.map((f, i) => [f, i] as const));
    const unitsOfFile: number[][] = files.map(() => []);
    units.forEach((u, ui) => {
      for (const f of u.files) unitsOfFile[index.get(f)!]!.push(ui);
    });
    const scope = (i: number, k: DepKeys, into: { links: string[]; spokes: string[] }) => {
      for (const ui of unitsOfFile[i]!) {
        into.links.push(...k.links.map((x) => `u${ui}|${x}`));
        into.spokes.push(...k.spokes.map((x) => `u${ui}|${x}`));
      }
    };
    const scoped: Array<{ links: string[]; spokes: string[] }> = files.map(() => ({ links: [], spokes: [] }));
    files.forEach((f, i) => scope(i, this.keys.get(f) ?? { links: [], spokes: [] }, scoped[i]!));
    units.forEach((u, ui) => {
      // A kustomization's patches may reach any object of its unit: keep the unit together.
      if (u.patches.length || u.patchFiles.size)
        for (const f of u.files) scoped[index.get(f)!]!.links.push(`u${ui}|kustomize`);
    });
    // Configuration keys (a Felix's Typha Service, a Typha's name and labels) need references
    // resolved: from a model of each group of files the file keys connect, cached by its members.
    const nextGroupKeys = new Map<string, Map<ParsedFile, DepKeys>>();
    const groups = components(files, scoped);
    for (const g of groups) {
      const members = g.map((i) => files[i]!);
      if (!members.some((f) => f.documents.length)) continue;
      const sig = this.signature(members);
      const ck = this.groupKeys.get(sig) ?? configKeys(new Analysis(members, options).configs);
      nextGroupKeys.set(sig, ck);
      for (const i of g) {
        const k = ck.get(files[i]!);
        if (k) scope(i, k, scoped[i]!);
      }
    }
    this.groupKeys = nextGroupKeys;
    const comps = components(files, scoped).map((g) => g.map((i) => files[i]!));
    this.lastComps = { files, groups: groups.map((g) => g.map((i) => files[i]!)), comps };
    return { comps };
  }

  /**
   * The last components with the edited files put in, when the edits changed no dependency key:
   * the cut into units was reused (`unitsFor`), every edited file has the same file keys, and the
   * configuration keys of each group holding one, worked out again, are the same. A keystroke in
   * a large workspace then costs no pass over every file's keys.
   */
  private sameComponents(files: readonly ParsedFile[], options: LintOptions): ParsedFile[][] | undefined {
    const last = this.lastComps;
    const edit = this.lastSwap;
    if (!last || !edit || edit.from !== last.files || last.files.length !== files.length) return undefined;
    const { swap } = edit;
    for (const [a, b] of swap) if (!sameKeys(this.keys.get(a), this.keys.get(b))) return undefined;
    const put = (g: readonly ParsedFile[]) => g.map((f) => swap.get(f) ?? f);
    const groupKeys = new Map(this.groupKeys);
    for (const g of last.groups) {
      if (!g.some((f) => swap.has(f))) continue;
      const members = put(g);
      if (!g.some((f) => f.documents.length) && !members.some((f) => f.documents.length)) continue;
      const before = groupKeys.get(this.signature(g));
      const after = configKeys(new Analysis(members, options).configs);
      if (!before || g.some((f, i) => !sameKeys(before.get(f), after.get(members[i]!)))) return undefined;
      groupKeys.delete(this.signature(g));
      groupKeys.set(this.signature(members), after);
    }
    this.groupKeys = groupKeys;
    const comps = last.comps.map(put);
    this.lastComps = { files, groups: last.groups.map(put), comps };
    return comps;
  }

  private lastUnits: { readonly files: readonly ParsedFile[]; readonly units: readonly Unit[] } | undefined;
  /** The edited files of the last `unitsFor` when it reused the cut (old file -> new file). */
  private lastSwap:
    { readonly from: readonly ParsedFile[]; readonly swap: ReadonlyMap<ParsedFile, ParsedFile> } | undefined;
  /** The last `group`: its files, the groups file keys connect, and the components. */
  private lastComps:
    | { readonly files: readonly ParsedFile[]; readonly groups: ParsedFile[][]; readonly comps: ParsedFile[][] }
    | undefined;

  /**
   * The units of the files: the last run's, with the edited files put in, when every edit left
   * the cut as it was (units.ts cutsAlike; not a patch file). Cutting thousands of files again
   * at every keystroke was most of a keystroke's time in a large workspace.
   */
  private unitsFor(files: readonly ParsedFile[]): readonly Unit[] {
    const last = this.lastUnits;
    let units: readonly Unit[] | undefined;
    if (last && last.files.length === files.length) {
      const swap = new Map<ParsedFile, ParsedFile>();
      const patchFiles = new Set(last.units.flatMap((u) => [...u.patchFiles]));
      let alike = true;
      for (let i = 0; i < files.length && alike; i++) {
        const a = last.files[i]!;
        const b = files[i]!;
        if (a === b) continue;
        if (patchFiles.has(a) || !cutsAlike(a, b)) alike = false;
        else swap.set(a, b);
      }
      if (alike) this.lastSwap = { from: last.files, swap };
      if (alike)
        units = swap.size
          ? last.units.map((u) => ({
              ...u,
              files: u.files.map((f) => swap.get(f) ?? f),
              patchFiles: new Set([...u.patchFiles].map((f) => swap.get(f) ?? f)),
            }))
          : last.units;
    }
    if (!units) {
      this.lastSwap = undefined;
      units = unitsOf(files);
    }
    this.lastUnits = { files, units };
    return units;
  }

  private signature(files: readonly ParsedFile[]): string {
    return files
      .map((f) => {
        let id = this.ids.get(f);
        if (id === undefined) this.ids.set(f, (id = this.nextId++));
        return id;
      })
      .sort((a, b) => a - b)
      .join(',');
  }

  /** The previous component with exactly these (unchanged) files in the same units, if any. */
  private reusable(members: readonly ParsedFile[], unitSig: string): Component | undefined {
    const prev = this.byFile.get(members[0]!);
    if (!prev || prev.files.length !== members.length || prev.unitSig !== unitSig) return undefined;
    return members.every((f) => this.byFile.get(f) === prev) ? prev : undefined;
  }

  private unitSignature(share: readonly Unit[]): string {
    return share
      .map((u) => `${this.signature(u.files)}/${this.signature([...u.patchFiles])}/${u.patches.length}`)
      .sort()
      .join(';');
  }
}

/** Whether two files' keys connect them alike (the same links and spokes, in any order). */
function sameKeys(a: DepKeys | undefined, b: DepKeys | undefined): boolean {
  const same = (x: readonly string[] = [], y: readonly string[] = []) => {
    if (x.length !== y.length) return false;
    const set = new Set(x);
    return y.every((k) => set.has(k));
  };
  return same(a?.links, b?.links) && same(a?.spokes, b?.spokes);
}

/** Files whose keys are computed together: enough to amortise a model, small enough to stay light. */
const KEY_BATCH = 256;

/**
 * Each unit's files among a component's members (units without any left out), in unit order.
 * Indexed by file once per run: a workspace of thousands of units has thousands of components,
 * and filtering every unit for every component was quadratic (seconds per keystroke).
 */
function shares(units: readonly Unit[]): (members: readonly ParsedFile[]) => Unit[] {
  const unitsOfFile = new Map<ParsedFile, number[]>();
  units.forEach((u, ui) => {
    for (const f of u.files) {
      const list = unitsOfFile.get(f);
      if (list) list.push(ui);
      else unitsOfFile.set(f, [ui]);
    }
  });
  return (members) => {
    const set = new Set(members);
    const touched = [...new Set(members.flatMap((f) => unitsOfFile.get(f) ?? []))].sort((a, b) => a - b);
    return touched.map((ui) => ({ ...units[ui]!, files: units[ui]!.files.filter((f) => set.has(f)) }));
  };
}

/** Connected components of files: link holders of a key are connected, spokes join them. */
function components(files: readonly ParsedFile[], keys: readonly DepKeys[]): number[][] {
  const parent = files.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[rb] = ra;
  };
  const hub = new Map<string, number>();
  keys.forEach((k, i) => {
    for (const key of k.links) {
      const h = hub.get(key);
      if (h === undefined) hub.set(key, i);
      else union(h, i);
    }
  });
  keys.forEach((k, i) => {
    for (const key of k.spokes) {
      const h = hub.get(key);
      if (h !== undefined) union(h, i);
    }
  });
  const out = new Map<number, number[]>();
  files.forEach((_, i) => {
    const r = find(i);
    const list = out.get(r);
    if (list) list.push(i);
    else out.set(r, [i]);
  });
  return [...out.values()];
}
