// Nothing from the workspace is executed (issue 17, item 1). `gen` used to run `git check-ignore`
// in the output folder, and git runs what the repository's config names. A repository whose
// config (directly, through an [include], and as hooks) names a command that leaves a marker
// file: generating into it, from the CLI and through the language server, must leave no marker,
// and the "not ignored" warning must still be decided, from the ignore files alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitUnignored } from '../server/src/certgen/gitignore';
import { repoRoot, walk } from './helpers';
import { run } from './cli/support';
import { startServer } from './lsp/client';

/** A git repository whose config runs `touch <marker>` wherever git would run anything. */
function hostileRepo(): { repo: string; markers: string } {
  const base = mkdtempSync(join(tmpdir(), 'calico-tls-hostile-'));
  const markers = join(base, 'markers');
  mkdirSync(markers);
  const repo = join(base, 'repo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', repo]);
  const script = (name: string) => {
    const p = join(base, `${name}.sh`);
    writeFileSync(p, `#!/bin/sh\ntouch '${join(markers, name)}'\ntrue\n`);
    chmodSync(p, 0o755);
    return p;
  };
  execFileSync('git', ['-C', repo, 'config', 'core.fsmonitor', script('fsmonitor')]);
  const hooks = join(base, 'hooks');
  mkdirSync(hooks);
  for (const h of ['post-checkout', 'pre-commit', 'post-index-change', 'reference-transaction']) {
    writeFileSync(join(hooks, h), `#!/bin/sh\ntouch '${join(markers, `hook-${h}`)}'\n`);
    chmodSync(join(hooks, h), 0o755);
  }
  execFileSync('git', ['-C', repo, 'config', 'core.hooksPath', hooks]);
  // An [include] whose file names another command (fsmonitor replaced, and an external diff/pager).
  const included = join(base, 'included.gitconfig');
  writeFileSync(included, `[core]\n\tfsmonitor = ${script('included-fsmonitor')}\n\tpager = ${script('pager')}\n`);
  writeFileSync(
    join(repo, '.git', 'config'),
    readFileSync(join(repo, '.git', 'config'), 'utf8') + `[include]\n\tpath = ${included}\n`,
  );
  return { repo, markers };
}

function positiveControl(): void {
  const { repo, markers } = hostileRepo();
  try {
    execFileSync('git', ['-C', repo, 'status', '--porcelain'], { stdio: 'ignore' });
  } catch {
    /* the exit status does not matter, only the side effect */
  }
  assert.ok(readdirSync(markers).length > 0, 'git should have run the configured fsmonitor (positive control)');
}

test('hostile repository: git itself runs its config (positive control: otherwise the tests below prove nothing)', () => {
  positiveControl();
});

test('gen into a hostile git repository executes nothing from it, and still warns that the keys are not ignored', () => {
  const { repo, markers } = hostileRepo();
  const r = run(['gen', 'typha', '--out', join(repo, 'certs')], repo);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(markers), [], 'nothing configured in the repository ran');
  assert.match(r.stderr, /inside a git work tree and not ignored/);
  writeFileSync(join(repo, '.gitignore'), 'certs-*/\n');
  const ignored = run(['gen', 'typha', '--out', join(repo, 'certs-prod')], repo);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.doesNotMatch(ignored.stderr, /not ignored/);
  assert.deepEqual(readdirSync(markers), []);
});

test('calicoTls.generate into a hostile git repository executes nothing from it', async () => {
  const { repo, markers } = hostileRepo();
  const c = await startServer(repo, { workspace: { configuration: true } });
  try {
    const r = (await c.conn.sendRequest('workspace/executeCommand', {
      command: 'calicoTls.generate',
      arguments: [{ set: 'prometheus', outDir: join(repo, 'metrics') }],
    })) as { written?: string[]; warnings?: string[] };
    assert.ok(r.written && r.written.length > 0, JSON.stringify(r));
    assert.ok(
      r.warnings?.some((w) => /not ignored/.test(w)),
      JSON.stringify(r.warnings),
    );
  } finally {
    await c.close();
  }
  assert.deepEqual(readdirSync(markers), [], 'nothing configured in the repository ran');
});

