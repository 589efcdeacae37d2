// The import graph of the product (server/src and client/src) as ARCHITECTURE.md draws it:
// layers, lowest first; no file imports a file of a higher layer, there is no cycle, rules
// import no rule, and a rule file exports only its rule (issue 18 item 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { read, repoRoot, walk } from './helpers';

const ROOT = repoRoot();
const S = 'server/src/';
const E = `${S}engine/`;

/** Layers, lowest first. A file belongs to the first layer with a matching prefix. */
const LAYERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['foundations', [`${E}types.ts`, `${E}candidates.ts`, `${E}l10n/`, `${S}io/`, `${S}reflect-polyfill.ts`]],
  ['parse', [`${E}parse/`, `${E}order.ts`, `${E}config.ts`, `${E}suppress.ts`]],
  ['catalogue', [`${E}calico/`]],
  ['model', [`${E}model/`, `${E}fixes.ts`]],
  ['certificates', [`${E}certs/`]],
  ['analysis', [`${E}analysis.ts`, `${E}units.ts`]],
  ['rules', [`${E}rules/`, `${E}deps.ts`]],
  ['services and entry', [`${E}services/`, `${E}analyze.ts`, `${E}relevance.ts`]],
  ['incremental', [`${E}incremental.ts`, `${E}streamed.ts`, `${E}unit-workspace.ts`]],
  ['engine surface', [`${E}index.ts`]],
  ['generator', [`${S}certgen/`]],
  ['parallel', [`${S}parallel/`]],
  ['adapters', [`${S}cli/`, `${S}lsp/`]],
  // The one bundle's entry (dist/calico-tls.js): the CLI, the server and the lint workers.
  ['bundle entry', [`${S}main.ts`]],
  ['client', ['client/src/']],
];

function layerOf(rel: string): number {
  const i = LAYERS.findIndex(([, prefixes]) =>
    prefixes.some((p) => rel === p || (p.endsWith('/') && rel.startsWith(p))),
  );
  assert.ok(i >= 0, `${rel} is in no layer: add it to the list (and to ARCHITECTURE.md)`);
  return i;
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(join(ROOT, from)), spec);
  for (const c of [`${base}.ts`, join(base, 'index.ts'), base])
    if (existsSync(c) && c.endsWith('.ts')) return relative(ROOT, c);
  return undefined;
}

const files = [...walk(join(ROOT, 'server', 'src')), ...walk(join(ROOT, 'client', 'src'))]
  .filter((p) => p.endsWith('.ts'))
  .map((p) => relative(ROOT, p));
const graph = new Map<string, string[]>();
for (const f of files) {
  const text = read(join(ROOT, f));
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/\bimport\('([^']+)'\)/g),
    ...text.matchAll(/\brequire\('([^']+)'\)/g),
  ].map((m) => m[1]!);
  graph.set(f, [...new Set(specs.map((s) => resolveImport(f, s)).filter((x): x is string => !!x))]);
}

test('layers: no import from a lower layer to a higher one', () => {
  const bad: string[] = [];
  for (const [f, deps] of graph)
    for (const d of deps)
      if (layerOf(d) > layerOf(f))
        bad.push(`${f} (${LAYERS[layerOf(f)]![0]}) imports ${d} (${LAYERS[layerOf(d)]![0]})`);
  assert.deepEqual(bad, []);
  assert.ok(graph.size > 100, 'the product files were found');
});

test('layers: the import graph has no cycle', () => {
  // Tarjan's strongly connected components.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) cycles.push(comp.sort());
    }
  };
  for (const f of graph.keys()) if (!idx.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

test('rules import no rule, and a rule file exports only its rule', () => {
  const rule = (f: string) => /^server\/src\/engine\/rules\/[^/]+\.ts$/.test(f) && !/\/(index|types)\.ts$/.test(f);
  const bad: string[] = [];
  for (const [f, deps] of graph) {
    if (!rule(f)) continue;
    for (const d of deps) if (rule(d)) bad.push(`${f} imports the rule ${d}`);
    const exports = [
      ...read(join(ROOT, f)).matchAll(/^export\s+(?:const|function|class|let|type|interface)\s+(\w+)/gm),
    ].map((m) => m[1]);
    if (exports.join(',') !== 'rule') bad.push(`${f} exports ${exports.join(', ')}`);
  }
  assert.deepEqual(bad, []);
});

test('the VS Code client takes from the server only the import-free lists it shares (candidates, generator catalogue)', () => {
  const shared = new Set(['server/src/engine/candidates.ts', 'server/src/certgen/catalog.ts']);
  const bad: string[] = [];
  for (const [f, deps] of graph) {
    if (!f.startsWith('client/src/')) continue;
    for (const d of deps) if (d.startsWith('server/') && !shared.has(d)) bad.push(`${f} imports ${d}`);
  }
  for (const s of shared) assert.deepEqual(graph.get(s), [], `${s} must stay free of imports`);
  assert.deepEqual(bad, []);
});
