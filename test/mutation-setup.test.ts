// The mutation run (stryker.config.mjs) loads the test files it lists under mocha, with
// `node:test` replaced by test/mocha-node-test.ts. A listed test that used more of node:test than
// that file maps (describe, test.skip, the context's mock) would break the run or, worse, run
// nothing for some mutants; these tests keep the list and the shim honest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers';
import * as shim from './mocha-node-test';

async function listed(scope: 'rules' | 'all'): Promise<string[]> {
  const before = process.env.MUTATION_SCOPE;
  process.env.MUTATION_SCOPE = scope;
  try {
    // A query string makes each scope its own module instance: the list is computed at load.
    const url = `${pathToFileURL(join(repoRoot(), 'stryker.config.mjs')).href}?scope=${scope}`;
    const { default: config } = (await import(url)) as { default: { mochaOptions: { spec: string[] } } };
    return config.mochaOptions.spec.map((f) => f.replace(/^dist-mutation\//, '').replace(/\.js$/, '.ts'));
  } finally {
    if (before === undefined) delete process.env.MUTATION_SCOPE;
    else process.env.MUTATION_SCOPE = before;
  }
}

test('the mutation run lists existing test files, the model scope adding to the rules scope', async () => {
  const rules = await listed('rules');
  const all = await listed('all');
  assert.ok(rules.includes('rules.test.ts') && rules.includes('snapshot.test.ts'), rules.join());
  assert.deepEqual(all.slice(0, rules.length), rules);
  assert.ok(all.length > rules.length);
  for (const f of all) assert.doesNotThrow(() => readFileSync(join(repoRoot(), 'test', f)), f);
});

test('the listed test files use only what test/mocha-node-test.ts maps', async () => {
  for (const f of await listed('all')) {
    const text = readFileSync(join(repoRoot(), 'test', f), 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'node:test'/g)) {
      const names = m[1]!.split(',').map((n) => n.trim());
      for (const n of names) assert.ok(['test', 'before', 'after'].includes(n), `${f} imports ${n} from node:test`);
    }
    assert.doesNotMatch(text, /\btest\.(skip|only|todo)\b|\bt\.(mock|plan|skip|todo|test|signal)\b/, f);
  }
});

test('the shim hands mocha a body with no parameter, the options skipped, no time limit of 2 s', async () => {
  const calls: { name: string; fn: () => unknown; timeout?: number }[] = [];
  const g = globalThis as Record<string, unknown>;
  const saved = g.it;
  g.it = (name: string, fn: () => unknown) => {
    const call: (typeof calls)[number] = { name, fn };
    calls.push(call);
    return { timeout: (ms: number) => (call.timeout = ms) };
  };
  try {
    const seen: unknown[] = [];
    shim.test('plain', (t) => seen.push(['plain', typeof t]));
    shim.test('with options', { timeout: 5 }, async () => seen.push('options'));
    assert.deepEqual(
      calls.map((c) => [c.name, c.fn.length]),
      [
        ['plain', 0],
        ['with options', 0],
      ],
    );
    assert.ok(calls.every((c) => c.timeout! > 60_000));
    calls[0]!.fn();
    await calls[1]!.fn();
    assert.deepEqual(seen, [['plain', 'object'], 'options']);
  } finally {
    g.it = saved;
  }
});
