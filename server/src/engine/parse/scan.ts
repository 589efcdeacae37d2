/**
 * The cheap first look at a YAML file (issue 21 item 3): the identity of each object it defines
 * (apiVersion, kind, metadata.name and metadata.namespace, with their offsets), read from the
 * lines at the document's top level without tokenizing the rest. units.ts needs no more to cut
 * a workspace into units, so a large workspace is cut before anything is parsed and each unit
 * is then parsed, analysed and let go on its own (parallel/units.ts).
 *
 * It answers only for plain block YAML it reads exactly as `yaml` would: anything else (a
 * template, JSON, flow style, quotes, anchors, tags, tabs, directives, a `List`, a key written
 * twice, a value that is not a plain string) returns undefined, and the caller parses the file.
 * test/scan.test.ts checks the identities against the parser's on every fixture and corpus file.
 */
import type { MapNode, Pair, ScalarNode } from './tree';
import type { ParsedDocument, ParsedFile } from './types';
import { LineIndex } from './line-index';
import { formatOf, templateSuffix, baseName } from './index';
import { overlapsTemplate, templateLayer } from './template';

const TOP_KEY = /^([A-Za-z_][\w.-]*):(?:[ ]+(.*))?$/;
const CHILD_KEY = /^([ ]+)([A-Za-z_][\w.-]*):(?:[ ]+(.*))?$/;
/**
 * A plain scalar `yaml` reads as this very string (not a number, boolean, null, or anything
 * special). Colons inside (RBAC names: `calico:system:auth-delegator`) are text in YAML 1.2, as
 * long as none ends the value.
 */
const PLAIN = /^[A-Za-z_/](?:[\w./-]|:(?!$))*$/;
const SPECIAL = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const IDENTITY = new Set(['apiVersion', 'kind', 'metadata']);

const UNSURE = Symbol('unsure');

