// Usage errors (exit 2), I/O errors (exit 2), and the other commands: rules, explain, help, version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, RULES_BY_ID, ruleDocMarkdown } from '../../server/src/engine';
import { ruleDocText } from '../../server/src/engine/rules/l10n';
import { repoRoot } from '../helpers';
import { MANIFESTS, run, runHere, runJson, tempDir, workspace } from './support';

test('the built CLI: unknown flag, no PATH, unknown format are exit 2', async () => {
  const d = await workspace('broken');
  for (const args of [['lint', '--no-such-flag', MANIFESTS], ['lint'], ['lint', '--format', 'xml', MANIFESTS]]) {
    const r = run(args, d);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^calico-tls: .+\nRun 'calico-tls help lint' for usage\.\n$/);
  }
});

test('usage errors exit 2 with a message on stderr and nothing on stdout', async () => {
  const d = await workspace('broken');
  const cases: Array<[string[], RegExp]> = [
    [['lint', '--no-such-flag', MANIFESTS], /unknown option '--no-such-flag' for 'lint'/],
    [['lint'], /lint needs at least one PATH/],
    [['lint', '--format', 'xml', MANIFESTS], /unknown format 'xml' \(stylish, json, sarif, github, gitlab\)/],
    [['lint', '--format'], /--format/],
    [['lint', '--max-warnings', 'many', MANIFESTS], /--max-warnings needs a non-negative integer/],
    [['lint', '--max-warnings', '-1', MANIFESTS], /--max-warnings/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['rules', '--format', 'yaml'], /unknown format 'yaml'/],
    [['explain'], /explain needs a rule id/],
    [['help', 'nothing'], /no help for 'nothing'/],
    [['help', 'constructor'], /no help for 'constructor'/],
    [[], /Usage:/],
  ];
  for (const [args, msg] of cases) {
    const r = await runHere(args, d);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('a nonexistent path is exit 2, named on stderr; the readable paths are still reported', async () => {
  const d = await workspace('broken');
  const r = runJson([MANIFESTS, 'does-not-exist.yaml'], d);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot read does-not-exist\.yaml: no such file or folder/);
  assert.ok(r.findings.length > 0);
  const s = run(['lint', 'nope/'], d);
  assert.equal(s.code, 2);
  assert.equal(s.stdout, '');
});

/** An environment asking for English (explain follows LC_ALL, LC_MESSAGES, LANG). */
const ENGLISH_ENV = { LC_ALL: undefined, LC_MESSAGES: undefined, LANG: 'C' };

test('explain prints the rule documentation; an unknown id suggests the closest and exits 2', () => {
  const d = tempDir();
  const ex = run(['explain', 'unknown-tls-parameter'], d, { env: ENGLISH_ENV });
  assert.equal(ex.code, 0, ex.stderr);
  assert.equal(ex.stdout.trimEnd(), ruleDocMarkdown(RULES_BY_ID.get('unknown-tls-parameter')!).trimEnd());
  assert.match(ex.stdout, /^# unknown-tls-parameter\n/);
  const bad = run(['explain', 'unknown-tls-paramter'], d);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown rule 'unknown-tls-paramter'\. Closest: unknown-tls-parameter, /);
  assert.equal(bad.stdout, '');
});

test('explain --locale zh-cn, or a zh* locale in the environment, prints the 简体中文 page', () => {
  const d = tempDir();
  const rule = RULES_BY_ID.get('typha-tls-incomplete')!;
  const chinese = ruleDocMarkdown(rule, ruleDocText(rule.meta.id, 'zh-cn'));
  const english = ruleDocMarkdown(rule);
  assert.notEqual(chinese, english);
  const cases: Array<[string[], Record<string, string | undefined>, string]> = [
    [['--locale', 'zh-cn'], ENGLISH_ENV, chinese],
    [['--locale=zh_CN'], ENGLISH_ENV, chinese],
    [['--locale', 'en'], { ...ENGLISH_ENV, LANG: 'zh_CN.UTF-8' }, english],
    [[], { ...ENGLISH_ENV, LANG: 'zh_CN.UTF-8' }, chinese],
    [[], { LC_ALL: undefined, LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, chinese],
    [[], { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8', LC_MESSAGES: undefined }, english],
    [[], { ...ENGLISH_ENV, LANG: 'fr_FR.UTF-8' }, english],
  ];
  for (const [opts, env, want] of cases) {
    const r = run(['explain', ...opts, 'typha-tls-incomplete'], d, { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd(), want.trimEnd(), `${opts.join(' ')} ${JSON.stringify(env)}`);
  }
  assert.match(chinese, /^# typha-tls-incomplete\n\nTypha 有部分 TLS 设置/);
  assert.match(chinese, /- 默认严重性：error\n- 快速修复：不安全\n/);
  const bad = run(['explain', '--locale', 'fr', 'typha-tls-incomplete'], d, { env: ENGLISH_ENV });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown locale 'fr' \(en, zh-cn\)/);
  assert.equal(bad.stdout, '');
});

test('rules: a table of every rule, and JSON metadata without examples', () => {
  const d = tempDir();
  const j = run(['rules', '--format', 'json'], d);
  assert.equal(j.code, 0);
  const rules = JSON.parse(j.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(
    rules.map((r) => r.id),
    RULES.map((r) => r.meta.id),
  );
  for (const r of rules) {
    assert.deepEqual(Object.keys(r), ['id', 'category', 'severity', 'fix', 'description', 'why']);
    const meta = RULES_BY_ID.get(r.id as string)!.meta;
    assert.equal(r.fix, meta.fix ?? null);
    assert.equal(r.description, meta.description);
  }
  const t = run(['rules'], d);
  assert.equal(t.code, 0);
  const lines = t.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^RULE +CATEGORY +SEVERITY +FIX +DESCRIPTION$/);
  assert.equal(lines.length, RULES.length + 1);
  const uk = lines.find((l) => l.startsWith('unknown-tls-parameter '))!;
  const m = RULES_BY_ID.get('unknown-tls-parameter')!.meta;
  assert.match(uk, new RegExp(`^unknown-tls-parameter +${m.category} +${m.severity} +${m.fix ?? '-'} +`));
});

test('--help, help COMMAND, COMMAND --help and --version', async () => {
  const d = tempDir();
  const h = run(['--help'], d);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Usage:\n {2}calico-tls lint/);
  for (const args of [
    ['help', 'lint'],
    ['lint', '--help'],
    ['lint', '-h'],
  ]) {
    const r = await runHere(args, d);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /^calico-tls lint \[options\] PATH\.\.\./);
    assert.match(r.stdout, /--max-warnings N/);
  }
  assert.match((await runHere(['help', 'rules'], d)).stdout, /calico-tls rules/);
  assert.match((await runHere(['explain', '--help'], d)).stdout, /calico-tls explain \[--locale LOCALE\] RULE-ID/);
  assert.match((await runHere(['gen', '--help'], d)).stdout, /calico-tls gen SET --out DIR/);
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  for (const [flag, r] of [['--version', run] as const, ['-v', runHere] as const]) {
    const v = await r([flag], d);
    assert.equal(v.code, 0);
    assert.equal(v.stdout, `${pkg.version}\n`);
  }
});

test('gen resolves a relative --out and --ca-* against the caller directory, not the process one', async () => {
  const d = tempDir();
  const name = `out-${process.pid}-${Date.now()}`;
  const r = await runHere(['gen', 'etcd', '--out', name], d);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(d, name, 'etcd-ca.crt')), 'written under the caller directory');
  assert.ok(!existsSync(join(process.cwd(), name)), 'nothing written under the process directory');
  // The CA just written, given relative to the same directory, signs a second set.
  const again = await runHere(
    ['gen', 'etcd', '--out', `${name}-2`, '--ca-cert', `${name}/etcd-ca.crt`, '--ca-key', `${name}/etcd-ca.key`],
    d,
  );
  assert.equal(again.code, 0, again.stderr);
  assert.ok(!existsSync(join(d, `${name}-2`, 'etcd-ca.key')), 'an existing CA is used, not a new one written');
});

test('lint --concurrency: a number of threads, auto or off; anything else is a usage error naming what is accepted', async () => {
  const d = await workspace('broken');
  const plain = await runHere(['lint', '--format', 'json', MANIFESTS], d);
  assert.equal(plain.code, 1);
  for (const ok of ['off', 'auto', '1', '2'])
    assert.equal(
      (await runHere(['lint', '--format', 'json', '--concurrency', ok, MANIFESTS], d)).stdout,
      plain.stdout,
      ok,
    );
  for (const bad of ['0', '-1', 'abc', '300', '']) {
    const r = await runHere(['lint', '--concurrency', bad, MANIFESTS], d);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--concurrency needs a number of threads \(1-256\), auto or off/, bad);
  }
});
