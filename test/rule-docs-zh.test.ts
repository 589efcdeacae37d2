// The rules' documentation in 简体中文 (issue #20 item 3): server/src/engine/rules/l10n/zh-cn.json
// translates every rule's prose, keeps Calico's own words verbatim and uses the glossary's terms;
// docs/rules/zh-cn is what the generator writes now. Each check is a function returning its
// problems, so the negative controls below run the same function on a broken copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { localeFromEnv, localeOf, RULES, type Rule } from '../server/src/engine';
import { ruleDocCatalog, ruleDocText, type RuleDocCatalog } from '../server/src/engine/rules/l10n';
import { rulePageMarkdown, rulesIndexMarkdown } from '../scripts/rules-index';
import { read, repoRoot } from './helpers';
import { glossary, glossaryProblems } from './glossary';

const root = repoRoot();
const zh = ruleDocCatalog('zh-cn')!;
const CJK = /[\u4e00-\u9fff]/;

type Texts = Record<string, string>;

/** The English prose of a rule by field: description, why, note.bad.N, note.good.N. */
function englishTexts(r: Rule): Texts {
  const out: Texts = { description: r.meta.description, why: r.meta.why };
  for (const kind of ['bad', 'good'] as const)
    r.meta.examples[kind].forEach((ex, i) => {
      if (ex.note) out[`note.${kind}.${i}`] = ex.note;
    });
  return out;
}

function chineseTexts(c: RuleDocCatalog, id: string): Texts {
  const r = c.rules[id]!;
  const out: Texts = { description: r.description, why: r.why };
  for (const kind of ['bad', 'good'] as const)
    (r.notes?.[kind] ?? []).forEach((n, i) => {
      if (n !== null) out[`note.${kind}.${i}`] = n;
    });
  return out;
}

/** Ids missing or extra, fields missing, extra, empty or without Chinese. */
function completenessProblems(c: RuleDocCatalog, rules: readonly Rule[]): string[] {
  const problems: string[] = [];
  const ids = new Set(rules.map((r) => r.meta.id));
  for (const id of Object.keys(c.rules)) if (!ids.has(id)) problems.push(`${id}: not a rule`);
  for (const r of rules) {
    const id = r.meta.id;
    if (!Object.prototype.hasOwnProperty.call(c.rules, id)) {
      problems.push(`${id}: not translated`);
      continue;
    }
    const en = englishTexts(r);
    const zhT = chineseTexts(c, id);
    for (const k of Object.keys(en)) {
      const t = zhT[k];
      if (t === undefined) problems.push(`${id}: ${k} missing`);
      else if (!t.trim() || !CJK.test(t)) problems.push(`${id}: ${k} empty or not Chinese: ${t}`);
    }
    for (const k of Object.keys(zhT)) if (!(k in en)) problems.push(`${id}: ${k} has no English original`);
    for (const kind of ['bad', 'good'] as const) {
      const n = c.rules[id]!.notes?.[kind];
      if (n && n.length !== r.meta.examples[kind].length) problems.push(`${id}: notes.${kind} has ${n.length} entries`);
    }
  }
  return problems;
}

/** Backtick code spans and double-quoted texts (a quoted \" inside included): Calico's verbatim words. */
function verbatim(text: string): { code: string[]; quoted: string[] } {
  const code = [...text.matchAll(/`[^`]+`/g)].map((m) => m[0]);
  const rest = text.replace(/`[^`]+`/g, ' ');
  const quoted = [...rest.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[0]);
  return { code: code.sort(), quoted: quoted.sort() };
}

/** Where a translation does not keep the English code spans and quoted texts, as a multiset. */
function verbatimProblems(pairs: Array<[where: string, english: string, chinese: string]>): string[] {
  const problems: string[] = [];
  for (const [where, english, chinese] of pairs) {
    const a = verbatim(english);
    const b = verbatim(chinese);
    for (const kind of ['code', 'quoted'] as const) {
      const missing = [...a[kind]];
      const extra: string[] = [];
      for (const x of b[kind]) {
        const i = missing.indexOf(x);
        if (i >= 0) missing.splice(i, 1);
        else extra.push(x);
      }
      if (missing.length) problems.push(`${where}: ${kind} missing: ${missing.join(' | ')}`);
      if (extra.length) problems.push(`${where}: ${kind} not in the English: ${extra.join(' | ')}`);
    }
  }
  return problems;
}

function pairsOf(c: RuleDocCatalog, rules: readonly Rule[]): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (const r of rules) {
    const en = englishTexts(r);
    const zhT = chineseTexts(c, r.meta.id);
    for (const k of Object.keys(en)) if (zhT[k] !== undefined) out.push([`${r.meta.id} ${k}`, en[k]!, zhT[k]!]);
  }
  return out;
}

/**
 * Where the rule prose uses a term of a sense the glossary's rendering does not have; each must
 * still occur in that text (an unused exemption is reported). "key" is the glossary's private
 * key (私钥); a YAML/JSON/INI mapping key, a Secret's data key or a netconf key is 键.
 */
