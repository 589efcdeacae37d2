/**
 * Units: the sets of files whose objects would be applied together. Rules relate objects only
 * inside a unit, so a calico-node of one environment is never paired with the Typha, Secret or
 * Service of another (ARCHITECTURE.md, "Units").
 *
 * How a workspace is cut, in order:
 * 1. A kustomization that no other kustomization lists is a unit: the files its `resources`
 *    (and `bases`, `components`) name, following listed folders into their kustomizations,
 *    with its patches. An overlay is therefore its own unit (its bases and its patches) and a
 *    base listed by two overlays belongs to both.
 * 2. A Helm chart (a folder with Chart.yaml) is a unit.
 * 3. Everything else by folder: a folder is one unit unless two of its parts (a file directly in
 *    it, or a subfolder's whole tree) define the same object (kind and name), or a subfolder was
 *    itself cut. Colliding parts are alternatives (dev/ and prod/, calico.yaml beside
 *    calico-typha.yaml, two repositories side by side); then every part of the folder becomes a
 *    unit of its own, cut again the same way. A file beside alternatives is paired with none of
 *    them: it may belong to either or to neither, and a missed pairing is only "unknown", where
 *    a wrong one is a false alarm.
 * A single file (stdin, a `kubectl get -o yaml` dump, a rendered chart) is never cut.
 */
import type { ParsedFile } from './parse';
import { baseName } from './parse';
import { collectObjects } from './model/objects';
import { getString, isMap, isScalar, seqItems, get, type Node } from './parse/tree';
import { kustomizePatches, type KustomizePatch } from './model/kustomize';
import type { Reads } from './model/reads';

export interface Unit {
  /** A stable name: the kustomization, chart or folder it came from. */
  readonly id: string;
  readonly files: readonly ParsedFile[];
  /** Kustomize patch files of this unit: parsed and checked as files, never read as objects. */
  readonly patchFiles: ReadonlySet<ParsedFile>;
  /** The patches applied to the unit's objects, in the order kustomize applies them. */
  readonly patches: readonly KustomizePatch[];
}

