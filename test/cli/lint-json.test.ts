// `calico-tls lint --format json`: the public contract (design.md, Interfaces → CLI). Exact
// 1-based ranges found by searching the fixture text, paths relative to the cwd, order, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MANIFESTS,
  positionIn,
  positionOf,
  run,
  runJson,
  tempDir,
  whereOf,
  workspace,
  type JsonFinding,
} from './support';

const NODE = `${MANIFESTS}/calico-node.yaml`;
const CERTS = `${MANIFESTS}/certs.yaml`;

function only(findings: JsonFinding[], rule: string): JsonFinding {
  const hits = findings.filter((f) => f.rule === rule);
  assert.equal(hits.length, 1, `one ${rule} finding expected, got ${JSON.stringify(findings.map((f) => f.rule))}`);
  return hits[0]!;
}

test('broken fixture: the expected rules at exact ranges, relative paths, exit 1', async () => {
  const d = await workspace('broken');
  const r = runJson([MANIFESTS], d);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  const node = join(d, NODE);
  for (const f of r.findings) {
    assert.deepEqual(Object.keys(f), [
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'rule',
      'message',
      'related',
    ]);
    for (const x of f.related) assert.deepEqual(Object.keys(x), ['file', 'line', 'column', 'message']);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
  }
  assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['tls-file-key-missing', 'unknown-tls-parameter']);

  // The misspelt name is the root cause: one finding at it, saying what it breaks (the TLS group
  // is incomplete), with the place that consequence concerns as a related location.
  const unknown = only(r.findings, 'unknown-tls-parameter');
  assert.equal(unknown.file, NODE);
  assert.equal(unknown.severity, 'error');
  assert.deepEqual(whereOf(unknown), positionIn(node, 'FELIX_TYPHA_CAFILE', 'name: FELIX_TYPHA_CAFILE'));
  assert.match(unknown.message, /FELIX_TYPHACAFILE\? As written: Felix TLS is incomplete/);
  const certName = positionIn(node, 'FELIX_TYPHACERTFILE', 'name: FELIX_TYPHACERTFILE');
  assert.ok(
    unknown.related.some((x) => x.file === NODE && x.line === certName.line && x.column === certName.column),
    JSON.stringify(unknown.related),
  );

  // Cross-file: the env var in calico-node.yaml, the Secret in certs.yaml.
  const missing = only(r.findings, 'tls-file-key-missing');
  assert.deepEqual(whereOf(missing), positionIn(node, '/calico-node-certs/calico-node.key'));
  const secret = positionIn(join(d, CERTS), 'calico-node-certs', 'name: calico-node-certs');
  assert.ok(
    missing.related.some((x) => x.file === CERTS && x.line === secret.line && x.column === secret.column),
    JSON.stringify(missing.related),
  );

  // Sorted by file, line, column.
  const keys = r.findings.map((f) => [f.file, f.line, f.column] as const);
  const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
  assert.deepEqual(keys, sorted);
});

test('corrected fixture: [] and exit 0', async () => {
  const d = await workspace('fixed');
  const r = runJson([MANIFESTS], d);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.findings, []);
  assert.equal(r.stdout.trim(), '[]');
});

test('files are analysed together only when given together; `file` is relative to the cwd', async () => {
  const d = await workspace('broken');
  // The DaemonSet alone: the Secret is unknown, so no tls-file-key-missing (three-valued logic).
  const alone = runJson([NODE], d);
  assert.ok(!alone.findings.some((f) => f.rule === 'tls-file-key-missing'));
  // Given as two files, the cross-file check is back.
  const both = runJson([NODE, CERTS], d);
  assert.ok(both.findings.some((f) => f.rule === 'tls-file-key-missing'));
  // From a sub-folder with an absolute path: still relative to the cwd, with forward slashes.
  const sub = join(d, 'sub', 'dir');
  mkdirSync(sub, { recursive: true });
  const fromSub = runJson([join(d, MANIFESTS)], sub);
  assert.equal(fromSub.code, 1);
  assert.ok(fromSub.findings.length > 0);
  for (const f of fromSub.findings) assert.match(f.file, /^\.\.\/\.\.\/manifests\/[a-z-]+\.yaml$/);
  assert.ok(
    fromSub.findings
      .find((f) => f.rule === 'tls-file-key-missing')!
      .related.some((x) => x.file === '../../manifests/certs.yaml'),
  );
});

test('stdin: `kubectl get ... -o yaml | calico-tls lint -` is one file named <stdin>', async () => {
  const d = await workspace('broken');
  const text = readFileSync(join(d, NODE), 'utf8');
  const r = runJson(['-'], d, { input: text });
  assert.equal(r.code, 1, r.stderr);
  const unknown = only(r.findings, 'unknown-tls-parameter');
  assert.equal(unknown.file, '<stdin>');
  assert.deepEqual(whereOf(unknown), positionOf(text, 'FELIX_TYPHA_CAFILE', 'name: FELIX_TYPHA_CAFILE'));
  // stdin analysed together with files: the Secret in certs.yaml is found from stdin's DaemonSet.
  const mixed = runJson(['-', CERTS], d, { input: text });
  const missing = only(mixed.findings, 'tls-file-key-missing');
  assert.equal(missing.file, '<stdin>');
  assert.ok(missing.related.some((x) => x.file === CERTS));
  // A `kind: List` dump as JSON (kubectl -o json) works the same.
  const list = JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'calico-node', namespace: 'kube-system' },
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'calico-node',
                    image: 'calico/node:v3.30.0',
                    env: [{ name: 'FELIX_TYPHA_CAFILE', value: '/x/ca.crt' }],
                  },
                ],
              },
            },
          },
        },
      ],
    },
    null,
    2,
  );
  const j = runJson(['-'], d, { input: list });
  assert.deepEqual(whereOf(only(j.findings, 'unknown-tls-parameter')), positionOf(list, '"FELIX_TYPHA_CAFILE"'));
});

test('an empty stdin is no problem ([] and exit 0); a folder with nothing to lint is exit 2 (a mistyped path must not pass CI)', () => {
  const d = tempDir();
  mkdirSync(join(d, 'empty'));
  writeFileSync(join(d, 'empty', 'notes.txt'), 'not a manifest\n');
  const s = runJson(['-'], d, { input: '' });
  assert.equal(s.code, 0);
  assert.deepEqual(s.findings, []);
  const e = run(['lint', '--format', 'json', 'empty'], d);
  assert.equal(e.code, 2);
  assert.equal(e.stdout, '');
  assert.match(
    e.stderr,
    /nothing to lint in empty: no YAML, JSON, INI, template, certificate or kubeconfig file there/,
  );
});
