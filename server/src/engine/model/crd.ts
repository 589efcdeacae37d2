/**
 * Installation, FelixConfiguration and ServiceMonitor objects checked against the TLS-relevant
 * parts of their CRDs' own OpenAPI schemas (calico/crd-schemas.json, cut from the CRDs by
 * scripts/crd-schemas.mjs; calico/crd-validators.js, the validators ajv generates from it).
 * Each schema error becomes an issue at the key or value the user must change, in the words
 * the API server uses, with "did you mean" from the one spelling scheme (calico/spelling.ts).
 *
 * What is reported and what is not (ARCHITECTURE.md, "CRD schemas"):
 * - an unknown field only when it is a near-miss of a field the schema has there (`signername`,
 *   `caFlie`) or a field the schema has elsewhere on the same branch (`caCert` at the top of the
 *   seed's flattened Installation). Any other unknown field may be one of a newer or older CRD
 *   version, or of Calico Enterprise: unknown, not wrong.
 * - a value outside an enum, a value of the wrong type, a required field missing.
 * - nothing about a templated key or value, nor a missing field of a collection a template
 *   inserts into (parse/open.ts).
 */
import schemasJson from '../calico/crd-schemas.json';
import * as validators from '../calico/crd-validators';
import type { CrdSchemaError, CrdValidator } from '../calico/crd-validators';
import { closestNames } from '../calico/spelling';
import { isOpen } from '../parse';
import { getPair, isMap, isScalar, isSeq, type MapNode, type Node, type Pair, type ScalarNode } from '../parse/tree';
import type { Span } from '../types';
import type { K8sObject } from './objects';
import type { Workspace } from './workspace';
import { NONE_AS_WRITTEN, type AsWritten } from './resolve';
import type { Reads } from './reads';

interface KindSchema {
  readonly apiVersions: readonly string[];
  /** The TLS-relevant paths whose whole schema is kept (`spec.endpoints[].tlsConfig`). */
  readonly keep: readonly string[];
  readonly schema: Schema;
}
interface Schema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
}

const KINDS = (schemasJson as unknown as { kinds: Readonly<Record<string, KindSchema>> }).kinds;
const VALIDATORS: Readonly<Record<string, CrdValidator>> = validators;

/** The kinds with a CRD schema checked (Installation, FelixConfiguration, ServiceMonitor, ...). */
export const READS: Reads = { kinds: Object.keys(KINDS) };

export type CrdIssueKind = 'unknown-field' | 'misplaced-field' | 'enum' | 'type' | 'required' | 'other' | 'api-version';

export interface CrdIssue {
  readonly kind: CrdIssueKind;
  readonly object: K8sObject;
  /** Where to report: the key (unknown, misplaced, required: the key of the map lacking it) or the value. */
  readonly span: Span;
  /** The field's path as the API server writes it: `spec.endpoints[0].tlsConfig.caFlie`. */
  readonly path: string;
  /** The same path without indexes, as the schema knows it: `spec.endpoints[].tlsConfig`. */
  readonly schemaPath: string;
  /** The field named: the unknown or misplaced key, the missing required field. */
  readonly field?: string;
  /** "Did you mean": a field of the same object (unknown) or an allowed value (enum). */
  readonly suggestion?: string;
  /** The suggestion differs only in case and punctuation. */
  readonly exact?: boolean;
  /** Where a misplaced field belongs: `spec.certificateManagement.caCert`. */
  readonly home?: string;
  readonly allowed?: readonly string[];
  readonly expected?: string;
  /** The value as written (enum, type). */
  readonly value?: string;
  readonly keyNode?: ScalarNode;
  readonly valueNode?: ScalarNode;
  /** The map holding the field (unknown, misplaced, required). */
  readonly parent?: MapNode;
  /** Whether the suggested field is already in the map (no rename then). */
  readonly suggestionPresent?: boolean;
  /** The object part a near-miss belongs to (its map's key and value), for analyze.ts. */
  readonly owner?: Span;
  /** ajv's words, for schema keywords not named above. */
  readonly message?: string;
}

