// The CLI's pure pieces, imported directly: formatters, suggestions, decoding, terminal safety.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestRuleIds } from '../../server/src/cli/commands/explain';
import { decode } from '../../server/src/cli/files';
import { formatJson } from '../../server/src/cli/formatters/json';
import { formatStylish } from '../../server/src/cli/formatters/stylish';
import { compareFindings, type CliFinding } from '../../server/src/cli/formatters/types';
import { terminalSafe } from '../../server/src/cli/io';

const f = (o: Partial<CliFinding>): CliFinding => ({
  file: 'a.yaml',
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 2,
  severity: 'error',
  rule: 'some-rule',
  message: 'm',
  related: [],
  ...o,
});

test('stylish: aligned columns, grouped by file, pluralised summary, colours only on request', () => {
  const out = formatStylish(
    [
      f({ line: 3, column: 5, message: 'short', rule: 'rule-a' }),
      f({ line: 12, column: 17, severity: 'warning', message: 'a longer message', rule: 'rule-b' }),
      f({ file: 'b.yaml', severity: 'info', message: 'advice', rule: 'rule-c' }),
    ],
    false,
  );
  assert.equal(
    out,
    [
      '',
      'a.yaml',
      '  3:5    error    short             rule-a',
      '  12:17  warning  a longer message  rule-b',
      '',
      'b.yaml',
      '  1:1  info     advice  rule-c',
      '',
      '✖ 3 problems (1 error, 1 warning, 1 info)',
      '',
    ].join('\n'),
  );
  assert.equal(formatStylish([], true), '');
  assert.ok(formatStylish([f({})], true).includes('\u001b[31merror'));
  assert.match(formatStylish([f({})], false), /✖ 1 problem \(1 error, 0 warnings, 0 infos\)\n$/);
  assert.match(formatStylish([f({})], false, false), /✖ 1 problem \(1 error, 0 warnings\)\n$/);
  // Very long messages are not padded to each other's width.
  const long = formatStylish([f({ message: 'x'.repeat(300) }), f({ line: 2, message: 'y' })], false);
  assert.ok(long.includes('  2:1  error    y  some-rule'));
});

test('json: exactly the contract keys, related without end positions', () => {
  const arr = JSON.parse(
    formatJson([f({ related: [{ file: 'b.yaml', line: 2, column: 3, endLine: 2, endColumn: 9, message: 'here' }] })]),
  ) as unknown[];
  assert.deepEqual(arr, [
    {
      file: 'a.yaml',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      severity: 'error',
      rule: 'some-rule',
      message: 'm',
      related: [{ file: 'b.yaml', line: 2, column: 3, message: 'here' }],
    },
  ]);
  assert.equal(formatJson([]).trim(), '[]');
});

test('order: file, line, column', () => {
  const xs = [
    f({ file: 'b', line: 1 }),
    f({ file: 'a', line: 9, column: 2 }),
    f({ file: 'a', line: 9, column: 1 }),
    f({ file: 'a', line: 2 }),
  ];
  assert.deepEqual(
    xs.sort(compareFindings).map((x) => `${x.file}:${x.line}:${x.column}`),
    ['a:2:1', 'a:9:1', 'a:9:2', 'b:1:1'],
  );
});

test('explain suggestions: the closest ids first', () => {
  assert.equal(closestRuleIds('unknown-parameter')[0], 'unknown-tls-parameter');
  assert.equal(closestRuleIds('unknown-tls-paramter')[0], 'unknown-tls-parameter');
  assert.equal(closestRuleIds('tls-file-missing-key')[0], 'tls-file-key-missing');
  assert.equal(closestRuleIds('x').length, 3);
});

test('decode: UTF-8 with and without BOM, UTF-16 LE/BE with BOM', () => {
  const t = 'a: ü\n';
  assert.equal(decode(Buffer.from(t)), t);
  assert.equal(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)])), t);
  assert.equal(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])), t);
  assert.equal(decode(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])), t);
});

test('terminalSafe: escapes control and bidi characters, keeps the rest', () => {
  assert.equal(terminalSafe('a\u001b[2Jb\rc\u0007d\u202ee'), 'a\\u001b[2Jb\\u000dc\\u0007d\\u202ee');
  assert.equal(terminalSafe('x\ny\tz — ✓'), 'x y z — ✓');
});
