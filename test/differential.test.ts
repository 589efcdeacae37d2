// Findings must not depend on how the engine got its model (issue 21): the compact model
// (model/compact.ts: objects nothing reads cut to their identity) against whole trees, over every
// workspace the snapshot pins (every rule fixture, the corpus, the real-world repositories, the
// examples, the dumps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, lint, resolveFinding } from '../server/src/engine';
import { firstLook, lintByUnits, parseUnit } from '../server/src/engine/streamed';
import { YamlDocumentCache } from '../server/src/engine/parse/yaml';
import { parseFile, type ParsedFile } from '../server/src/engine/parse';
import { compactFile, unreadOf } from '../server/src/engine/model/compact';
import { maskText } from '../server/src/engine/parse/mask';
import { scanIdentities } from '../server/src/engine/parse/scan';
import { collectObjects } from '../server/src/engine/model/objects';
import { relevance } from '../server/src/engine/relevance';
import { NOW, workspaceFindings, workspaces, type Linter } from './workspaces';
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

test('unit by unit (streamed.ts): the same findings, ranges, fixes and rule errors as one pass, on every pinned workspace', () => {
  const differ: string[] = [];
  let units = 0;
  // Besides the pinned ones, workspaces of many units, where the order of the units' findings
  // and the findings two units share (a base listed by two overlays) are put to the test.
  const many: Array<[string, string[]]> = [
    ['kustomize (a base in two overlays)', walk(fixture('kustomize'))],
    ['templates', walk(fixture('templates'))],
    ['every rule fixture as one workspace', walk(fixture('rules'), (p) => !p.endsWith('.md'))],
    ['the corpus with the real-world repositories', walk(fixture('corpus'), (p) => !p.endsWith('.md'))],
  ];
  for (const [name, files] of [...workspaces(), ...many]) {
    const sources = files.map((f) => ({ uri: f, text: read(f) }));
    const pinned = sources.map((x) => /fixture-now: (\S+)/.exec(x.text)?.[1]).find(Boolean);
    const maxSize = sources.map((x) => /fixture-max-file-size: (\d+)/.exec(x.text)?.[1]).find(Boolean);
    const options = { now: pinned ? new Date(pinned) : NOW, ...(maxSize ? { maxFileSize: Number(maxSize) } : {}) };
    const one = lint(sources, options);
    const byUri = new Map(one.files.map((f) => [f.uri, f]));
    const a = JSON.stringify([one.findings.map((f) => resolveFinding(f, (u) => byUri.get(u))), one.ruleErrors]);
    const streamed = lintByUnits(sources, options);
    const b = JSON.stringify([streamed.findings.map((x) => x.resolved), streamed.ruleErrors]);
    if (a !== b) differ.push(`${name}:\n  one pass: ${a}\n  by units: ${b}`);
    // The CLI's file summaries: every file once, as parsed.
    assert.deepEqual(streamed.files.map((f) => f.uri).sort(), one.files.map((f) => f.uri).sort(), name);
    units += streamed.files.length ? 1 : 0;
  }
  assert.deepEqual(differ, []);
  assert.ok(units > 100);
});

