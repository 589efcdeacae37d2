// A large workspace kept as units through edits (engine/unit-workspace.ts, the language server's
// path from 400 files, lsp/large.ts): after every batch of edits, renames, deletions and new
// files, the merged results must equal a fresh lint of the workspace as it now is; and an edit
// that keeps a file's identities re-lints only the units that hold that file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { firstLook, lintByUnits, lintUnit, planUnits, type UnitResult } from '../server/src/engine/streamed';
import { UnitWorkspace, unitSources, type Look } from '../server/src/engine/unit-workspace';
import type { LintOptions } from '../server/src/engine';
import type { SourceFile } from '../server/src/engine/types';
import { NOW } from './workspaces';
import { fixture, read, walk } from './helpers';

type Texts = Map<string, string>;

function seed(texts: Texts, options: LintOptions): UnitWorkspace {
  const looks = new Map<string, Look>();
  for (const [uri, text] of [...texts].sort(([a], [b]) => (a < b ? -1 : 1)))
    looks.set(uri, firstLook({ uri, text }, options));
  const plan = planUnits([...looks.values()].map((l) => l.look));
  const ws = new UnitWorkspace(looks, plan, new Array<UnitResult | undefined>(plan.length), options);
  relint(ws, ws.pending(), texts, options);
  return ws;
}

function relint(ws: UnitWorkspace, units: readonly number[], texts: Texts, options: LintOptions): void {
  for (const i of units)
    ws.setResult(
      i,
      lintUnit(
        unitSources(ws, i, (u) => texts.get(u)),
        options,
      ),
    );
}

const shown = (r: UnitResult) => JSON.stringify([r.findings.map((x) => x.resolved), r.ruleErrors]);

function fresh(texts: Texts, options: LintOptions): UnitResult {
  const sources: SourceFile[] = [...texts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([uri, text]) => ({ uri, text }));
  return lintByUnits(sources, options);
}

/** Applies a batch: new texts (undefined: the file is gone), then checks the merged results. */
function apply(
  ws: UnitWorkspace,
  texts: Texts,
  batch: Map<string, string | undefined>,
  options: LintOptions,
  what: string,
) {
  for (const [uri, text] of batch) {
    if (text === undefined) texts.delete(uri);
    else texts.set(uri, text);
  }
  const changes = new Map([...batch].map(([uri, text]) => [uri, text === undefined ? undefined : { uri, text }]));
  const todo = ws.update(changes);
  relint(ws, todo, texts, options);
  assert.equal(shown(ws.result()), shown(fresh(texts, options)), what);
  return todo;
}

const WORKSPACES: Array<[string, string[]]> = [
  ['kustomize (a base in two overlays)', walk(fixture('kustomize'))],
  ['every rule fixture as one workspace', walk(fixture('rules'), (p) => !p.endsWith('.md'))],
  ['the corpus with the real-world repositories', walk(fixture('corpus'), (p) => !p.endsWith('.md'))],
];

for (const [name, files] of WORKSPACES) {
  test(`unit workspace through edits: ${name}`, () => {
    const options: LintOptions = { now: NOW };
    const texts: Texts = new Map(files.map((f) => [f, read(f)]));
    const ws = seed(texts, options);
    assert.equal(shown(ws.result()), shown(fresh(texts, options)), 'seeded');
    const flagged = [...new Set(ws.result().findings.map((x) => x.resolved.uri))].filter((u) => texts.has(u));
    const yaml = [...texts.keys()].filter((u) => /\.ya?ml$/.test(u) && !/kustomization/.test(u));

    // 1. Edits that keep every identity (a disable-file comment on top): only the units holding
    // the edited files are linted again, and their findings go.
    if (flagged.length) {
      const edited = flagged.filter((_, i) => i % Math.ceil(flagged.length / 4) === 0);
      const expected = new Set(edited.flatMap((u) => ws.unitsOf(u).map((x) => x.id)));
      const batch = new Map(edited.map((u) => [u, `# calico-tls-disable-file *\n${texts.get(u)!}`] as const));
      const todo = apply(ws, texts, batch, options, 'disable-file comments');
      assert.deepEqual(new Set(todo.map((i) => ws.units[i]!.id)), expected, "only the edited files' units");
    }

    // 2. Renames (the cut may change) together with an edit elsewhere that keeps identities.
    const renamed = yaml.filter((u) => /\n {2}name: \S+/.test(texts.get(u)!)).slice(0, 3);
    const batch = new Map<string, string | undefined>(
      renamed.map((u) => [u, texts.get(u)!.replace(/\n( {2}name: )(\S+)/, '\n$1$2-renamed')]),
    );
    const other = flagged.find((u) => !renamed.includes(u));
    if (other) batch.set(other, texts.get(other)!.replace(/^# calico-tls-disable-file \*\n/, ''));
    apply(ws, texts, batch, options, 'renames');

    // 3. A file deleted, one emptied, and a copy of a flagged file in a new folder.
    const gone = yaml[yaml.length - 1]!;
    const emptied = yaml[0]!;
    const copied = flagged[flagged.length - 1] ?? yaml[1]!;
    const copy = join(dirname(copied), 'added', `copy-${copied.split('/').pop()!}`);
    apply(
      ws,
      texts,
      new Map([
        [gone, undefined],
        [emptied, ''],
        [copy, texts.get(copied)!.replace(/^# calico-tls-disable-file \*\n/, '')],
      ]),
      options,
      'deleted, emptied, added',
    );

    // 4. Every kustomization changed: its first resource dropped.
    const kusts = [...texts.keys()].filter((u) => /kustomization\.ya?ml$/.test(u));
    if (kusts.length)
      apply(
        ws,
        texts,
        new Map(kusts.map((u) => [u, texts.get(u)!.replace(/\n- [^\n]*/, '')] as const)),
        options,
        'kustomizations',
      );
  });
}

test('unit workspace: an edit that keeps identities re-lints nothing else, one that adds an object re-cuts', () => {
  const options: LintOptions = { now: NOW };
  const secret = (name: string, extra = '') =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\ndata:\n  tls.crt: not*base64\n${extra}`;
  const texts: Texts = new Map([
    ['/ws/a/one.yaml', secret('one')],
    ['/ws/a/two.yaml', secret('two')],
    ['/ws/dev/s.yaml', secret('s')],
    ['/ws/prod/s.yaml', secret('s')],
  ]);
  const ws = seed(texts, options);
  // dev/ and prod/ define the same Secret: alternatives, each its own unit.
  assert.ok(ws.unitsOf('/ws/dev/s.yaml')[0]!.id !== ws.unitsOf('/ws/prod/s.yaml')[0]!.id);
  const todo = apply(ws, texts, new Map([['/ws/a/one.yaml', secret('one', '  ca.crt: also*bad\n')]]), options, 'edit');
  assert.deepEqual(
    todo.map((i) => ws.units[i]!.uris),
    ws.unitsOf('/ws/a/one.yaml').map((u) => u.uris),
  );
  // prod's Secret renamed: dev/ and prod/ no longer collide, the cut changes.
  const before = ws.units.length;
  apply(ws, texts, new Map([['/ws/prod/s.yaml', secret('p')]]), options, 'rename');
  assert.notEqual(ws.units.length, before);
});
