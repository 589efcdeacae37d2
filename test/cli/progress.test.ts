// Progress of a long lint on stderr (issue #21 item 5): after CALICO_TLS_PROGRESS_DELAY_MS (1 s
// by default; 0 here so the small example is "long"), only for stylish output to a terminal or
// when asked, cleared before the results: stdout is the same with and without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot } from '../helpers';
import { CLI, run } from './support';

const ERASE = '\r\u001b[K';

const ROOT = repoRoot();
const EXAMPLE = 'examples/typha-felix-broken';
const NOW = { CALICO_TLS_PROGRESS_DELAY_MS: '0', LC_ALL: undefined, LC_MESSAGES: undefined, LANG: undefined };

test('--progress off a terminal: lines on stderr (read, parsed, analysed), stdout unchanged', () => {
  const plain = run(['lint', EXAMPLE], ROOT, { env: NOW });
  const shown = run(['lint', '--progress', EXAMPLE], ROOT, { env: NOW });
  assert.equal(shown.code, plain.code);
  assert.equal(shown.stdout, plain.stdout);
  assert.equal(plain.stderr, '', 'no progress when stdout is not a terminal and nobody asked');
  // One line per second off a terminal: the first update after the delay is shown.
  assert.match(shown.stderr, /^(reading files… \d+|parsing \d+\/\d+|analysing \d+ files…)$/m);
  const zh = run(['lint', '--progress', '--locale', 'zh-cn', EXAMPLE], ROOT, { env: NOW });
  assert.match(zh.stderr, /正在(读取文件|解析|分析)/);
});

test('on a terminal: the line is rewritten in place and cleared; not with --format json or --no-progress', () => {
  // util-linux's script(1) gives the CLI a terminal for stdout and stderr.
  if (!existsSync('/usr/bin/script')) return assert.fail('script(1) is needed (util-linux)');
  const tty = (args: string) =>
    spawnSync('/usr/bin/script', ['-qec', `${process.execPath} ${CLI} lint ${args}`, '/dev/null'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CALICO_TLS_PROGRESS_DELAY_MS: '0', NO_COLOR: '1', LANG: 'C' },
      timeout: 30_000,
    }).stdout;
  const out = tty(EXAMPLE);
  assert.ok(/^(reading files…|parsing|analysing)/.test(out.split(ERASE)[1] ?? ''), JSON.stringify(out.slice(0, 300)));
  // Cleared before the results: the last progress write is the erase sequence before the report.
  const lastErase = out.lastIndexOf(ERASE);
  assert.ok(out.indexOf('✖ ') > lastErase, 'the summary comes after the progress line is erased');
  assert.ok(!tty(`--format json ${EXAMPLE}`).includes(ERASE));
  assert.ok(!tty(`--no-progress ${EXAMPLE}`).includes(ERASE));
});
