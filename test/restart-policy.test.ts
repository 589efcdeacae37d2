import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartPolicy } from '../client/src/restart-policy';

test('a crashed server is restarted and the user told once; a crash loop is given up', () => {
  let now = 0;
  const p = new RestartPolicy(5, 180_000, () => now);
  const first = p.onClosed();
  assert.equal(first.restart, true);
  assert.match(first.message ?? '', /restarted/);
  for (let i = 0; i < 4; i++) {
    now += 1000;
    const d = p.onClosed();
    assert.equal(d.restart, true);
    assert.equal(d.message, undefined, 'said once only');
  }
  now += 1000;
  const gaveUp = p.onClosed();
  assert.equal(gaveUp.restart, false);
  assert.match(gaveUp.message ?? '', /not restarted/);
  // Outside the window the count starts again.
  now += 200_000;
  assert.equal(p.onClosed().restart, true);
});
