// The real-world corpus (issue 16): Calico files from six public infrastructure repositories,
// unchanged (test/fixtures/corpus/real-world, SOURCES.md). None is broken in a way the rules
// cover, so every error or warning is a false alarm. Linted as a user would, with the built CLI:
// in folder mode, with every file named, and all six repositories as one tree; and with defects
// seeded into copies of the real files, found at the seeded line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint, Analysis } from '../server/src/engine';
import { fixture, walk } from './helpers';
import { run, runJson, tempDir } from './cli/support';

const ROOT = fixture('corpus', 'real-world');
const REPOS = readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory());
const FILES = walk(ROOT, (p) => !p.endsWith('.md')).map((p) => relative(ROOT, p));

function clean(args: string[], cwd: string, what: string): void {
  const r = runJson(['--include-info', ...args], cwd);
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  assert.deepEqual(
    r.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule}: ${f.message}`),
    [],
    what,
  );
}

test('real world: no finding in folder mode, each repository and all six as one tree', () => {
  assert.equal(REPOS.length, 6);
  for (const repo of REPOS) clean([repo], ROOT, repo);
  clean(['.'], ROOT, 'all six as one tree');
});

test('real world: no finding with every file named, one at a time and all at once', () => {
  clean(FILES, ROOT, 'all files named');
  for (const f of FILES) clean([f], ROOT, f);
});

test('real world: every file analysed in full, the summary says so', () => {
  const r = run(['lint', '.'], ROOT);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `✔ no problems · ${FILES.length} files analysed\n`);
  assert.equal(r.stderr, '');
});

test('real world: each file read as what it is', () => {
  const sources = FILES.map((f) => ({ uri: join(ROOT, f), text: readFileSync(join(ROOT, f), 'utf8') }));
  const res = lint(sources);
  const byName = (suffix: string) => res.files.find((f) => f.uri.endsWith(suffix))!;
  assert.equal(byName('felix.cfg.erb').format, 'ini');
  assert.equal(byName('calicoctl.cfg.erb').format, 'yaml');
  assert.equal(byName('conf/calicoctl.cfg').format, 'yaml');
  assert.equal(byName('10-calico.conflist').format, 'json');
  for (const f of res.files) {
    assert.notEqual(f.format, 'skipped', f.uri);
    assert.deepEqual(f.syntaxErrors, [], f.uri);
    assert.deepEqual(f.notes, [], f.uri);
  }
  const a = new Analysis(res.files);
  // felix.cfg.erb is a Felix configuration, both calicoctl configs and the conflist are etcd clients.
  assert.ok(a.configs.some((c) => c.file?.uri.endsWith('felix.cfg.erb') && c.component === 'felix'));
  const kinds = a.etcd.map((e) => `${e.kind}:${e.anchor.uri.split('/').pop()}`);
  for (const k of ['calicoctl:calicoctl.cfg.erb', 'calicoctl:calicoctl.cfg', 'cni:10-calico.conflist'])
    assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
});

interface Seed {
  readonly file: string;
  readonly from: RegExp;
  readonly to: string;
  readonly rule: string;
}

const SEEDS: Seed[] = [
  // Inside kubespray's `{% if typha_secure %}` block.
  {
    file: 'kubernetes-sigs__kubespray/roles/network_plugin/calico/templates/calico-node.yml.j2',
    from: /- name: FELIX_TYPHACAFILE/,
    to: '- name: FELIX_TYPHA_CAFILE',
    rule: 'unknown-tls-parameter',
  },
  {
    file: 'kubernetes-sigs__kubespray/roles/network_plugin/calico/templates/calico-typha.yml.j2',
    from: /- name: TYPHA_CLIENTCN/,
    to: '- name: TYPHA_CLIENT_CN',
    rule: 'unknown-tls-parameter',
  },
  {
    file: 'bloomberg__chef-bcpc/chef/cookbooks/bcpc/templates/default/calico/felix.cfg.erb',
    from: /^EtcdKeyFile =/m,
    to: 'EtcdKeyFlie =',
    rule: 'unknown-tls-parameter',
  },
  {
    file: 'bloomberg__chef-bcpc/chef/cookbooks/bcpc/templates/default/calico/felix.cfg.erb',
    from: /^EtcdCaFile =/m,
    to: 'TymphaName = calico-typha\nEtcdCaFile =',
    rule: 'unknown-tls-parameter',
  },
];

test('real world: defects seeded into copies of the real files are found at the seeded line, in folder mode', () => {
  for (const seed of SEEDS) {
    const d = tempDir();
    cpSync(ROOT, d, { recursive: true });
    const path = join(d, seed.file);
    const text = readFileSync(path, 'utf8');
    assert.ok(seed.from.test(text), `${seed.file} has ${seed.from}`);
    const m = seed.from.exec(text)!;
    writeFileSync(path, text.replace(seed.from, seed.to));
    const line = text.slice(0, m.index).split('\n').length;
    const r = runJson(['.'], d);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      r.findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
      [`${seed.file}:${line} ${seed.rule}`],
      seed.to,
    );
  }
  // giantswarm's calicoctl.cfg without its etcdKeyFile line: the certificate without its key.
  const d = tempDir();
  cpSync(ROOT, d, { recursive: true });
  const cfg = join(d, 'giantswarm__k8scloudconfig/files/conf/calicoctl.cfg');
  const text = readFileSync(cfg, 'utf8');
  writeFileSync(cfg, text.replace(/^.*etcdKeyFile.*\n/m, ''));
  const r = runJson(['.'], d);
  const certLine =
    text
      .replace(/^.*etcdKeyFile.*\n/m, '')
      .split('\n')
      .findIndex((l) => l.includes('etcdCertFile')) + 1;
  assert.deepEqual(
    r.findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
    [`giantswarm__k8scloudconfig/files/conf/calicoctl.cfg:${certLine} etcd-cert-without-key`],
  );
});