function pathOf(uri: string): string {
  let p = uri.replace(/^file:\/\//, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep it as it is */
  }
  return p.replace(/\\/g, '/');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function normalize(path: string): string {
  const abs = path.startsWith('/');
  const out: string[] = [];
  for (const s of path.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(s);
  }
  return (abs ? '/' : '') + out.join('/');
}

function join(dir: string, rel: string): string {
  return normalize(rel.startsWith('/') ? rel : dir ? `${dir}/${rel}` : rel);
}

export const KUSTOMIZATION = /^(kustomization\.ya?ml|kustomization)$/;

/** Kustomize's kustomization files (and components) say which files are applied together. */
export const READS: Reads = { kinds: ['Kustomization', 'Component'] };

interface Kustomization {
  readonly file: ParsedFile;
  readonly dir: string;
  readonly resources: readonly string[];
  readonly patches: readonly string[];
}

function strings(n: Node | undefined): string[] {
  return seqItems(n).flatMap((x) => (isScalar(x) && !x.templated ? [x.text] : []));
}

function readKustomization(f: ParsedFile): Kustomization | undefined {
  const root = f.documents[0]?.root;
  if (!isMap(root)) return undefined;
  const dir = dirOf(pathOf(f.uri));
  const resources = [
    ...strings(get(root, 'resources')),
    ...strings(get(root, 'bases')),
    ...strings(get(root, 'components')),
  ];
  const patches = [...strings(get(root, 'patchesStrategicMerge'))];
  for (const key of ['patches', 'patchesJson6902']) {
    for (const p of seqItems(get(root, key))) {
      const path = getString(p, 'path');
      if (path) patches.push(path);
      else if (isScalar(p) && !p.templated) patches.push(p.text);
    }
  }
  return { file: f, dir, resources: resources.map((r) => join(dir, r)), patches: patches.map((r) => join(dir, r)) };
}

/** The identities (kind/name) of the objects a file defines; objects in exclusive template arms count once. */
export function identities(f: ParsedFile): Set<string> {
  const out = new Set<string>();
  for (const o of collectObjects(f)) if (o.name !== undefined) out.add(`${o.kind}/${o.name}`);
  return out;
}

/**
 * Whether a new version of a file leaves the units as they were: the same objects (kind and
 * name) and not a kustomization or a chart's Chart.yaml, whose contents decide units. (A
 * kustomize patch file is the caller's to check: units hold its parsed patches.)
 */
export function cutsAlike(before: ParsedFile, after: ParsedFile): boolean {
  if (before.uri !== after.uri) return false;
  const name = baseName(after.uri);
  if (KUSTOMIZATION.test(name) || /^chart\.ya?ml$/.test(name)) return false;
  const a = identities(before);
  const b = identities(after);
  return a.size === b.size && [...a].every((x) => b.has(x));
}

export function unitsOf(
  files: readonly ParsedFile[],
  /** Each file's identities when they are known without its objects (a first look, streamed.ts). */
  identitiesOf?: (f: ParsedFile) => Set<string> | undefined,
): Unit[] {
  if (files.length <= 1)
    return [{ id: files[0] ? pathOf(files[0].uri) : '', files, patchFiles: new Set(), patches: [] }];
  const byPath = new Map<string, ParsedFile>();
  for (const f of files) byPath.set(normalize(pathOf(f.uri)), f);
  const units: Unit[] = [];
  const claimed = new Set<ParsedFile>();

  // 1. Kustomizations.
  const kusts = new Map<string, Kustomization>();
  for (const f of files) {
    if (!KUSTOMIZATION.test(baseName(f.uri))) continue;
    const k = readKustomization(f);
    if (k) kusts.set(k.dir, k);
  }
  const listed = new Set<string>();
  for (const k of kusts.values()) for (const r of k.resources) if (kusts.has(r)) listed.add(r);
  for (const k of kusts.values()) {
    if (listed.has(k.dir)) continue;
    const members = new Set<ParsedFile>([k.file]);
    const patchFiles = new Set<ParsedFile>();
    const patches: KustomizePatch[] = [];
    const seen = new Set<string>();
    const visit = (kz: Kustomization) => {
      if (seen.has(kz.dir)) return; // a cycle of bases
      seen.add(kz.dir);
      members.add(kz.file);
      for (const p of kz.patches) {
        const pf = byPath.get(p);
        if (pf) {
          members.add(pf);
          patchFiles.add(pf);
        }
      }
      for (const r of kz.resources) {
        const sub = kusts.get(r);
        if (sub) visit(sub);
        else {
          const rf = byPath.get(r);
          if (rf) members.add(rf);
        }
      }
      // A base is built (its own patches applied) before the kustomization that lists it.
      patches.push(...kustomizePatches(kz.file, (rel) => byPath.get(join(kz.dir, rel))));
    };
    visit(k);
    for (const m of members) claimed.add(m);
    units.push({ id: k.dir || '.', files: files.filter((f) => members.has(f)), patchFiles, patches });
  }

  // 2 and 3. Charts and folders, over the files no kustomization claimed.
  const rest = files.filter((f) => !claimed.has(f));
  if (rest.length) units.push(...byFolder(rest, identitiesOf));
  return units.length ? units : [{ id: '.', files, patchFiles: new Set(), patches: [] }];
}

interface Tree {
  readonly name: string;
  readonly files: ParsedFile[];
  readonly dirs: Map<string, Tree>;
}

function byFolder(files: readonly ParsedFile[], identitiesOf?: (f: ParsedFile) => Set<string> | undefined): Unit[] {
  const root: Tree = { name: '', files: [], dirs: new Map() };
  for (const f of files) {
    const parts = normalize(pathOf(f.uri)).split('/').slice(0, -1);
    let t = root;
    for (const p of parts) {
      let c = t.dirs.get(p);
      if (!c) t.dirs.set(p, (c = { name: t.name ? `${t.name}/${p}` : p, files: [], dirs: new Map() }));
      t = c;
    }
    t.files.push(f);
  }
  const ids = new Map<ParsedFile, Set<string>>();
  const idsOf = (f: ParsedFile) => {
    let s = ids.get(f);
    if (!s) ids.set(f, (s = identitiesOf?.(f) ?? identities(f)));
    return s;
  };
  const all = (t: Tree): ParsedFile[] => [...t.files, ...[...t.dirs.values()].flatMap(all)];
  // The units of a folder, before shared files are added: one, or several alternatives.
  const split = (t: Tree): Array<{ id: string; files: ParsedFile[] }> => {
    const subtree = all(t);
    // A chart is rendered as one: never cut.
    if (t.files.some((f) => /^chart\.ya?ml$/.test(baseName(f.uri)))) return [{ id: t.name || '.', files: subtree }];
    const parts: Array<{ files: ParsedFile[]; units: Array<{ id: string; files: ParsedFile[] }>; ids: Set<string> }> = [
      ...t.files.map((f) => ({ files: [f], units: [{ id: pathOf(f.uri), files: [f] }], ids: idsOf(f) })),
      ...[...t.dirs.values()].map((d) => {
        const fs = all(d);
        const s = new Set<string>();
        for (const f of fs) for (const x of idsOf(f)) s.add(x);
        return { files: fs, units: split(d), ids: s };
      }),
    ];
    const owner = new Map<string, number>();
    const colliding = new Set<number>();
    parts.forEach((p, i) => {
      for (const id of p.ids) {
        const o = owner.get(id);
        if (o === undefined) owner.set(id, i);
        else if (o !== i) {
          colliding.add(o);
          colliding.add(i);
        }
      }
    });
    // Where parts collide (or a folder inside was already cut), every part is a unit of its
    // own: a file next to dev/ and prod/ may belong to either, or to neither, so it is paired
    // with none (unknown, never a false pairing).
    if (!colliding.size && parts.every((p) => p.units.length === 1)) return [{ id: t.name || '.', files: subtree }];
    return parts.flatMap((p) => p.units);
  };
  return split(root).map((u) => ({ ...u, patchFiles: new Set<ParsedFile>(), patches: [] }));
}