test('unit by unit: a base in two overlays is said once, and units come back in the one-pass order', () => {
  const secret = (name: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: kube-system\ndata:\n  tls.crt: not*base64\n`;
  const sources = [
    { uri: '/ws/a/secret.yaml', text: secret('a') },
    { uri: '/ws/k/base/kustomization.yaml', text: 'resources:\n- secret.yaml\n' },
    { uri: '/ws/k/base/secret.yaml', text: secret('b') },
    { uri: '/ws/k/dev/kustomization.yaml', text: 'resources:\n- ../base\n' },
    { uri: '/ws/k/prod/kustomization.yaml', text: 'resources:\n- ../base\n' },
  ];
  const one = lint(sources, { now: NOW });
  const byUri = new Map(one.files.map((f) => [f.uri, f]));
  const streamed = lintByUnits(sources, { now: NOW });
  const where = (r: { uri: string; rule: string }) => `${r.uri} ${r.rule}`;
  assert.deepEqual(
    streamed.findings.map((x) => where(x.resolved)),
    one.findings.map((f) => where(resolveFinding(f, (u) => byUri.get(u)))),
  );
  assert.deepEqual(
    streamed.findings.map((x) => where(x.resolved)).filter((w) => w.includes('secret-invalid-base64')),
    ['/ws/a/secret.yaml secret-invalid-base64', '/ws/k/base/secret.yaml secret-invalid-base64'],
  );
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
  // duplicate-key reads the keys of Calico's CRDs: cut, with the keys they repeat (none here).
  const kept = compactFile(g, relevance()).documents[0]!;
  assert.notEqual(kept, g.documents[0]);
  assert.deepEqual(kept.repeatedKeys, []);
  assert.equal(compactFile(g, relevance({ 'duplicate-key': 'off' })).documents[0]!.repeatedKeys, undefined);
  const twice = calicoCrd.replace('  group: example.com\n', '  group: example.com\n  group: again.example.com\n');
  const h = compactFile(parseFile({ uri: 'file:///c.yaml', text: twice }), relevance()).documents[0]!;
  assert.deepEqual(
    h.repeatedKeys?.map((r) => [r.key, twice.slice(r.first.start, r.first.end), r.again.start]),
    [['group', 'group', twice.indexOf('group: again')]],
  );
});

test('cheap rejection: the lines of an object nothing reads are blanked but for its identity, and parse to the same identity', () => {
  const text =
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  labels:\n    a: b\n' +
    '  name: x.example.com\nspec:\n  group: example.com\n  names: {kind: X}\n---\napiVersion: v1\nkind: Secret\n' +
    'metadata:\n  name: s\ndata:\n  tls.crt: not*base64\n';
  const reads = relevance();
  const look = scanIdentities('/a.yaml', text)!;
  const unread = unreadOf(text, look, reads);
  const masked = maskText(text, unread.ranges);
  assert.equal(masked.length, text.length);
  // Each masked range is one comment (its line breaks inside blanked), the break ending it kept.
  assert.deepEqual(
    masked.split('\n').map((l) => l.trimEnd()),
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '#',
      '  name: x.example.com',
      '#',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: s',
      'data:',
      '  tls.crt: not*base64',
      '',
    ],
  );
  // Every kept character at its own offset.
  for (let i = 0; i < text.length; i++)
    if (masked[i] !== text[i]) assert.ok(masked[i] === ' ' || masked[i] === '#', `offset ${i}`);
  const whole = compactFile(parseFile({ uri: '/a.yaml', text }), reads);
  const cheap = compactFile(parseFile({ uri: '/a.yaml', text: masked }), reads);
  assert.deepEqual(
    collectObjects(cheap).map((o) => [o.kind, o.name, o.nameNode?.start]),
    collectObjects(whole).map((o) => [o.kind, o.name, o.nameNode?.start]),
  );
  assert.deepEqual(unread.keyed, []);
  // The byte copy (ASCII) and the line by line path (anything else) mask alike, CRLF included.
  for (const t of [text, text.replace(/\n/g, '\r\n')]) {
    const r = unreadOf(t, scanIdentities('/a.yaml', t)!, reads).ranges;
    const other = maskText(`${t}# é\n`, r);
    assert.equal(other.slice(0, t.length), maskText(t, r));
    assert.equal(other.slice(t.length), '# é\n');
  }
  // A template is never rewritten.
  assert.deepEqual(unreadOf(text, scanIdentities('/b.yaml', text + '# {{ .Values.x }}\n')!, reads), {
    ranges: [],
    keyed: [],
  });
  // A Calico CRD: its keys are read, so it is not blanked outright but offered with its mask.
  const calico = text.replace('x.example.com', 'felixconfigurations.crd.projectcalico.org');
  const u = unreadOf(calico, scanIdentities('/c.yaml', calico)!, reads);
  assert.deepEqual(u.ranges, []);
  assert.deepEqual(
    u.keyed.map((k) => [k.start, k.end, maskText(calico, k.mask).split('\n')[3]!.trimEnd()]),
    [[0, calico.indexOf('---'), '#']],
  );
});

test('blanked chunk by chunk (the language server): the same parse as the text blanked whole, across edits', () => {
  // parse/index.ts maskableStarts: with the editor's YAML cache a large manifest is blanked and
  // parsed document by document; every tree, error and note must be what blanking the whole text
  // gives, before and after edits (a comment between documents, a value changed inside a CRD, a
  // document added), and the chunk path must actually be taken.
  const big = walk(fixture('corpus'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ f, text: read(f) }))
    .filter((x) => x.text.length >= 64 * 1024);
  assert.ok(big.length >= 2, `${big.length} large manifests`);
  for (const { f, text } of big) {
    const uri = `file:///ws/${f.split('/').pop()}`;
    const crd = text.indexOf('kind: CustomResourceDefinition');
    const inCrd = text.indexOf('\n    plural: ', crd);
    const sep = text.indexOf('\n---\n', text.length >> 1);
    const versions = [
      text,
      `${text.slice(0, sep)}\n# a comment${text.slice(sep)}`,
      crd > 0 && inCrd > 0 ? `${text.slice(0, inCrd)}\n    plural: changed${text.slice(inCrd)}` : text,
      `${text}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: added\ndata:\n  a: b\n`,
    ];
    const cache = new YamlDocumentCache();
    let chunks = 0;
    const maskedChunk = cache.maskedChunk.bind(cache);
    cache.maskedChunk = (c, s, r) => (chunks++, maskedChunk(c, s, r));
    for (const v of versions) {
      const unread = firstLook({ uri, text: v }).unread;
      const view = (files: ParsedFile[]) =>
        JSON.stringify(files.map((p) => [p.format, p.documents, p.syntaxErrors, p.notes, p.lines.lineCount]));
      assert.equal(
        view(parseUnit([{ uri, text: v, unread }], { yamlCache: cache })),
        view(parseUnit([{ uri, text: v, unread }], {})),
        f,
      );
    }
    assert.ok(chunks > 0, `${f}: blanked chunk by chunk`);
  }
});
