// The declared inputs of the compact model (model/reads.ts) cover every kind the engine reads:
// each kind an engine module compares an object's kind with, asks the workspace for, or looks an
// object up by, must be read by relevance() (issue 21 item 1: a new rule or view cannot be
// starved by a kind it forgot to declare).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { relevance } from '../server/src/engine/relevance';
import { readsObject } from '../server/src/engine/model/reads';
import { RULES } from '../server/src/engine/rules';
import { read, repoRoot, walk } from './helpers';

const ROOT = repoRoot();
const ENGINE = join(ROOT, 'server', 'src', 'engine');
const KIND_USES = [
  /\bkind\s*[!=]==?\s*'([A-Z]\w*)'/g,
  /'([A-Z]\w*)'\s*[!=]==?\s*\w+\.kind\b/g,
  /objectsOfKind\('([A-Z]\w*)'\)/g,
  /findObject\('([A-Z]\w*)'/g,
];

/** Every kind a module names where it reads objects, with where. */
function kindUses(): Array<{ kind: string; at: string }> {
  const out: Array<{ kind: string; at: string }> = [];
  for (const p of walk(ENGINE, (x) => x.endsWith('.ts') && !x.includes(`${join('engine', 'l10n')}`))) {
    const text = read(p);
    for (const re of KIND_USES)
      for (const m of text.matchAll(re))
        out.push({ kind: m[1]!, at: `${relative(ROOT, p)}:${text.slice(0, m.index).split('\n').length}` });
  }
  return out;
}

test('reads: every kind an engine module reads is declared', () => {
  const reads = relevance();
  const uses = kindUses();
  assert.ok(uses.length > 40, `kind uses found: ${uses.length}`);
  const starved = uses.filter((u) => !reads({ apiVersion: 'v1', kind: u.kind, name: 'x' }));
  assert.deepEqual(starved, []);
});

test('reads: the scan finds an undeclared kind, and relevance() does not read everything', () => {
  const reads = relevance();
  for (const kind of ['CustomResourceDefinition', 'ClusterRole', 'PrometheusRule', 'NetworkPolicy'])
    assert.equal(reads({ apiVersion: 'v1', kind, name: 'x' }), false, kind);
  // The scan's patterns match the ways the engine names kinds.
  const sample = "if (o.kind === 'Foo') {} a.ws.objectsOfKind('Bar'); ws.findObject('Baz', n, ns); 'Qux' !== o.kind";
  const found = KIND_USES.flatMap((re) => [...sample.matchAll(re)].map((m) => m[1]));
  assert.deepEqual(found.sort(), ['Bar', 'Baz', 'Foo', 'Qux']);
});

test('reads: each rule declares the kinds its own file reads (its declaration alone would feed it)', () => {
  // The union above could hide a rule that forgot its own: another reader declaring the same
  // kind today is no promise for tomorrow, and a rule's `reads` is what keeps its kind when the
  // model stops reading it.
  const RULES_DIR = join(ENGINE, 'rules');
  const undeclared: string[] = [];
  let checked = 0;
  for (const rule of RULES) {
    const file = join(RULES_DIR, `${rule.meta.id}.ts`);
    const source = read(file);
    const kinds = new Set(KIND_USES.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]!)));
    for (const kind of kinds) {
      checked++;
      if (!readsObject(rule.meta.reads ? [rule.meta.reads] : [], { apiVersion: 'v1', kind, name: 'x' }))
        undeclared.push(`${rule.meta.id}: ${kind}`);
    }
  }
  assert.ok(checked > 10, `kind uses in rule files: ${checked}`);
  assert.deepEqual(undeclared, []);
});