/** The schema of the kind an object is, when it is one of ours; undefined when unknown. */
export function crdKindOf(o: K8sObject): { kind: string; schema: KindSchema; apiVersionMissing: boolean } | undefined {
  const schema = KINDS[o.kind];
  if (!schema) return undefined;
  const av = getPair(o.node, 'apiVersion');
  if (!av) return { kind: o.kind, schema, apiVersionMissing: true };
  if (!isScalar(av.value) || av.value.templated || !schema.apiVersions.includes(av.value.text)) return undefined;
  return { kind: o.kind, schema, apiVersionMissing: false };
}

/** The first apiVersion an object of the kind is written with. */
export function apiVersionOf(kind: string): string | undefined {
  return KINDS[kind]?.apiVersions[0];
}

/** The object as the JSON the API server validates; nesting beyond 64 levels is cut. */
function toJson(n: Node | undefined, depth = 0): unknown {
  if (!n || depth > 64) return null;
  if (isScalar(n)) return typeof n.value === 'bigint' ? Number(n.value) : n.value;
  if (isSeq(n)) return n.items.map((i) => toJson(i, depth + 1));
  const out: Record<string, unknown> = {};
  for (const p of n.pairs) out[p.key.text] = toJson(p.value, depth + 1);
  return out;
}

interface Step {
  readonly node: Node | undefined;
  /** The pair whose value `node` is (undefined for sequence items and the root). */
  readonly pair: Pair | undefined;
  readonly segment: string;
}

/** The nodes along a JSON pointer, from the root; undefined when it leaves the tree. */
function walk(root: MapNode, pointer: string): Step[] | undefined {
  const steps: Step[] = [{ node: root, pair: undefined, segment: '' }];
  if (!pointer) return steps;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const cur = steps[steps.length - 1]!.node;
    if (isMap(cur)) {
      const p = getPair(cur, seg);
      if (!p) return undefined;
      steps.push({ node: p.value, pair: p, segment: seg });
    } else if (isSeq(cur) && /^\d+$/.test(seg)) {
      const item = cur.items[Number(seg)];
      if (!item) return undefined;
      steps.push({ node: item, pair: undefined, segment: `[${seg}]` });
    } else return undefined;
  }
  return steps;
}

function pathText(steps: readonly Step[], extra?: string): string {
  let out = '';
  for (const s of steps.slice(1)) out += s.segment.startsWith('[') ? s.segment : `${out ? '.' : ''}${s.segment}`;
  if (extra !== undefined) out += `${out ? '.' : ''}${extra}`;
  return out;
}

const schemaPathOf = (path: string) => path.replace(/\[\d+\]/g, '[]');

/** The schema at an ajv schemaPath (`#/properties/spec/properties/x/additionalProperties` without its keyword). */
function schemaAt(root: Schema, schemaPath: string): Schema | undefined {
  let s: unknown = root;
  for (const seg of schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1)) {
    if (!seg) continue;
    s = (s as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return s as Schema | undefined;
}

/** Every field path the kind's schema has, by field name: `caCert` -> `spec.certificateManagement.caCert`. */
const homesCache = new Map<string, Map<string, string[]>>();
function homesOf(kind: string, root: Schema): Map<string, string[]> {
  let homes = homesCache.get(kind);
  if (homes) return homes;
  homes = new Map();
  const add = (name: string, path: string) => homes!.set(name, [...(homes!.get(name) ?? []), path]);
  // ObjectMeta is `type: object` in every CRD; its fields the seed's flattened copy puts at the top.
  for (const m of ['name', 'namespace', 'labels', 'annotations']) add(m, `metadata.${m}`);
  const visit = (s: Schema | undefined, path: string, depth: number) => {
    if (!s || depth > 32) return;
    if (s.items) visit(s.items, `${path}[]`, depth + 1);
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const p = path ? `${path}.${name}` : name;
      add(name, p);
      visit(child, p, depth + 1);
    }
  };
  visit(root, '', 0);
  homesCache.set(kind, homes);
  return homes;
}

