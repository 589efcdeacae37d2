// Every quick fix, applied to the text, removes the finding it was offered for and breaks
// nothing: no syntax error appears and its rule reports less than before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lint, RULES, type Finding, type SourceFile } from '../server/src/engine';
import { fixture, read, walk } from './helpers';

function apply(sources: SourceFile[], edits: Finding['fixes'][number]['edits']): SourceFile[] {
  return sources.map((s) => {
    const mine = edits.filter((e) => e.uri === s.uri).sort((a, b) => b.start - a.start);
    let text = s.text;
    for (const e of mine) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    return { uri: s.uri, text };
  });
}

const NOW = new Date('2027-06-01T00:00:00Z');

function workspaces(): SourceFile[][] {
  const out: SourceFile[][] = [];
  for (const r of RULES)
    for (const ex of r.meta.examples.bad) out.push(ex.files.map((f) => ({ uri: f.name, text: f.text })));
  const root = fixture('rules');
  for (const r of RULES) {
    const dir = join(root, r.meta.id);
    const files = walk(dir);
    // group by the first folder level below the rule folder
    const groups = new Map<string, string[]>();
    for (const f of files) {
      const rel = f.slice(dir.length + 1);
      const g = rel.includes('/') ? rel.split('/')[0]! : rel;
      groups.set(g, [...(groups.get(g) ?? []), f]);
    }
    for (const g of groups.values()) out.push(g.map((f) => ({ uri: f, text: read(f) })));
  }
  // The other fixture workspaces: the CLI's broken setup, each template dialect, kustomize.
  const whole = (dir: string) => out.push(walk(dir).map((f) => ({ uri: f, text: read(f) })));
  whole(fixture('cli/broken'));
  for (const d of readdirSync(fixture('templates'))) whole(join(fixture('templates'), d));
  whole(fixture('kustomize'));
  return out;
}

/**
 * No fix reveals a finding that was not there before (issue 19): the model reads a near-miss
 * as what it means (model/config.ts asMeant for Felix/Typha settings, the CNI etcd keys, and
 * model/certificate-management.ts for Installation fields misplaced or misspelt, as in the seed's
 * flattened example), so what is wrong with a value is reported at once, where it is written.
 */
test('each fix removes its finding and adds no other, of any rule', () => {
  let applied = 0;
  for (const sources of workspaces()) {
    const before = lint(sources, { now: NOW }).findings;
    // A finding is where it points: a fix may change the words of another (a list now one longer).
    const key = (x: Finding) => `${x.rule}|${x.span.uri}|${x.span.start}|${x.span.end}`;
    const seen = new Set(before.map(key));
    for (const f of before) {
      for (const fix of f.fixes) {
        const label = `${f.rule} "${fix.title}" in ${f.span.uri}`;
        const fixed = apply(sources, fix.edits);
        // A fix that writes back the text already there is no fix (issue 19 item 12).
        assert.ok(
          fixed.some((x, i) => x.text !== sources[i]!.text),
          `${label}: its edits leave the text as it was`,
        );
        const after = lint(fixed, { now: NOW }).findings;
        const syntax = (fs: Finding[]) => fs.filter((x) => x.rule === 'syntax-error').length;
        assert.ok(syntax(after) <= syntax(before), `${label}: introduces a syntax error`);
        assert.ok(!after.some((x) => x.rule === f.rule && x.message === f.message), `${label}: finding still there`);
        // Never more of its own rule.
        assert.ok(
          after.filter((x) => x.rule === f.rule).length < before.filter((x) => x.rule === f.rule).length,
          `${label}: no fewer ${f.rule} findings`,
        );
        // Where the findings of before now point, the fix's edits applied to their offsets.
        // An offset inside an edited range moves to that range's start (as a span start) or to
        // the end of the new text (as a span end): a finding at a renamed name stays at it.
        const map = (uri: string, pos: number, isEnd: boolean) =>
          fix.edits
            .filter((e) => e.uri === uri)
            .reduce((n, e) => {
              if (pos >= e.end) return n + e.newText.length - (e.end - e.start);
              if (pos > e.start) return n + (isEnd ? e.start + e.newText.length : e.start) - pos;
              return n;
            }, pos);
        const moved = new Set(
          before.map((x) =>
            key({
              ...x,
              span: { ...x.span, start: map(x.span.uri, x.span.start, false), end: map(x.span.uri, x.span.end, true) },
            }),
          ),
        );
        // A fix that moves text (a misplaced field to its home) carries its findings with it:
        // the same rule about the same text of the same file, now elsewhere (its message may
        // name the object differently once `name` is moved to metadata.name too).
        const textOf = (files: typeof sources, x: Finding) =>
          files.find((s) => s.uri === x.span.uri)?.text.slice(x.span.start, x.span.end);
        const carriedKey = (files: typeof sources, x: Finding) => `${x.rule}|${x.span.uri}|${textOf(files, x)}`;
        const carried = new Set(before.map((x) => carriedKey(sources, x)));
        const added = after.filter(
          (x) => !seen.has(key(x)) && !moved.has(key(x)) && !carried.has(carriedKey(fixed, x)),
        );
        assert.deepEqual(
          added.map((x) => `${key(x)} ${x.message}`),
          [],
          `${label}: adds findings`,
        );
        applied++;
      }
    }
  }
  assert.ok(applied >= 10, `only ${applied} fixes exercised`);
});
