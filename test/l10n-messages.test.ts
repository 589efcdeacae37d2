// Messages from ids with named placeholders (issue #20 items 2 and 6): every English template the
// product declares (each rule's meta.messages, the shared table, the engine's, the CLI's, the
// editor services', the language server's and the certificate generator's) has a zh-cn entry in
// server/src/engine/l10n/bundle.zh-cn.json with exactly the same placeholders, every bundle entry
// has an English source, quoted program output stays verbatim, and no rule reuses a shared id.
// Each check returns its problems, so the negative controls run it on a broken copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleOf, LOCALES, placeholdersOf, renderMsg, m, RULES, type Messages } from '../server/src/engine';
import { COMMON_MESSAGES } from '../server/src/engine/l10n/common';
import { ENGINE_MESSAGES } from '../server/src/engine/analyze';
import { CLI_MESSAGES } from '../server/src/cli/messages';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { glossary, glossaryProblems } from './glossary';
import { repoRoot } from './helpers';
import { LSP_MESSAGES } from '../server/src/lsp/messages';
import { DESCRIBE_MESSAGES } from '../server/src/engine/services/describe';
import { NAVIGATE_MESSAGES } from '../server/src/engine/services/navigate';
import { COMPLETE_MESSAGES } from '../server/src/engine/services/complete';
import { CERTGEN_MESSAGES } from '../server/src/certgen/messages';

/** Every scope's English table: `<scope>/<id>` is the bundle key. */
function englishTables(): Map<string, Messages> {
  const t = new Map<string, Messages>([
    ['common', COMMON_MESSAGES],
    ['engine', ENGINE_MESSAGES],
    ['cli', CLI_MESSAGES],
    ['lsp', LSP_MESSAGES],
    ['describe', DESCRIBE_MESSAGES],
    ['navigate', NAVIGATE_MESSAGES],
    ['complete', COMPLETE_MESSAGES],
    ['certgen', CERTGEN_MESSAGES],
  ]);
  for (const r of RULES) t.set(r.meta.id, r.meta.messages);
  return t;
}

function englishKeys(tables: Map<string, Messages>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [scope, table] of tables) for (const [id, text] of Object.entries(table)) out.set(`${scope}/${id}`, text);
  return out;
}

/** Missing translations, orphans and placeholder differences between English and one locale's bundle. */
export function parityProblems(en: ReadonlyMap<string, string>, tr: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [k, text] of en) {
    const t = tr.get(k);
    if (t === undefined) {
      problems.push(`${k}: no translation`);
      continue;
    }
    const a = placeholdersOf(text).join(',');
    const b = placeholdersOf(t).join(',');
    if (a !== b) problems.push(`${k}: placeholders {${a}} in English, {${b}} in the translation`);
  }
  for (const k of tr.keys()) if (!en.has(k)) problems.push(`${k}: translated, but no English template has this id`);
  return problems;
}

/** Text in double quotes in an English template (what Calico, Go or etcd prints) must appear as is in the translation. */
export function verbatimProblems(en: ReadonlyMap<string, string>, tr: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [k, text] of en) {
    const t = tr.get(k);
    if (t === undefined) continue;
    for (const q of text.matchAll(/"([^"{}]{4,})"/g))
      if (!t.includes(q[1]!)) problems.push(`${k}: the quoted "${q[1]}" is not kept verbatim`);
  }
  return problems;
}

const tables = englishTables();
const en = englishKeys(tables);

// A rule whose wording is shared (felix-typha-identity-unset: rules/support/identity-unset.ts)
// declares none of its own; an id nobody declares renders as `{id}`, which the fixture suite in
// test/rules.test.ts rejects.
test('no rule declares an id the shared table has (it would shadow it for that rule only)', () => {
  for (const r of RULES) {
    for (const id of Object.keys(r.meta.messages))
      assert.ok(!(id in COMMON_MESSAGES), `${r.meta.id} declares '${id}', which common.ts has`);
  }
});

for (const locale of LOCALES.filter((l) => l !== 'en'))
  test(`every message id has a ${locale} entry with exactly the same placeholders, and no orphan`, () => {
    const tr = bundleOf(locale as Exclude<typeof locale, 'en'>);
    const problems = parityProblems(en, tr);
    assert.deepEqual(problems, [], problems.slice(0, 30).join('\n'));
    assert.ok(en.size > 150, `only ${en.size} English templates found`);
  });

for (const locale of LOCALES.filter((l) => l !== 'en'))
  test(`${locale}: quoted Calico, Go and etcd output stays verbatim`, () => {
    const problems = verbatimProblems(en, bundleOf(locale as Exclude<typeof locale, 'en'>));
    assert.deepEqual(problems, [], problems.slice(0, 30).join('\n'));
  });

