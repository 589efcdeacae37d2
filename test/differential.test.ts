// Findings must not depend on how the engine got its model (issue 21): the compact model
// (model/compact.ts: objects nothing reads cut to their identity) against whole trees, over every
// workspace the snapshot pins (every rule fixture, the corpus, the real-world repositories, the
// examples, the dumps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, lint } from '../server/src/engine';
import { parseFile, type ParsedFile } from '../server/src/engine/parse';
import { compactFile } from '../server/src/engine/model/compact';
import { relevance } from '../server/src/engine/relevance';
import { workspaceFindings, workspaces, type Linter } from './workspaces';
import { fixture, read, walk } from './helpers';

/** The engine without the compact model: every tree kept whole. */
const whole: Linter = (sources, options) => {
  const files = sources.map((s) => parseFile(s, options));
  return { ...analyze(files, options), files };
};

test('compact model: the same findings as whole trees on every pinned workspace', () => {
  const differ: string[] = [];
  for (const [name, files] of workspaces()) {
    const a = workspaceFindings(files, lint);
    const b = workspaceFindings(files, whole);
    if (JSON.stringify(a) !== JSON.stringify(b))
      differ.push(`${name}:\n  compact: ${a.join('\n  ')}\n  whole: ${b.join('\n  ')}`);
  }
  assert.deepEqual(differ, []);
});

test('compact model: it does cut, so the comparison above is not vacuous', () => {
  const reads = relevance();
  let cut = 0;
  let kept = 0;
  for (const p of walk(fixture('corpus'), (x) => !x.endsWith('.md'))) {
    const f: ParsedFile = parseFile({ uri: p, text: read(p) });
    const c = compactFile(f, reads);
    if (c !== f) cut++;
    else kept++;
  }
  // The corpus holds CRDs of other projects (ServiceMonitor's) and RBAC objects: cut; Calico's
  // own workloads, Secrets and configuration: kept.
  assert.ok(cut >= 3, `files cut: ${cut}`);
  assert.ok(kept >= 20, `files kept whole: ${kept}`);
});

test('compact model: a cut object keeps its identity and offsets, and loses its contents', () => {
  const text =
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x.example.com\n' +
    '  labels: {a: b}\nspec:\n  group: example.com\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata: {}\n';
  const f = parseFile({ uri: 'file:///a.yaml', text });
  const c = compactFile(f, relevance());
  assert.notEqual(c, f);
  const root = c.documents[0]!.root as import('../server/src/engine/parse/tree').MapNode;
  assert.deepEqual(
    root.pairs.map((p) => p.key.text),
    ['apiVersion', 'kind', 'metadata'],
  );
  const meta = root.pairs[2]!.value as import('../server/src/engine/parse/tree').MapNode;
  assert.deepEqual(
    meta.pairs.map((p) => [p.key.text, text.slice(p.value!.start, p.value!.end)]),
    [['name', 'x.example.com']],
  );
  // The Secret is read by the model: whole.
  assert.equal(c.documents[1], f.documents[1]);
  // A rule turned off reads nothing: the config the run uses decides.
  const calicoCrd = text.replace('x.example.com', 'felixconfigurations.crd.projectcalico.org');
  const g = parseFile({ uri: 'file:///b.yaml', text: calicoCrd });
  assert.equal(compactFile(g, relevance()).documents[0], g.documents[0], "duplicate-key reads Calico's CRDs");
  assert.notEqual(compactFile(g, relevance({ 'duplicate-key': 'off' })).documents[0], g.documents[0]);
});
