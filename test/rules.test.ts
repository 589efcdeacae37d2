// Fixture tests: every folder under test/fixtures/rules/<rule-id>/ holds workspaces whose
// files carry their expected findings as annotations. A workspace is a subfolder, or a single
// file directly under the rule folder. The whole finding set must match exactly: missing
// findings and extra findings (of any rule) both fail. The suite runs in every locale (issue 20):
// the same findings (rule, severity, range) in Chinese, every text rendered whole (no
// placeholder left, no object printed) and, in Chinese, Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint, LOCALES, resolveFinding, RULES, type Locale, type ResolvedFinding } from '../server/src/engine';
import { fixture, read, walk } from './helpers';
import { key, parseAnnotations, type Expectation } from './annotations';

const root = fixture('rules');
// Fixture certificates are valid from late 2026 to 2036; the clock is pinned inside that.
const NOW = new Date('2027-06-01T00:00:00Z');

function workspaces(ruleDir: string): string[][] {
  const out: string[][] = [];
  for (const e of readdirSync(ruleDir).sort()) {
    const p = join(ruleDir, e);
    if (statSync(p).isDirectory()) out.push(walk(p));
    else out.push([p]);
  }
  return out;
}

const HAN = /[\u4e00-\u9fff]/;
const ENGLISH_WORDS =
  /\b(the|is|are|of|in|at|to|file|configuration|key|container|set|here|not|and|with|from|by|same)\b/i;
const LEFTOVER = /\{[A-Za-z_][A-Za-z0-9_]*\}|\[object Object\]|undefined/;

/** Every text of a finding is rendered whole, and in the locale's language. */
function assertRendered(r: ResolvedFinding, locale: Locale): void {
  const texts = [r.message, ...r.fixes.map((x) => x.title)];
  for (const t of [...texts, ...r.related.map((x) => x.message)])
    assert.doesNotMatch(t, LEFTOVER, `${r.rule}: a message is not rendered whole: ${t}`);
  if (locale !== 'zh-cn') return;
  for (const t of texts) assert.match(t, HAN, `${r.rule}: not translated: ${t}`);
  // A related location may be named by its name alone ("Secret certs", "Calico v3.30.2"), with
  // nothing to translate; English words around a name are not that.
  for (const t of r.related.map((x) => x.message))
    assert.ok(HAN.test(t) || !ENGLISH_WORDS.test(t.replace(/'[^']*'|"[^"]*"/g, '')), `${r.rule}: not translated: ${t}`);
}

for (const locale of LOCALES)
  for (const rule of RULES) {
    const dir = join(root, rule.meta.id);
    test(`fixtures${locale === 'en' ? '' : ` (${locale})`}: ${rule.meta.id}`, () => {
      let sawOwnRule = false;
      for (const files of workspaces(dir)) {
        const sources = files.map((f) => ({ uri: f, text: read(f) }));
        const expected: Expectation[] = sources.flatMap((s) => parseAnnotations(relative(root, s.uri), s.text));
        if (expected.some((e) => e.rule === rule.meta.id)) sawOwnRule = true;
        // A workspace may pin its own clock: `# fixture-now: 2035-12-20T00:00:00Z`.
        const pinned = sources.map((x) => /fixture-now: (\S+)/.exec(x.text)?.[1]).find(Boolean);
        const maxSize = sources.map((x) => /fixture-max-file-size: (\d+)/.exec(x.text)?.[1]).find(Boolean);
        const res = lint(sources, {
          now: pinned ? new Date(pinned) : NOW,
          ...(maxSize ? { maxFileSize: Number(maxSize) } : {}),
          locale,
        });
        assert.deepEqual(res.ruleErrors, []);
        const byUri = new Map(res.files.map((f) => [f.uri, f]));
        const actual = res.findings.map((f) => {
          const r = resolveFinding(f, (u) => byUri.get(u));
          assertRendered(r, locale);
          const end = r.range.end.line === r.range.start.line ? r.range.end.character : Number.MAX_SAFE_INTEGER;
          return key({
            file: relative(root, r.uri),
            line: r.range.start.line,
            start: r.range.start.character,
            end,
            severity: r.severity,
            rule: r.rule,
          });
        });
        assert.deepEqual(
          actual.sort(),
          expected.map(key).sort(),
          `findings of ${files.map((f) => relative(root, f)).join(', ')}`,
        );
      }
      assert.ok(sawOwnRule, `no fixture of ${rule.meta.id} expects the rule to fire`);
    });
  }