/** The parent path of a field path: `spec.endpoints[].tlsConfig.caFile` -> `spec.endpoints[].tlsConfig`. */
function parentOf(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

/** Two paths on one branch: one is the other or lies under it. */
function sameBranch(a: string, b: string): boolean {
  const under = (x: string, y: string) => !y || x === y || x.startsWith(`${y}.`) || x.startsWith(`${y}[]`);
  return under(a, b) || under(b, a);
}

/** The field names offered as "did you mean" in a map: on a kept path only, not every sibling. */
function suggestible(kind: KindSchema, mapSchema: Schema, schemaPath: string): string[] {
  const names = Object.keys(mapSchema.properties ?? {});
  // Inside a kept (TLS-relevant) part every field counts; on the way to one, only the kept ones:
  // a near-miss of another FelixConfiguration field is not a TLS mistake.
  const keep = kind.keep;
  const inside = keep.some(
    (k) => schemaPath === k || schemaPath.startsWith(`${k}.`) || schemaPath.startsWith(`${k}[]`),
  );
  if (inside) return names;
  return names.filter((n) => {
    const p = schemaPath ? `${schemaPath}.${n}` : n;
    return keep.some((k) => k === p || k.startsWith(`${p}.`) || k.startsWith(`${p}[]`));
  });
}

/**
 * The schema issues of every object of a kind we have a schema for. A required field with a
 * near-miss in its map is meant, so unknown, unless `asWritten` takes the near-miss as written:
 * then it is missing, as the API server sees it (analyze.ts words the consequences that way).
 */
export function crdIssues(ws: Workspace, asWritten: AsWritten = NONE_AS_WRITTEN): CrdIssue[] {
  const out: CrdIssue[] = [];
  for (const o of ws.objects) {
    const k = crdKindOf(o);
    if (!k) continue;
    const validate = VALIDATORS[k.kind];
    if (!validate) continue;
    const file = o.file;
    const uri = file.uri;
    const span = (n: { start: number; end: number; uri?: string }): Span => ({
      uri: n.uri ?? uri,
      start: n.start,
      end: n.end,
    });
    // A template line at the top may write the apiVersion.
    if (k.apiVersionMissing && !isOpen(file, o.node))
      out.push({
        kind: 'api-version',
        object: o,
        span: span(o.kindNode),
        path: 'apiVersion',
        schemaPath: 'apiVersion',
        field: 'apiVersion',
        suggestion: k.schema.apiVersions[0],
      });
    if (validate(toJson(o.node))) continue;
    const errors: readonly CrdSchemaError[] = validate.errors ?? [];
    const issues: CrdIssue[] = [];
    const required: Array<{ e: CrdSchemaError; steps: Step[] }> = [];
    for (const e of errors) {
      const steps = walk(o.node, e.instancePath);
      if (!steps) continue;
      const last = steps[steps.length - 1]!;
      // A value a template writes, or anything under a templated key: unknown.
      if (steps.some((s) => s.pair?.key.templated || (isScalar(s.node) && s.node.templated))) continue;
      const path = pathText(steps);
      const schemaPath = schemaPathOf(path);
      if (e.keyword === 'additionalProperties') {
        const map = last.node;
        const key = e.params.additionalProperty;
        if (!isMap(map) || typeof key !== 'string') continue;
        const pair = getPair(map, key);
        if (!pair || pair.key.templated) continue;
        const mapSchema = schemaAt(k.schema.schema, e.schemaPath);
        const here = mapSchema ? suggestible(k.schema, mapSchema, schemaPath) : [];
        const near = closestNames(key, here, (x) => x);
        const fieldPath = pathText(steps, key);
        const base = {
          object: o,
          span: span(pair.key),
          path: fieldPath,
          schemaPath: schemaPathOf(fieldPath),
          field: key,
          keyNode: pair.key,
          parent: map,
          owner: last.pair ? span({ start: last.pair.start, end: last.pair.end }) : span(map),
        };
        // Only near-misses of TLS-relevant fields are offered, and no real field of another
        // Felix edition is one (test/crd-schemas.test.ts): such a field is unknown, not wrong.
        if (near.length === 1) {
          const suggestion = near[0]!.item;
          issues.push({
            ...base,
            kind: 'unknown-field',
            suggestion,
            exact: near[0]!.exact,
            suggestionPresent: !!getPair(map, suggestion),
          });
          continue;
        }
        // Misplaced: a field this kind has elsewhere on the same branch (`caCert` at the top).
        const homes = homesOf(k.kind, k.schema.schema);
        const cands = [...homes.entries()]
          .filter(([n]) => n.toLowerCase() === key.toLowerCase())
          .flatMap(([, ps]) => ps)
          .filter((p) => sameBranch(parentOf(p), schemaPathOf(path)) && p !== schemaPathOf(fieldPath));
        // The nearest home wins (`name` at the top is metadata.name, not tlsCipherSuites[].name);
        // two at the same depth are a guess, not a finding.
        const depth = (p: string) => p.split(/\.|\[\]/).filter(Boolean).length;
        const min = Math.min(...cands.map(depth));
        const nearest = cands.filter((p) => depth(p) === min);
        if (nearest.length !== 1) continue;
        issues.push({ ...base, kind: 'misplaced-field', home: nearest[0]! });
      } else if (e.keyword === 'required') {
        required.push({ e, steps });
      } else if (e.keyword === 'enum') {
        const v = last.node;
        if (!isScalar(v)) continue;
        const allowed = (e.params.allowedValues ?? []).filter((x): x is string => typeof x === 'string');
        const near = closestNames(
          v.text,
          allowed.filter((x) => x !== ''),
          (x) => x,
        );
        issues.push({
          kind: 'enum',
          object: o,
          span: span(v),
          path,
          schemaPath,
          allowed,
          value: v.text,
          valueNode: v,
          ...(near[0] ? { suggestion: near[0].item, exact: near[0].exact } : {}),
        });
      } else if (e.keyword === 'type') {
        const v = last.node;
        // null is pruned by the API server before validation; an empty key is "not filled in".
        if (!v || (isScalar(v) && v.value === null)) continue;
        if (last.pair && isOpen(file, last.pair)) continue;
        const t = e.params.type;
        issues.push({
          kind: 'type',
          object: o,
          span: span(isScalar(v) ? v : (last.pair?.key ?? v)),
          path,
          schemaPath,
          expected: Array.isArray(t) ? t.join(' or ') : String(t),
          value: isScalar(v) ? v.text : isMap(v) ? 'an object' : 'a list',
          ...(isScalar(v) ? { valueNode: v } : {}),
        });
      } else {
        const v = last.node;
        if (!v) continue;
        issues.push({
          kind: 'other',
          object: o,
          span: span(isScalar(v) ? v : (last.pair?.key ?? v)),
          path,
          schemaPath,
          message: e.message ?? e.keyword,
        });
      }
    }
    for (const { e, steps } of required) {
      const last = steps[steps.length - 1]!;
      const map = last.node;
      const missing = e.params.missingProperty;
      if (!isMap(map) || typeof missing !== 'string') continue;
      // What a template inserts, or a YAML merge key (`<<: *defaults`), may hold it.
      if (isOpen(file, map) || (last.pair && isOpen(file, last.pair))) continue;
      if (map.pairs.some((p) => p.key.text === '<<')) continue;
      // A near-miss of it is there: meant, so unknown (the near-miss is the finding).
      const meant = (i: CrdIssue) => i.kind === 'unknown-field' && i.parent === map && i.suggestion === missing;
      if (issues.some((i) => meant(i) && !asWritten(i.span))) continue;
      const at = last.pair?.key ?? (map !== o.node ? map.pairs[0]?.key : undefined) ?? o.kindNode;
      const path = pathText(steps, missing);
      issues.push({
        kind: 'required',
        object: o,
        span: span(at),
        path,
        schemaPath: schemaPathOf(path),
        field: missing,
        parent: map,
      });
    }
    out.push(...issues);
  }
  return out;
}
