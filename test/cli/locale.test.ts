// The CLI in Chinese (issue #20 item 4): `--locale`, else LC_ALL / LC_MESSAGES / LANG. The same
// rules, lines and exit code as in English; JSON and SARIF keep rule ids and field names English
// and carry the localized message (SARIF: the run's `language`); stylish columns count a Chinese
// character as two terminal cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { repoRoot } from '../helpers';
import { run, type JsonFinding } from './support';

const ROOT = repoRoot();
const HAN = /[\u4e00-\u9fff]/;
const EXAMPLE = 'examples/typha-felix-broken';
const NO_LOCALE = { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: undefined };

/** "path:line:col rule" of each finding row of stylish output, in order. */
function rows(stylish: string): string[] {
  const out: string[] = [];
  let file = '';
  for (const l of stylish.split('\n')) {
    if (/^\S/.test(l) && !l.startsWith('✖') && !l.startsWith('✔')) file = l;
    const r = /^ {2}(\d+:\d+) +(error|warning|info) +.* {2}([a-z0-9-]+)$/.exec(l);
    if (r) out.push(`${file}:${r[1]} ${r[2]} ${r[3]}`);
  }
  return out;
}

test('LANG=zh_CN.UTF-8: Chinese messages with the same rules, lines and exit code as in English', () => {
  const en = run(['lint', EXAMPLE], ROOT, { env: { ...NO_LOCALE, LANG: 'en_US.UTF-8' } });
  const zh = run(['lint', EXAMPLE], ROOT, { env: { ...NO_LOCALE, LANG: 'zh_CN.UTF-8' } });
  assert.equal(en.code, 1, en.stderr);
  assert.equal(zh.code, en.code, zh.stderr);
  assert.ok(rows(en.stdout).length >= 5, en.stdout);
  assert.deepEqual(rows(zh.stdout), rows(en.stdout));
  assert.doesNotMatch(en.stdout, HAN);
  for (const l of zh.stdout.split('\n').filter((x) => /^ {2}\d+:\d+/.test(x))) assert.match(l, HAN, l);
  assert.match(zh.stdout, /✖ \d+ 个问题（\d+ 个错误，\d+ 个警告）/);
  // Rule ids line up: the rule column starts at the same terminal cell in a file's rows.
  const block = zh.stdout.split('\n\n').find((b) => b.split('\n').filter((x) => /^ {2}\d/.test(x)).length > 1)!;
  const cells = block
    .split('\n')
    .filter((x) => /^ {2}\d/.test(x))
    .map((x) => stringWidth(x.replace(/[a-z0-9-]+$/, '')));
  if (Math.max(...cells) <= 2 + 100 + 40) assert.equal(new Set(cells).size, 1, block);
});

test('--locale beats the environment; LC_ALL beats LANG; unknown locale is a usage error', () => {
  const a = run(['lint', '--locale', 'en', EXAMPLE], ROOT, { env: { ...NO_LOCALE, LANG: 'zh_CN.UTF-8' } });
  assert.doesNotMatch(a.stdout, HAN);
  const b = run(['lint', '--locale', 'zh-CN', EXAMPLE], ROOT, { env: NO_LOCALE });
  assert.match(b.stdout, HAN);
  const c = run(['lint', EXAMPLE], ROOT, { env: { ...NO_LOCALE, LC_ALL: 'C', LANG: 'zh_CN.UTF-8' } });
  assert.doesNotMatch(c.stdout, HAN);
  const d = run(['lint', '--locale', 'klingon', EXAMPLE], ROOT, { env: NO_LOCALE });
  assert.equal(d.code, 2);
  assert.match(d.stderr, /unknown locale 'klingon'/);
});

test('JSON and SARIF: ids and field names English, messages localized, SARIF run language set', () => {
  const j = (locale: string) =>
    JSON.parse(
      run(['lint', '--locale', locale, '--format', 'json', EXAMPLE], ROOT, { env: NO_LOCALE }).stdout,
    ) as JsonFinding[];
  const en = j('en');
  const zh = j('zh-cn');
  const shape = (fs: JsonFinding[]) =>
    fs.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`);
  assert.deepEqual(shape(zh), shape(en));
  assert.deepEqual(Object.keys(zh[0]!).sort(), Object.keys(en[0]!).sort());
  for (const f of zh) assert.match(f.message, HAN);
  const s = (locale: string) =>
    JSON.parse(run(['lint', '--locale', locale, '--format', 'sarif', EXAMPLE], ROOT, { env: NO_LOCALE }).stdout) as {
      runs: Array<{
        language: string;
        results: Array<{ ruleId: string; message: { text: string } }>;
        tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string } }> } };
      }>;
    };
  const se = s('en').runs[0]!;
  const sz = s('zh-cn').runs[0]!;
  assert.equal(se.language, 'en-US');
  assert.equal(sz.language, 'zh-CN');
  assert.deepEqual(
    sz.results.map((r) => r.ruleId),
    se.results.map((r) => r.ruleId),
  );
  for (const r of sz.results) assert.match(r.message.text, HAN);
  assert.deepEqual(
    sz.tool.driver.rules.map((r) => r.id),
    se.tool.driver.rules.map((r) => r.id),
  );
  for (const r of sz.tool.driver.rules) assert.match(r.shortDescription.text, HAN, r.id);
});
