// The npm package: `npm pack` gives a tarball of the built CLI and language server only, and
// after `npm install -g <tarball>` into an empty prefix (offline: the bundles need no
// dependency) both bins run. Also the pre-commit hook definition, whose file pattern must be
// the CLI's own candidate list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CANDIDATE_EXTENSIONS, CANDIDATE_FILE, CANDIDATE_NAMES } from '../../server/src/engine/candidates';
import { repoRoot } from '../helpers';

const ROOT = repoRoot();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  repository: unknown;
  homepage: string;
  bugs: unknown;
  dependencies?: Record<string, string>;
};

function lspInitialize(bin: string, cwd: string): Promise<string> {
  const frame = (o: object) => {
    const s = JSON.stringify({ jsonrpc: '2.0', ...o });
    return `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
  };
  return new Promise((resolve, reject) => {
    const p = spawn(bin, ['--stdio'], { cwd });
    let out = '';
    const timer = setTimeout(() => {
      p.kill();
      reject(new Error(`no initialize answer: ${out}`));
    }, 20_000);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"id":1')) {
        p.stdin.write(frame({ id: 2, method: 'shutdown' }));
        p.stdin.write(frame({ method: 'exit' }));
      }
    });
    p.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
    p.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  });
}

function sh(cmd: string, args: string[], cwd: string, input?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

test('npm pack + npm install -g into an empty prefix: both bins run, nothing but the product inside', async () => {
  assert.ok(pkg.repository && pkg.homepage && pkg.bugs, 'repository, homepage and bugs are set');
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'the bundles carry their dependencies: nothing to install');
  const dir = mkdtempSync(join(tmpdir(), 'calico-tls-pack-'));
  // --ignore-scripts: `prepare` would rebuild dist/ for production; the test packs what was built.
  const packed = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  assert.equal(packed.code, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const paths = info!.files.map((f) => f.path).sort();
  // The shipped artefacts only (the same `files` list as the VSIX): bundles, bins, rule pages,
  // snippets, images and translations; no sources, tests, maps or configuration.
  for (const p of paths)
    assert.match(
      p,
      /^(bin\/[\w-]+\.js|dist\/(cli|server|client|client-lsp|calico-tls)\.js|docs\/rules\/(zh-cn\/)?[\w-]+\.md|docs\/images\/[\w-]+\.png|snippets\/\w+\.json|images\/icon\.png|package\.nls(\.[\w-]+)?\.json|l10n\/bundle\.l10n(\.[\w-]+)?\.json|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/,
      p,
    );
  assert.ok(paths.includes('dist/cli.js') && paths.includes('dist/server.js') && paths.includes('dist/calico-tls.js'));
  assert.ok(paths.includes('docs/rules/README.md') && paths.includes('docs/rules/zh-cn/README.md'), 'rule pages');

  const prefix = join(dir, 'prefix');
  const installed = sh(
    'npm',
    ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(dir, info!.filename)],
    dir,
  );
  assert.equal(installed.code, 0, installed.stderr);
  assert.doesNotMatch(installed.stderr, /warn/i, 'npm install prints no warning');
  const bin = join(prefix, 'bin');
  assert.deepEqual(readdirSync(bin).sort(), ['calico-tls', 'calico-tls-language-server']);

  const version = sh(join(bin, 'calico-tls'), ['--version'], dir);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const broken = sh(
    join(bin, 'calico-tls'),
    ['lint', '--format', 'json', join(ROOT, 'examples/typha-felix-broken')],
    dir,
  );
  assert.equal(broken.code, 1, broken.stderr);
  assert.ok((JSON.parse(broken.stdout) as unknown[]).length > 0);
  // The worker threads' bundle ships next to the CLI's: two threads give the same findings.
  const threads = sh(
    join(bin, 'calico-tls'),
    ['lint', '--format', 'json', '--concurrency', '2', join(ROOT, 'examples/typha-felix-broken')],
    dir,
  );
  assert.equal(threads.code, 1, threads.stderr);
  assert.equal(threads.stdout, broken.stdout);
  const fixed = sh(join(bin, 'calico-tls'), ['lint', join(ROOT, 'examples/typha-felix-fixed')], dir);
  assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);

  const ls = sh(join(bin, 'calico-tls-language-server'), ['--version'], dir);
  assert.equal(ls.code, 0, ls.stderr);
  assert.equal(ls.stdout.trim(), pkg.version);
  // An LSP session over stdio: initialize answered with the capabilities, then shutdown + exit.
  assert.match(await lspInitialize(join(bin, 'calico-tls-language-server'), dir), /"id":1,"result":\{"capabilities":/);
});

test('.pre-commit-hooks.yaml: a node hook running calico-tls lint on exactly the CLI candidate files', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
  const hook = hooks.find((h) => h.id === 'calico-tls');
  assert.ok(hook);
  assert.equal(hook.entry, 'calico-tls lint');
  assert.equal(hook.language, 'node');
  assert.equal(hook.require_serial, true, 'one process: cross-file checks see every staged file');
  const src = String(hook.files);
  assert.ok(src.startsWith('(?i)'), 'case-insensitive like the CLI');
  const files = new RegExp(src.slice(4), 'i');
  const samples = [
    ...CANDIDATE_EXTENSIONS.map((e) => `deploy/calico/x.${e}`),
    ...CANDIDATE_NAMES.map((n) => `ops/${n}`),
    ...CANDIDATE_NAMES,
    'roles/calico/templates/felix.cfg.j2',
    'CALICO.YAML',
    'README.md',
    'main.go',
    'Makefile',
    'my-kubeconfig.txt',
    'notcalicoctl.cfg.bak',
  ];
  for (const s of samples) assert.equal(files.test(s), CANDIDATE_FILE.test(s), s);
});

test('one `files` list makes both the npm package and the VSIX, and vsce accepts it', () => {
  // vsce refuses `files` beside a .vscodeignore, so the list in package.json is the only one.
  const files = (pkg as { files?: string[] }).files;
  assert.ok(Array.isArray(files) && files.includes('dist/cli.js') && files.includes('dist/server.js'));
  for (const f of ['.vscodeignore', '.npmignore'])
    assert.throws(() => readFileSync(join(ROOT, f)), /ENOENT/, `${f} would compete with files`);
  const ls = sh(
    join(ROOT, 'node_modules', '.bin', 'vsce'),
    ['ls', '--no-dependencies', '--readme-path', 'docs/marketplace/README.md'],
    ROOT,
  );
  assert.equal(ls.code, 0, ls.stderr);
  const listed = ls.stdout.split('\n').filter(Boolean);
  for (const f of [
    'dist/client.js',
    'dist/client-lsp.js',
    'dist/server.js',
    'dist/cli.js',
    'dist/calico-tls.js',
    'docs/marketplace/README.md',
  ])
    assert.ok(listed.includes(f), f);
  assert.ok(!listed.some((f) => /^(server|client|test|scripts)\//.test(f) || f.endsWith('.map')), 'no sources');
});