test('ignore status from the ignore files, as git decides it', () => {
  const base = mkdtempSync(join(tmpdir(), 'calico-tls-ignore-'));
  const repo = join(base, 'repo');
  mkdirSync(join(repo, '.git', 'info'), { recursive: true });
  mkdirSync(join(repo, 'env', 'prod'), { recursive: true });
  const env = { HOME: join(base, 'home'), XDG_CONFIG_HOME: join(base, 'xdg') };
  const check = (rel: string) => gitUnignored(join(repo, rel), env);
  assert.equal(gitUnignored(join(base, 'elsewhere', 'certs'), env), undefined, 'outside a work tree');
  assert.equal(check('certs'), true);
  assert.equal(check(''), true, 'the root itself');
  // Root .gitignore, a folder pattern and a negation in a deeper file (the deeper file wins).
  writeFileSync(join(repo, '.gitignore'), '# keys\n*-certs/\n/secrets/\n');
  assert.equal(check('typha-certs'), false);
  assert.equal(check('env/prod/typha-certs'), false, 'an unanchored folder pattern matches at any depth');
  assert.equal(check('env/secrets'), true, 'an anchored pattern matches only at the root');
  assert.equal(check('secrets/new/deeper'), false, 'inside an ignored folder');
  writeFileSync(join(repo, 'env', '.gitignore'), '!prod-certs/\n');
  assert.equal(check('env/prod-certs'), true, 'a deeper negation re-includes');
  assert.equal(check('env/dev-certs'), false);
  // info/exclude and the global file (lowest precedence, relative to the root).
  writeFileSync(join(repo, '.git', 'info', 'exclude'), 'local/\n');
  assert.equal(check('local/certs'), false);
  mkdirSync(join(base, 'xdg', 'git'), { recursive: true });
  writeFileSync(join(base, 'xdg', 'git', 'ignore'), 'scratch/\n');
  assert.equal(check('scratch'), false);
  writeFileSync(join(repo, '.gitignore'), '!scratch/\n');
  assert.equal(check('scratch'), true, 'the repository overrides the global file');
  // A linked work tree: ".git" is a file naming the git dir.
  const linked = join(base, 'linked');
  mkdirSync(join(base, 'gd', 'info'), { recursive: true });
  mkdirSync(linked);
  writeFileSync(join(linked, '.git'), `gitdir: ${join(base, 'gd')}\n`);
  writeFileSync(join(base, 'gd', 'info', 'exclude'), 'out/\n');
  assert.equal(gitUnignored(join(linked, 'out'), env), false);
  assert.equal(gitUnignored(join(linked, 'in'), env), true);
  // Agrees with git on the same tree (git run here by the test only, in a repository it made).
  const real = join(base, 'real');
  execFileSync('git', ['init', '-q', real]);
  writeFileSync(join(real, '.gitignore'), 'a/\n!b/\n*.d/\n/c/d/\n');
  mkdirSync(join(real, 'c'), { recursive: true });
  writeFileSync(join(real, 'c', '.gitignore'), 'e/\n!x.d/\n');
  for (const rel of ['a', 'b', 'a/b', 'k.d', 'c/k.d', 'c/x.d', 'c/d', 'c/e', 'c/f', 'd']) {
    let gitSays: boolean;
    try {
      execFileSync('git', ['-C', real, 'check-ignore', '-q', `${rel}/`], {
        stdio: 'ignore',
        env: { ...process.env, ...env },
      });
      gitSays = false; // ignored
    } catch {
      gitSays = true;
    }
    assert.equal(gitUnignored(join(real, rel), env), gitSays, rel);
  }
});

test('no product code can start a process', () => {
  const offenders = walk(join(repoRoot(), 'server', 'src'))
    .concat(walk(join(repoRoot(), 'client', 'src')))
    .filter(
      (p) =>
        /\.ts$/.test(p) &&
        /from 'node:child_process'|from 'child_process'|require\('(node:)?child_process'\)/.test(
          readFileSync(p, 'utf8'),
        ),
    );
  assert.deepEqual(offenders, []);
  assert.ok(existsSync(join(repoRoot(), 'server', 'src', 'certgen', 'gitignore.ts')));
});
