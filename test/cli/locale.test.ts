// The CLI in Chinese (issue #20 item 4): `--locale`, else LC_ALL / LC_MESSAGES / LANG. The same
// rules, lines and exit code as in English; JSON and SARIF keep rule ids and field names English
// and carry the localized message (SARIF: the run's `language`); stylish columns count a Chinese
// character as two terminal cells. `gen` reports refused input in the same language, with the
// same exit code, and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('gen: refused input in Chinese with --locale zh-cn or LANG, the same exit code, nothing written', () => {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-gen-zh-'));
  const bad = ['gen', 'typha', '--out', 'x', '--typha-cn', 'a,b', '--namespace', 'Bad_NS'];
  const en = run(bad, d, { env: NO_LOCALE });
  assert.equal(en.code, 2, en.stderr);
  assert.equal(
    en.stderr,
    "calico-tls gen: namespace 'Bad_NS' is not a valid Kubernetes namespace (lower-case letters, digits and '-', " +
      "at most 63, starting and ending with a letter or digit); typhaCN 'a,b' is not a usable Common Name\n",
  );
  for (const zh of [
    run([...bad.slice(0, 2), '--locale', 'zh-cn', ...bad.slice(2)], d, { env: NO_LOCALE }),
    run(bad, d, { env: { ...NO_LOCALE, LANG: 'zh_CN.UTF-8' } }),
  ]) {
    assert.equal(zh.code, en.code, zh.stderr);
    assert.equal(zh.stdout, '');
    assert.equal(
      zh.stderr,
      "calico-tls gen: namespace“Bad_NS”不是有效的 Kubernetes 命名空间（只能包含小写字母、数字和 '-'，最多 63 个字符，" +
        '且必须以字母或数字开头和结尾）；typhaCN“a,b”不能用作 Common Name\n',
    );
  }
  assert.ok(!existsSync(join(d, 'x')), 'nothing written');
  // An unusable CA and output folder too; usage errors and --help stay English.
  const ca = run(['gen', 'etcd', '--locale', 'zh-cn', '--out', 'x', '--ca-cert', 'no.crt', '--ca-key', 'no.key'], d, {
    env: NO_LOCALE,
  });
  assert.equal(ca.code, 2);
  assert.equal(ca.stderr, 'calico-tls gen: 无法读取 CA：--ca-cert no.crt no such file or folder\n');
  const proc = run(['gen', 'etcd', '--locale', 'zh-cn', '--out', '/proc/x'], d, { env: NO_LOCALE });
  assert.equal(proc.code, 2);
  assert.match(proc.stderr, /^calico-tls gen: 无法使用 \/proc\/x：\/proc 是内核文件系统，不能存放文件\n$/);
  const usage = run(['gen', 'typha', '--locale', 'zh-cn'], d, { env: NO_LOCALE });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /gen needs --out DIR/);
  const unknown = run(['gen', 'typha', '--locale', 'klingon', '--out', 'x'], d, { env: NO_LOCALE });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown locale 'klingon'/);
  assert.match(run(['gen', '--help'], d, { env: { ...NO_LOCALE, LANG: 'zh_CN.UTF-8' } }).stdout, /--locale LOCALE/);
  assert.ok(!existsSync(join(d, 'x')), 'nothing written');
});

test('gen in Chinese: the lines it prints for each file and the git warning; the files themselves stay English', () => {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-gen-zh-'));
  mkdirSync(join(d, '.git'));
  const zh = run(['gen', 'certificate-management', '--locale', 'zh-cn', '--out', 'cm'], d, { env: NO_LOCALE });
  assert.equal(zh.code, 0, zh.stderr);
  assert.deepEqual(zh.stdout.trim().split('\n'), [
    `已写入        ${join(d, 'cm', 'ca.crt')}`,
    `已写入 (0600) ${join(d, 'cm', 'ca.key')}`,
    `已写入        ${join(d, 'cm', 'patch-installation-default.yaml')}`,
    `已写入        ${join(d, 'cm', 'kustomization.yaml')}`,
  ]);
  assert.equal(
    zh.stderr,
    `calico-tls gen: 警告：${join(d, 'cm')} 位于 git 工作树中且未被忽略：请将它添加到 .gitignore，以免私钥被提交\n`,
  );
  // The paths line up in the terminal: the same cell before each.
  assert.equal(
    new Set(
      zh.stdout
        .trim()
        .split('\n')
        .map((l) => stringWidth(l.slice(0, l.indexOf(d)))),
    ).size,
    1,
  );
  assert.doesNotMatch(readFileSync(join(d, 'cm', 'kustomization.yaml'), 'utf8'), HAN);
  assert.doesNotMatch(readFileSync(join(d, 'cm', 'patch-installation-default.yaml'), 'utf8'), HAN);
});
