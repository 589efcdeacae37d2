// Conventions are tests: every rule has docs (current), fixtures, and examples whose bad
// half fires the rule and whose good half lints clean; the registry matches the files; the
// engine imports nothing from the editor, the protocol or the file system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lint, RULES } from '../server/src/engine';
import { read, repoRoot, walk } from './helpers';
import { rulePageMarkdown, rulesIndexMarkdown } from '../scripts/rules-index';

const root = repoRoot();

test('registry lists exactly the rule files, alphabetically, and ids are file names', () => {
  const files = readdirSync(join(root, 'server/src/engine/rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'types.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const ids = RULES.map((r) => r.meta.id);
  assert.deepEqual(ids, [...ids].sort(), 'registry is alphabetical');
  assert.deepEqual([...ids].sort(), files);
  for (const r of RULES) {
    assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const src = read(join(root, 'server/src/engine/rules', `${r.meta.id}.ts`));
    // (On one line, as written; a mutation-testing build wraps the literal but keeps the line.)
    assert.ok(new RegExp(`\\bid: [^\\n]*'${r.meta.id}'`).test(src), `${r.meta.id}.ts declares its own id`);
  }
});

test('every rule has metadata, a current docs page and a fixture folder', () => {
  for (const r of RULES) {
    const m = r.meta;
    assert.ok(m.description.length > 20 && m.why.length > 80, `${m.id}: description and why`);
    assert.ok(/CAL |Calico|docs|operator|seed/i.test(m.why), `${m.id}: why cites the Calico source or doc`);
    assert.ok(m.examples.bad.length > 0 && m.examples.good.length > 0, `${m.id}: examples`);
    const doc = join(root, 'docs/rules', `${m.id}.md`);
    assert.ok(existsSync(doc), `${m.id}: docs/rules/${m.id}.md exists (run npm run docs)`);
    assert.equal(read(doc), rulePageMarkdown(r), `${m.id}: docs page is stale (run npm run docs)`);
    assert.ok(existsSync(join(root, 'test/fixtures/rules', m.id)), `${m.id}: fixture folder`);
  }
  assert.equal(
    read(join(root, 'docs/rules/README.md')),
    rulesIndexMarkdown(),
    'docs/rules/README.md is stale (run npm run docs)',
  );
});

/** Examples are checked on a fixed clock (their certificates are valid 2026-2036), not today's. */
const EXAMPLE_CLOCK = '2027-06-01T00:00:00Z';

test('bad examples fire their rule; good examples produce no error and no warning', () => {
  for (const r of RULES) {
    for (const ex of r.meta.examples.bad) {
      const res = lint(
        ex.files.map((f) => ({ uri: f.name, text: f.text })),
        { now: new Date(ex.now ?? EXAMPLE_CLOCK), ...(ex.maxFileSize ? { maxFileSize: ex.maxFileSize } : {}) },
      );
      assert.ok(
        res.findings.some((f) => f.rule === r.meta.id),
        `${r.meta.id}: bad example does not fire`,
      );
    }
    for (const ex of r.meta.examples.good) {
      const res = lint(
        ex.files.map((f) => ({ uri: f.name, text: f.text })),
        { now: new Date(ex.now ?? EXAMPLE_CLOCK) },
      );
      assert.deepEqual(
        res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.message}`),
        [],
        `${r.meta.id}: good example`,
      );
    }
  }
});

test('engine invariant: no imports of vscode, LSP packages, fs, child_process or network modules', () => {
  const banned =
    /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|vscode-jsonrpc[^'"]*|(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|tls))['"]/;
  for (const f of walk(join(root, 'server/src/engine'), (p) => p.endsWith('.ts'))) {
    const src = read(f);
    assert.ok(!banned.test(src), `${f} imports a banned module`);
    assert.ok(!/from ['"][./]+\/(lsp|cli)\//.test(src) && !/client\/src/.test(src), `${f} imports an adapter`);
  }
});

test('every fix declares its safety; rules with fixes say so in their metadata', () => {
  for (const r of RULES) {
    for (const ex of r.meta.examples.bad) {
      const res = lint(ex.files.map((f) => ({ uri: f.name, text: f.text })));
      for (const f of res.findings.filter((x) => x.rule === r.meta.id)) {
        for (const fix of f.fixes) {
          assert.ok(fix.safety === 'safe' || fix.safety === 'unsafe');
          assert.ok(r.meta.fix, `${r.meta.id} offers fixes but its metadata has no 'fix'`);
          if (fix.safety === 'safe')
            assert.equal(r.meta.fix, 'safe', `${r.meta.id}: a safe fix from a rule declared ${r.meta.fix}`);
        }
      }
    }
  }
});