const GLOSSARY_EXEMPT: Record<string, string> = {
  'cni-etcd-dead-keys description|key': 'netconf keys (键)',
  'cni-unknown-etcd-key description|key': 'a netconf key (键)',
  'duplicate-key description|key': 'a mapping key (键)',
  'duplicate-key why|key': 'a mapping key (键)',
  'duplicate-object why|key': 'the keys of a Secret (键)',
  'felix-typha-tls-incomplete why|key': 'a Secret or ConfigMap key (键)',
  'operator-byo-secret why|key': 'the raw common-name and uri-san keys, the key caBundle (键)',
  'tls-file-empty description|key': 'a Secret or ConfigMap key (键)',
  'tls-file-empty why|key': 'the Secret keys (键)',
  'tls-file-key-missing description|key': 'a Secret key (键)',
  'tls-file-key-missing why|key': 'a Secret key (键)',
  'servicemonitor-secret-not-mounted description|key': 'a Secret key (键)',
  'servicemonitor-secret-not-mounted why|key': 'a Secret key (键)',
  'typha-cert-untrusted why|key': 'a Secret/ConfigMap key (键)',
  'parameter-not-in-version description|key': 'a config file key (键)',
  'unknown-tls-parameter description|key': 'a felix.cfg key (键)',
};

/**
 * What stays English in a rule page's translation: code spans, quoted texts, paths and source
 * citations (felix/config/...), wildcard names (Etcd*), kebab-case names (common-name, uri-san,
 * tigera-operator, certificate-authority).
 */
