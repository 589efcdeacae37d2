// `calico-tls lint --cache` (issue 21 item 4): a second run over an unchanged workspace reuses
// every unit and says the same; a changed file re-lints its unit only; anything else findings
// depend on (options, the day, the code) starts afresh; a damaged or unwritable cache never
// changes a result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintFiles } from '../../server/src/parallel/lint';
import { cacheKey } from '../../server/src/parallel/cache';
import { fixture, repoRoot, walk } from '../helpers';
import { run } from './support';

const NOW = new Date('2027-06-01T00:00:00Z');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'calico-tls-cache-'));
  cpSync(join(repoRoot(), 'examples'), join(dir, 'examples'), { recursive: true });
  cpSync(fixture('corpus', 'real-world'), join(dir, 'real-world'), { recursive: true });
  return dir;
}

const dump = (r: Awaited<ReturnType<typeof lintFiles>>) =>
  JSON.stringify([r.result.findings.map((x) => x.resolved), r.result.files, r.result.ruleErrors]);

test('cache: an unchanged workspace reuses every unit; a changed file re-lints its unit only', async () => {
  const dir = workspace();
  const cache = join(dir, '.calico-tls-cache');
  const inputs = () => walk(dir, (p) => !p.endsWith('.md') && !p.endsWith('cache')).map((path) => ({ path }));
  const fresh = await lintFiles(inputs(), { now: NOW }, { concurrency: 'off' });
  const first = await lintFiles(inputs(), { now: NOW }, { concurrency: 'off', cache });
  assert.ok(existsSync(cache));
  assert.equal(first.cached?.reused, 0);
  assert.equal(dump(first), dump(fresh));
  assert.ok(fresh.result.findings.length > 0);

  const second = await lintFiles(inputs(), { now: NOW }, { concurrency: 'off', cache });
  assert.equal(second.cached?.reused, second.cached?.units);
  assert.ok(second.cached!.units > 3, `units: ${second.cached!.units}`);
  assert.equal(dump(second), dump(fresh));

  // The broken example fixed in place: its unit is linted again, the others come from the cache.
  const broken = join(dir, 'examples', 'typha-felix-broken');
  for (const f of walk(join(dir, 'examples', 'typha-felix-fixed')))
    writeFileSync(join(broken, f.split('/').pop()!), readFileSync(f));
  const third = await lintFiles(inputs(), { now: NOW }, { concurrency: 'off', cache });
  const expected = await lintFiles(inputs(), { now: NOW }, { concurrency: 'off' });
  assert.equal(dump(third), dump(expected));
  assert.notEqual(dump(third), dump(fresh));
  assert.ok(third.cached!.reused > 0 && third.cached!.reused < third.cached!.units, JSON.stringify(third.cached));
});

test('cache: the options, the language and the day are part of the key', async () => {
  const base = cacheKey({ now: NOW });
  assert.equal(cacheKey({ now: new Date('2027-06-01T23:00:00Z') }), base, 'the same day');
  assert.notEqual(cacheKey({ now: new Date('2027-06-02T00:00:00Z') }), base, 'the next day');
  assert.notEqual(cacheKey({ now: NOW, locale: 'zh-cn' }), base);
  assert.notEqual(cacheKey({ now: NOW, rules: { 'duplicate-key': 'off' } }), base);
  assert.notEqual(cacheKey({ now: NOW, expiryWarningDays: 60 }), base);
  assert.equal(
    cacheKey({ now: NOW, rules: { a: 'off', b: 'warning' } }),
    cacheKey({ now: NOW, rules: { b: 'warning', a: 'off' } }),
    'the order options are written in is not',
  );
  const dir = workspace();
  const cache = join(dir, 'c.json');
  const inputs = walk(join(dir, 'examples')).map((path) => ({ path }));
  await lintFiles(inputs, { now: NOW }, { concurrency: 'off', cache });
  const other = await lintFiles(
    inputs,
    { now: NOW, rules: { 'typha-cn-mismatch': 'off' } },
    { concurrency: 'off', cache },
  );
  assert.equal(other.cached?.reused, 0);
});

test('cache: a damaged cache is ignored and rewritten; an unwritable one is said and changes nothing', () => {
  const dir = workspace();
  const target = join(dir, 'examples');
  const plain = run(['lint', '--format', 'json', target], dir);
  writeFileSync(join(dir, '.calico-tls-cache'), '{"key": 1, "units": [[');
  const damaged = run(['lint', '--format', 'json', '--cache', target], dir);
  assert.equal(damaged.code, plain.code);
  assert.equal(damaged.stdout, plain.stdout);
  assert.match(readFileSync(join(dir, '.calico-tls-cache'), 'utf8'), /^\{"key":"/);
  const again = run(['lint', '--format', 'json', '--cache', target], dir);
  assert.equal(again.stdout, plain.stdout);

  // A cache path under a file cannot be written, whoever runs the test.
  const notAFolder = join(dir, 'file');
  writeFileSync(notAFolder, 'x');
  const unwritable = run(['lint', '--format', 'json', '--cache-location', join(notAFolder, 'cache'), target], dir);
  assert.equal(unwritable.stdout, plain.stdout);
  assert.equal(unwritable.code, plain.code);
  assert.match(unwritable.stderr, /could not write the cache file\/cache: ENOTDIR/);
});