/**
 * What a translation keeps in English, left out before looking for glossary terms: placeholders,
 * quoted program output, code spans, hyphenated field names (common-name,
 * certificate-authority) and upper-case PEM block types (CERTIFICATE).
 */
function stayEnglish(s: string): string {
  return s
    .replace(/[A-Za-z]+(?:-[A-Za-z]+)+|\b[A-Z]{4,}\b/g, ' ')
    .replace(/\{[A-Za-z_]+\}/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/`[^`]*`/g, ' ');
}

/** "key" in the sense of a Secret's or ConfigMap's data key (键, not the glossary's 私钥). */
const DATA_KEY = 'a data key (Secret, ConfigMap, netconf, felix.cfg): 键 (docs/l10n/glossary.md)';
const GLOSSARY_EXEMPT: Record<string, string> = {
  ...Object.fromEntries(
    [
      'cni-unknown-etcd-key/unknownKey',
      'manager-tls-secret/operatorReadsPair',
      'operator-byo-secret/noCaBundle',
      'operator-byo-secret/noCertificate',
      'servicemonitor-secret-not-mounted/keyMissing',
      'tls-file-empty/emptyFile',
      'tls-file-empty/emptyKey',
      'common/fileNoKey',
      'common/labelMaterialKey',
      'navigate/formsFelix',
      'navigate/formsTypha',
    ].map((k) => [`${k}|key`, DATA_KEY]),
  ),
  // The certificate table's row for the certificate's (public) key.
  'describe/key|key': 'a certificate public key: 公钥',
};

test('zh-cn messages use the terms docs/l10n/glossary.md fixes', () => {
  const terms = glossary(readFileSync(join(repoRoot(), 'docs', 'l10n', 'glossary.md'), 'utf8'));
  const tr = bundleOf('zh-cn');
  const pairs: Array<[string, string, string]> = [...en].map(([k, text]) => [k, text, tr.get(k) ?? '']);
  const { problems, checked, unusedExemptions } = glossaryProblems(terms, pairs, stayEnglish, GLOSSARY_EXEMPT);
  assert.deepEqual(problems, []);
  assert.deepEqual(unusedExemptions, [], 'exemptions that no longer apply');
  assert.ok(checked >= 300, `${checked} uses of glossary terms checked`);
});

test('negative controls: a missing, an extra or a renamed placeholder, an orphan and a changed quote are caught', () => {
  const e = new Map([['r/a', 'Felix logs "Ignoring unknown config param." for {name} in {where}.']]);
  const ok = new Map([['r/a', '{where} 中的 {name}：Felix 记录 "Ignoring unknown config param."。']]);
  assert.deepEqual(parityProblems(e, ok), []);
  assert.deepEqual(verbatimProblems(e, ok), []);
  assert.equal(parityProblems(e, new Map([['r/a', '{where} 中：Felix']])).length, 1, 'missing');
  assert.equal(parityProblems(e, new Map([['r/a', '{where} {name} {extra}']])).length, 1, 'extra');
  assert.equal(parityProblems(e, new Map([['r/a', '{where} {nom}']])).length, 1, 'renamed');
  assert.equal(parityProblems(e, new Map([...ok, ['r/b', 'x']])).length, 1, 'orphan');
  assert.equal(parityProblems(e, new Map()).length, 1, 'untranslated');
  assert.equal(verbatimProblems(e, new Map([['r/a', '{where} {name} "忽略未知参数"']])).length, 1, 'quote');
});

test('rendering: named values, nested messages in the same locale, braces that are not placeholders', () => {
  const table = { outer: '{a} then {inner} and { id: off }', inner: 'in {b}' };
  assert.equal(
    renderMsg(m('outer', { a: 'x', inner: m('inner', { b: 2 }) }), 'scope', table),
    'x then in 2 and { id: off }',
  );
  // A shared message rendered in Chinese from the bundle, its value verbatim.
  assert.equal(renderMsg(m('certOne', { who: 'typha-server' }), 'any-rule', {}, 'zh-cn'), '证书“typha-server”');
  assert.equal(renderMsg(m('certOne', { who: 'typha-server' }), 'any-rule', {}, 'en'), "certificate 'typha-server'");
  // Chinese: no space beside full-width punctuation, whichever side brought it; English untouched.
  const t = { s: '{a} 中的 {b}' };
  assert.equal(
    renderMsg(m('s', { a: '容器“x”（DaemonSet y）', b: 'Felix' }), 'x', t, 'zh-cn'),
    '容器“x”（DaemonSet y）中的 Felix',
  );
  assert.equal(renderMsg(m('s', { a: 'pod (x)', b: 'Felix' }), 'x', t, 'zh-cn'), 'pod (x) 中的 Felix');
  assert.equal(renderMsg(m('s', { a: 'x（', b: '）' }), 'x', t, 'en'), 'x（ 中的 ）');
});
