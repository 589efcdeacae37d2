// One candidate list (issue 18 item 3, issue 16 item 2): the CLI's walk, the server's index and
// watchers, and the VS Code client's selector and watchers all come from engine/candidates.ts;
// the manifest's activation events must say the same, since package.json cannot import it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CANDIDATE_EXTENSIONS,
  CANDIDATE_FILE,
  CANDIDATE_GLOBS,
  CANDIDATE_LANGUAGES,
  CANDIDATE_NAMES,
} from '../server/src/engine/candidates';
import { read, repoRoot } from './helpers';

test('candidates: template files and calicoctl.cfg are found, unrelated files are not', () => {
  for (const name of [
    'calico-node.yml.j2',
    'felix.cfg.erb',
    'calicoctl.cfg',
    'calicoctl.cfg.j2',
    '10-calico.conflist.j2',
    '_helpers.tpl',
    'a.gotmpl',
    'x.tmpl',
    'Calico.YAML',
    'kubeconfig',
    'dir/calico-kubeconfig',
    'typha.cfg',
    'ca.pem',
    'x.jinja2',
  ])
    assert.ok(CANDIDATE_FILE.test(name), name);
  for (const name of ['notes.txt', 'README.md', 'main.go', 'calicoctl.cfg.bak', 'x.yaml~', 'kubeconfig.txt', 'j2'])
    assert.ok(!CANDIDATE_FILE.test(name), name);
});

test('candidates: the manifest activates on every candidate language and file', () => {
  const pkg = JSON.parse(read(join(repoRoot(), 'package.json'))) as { activationEvents: string[] };
  const expected = [
    ...CANDIDATE_LANGUAGES.map((l) => `onLanguage:${l}`),
    `workspaceContains:**/*.{${CANDIDATE_EXTENSIONS.join(',')}}`,
    `workspaceContains:**/{${CANDIDATE_NAMES.join(',')}}`,
    // Running the `calico-tls` task type (client/src/tasks.ts) activates the extension too.
    'onTaskType:calico-tls',
  ];
  assert.deepEqual(pkg.activationEvents, expected);
  assert.deepEqual(CANDIDATE_GLOBS, [`**/*.{${CANDIDATE_EXTENSIONS.join(',')}}`, `**/{${CANDIDATE_NAMES.join(',')}}`]);
});

test('candidates: no other hand-written candidate list in the product', () => {
  for (const f of [
    'client/src/extension.ts',
    'client/src/lsp-client.ts',
    'server/src/lsp/server.ts',
    'server/src/engine/config.ts',
  ]) {
    const text = read(join(repoRoot(), f));
    assert.ok(!/\*\*\/\*\.\{(yaml|cfg)/.test(text), `${f} writes a candidate glob by hand`);
  }
});
