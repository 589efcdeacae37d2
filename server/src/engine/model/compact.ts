/**
 * The compact form of a parsed file (issue 21, item 1): a document holding an object the engine
 * does not read (relevance.ts: a CustomResourceDefinition's schema, an unrelated kind) keeps only
 * its identity (apiVersion, kind, metadata.name and metadata.namespace, with their offsets), so
 * duplicate-object, the units and the dependency keys still see it while its tree is freed.
 * Everything a rule may read stays as parsed: documents without a kind (config files, Helm
 * values, kustomizations), lists, objects a declaration reads, and every template (their
 * insertion bookkeeping points into the trees). The text and line index stay: findings and
 * suppressions read them.
 */
import type { ParsedDocument, ParsedFile } from '../parse';
import { getPair, getScalar, getString, isMap, type MapNode, type Pair } from '../parse/tree';
import { repeatedKeys } from '../parse/keys';
import type { Ranges } from '../parse/mask';
import type { ObjectId, Relevance } from './reads';

/** The object a document's root holds, if it is one object (not a list, not a template's). */
function identityOf(root: MapNode): ObjectId | undefined {
  const kind = getScalar(root, 'kind');
  if (!kind || kind.templated || typeof kind.value !== 'string' || /List$/.test(kind.text)) return undefined;
  const name = getScalar(getPair(root, 'metadata')?.value, 'name');
  return {
    apiVersion: getString(root, 'apiVersion') ?? '',
    kind: kind.text,
    name: name?.templated ? undefined : name?.text,
  };
}

/** The root with only the identity keys, each pair as parsed (offsets, styles, templated flags). */
function skeleton(root: MapNode): MapNode {
  const keep = (p: Pair): Pair | undefined => {
    if (p.key.text === 'apiVersion' || p.key.text === 'kind') return p;
    if (p.key.text !== 'metadata' || !isMap(p.value)) return undefined;
    const meta = p.value;
    return {
      ...p,
      value: { ...meta, pairs: meta.pairs.filter((q) => q.key.text === 'name' || q.key.text === 'namespace') },
    };
  };
  return { ...root, pairs: root.pairs.map(keep).filter((p): p is Pair => !!p) };
}

/**
 * The file with every object nothing reads cut to its identity; the same file when nothing is
 * cut. An object whose keys only are read keeps its repeated keys, found in its tree before the
 * cut unless the parse already found them in its text (streamed.ts parseUnit).
 */
export function compactFile(file: ParsedFile, reads: Relevance): ParsedFile {
  if (file.templated || !file.documents.length) return file;
  let cut = false;
  const documents = file.documents.map((d): ParsedDocument => {
    if (!isMap(d.root)) return d;
    const id = identityOf(d.root);
    if (!id || reads(id)) return d;
    cut = true;
    if (!reads.keys(id)) return { ...d, root: skeleton(d.root) };
    return { ...d, root: skeleton(d.root), repeatedKeys: d.repeatedKeys ?? repeatedKeys(d.root) };
  });
  return cut ? { ...file, documents } : file;
}

/**
 * Only the identities of a file's objects (lists' items too), as units.ts reads them to cut a
 * workspace: the first look at a file the scanner could not read (streamed.ts).
 */
export function identitiesOnly(file: ParsedFile): ParsedFile {
  const cut = (n: MapNode): MapNode => {
    const items = getPair(n, 'items');
    const kind = getScalar(n, 'kind');
    if (kind && !kind.templated && /List$/.test(kind.text) && items?.value?.kind === 'seq') {
      const seq = items.value;
      const listed = { ...seq, items: seq.items.map((i) => (isMap(i) ? cut(i) : i)) };
      return { ...skeleton(n), pairs: [...skeleton(n).pairs, { ...items, value: listed }] };
    }
    return skeleton(n);
  };
  return {
    ...file,
    text: '',
    template: undefined,
    documents: file.documents.map((d) => (isMap(d.root) ? { ...d, root: cut(d.root) } : { ...d, root: undefined })),
  };
}

// Blanking itself is parse/mask.ts (the parser blanks chunk by chunk where it can).
export type { Ranges } from '../parse/mask';

/**
 * What a file's first look found no reader reads whole: `ranges` no reader reads at all (blanked
 * before the unit's parse), and the documents whose keys only are read (`keyed`).
 */
export interface Unread {
  readonly ranges: Ranges;
  readonly keyed: readonly KeyedDocument[];
}

/** Nothing to blank. */
export const READ_WHOLE: Unread = { ranges: [], keyed: [] };

/**
 * Cheap rejection (issue 21 item 3): in a file the scanner read (parse/scan.ts), the lines of
 * each object nothing reads, but for its identity lines and its `---`. Blanked, they cost the
 * parser next to nothing, and the object parses to the very identity `compactFile` keeps. Not
 * for templates (their masks and insertions are the parser's own). `keyed`: the same for each
 * object whose keys only are read, with the document's range: parseUnit blanks it when its
 * repeated keys can be read from the text (parse/keys.ts), and parses it whole otherwise.
 */
export function unreadOf(text: string, look: ParsedFile, reads: Relevance): Unread {
  const unread: Array<readonly [number, number]> = [];
  const keyed: KeyedDocument[] = [];
  if (look.templated) return READ_WHOLE;
  look.documents.forEach((d, i) => {
    if (!isMap(d.root)) return;
    const id = identityOf(d.root);
    if (!id || reads(id)) return;
    const end = look.documents[i + 1]?.start ?? text.length;
    const mask = identityMask(text, d.start, end, d.root);
    if (reads.keys(id)) keyed.push({ start: d.start, end, mask });
    else unread.push(...mask);
  });
  return { ranges: unread, keyed };
}

/** A document only the keys of which are read: its range and the mask that leaves its identity. */
export interface KeyedDocument {
  readonly start: number;
  readonly end: number;
  readonly mask: Ranges;
}

/** The lines of [start, end) but for the document's `---` and its identity lines. */
function identityMask(text: string, start: number, end: number, root: MapNode): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  const lineOf = (at: number): [number, number] => {
    const s = text.lastIndexOf('\n', at - 1) + 1;
    const e = text.indexOf('\n', at);
    return [s, e < 0 ? text.length : e];
  };
  const keep: Array<[number, number]> = [];
  if (text.startsWith('---', start)) keep.push(lineOf(start));
  for (const p of root.pairs) {
    keep.push(lineOf(p.key.start));
    if (isMap(p.value)) for (const q of p.value.pairs) keep.push(lineOf(q.key.start));
  }
  keep.sort((a, b) => a[0] - b[0]);
  let at = start;
  for (const [s, e] of keep) {
    if (s > at) out.push([at, s]);
    at = Math.max(at, e);
  }
  if (end > at) out.push([at, end]);
  return out;
}