/** A value after `key: `: the plain string and its offsets, or UNSURE. */
function plainValue(raw: string, at: number): { text: string; start: number; end: number } | typeof UNSURE {
  const hash = raw.search(/\s#/);
  const v = (hash < 0 ? raw : raw.slice(0, hash)).trimEnd();
  if (!PLAIN.test(v) || SPECIAL.test(v)) return UNSURE;
  return { text: v, start: at, end: at + v.length };
}

type Spans = ReadonlyArray<readonly [number, number]>;

/** A plain scalar; templated when it touches a template tag, as parse/yaml.ts scalarNode decides. */
function scalar(v: { text: string; start: number; end: number }, spans: Spans = []): ScalarNode {
  const templated = spans.length > 0 && overlapsTemplate(spans, v.start, Math.max(v.end, v.start + 1));
  return { kind: 'scalar', value: v.text, text: v.text, templated, style: 'plain', start: v.start, end: v.end };
}

function keyNode(text: string, start: number): ScalarNode {
  return scalar({ text, start, end: start + text.length });
}

/** The skeleton of a YAML file (ParsedFile without text), or undefined when a full parse is needed. */
export function scanIdentities(uri: string, source: string): ParsedFile | undefined {
  if (source.includes('\t') || source.includes('\u0000') || source.charCodeAt(0) === 0xfeff) return undefined;
  // A template is read as parseFile reads it: its tags masked (same length), a value touching one unknown.
  const layer = templateLayer(source, templateSuffix(baseName(uri)).dialect);
  const text = layer?.masked ?? source;
  const spans = layer?.spans ?? [];
  if (formatOf(uri, text) !== 'yaml') return undefined;
  const documents: ParsedDocument[] = [];
  let pairs: Pair[] = [];
  let seen = new Set<string>();
  let docStart = 0;
  let rootStart = -1;
  let lastEnd = 0;
  let meta: { key: ScalarNode; start: number; pairs: Pair[]; indent: number; seen: Set<string> } | undefined;
  let afterMarker = false;
  // A plain value just read may go on on the next, deeper line (a multi-line plain scalar).
  let pending = false;
  // Whether the last top-level key has its value on its own line (a sequence may not follow it).
  let lastHasValue = false;
  const closeMeta = () => {
    if (!meta) return;
    const value: MapNode = { kind: 'map', pairs: meta.pairs, flow: false, start: meta.start, end: lastEnd };
    pairs.push({ key: meta.key, value, alias: false, start: meta.key.start, end: lastEnd });
    meta = undefined;
  };
  const closeDoc = (end: number) => {
    closeMeta();
    const root: MapNode | undefined =
      rootStart < 0 ? undefined : { kind: 'map', pairs, flow: false, start: rootStart, end: lastEnd };
    documents.push({ index: documents.length, root, start: docStart, end });
    pairs = [];
    seen = new Set();
    rootStart = -1;
  };
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    if (text.charCodeAt(pos) === 32) {
      // The common line, deep inside a value: its indentation decides, without slicing it out
      // (the slow path below reads the same lines the same way).
      let i = pos + 1;
      while (text.charCodeAt(i) === 32) i++;
      const ch = text.charCodeAt(i);
      if (i >= nl || ch === 35 || (ch === 13 && i + 1 >= nl)) {
        pos = nl + 1; // blank or a comment
        continue;
      }
      if (ch !== 13 && rootStart >= 0 && !pending && (!meta || (meta.indent >= 0 && i - pos > meta.indent))) {
        pos = nl + 1;
        continue;
      }
    }
    const line = text.slice(pos, nl).replace(/\r$/, '');
    const next = nl + 1;
    const start = pos;
    pos = next;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    if (line.startsWith('---')) {
      if (!/^---\s*(#.*)?$/.test(line)) return undefined;
      if (rootStart >= 0 || afterMarker) closeDoc(start);
      docStart = start;
      afterMarker = true;
      pending = false;
      continue;
    }
    if (line.startsWith('...')) {
      // The end of a document: what follows, with or without `---`, is the next one.
      if (!/^\.\.\.\s*(#.*)?$/.test(line)) return undefined;
      closeDoc(start);
      docStart = next;
      afterMarker = false;
      pending = false;
      continue;
    }
    if (line.startsWith('%')) return undefined;
    if (line[0] === ' ') {
      // Inside a top-level value: only metadata's direct children matter.
      if (rootStart < 0) return undefined;
      const indent = line.length - line.trimStart().length;
      if (pending && (!meta || indent > meta.indent)) return undefined;
      pending = false;
      if (!meta) continue;
      if (meta.indent < 0) meta.indent = indent;
      if (indent > meta.indent) continue;
      if (indent < meta.indent) return undefined;
      const c = CHILD_KEY.exec(line);
      if (!c) return undefined;
      const key = c[2]!;
      if (meta.seen.has(key)) return undefined;
      meta.seen.add(key);
      lastEnd = start + line.length;
      if (key !== 'name' && key !== 'namespace') continue;
      if (c[3] === undefined) return undefined;
      const v = plainValue(c[3], start + line.length - c[3].length);
      if (v === UNSURE) return undefined;
      const k = keyNode(key, start + indent);
      meta.pairs.push({ key: k, value: scalar(v, spans), alias: false, start: k.start, end: v.end });
      pending = true;
      continue;
    }
    if (/^-( |$)/.test(line)) {
      // A block sequence at the key's own indentation (`rules:` then `- apiGroups: ...`) is that
      // key's value; under metadata, or after a key that already has a value, it is not ours to read.
      if (rootStart < 0 || meta || pending || lastHasValue) return undefined;
      continue;
    }
    pending = false;
    const t = TOP_KEY.exec(line);
    if (!t) return undefined;
    closeMeta();
    const key = t[1]!;
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (rootStart < 0) rootStart = start;
    lastEnd = start + line.length;
    lastHasValue = t[2] !== undefined && !t[2].trim().startsWith('#');
    if (!IDENTITY.has(key)) continue;
    const k = keyNode(key, start);
    if (key === 'metadata') {
      if (t[2] !== undefined && !/^#/.test(t[2].trim())) return undefined;
      meta = { key: k, start: next, pairs: [], indent: -1, seen: new Set() };
      continue;
    }
    if (t[2] === undefined) return undefined;
    const v = plainValue(t[2], start + line.length - t[2].length);
    if (v === UNSURE) return undefined;
    const value = scalar(v, spans);
    if (key === 'kind' && !value.templated && /List$/.test(v.text)) return undefined;
    pairs.push({ key: k, value, alias: false, start, end: v.end });
    pending = true;
  }
  if (rootStart >= 0 || afterMarker) closeDoc(text.length);
  return {
    uri,
    text: '',
    lines: new LineIndex(''),
    format: 'yaml',
    documents,
    ini: [],
    syntaxErrors: [],
    notes: [],
    // Any template layer (even `${VAR}` alone): the caller must not rewrite this text (compact.ts).
    templated: !!layer,
    template: undefined,
  };
}
