// What the repository tracks at its root is the project, nothing a test or a fuzz run left
// behind. A property test once ran `gen --out <random word>` in the process directory (the
// repository) and `git add -A` committed the folders, private keys included; `gen` now resolves
// paths against the caller's directory (test/cli/commands.test.ts), and this test fails if a
// stray top-level entry is ever committed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { repoRoot } from './helpers';

const EXPECTED = new Set([
  '.ci',
  '.gitignore',
  '.prettierignore',
  '.prettierrc.json',
  '.pre-commit-hooks.yaml',
  'ARCHITECTURE.md',
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'action.yml',
  'bin',
  'client',
  'docs',
  'eslint.config.mjs',
  'examples',
  'images',
  'l10n',
  'package-lock.json',
  'package.json',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'scripts',
  'server',
  'snippets',
  'stryker.config.mjs',
  'test',
  'tsconfig.json',
]);

test('the repository root tracks only the project’s own entries', (t) => {
  let listing: Buffer;
  try {
    listing = execFileSync('git', ['ls-tree', '--name-only', '-z', 'HEAD'], { cwd: repoRoot() });
  } catch {
    t.skip('not a git checkout');
    return;
  }
  const names = listing.toString('utf8').split('\0').filter(Boolean);
  assert.ok(names.includes('package.json'), 'the listing is this repository');
  assert.deepEqual(
    names.filter((n) => !EXPECTED.has(n)),
    [],
    'unexpected top-level entries (left behind by a test run?)',
  );
});

test('the README states the number of rules there are', async () => {
  const { RULES } = await import('../server/src/engine');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Rules'));
  const m = /^(\d+) rules\b/m.exec(section);
  assert.ok(m, 'the Rules section starts with the count');
  assert.equal(Number(m[1]), RULES.length);
});