const stayEnglish = (english: string) =>
  english
    .replace(/`[^`]+`/g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/[^\s(]*[/*][^\s,;)]*/g, (t) => (/[a-z.*]/.test(t) ? ' ' : t))
    .replace(/(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])/g, ' ');

test('every rule has its description, why and example notes in 简体中文, and no other id is there', () => {
  assert.equal(Object.keys(zh.rules).length, RULES.length);
  assert.deepEqual(completenessProblems(zh, RULES), []);
  for (const r of RULES) {
    const t = ruleDocText(r.meta.id, 'zh-cn');
    assert.ok(t && CJK.test(t.description) && CJK.test(t.why), r.meta.id);
  }
  assert.equal(ruleDocText('no-such-rule', 'zh-cn'), undefined);
  assert.equal(ruleDocText('constructor', 'zh-cn'), undefined);
  assert.equal(ruleDocText(RULES[0]!.meta.id, 'en'), undefined);
  for (const v of Object.values(zh.labels)) assert.ok(CJK.test(v) || v === '：', v);
  assert.ok(zh.labels.suppressConfig.includes('{id}'));
  assert.equal(zh.index.columns.length, 5);
});

test('completeness: a missing id, a missing note, an English-only text and an extra id are detected', () => {
  const rules = { ...zh.rules };
  const first = RULES[0]!.meta.id;
  delete rules[first];
  const withNote = RULES.find((r) => r.meta.examples.bad.some((e) => e.note))!;
  const i = withNote.meta.examples.bad.findIndex((e) => e.note);
  const notes = [...(rules[withNote.meta.id]!.notes!.bad ?? [])];
  notes[i] = null;
  rules[withNote.meta.id] = { ...rules[withNote.meta.id]!, notes: { ...rules[withNote.meta.id]!.notes, bad: notes } };
  const third = RULES[2]!.meta.id;
  rules[third] = { ...rules[third]!, why: RULES[2]!.meta.why };
  rules['no-such-rule'] = { description: '说明', why: '原因' };
  const p = completenessProblems({ ...zh, rules }, RULES).join('\n');
  assert.match(p, new RegExp(`${first}: not translated`));
  assert.match(p, new RegExp(`${withNote.meta.id}: note\\.bad\\.${i} missing`));
  assert.match(p, new RegExp(`${third}: why empty or not Chinese`));
  assert.match(p, /no-such-rule: not a rule/);
});

test('the translations keep every code span and every quoted Calico text of the English, verbatim', () => {
  const pairs = pairsOf(zh, RULES);
  assert.deepEqual(verbatimProblems(pairs), []);
  // The check has something to check: the English quotes many log and error texts.
  const quoted = pairs.reduce((n, [, en]) => n + verbatim(en).quoted.length, 0);
  const code = pairs.reduce((n, [, en]) => n + verbatim(en).code.length, 0);
  assert.ok(quoted >= 80 && code >= 30, `${quoted} quoted texts, ${code} code spans`);
});

test('verbatim check: a dropped or altered code span or quoted text is detected (negative control)', () => {
  const en = 'Set `caFile` and `caFile` as "failed to load" says, then "x509: \\"a\\" b".';
  const ok = '设置 `caFile` 和 `caFile`，如 "failed to load" 所说，然后 "x509: \\"a\\" b"。';
  assert.deepEqual(verbatimProblems([['ok', en, ok]]), []);
  const oneSpan = ok.replace(' 和 `caFile`', '');
  assert.match(verbatimProblems([['x', en, oneSpan]]).join('\n'), /x: code missing: `caFile`/);
  const translated = ok.replace('"failed to load"', '“加载失败”');
  assert.match(verbatimProblems([['x', en, translated]]).join('\n'), /quoted missing: "failed to load"/);
  const altered = ok.replace('`caFile`', '`cafile`');
  assert.match(verbatimProblems([['x', en, altered]]).join('\n'), /code not in the English: `cafile`/);
  // The same on the real catalog: a mutated copy of one rule's why, missing one code span.
  const r = RULES.find((x) => /`[^`]+`/.test(x.meta.why))!;
  const span = /`[^`]+`/.exec(zh.rules[r.meta.id]!.why)![0];
  const mutated = {
    ...zh.rules,
    [r.meta.id]: { ...zh.rules[r.meta.id]!, why: zh.rules[r.meta.id]!.why.replace(span, '') },
  };
  const p = verbatimProblems(pairsOf({ ...zh, rules: mutated }, RULES));
  assert.equal(p.length, 1, p.join('\n'));
  assert.ok(p[0]!.startsWith(`${r.meta.id} why: code missing: ${span}`), p[0]);
});

test('the translations use the terms docs/l10n/glossary.md fixes', () => {
  const terms = glossary(read(join(root, 'docs', 'l10n', 'glossary.md')));
  assert.ok(terms.length >= 50);
  const { problems, checked, unusedExemptions } = glossaryProblems(
    terms,
    pairsOf(zh, RULES),
    stayEnglish,
    GLOSSARY_EXEMPT,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(unusedExemptions, [], 'exemptions that no longer apply');
  assert.ok(checked >= 300, `${checked} uses of glossary terms checked`);
  // Negative control: a term rendered otherwise, and a term inside quotes (verbatim) is not one.
  const drift = glossaryProblems(terms, [['x', 'The private key is missing.', '缺少密钥。']], stayEnglish);
  assert.match(drift.problems.join('\n'), /"private key" is not translated as 私钥/);
  assert.deepEqual(
    glossaryProblems(terms, [['y', 'Logs "bad certificate".', '记录 "bad certificate"。']], stayEnglish).problems,
    [],
  );
});

test('docs/rules/zh-cn holds the current page of every rule and the index, and nothing else', () => {
  const dir = join(root, 'docs', 'rules', 'zh-cn');
  const want = [...RULES.map((r) => `${r.meta.id}.md`), 'README.md'].sort();
  assert.deepEqual(readdirSync(dir).sort(), want, 'run npm run docs');
  for (const r of RULES) {
    const page = read(join(dir, `${r.meta.id}.md`));
    assert.equal(page, rulePageMarkdown(r, 'zh-cn'), `docs/rules/zh-cn/${r.meta.id}.md is stale (run npm run docs)`);
  }
  assert.equal(read(join(dir, 'README.md')), rulesIndexMarkdown('zh-cn'), 'docs/rules/zh-cn/README.md is stale');
});

test('each Chinese page has the English page structure and code blocks, and the two link each other', () => {
  const fences = (md: string) => [...md.matchAll(/```[a-z]*\n[\s\S]*?\n```/g)].map((m) => m[0]);
  const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('#')).length;
  for (const r of RULES) {
    const id = r.meta.id;
    const en = read(join(root, 'docs', 'rules', `${id}.md`));
    const page = read(join(root, 'docs', 'rules', 'zh-cn', `${id}.md`));
    assert.deepEqual(fences(page), fences(en), `${id}: code blocks`);
    assert.equal(headings(page), headings(en), `${id}: sections`);
    assert.ok(page.startsWith(`# ${id}\n\n[English](../${id}.md)\n`), `${id}: links the English page`);
    assert.ok(en.startsWith(`# ${id}\n\n[简体中文](zh-cn/${id}.md)\n`), `${id}: English links the Chinese page`);
    assert.ok(page.includes(`rules: { ${id}: off }`));
    assert.ok(existsSync(join(root, 'docs', 'rules', 'zh-cn', `${id}.md`)));
  }
  assert.match(read(join(root, 'docs', 'rules', 'README.md')), /^# Rules\n\n\[简体中文\]\(zh-cn\/README\.md\)\n/);
  assert.match(read(join(root, 'docs', 'rules', 'zh-cn', 'README.md')), /^# 规则\n\n\[English\]\(\.\.\/README\.md\)\n/);
});

test('locale names and the environment pick the rule-doc locale (POSIX order, zh* is zh-cn)', () => {
  for (const n of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh', 'zh_TW', 'ZH']) assert.equal(localeOf(n), 'zh-cn', n);
  for (const n of ['en', 'en_US.UTF-8', 'C', 'C.UTF-8', 'POSIX']) assert.equal(localeOf(n), 'en', n);
  for (const n of ['fr', 'zhx', '', undefined]) assert.equal(localeOf(n), undefined, String(n));
  assert.equal(localeFromEnv({}), 'en');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }), 'en');
  assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8' }), 'en');
  assert.equal(localeFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LANG: 'fr_FR.UTF-8' }), 'en');
});
