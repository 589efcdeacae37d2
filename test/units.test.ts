// Several environments in one tree (issue 16 item 4): objects are related only inside what is
// applied together. Folders whose parts define the same objects are alternatives (dev/ and prod/,
// two repositories); a kustomize overlay is its bases with its patches applied, and a finding on a
// patched value points at the patch. Run with the built CLI, in folder mode, as users run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, read, repoRoot } from './helpers';
import { runJson, tempDir } from './cli/support';
import { lint, unitsOf } from '../server/src/engine';

const KUSTOMIZE = fixture('kustomize');
const FIXED = join(repoRoot(), 'examples', 'typha-felix-fixed');

function found(dir: string): string[] {
  const r = runJson(['--include-info', '.'], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return r.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
}

function copy(src: string): string {
  const d = tempDir();
  cpSync(src, d, { recursive: true });
  return d;
}

function edit(path: string, from: string | RegExp, to: string): void {
  const text = readFileSync(path, 'utf8');
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${path} has ${from}`);
  writeFileSync(path, text.replace(from, to));
}

test('units: dev/ and prod/ with the same objects stay clean; a defect in one is reported there only', () => {
  const d = tempDir();
  for (const env of ['dev', 'prod']) cpSync(FIXED, join(d, 'envs', env), { recursive: true });
  assert.deepEqual(found(d), []);
  edit(join(d, 'envs', 'prod', 'calico-node.yaml'), '- name: FELIX_TYPHACAFILE', '- name: FELIX_TYPHA_CAFILE');
  const f = found(d);
  assert.ok(f.length > 0);
  assert.ok(
    f.every((x) => x.startsWith('envs/prod/')),
    f.join('\n'),
  );
  // Related locations stay in the unit too.
  const r = runJson(['.'], d);
  for (const x of r.findings)
    for (const rel of x.related) assert.ok(rel.file.startsWith('envs/prod/'), `${x.rule}: related ${rel.file}`);
});

test('units: a calico-node in one tree is never paired with the Typha of another', () => {
  const d = tempDir();
  cpSync(FIXED, join(d, 'repo-a'), { recursive: true });
  cpSync(FIXED, join(d, 'repo-b'), { recursive: true });
  // repo-b's Typha has no TLS: Felix of repo-b is one-sided, Felix of repo-a is not.
  const typha = join(d, 'repo-b', 'calico-typha.yaml');
  writeFileSync(
    typha,
    readFileSync(typha, 'utf8').replace(
      /\n\s+- name: TYPHA_(CAFILE|SERVERCERTFILE|SERVERKEYFILE|CLIENTCN)\n\s+value: [^\n]+/g,
      '',
    ),
  );
  const f = found(d);
  assert.ok(
    f.some((x) => x.startsWith('repo-b/calico-node.yaml') && x.endsWith('typha-tls-one-sided')),
    f.join('\n'),
  );
  assert.ok(
    f.every((x) => x.startsWith('repo-b/')),
    f.join('\n'),
  );
});

test('units: the same object twice in one folder is reported, with both places', () => {
  const d = tempDir();
  mkdirSync(join(d, 'm'));
  const cm =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: calico-config\n  namespace: kube-system\ndata:\n  typha_service_name: calico-typha\n';
  writeFileSync(join(d, 'm', 'all.yaml'), `${cm}---\n${cm.replace('calico-typha', 'none')}`);
  const r = runJson(['.'], d);
  assert.deepEqual(
    r.findings.map((f) => `${f.file}:${f.line} ${f.rule} -> ${f.related.map((x) => `${x.file}:${x.line}`).join(',')}`),
    ['m/all.yaml:12 duplicate-object -> m/all.yaml:4'],
  );
});

test('kustomize: base + overlays as shipped are clean; the base is not linted without its overlay', () => {
  assert.deepEqual(found(copy(KUSTOMIZE)), []);
  const units = unitsOf(
    lint(
      [
        'base/kustomization.yaml',
        'base/calico-node.yaml',
        'base/calico-typha.yaml',
        'overlays/dev/kustomization.yaml',
        'overlays/prod/kustomization.yaml',
        'overlays/prod/felix-tls.yaml',
        'overlays/prod/typha-tls.yaml',
      ].map((p) => ({ uri: join(KUSTOMIZE, p), text: read(join(KUSTOMIZE, p)) })),
    ).files,
  );
  assert.deepEqual(units.map((u) => u.id.split('/').slice(-2).join('/')).sort(), ['overlays/dev', 'overlays/prod']);
  const prod = units.find((u) => u.id.endsWith('prod'))!;
  assert.equal(prod.patchFiles.size, 2);
  assert.equal(prod.patches.length, 3);
});

test('kustomize: a defect in a strategic merge patch is reported in the patch, for that overlay only', () => {
  const d = copy(KUSTOMIZE);
  edit(
    join(d, 'overlays/prod/felix-tls.yaml'),
    '            - name: FELIX_TYPHACAFILE\n              value: /typha-ca/ca.crt\n',
    '',
  );
  assert.deepEqual(found(d), ['overlays/prod/felix-tls.yaml:12 felix-typha-tls-incomplete']);
});

test('kustomize: an overlay without the Typha patch makes Felix one-sided, reported at the patched env', () => {
  const d = copy(KUSTOMIZE);
  edit(join(d, 'overlays/prod/kustomization.yaml'), '  - path: typha-tls.yaml\n', '');
  assert.deepEqual(found(d), ['overlays/prod/felix-tls.yaml:12 typha-tls-one-sided']);
});

test('kustomize: an inline JSON 6902 patch is applied and a defect in it points into the kustomization', () => {
  const d = copy(KUSTOMIZE);
  edit(join(d, 'overlays/prod/kustomization.yaml'), 'name: FELIX_HEALTHENABLED', 'name: FELIX_TYPHA_KEYFILE');
  assert.deepEqual(found(d), ['overlays/prod/kustomization.yaml:16 unknown-tls-parameter']);
});

test('kustomize: `$patch: delete` and `null` remove what the base had', () => {
  const d = copy(KUSTOMIZE);
  // Deleting the CN env var the patch added a line above is not possible; delete the base's
  // service name instead: Felix then has no Typha to pair with, so nothing is one-sided.
  edit(join(d, 'overlays/prod/kustomization.yaml'), '  - path: typha-tls.yaml\n', '  - path: no-typha.yaml\n');
  writeFileSync(
    join(d, 'overlays/prod/no-typha.yaml'),
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: calico-node\n          env:\n            - name: FELIX_TYPHAK8SSERVICENAME\n              $patch: delete\n',
  );
  assert.deepEqual(found(d), []);
});
