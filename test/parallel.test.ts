// Every core (issue 21 item 2): the lint run of parallel/lint.ts gives the same findings, file
// summaries and unreadable files on worker threads as in one thread, and the one-thread run the
// same findings as the engine's one-pass lint (test/differential.test.ts holds the engine steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintFiles } from '../server/src/parallel/lint';
import { Pool, workerCount, workerScript } from '../server/src/parallel/pool';
import type { Request } from '../server/src/parallel/protocol';
import { runTask } from '../server/src/parallel/tasks';
import { fixture, repoRoot, walk } from './helpers';

const NOW = new Date('2027-06-01T00:00:00Z');
const dump = (r: Awaited<ReturnType<typeof lintFiles>>) =>
  JSON.stringify([
    r.result.findings.map((x) => [x.resolved, x.flagged]),
    r.result.files,
    r.result.ruleErrors,
    r.unreadable,
  ]);

test('worker threads: the same findings as one thread, on the corpus, the rule fixtures and the examples', async () => {
  assert.ok(workerScript(), 'the worker bundle is built next to the tests (scripts/build.mjs)');
  const files = [
    ...walk(fixture('corpus'), (p) => !p.endsWith('.md')),
    ...walk(fixture('rules'), (p) => !p.endsWith('.md')),
    ...walk(join(repoRoot(), 'examples')),
  ];
  const inputs = [...files.map((path) => ({ path })), { path: join(repoRoot(), 'no-such-file.yaml') }];
  const one = await lintFiles(inputs, { now: NOW }, { concurrency: 'off' });
  const two = await lintFiles(inputs, { now: NOW }, { concurrency: 2 });
  assert.equal(one.workers, 0);
  assert.equal(two.workers, 2);
  assert.ok(one.result.findings.length > 100, `findings: ${one.result.findings.length}`);
  assert.deepEqual(
    one.unreadable.map((u) => u.reason),
    ['no such file or folder'],
  );
  assert.equal(dump(two), dump(one));
});

test('worker threads: stdin text is linted as given, and a unit of several files is linted whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calico-tls-par-'));
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  tls.crt: not*base64\n';
  writeFileSync(join(dir, 'a.yaml'), secret);
  const inputs = [{ path: join(dir, 'a.yaml') }, { path: '<stdin>', text: secret.replace('name: s', 'name: t') }];
  const r = await lintFiles(inputs, { now: NOW }, { concurrency: 2 });
  assert.deepEqual(
    r.result.findings.map((x) => `${x.resolved.uri} ${x.resolved.rule} ${x.flagged}`),
    [`<stdin> secret-invalid-base64 not*base64`, `${join(dir, 'a.yaml')} secret-invalid-base64 not*base64`].sort(),
  );
});

test('concurrency: auto uses no thread for a few files, threads for many; a number is a number', () => {
  assert.equal(workerCount('off', 10_000), 0);
  assert.equal(workerCount('auto', 10), 0);
  assert.ok(workerCount('auto', 100_000) >= 0);
  assert.equal(workerCount(3, 10_000), 3);
  assert.equal(workerCount(8, 2), 2);
});

test('the calling thread lints beside the workers: its share is replied as a worker replies, in order', async () => {
  const files = walk(fixture('corpus'), (p) => !p.endsWith('.md'));
  const options = { now: NOW };
  const requests: Request[] = files.map((path, seq) => ({ seq, task: 'look', file: { uri: path } }));
  const pool = Pool.start(1, options);
  assert.ok(pool, 'the worker bundle is built next to the tests');
  let here = 0;
  try {
    const replies = await pool.run(requests, undefined, (r) => {
      here++;
      return runTask(r, options);
    });
    // Both took a share: the worker keeps a few queued, this thread takes one per turn.
    assert.ok(here > 0 && here < requests.length, `this thread took ${here} of ${requests.length}`);
    assert.deepEqual(
      replies.map((r) => r.seq),
      requests.map((r) => r.seq),
    );
    assert.deepEqual(
      replies,
      requests.map((r) => runTask(r, options)),
    );
  } finally {
    await pool.close();
  }
});

test('concurrency N: N threads in all, this one and N - 1 workers, with the same findings', async () => {
  const files = walk(fixture('rules'), (p) => !p.endsWith('.md'));
  const inputs = files.map((path) => ({ path }));
  const off = await lintFiles(inputs, { now: NOW }, { concurrency: 'off' });
  const three = await lintFiles(inputs, { now: NOW }, { concurrency: 3 });
  const one = await lintFiles(inputs, { now: NOW }, { concurrency: 1 });
  assert.equal(three.workers, 3);
  assert.equal(one.workers, 0);
  assert.equal(dump(three), dump(off));
  assert.equal(dump(one), dump(off));
});
