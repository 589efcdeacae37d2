// Every quick fix, applied to the text, removes the finding it was offered for and breaks
// nothing: no syntax error appears and its rule reports less than before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  return out;
}

test('each fix removes its finding and adds no other', () => {
  let applied = 0;
  for (const sources of workspaces()) {
    const before = lint(sources, { now: NOW }).findings;
    for (const f of before) {
      for (const fix of f.fixes) {
        const after = lint(apply(sources, fix.edits), { now: NOW }).findings;
        const label = `${f.rule} "${fix.title}" in ${f.span.uri}`;
        const syntax = (fs: Finding[]) => fs.filter((x) => x.rule === 'syntax-error').length;
        assert.ok(syntax(after) <= syntax(before), `${label}: introduces a syntax error`);
        assert.ok(!after.some((x) => x.rule === f.rule && x.message === f.message), `${label}: finding still there`);
        // A fix may reveal the next problem (a renamed parameter turns TLS on), but never
        // creates another finding of its own rule.
        assert.ok(
          after.filter((x) => x.rule === f.rule).length < before.filter((x) => x.rule === f.rule).length,
          `${label}: no fewer ${f.rule} findings`,
        );
        applied++;
      }
    }
  }
  assert.ok(applied >= 10, `only ${applied} fixes exercised`);
});
