// The built CLI, run as a user or a CI job runs it: output formats, exit codes, config,
// suppressions, stdin, and SARIF validated against the official 2.1.0 schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { repoRoot } from '../helpers';

const CLI = join(repoRoot(), 'dist', 'cli.js');

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temp workspace holding the shipped broken and fixed examples. */
function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-cli-'));
  cpSync(join(repoRoot(), 'examples'), join(d, 'examples'), { recursive: true });
  return d;
}

/** 1-based position of the n-th occurrence of `needle` in a file. */
function pos(file: string, needle: string, nth = 1): { line: number; column: number; endColumn: number } {
  const text = readFileSync(file, 'utf8');
  let i = -1;
  for (let k = 0; k < nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not found`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1, endColumn: before[before.length - 1]!.length + 1 + needle.length };
}

test('lint --format json: the contract fields, exact positions, relative paths, exit 1', () => {
  const d = workspace();
  const r = run(['lint', '--format', 'json', 'examples/typha-felix-broken'], d);
  assert.equal(r.code, 1, r.stderr);
  const arr = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.ok(Array.isArray(arr) && arr.length >= 8);
  for (const f of arr) assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'message', 'related']);
  const unknown = arr.find((f) => f.rule === 'unknown-tls-parameter')!;
  const p = pos(join(d, 'examples/typha-felix-broken/calico-node.yaml'), 'FELIX_TYPHA_CAFILE', 1);
  assert.deepEqual([unknown.file, unknown.line, unknown.column, unknown.endLine, unknown.endColumn, unknown.severity], ['examples/typha-felix-broken/calico-node.yaml', p.line, p.column, p.line, p.endColumn, 'error']);
  const related = arr.find((f) => f.rule === 'tls-file-key-missing')!.related as Array<Record<string, unknown>>;
  assert.ok(related.some((x) => x.file === 'examples/typha-felix-broken/certs.yaml'));
});

test('lint: the corrected setup prints nothing / [] and exits 0', () => {
  const d = workspace();
  const s = run(['lint', 'examples/typha-felix-fixed'], d);
  assert.equal(s.code, 0);
  assert.equal(s.stdout, '');
  const j = run(['lint', '--format', 'json', 'examples/typha-felix-fixed'], d);
  assert.deepEqual(JSON.parse(j.stdout), []);
});

test('lint --format stylish: file header, line:col, rule id and summary', () => {
  const d = workspace();
  const r = run(['lint', 'examples/typha-felix-broken'], d);
  assert.equal(r.code, 1);
  const p = pos(join(d, 'examples/typha-felix-broken/calico-node.yaml'), 'FELIX_TYPHA_CAFILE', 1);
  assert.match(r.stdout, /^examples\/typha-felix-broken\/calico-node\.yaml$/m);
  assert.ok(r.stdout.includes(`${p.line}:${p.column}`));
  assert.match(r.stdout, /unknown-tls-parameter/);
  assert.match(r.stdout, /✖ \d+ problems \(\d+ errors, 0 warnings\)/);
  assert.ok(!r.stdout.includes('\u001b['), 'no colour when not a TTY');
});

test('lint --format sarif validates against the SARIF 2.1.0 schema, with real regions', () => {
  const d = workspace();
  const r = run(['lint', '--format', 'sarif', 'examples/typha-felix-broken'], d);
  assert.equal(r.code, 1);
  type Region = Record<string, number>;
  type Result = { ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { region: Region; artifactLocation: { uri: string } } }> };
  const log = JSON.parse(r.stdout) as { runs: Array<{ results: Result[]; tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }> };
  const schema = JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/schemas/sarif-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const res = log.runs[0]!.results.find((x) => x.ruleId === 'unknown-tls-parameter')!;
  const p = pos(join(d, 'examples/typha-felix-broken/calico-node.yaml'), 'FELIX_TYPHA_CAFILE', 1);
  assert.deepEqual(res.locations[0]!.physicalLocation.region, { startLine: p.line, startColumn: p.column, endLine: p.line, endColumn: p.endColumn });
  assert.equal(res.locations[0]!.physicalLocation.artifactLocation.uri, 'examples/typha-felix-broken/calico-node.yaml');
  const rule = log.runs[0]!.tool.driver.rules[res.ruleIndex]!;
  assert.equal(rule.id, 'unknown-tls-parameter');
  assert.match(rule.helpUri, /unknown-tls-parameter\.md$/);
});

test('.calico-tls.yaml: rules off and severity changes; --config with a bad rule is exit 2; --max-warnings', () => {
  const d = workspace();
  writeFileSync(join(d, '.calico-tls.yaml'), 'rules:\n  unknown-tls-parameter: off\n');
  let arr = JSON.parse(run(['lint', '--format', 'json', 'examples/typha-felix-broken'], d).stdout) as Array<{ rule: string; severity: string }>;
  assert.ok(!arr.some((f) => f.rule === 'unknown-tls-parameter'));
  assert.ok(arr.some((f) => f.rule === 'felix-typha-tls-incomplete'));
  // Everything downgraded to warnings: exit 0 unless --max-warnings is exceeded.
  const ids = (JSON.parse(run(['rules', '--format', 'json'], d).stdout) as Array<{ id: string }>).map((x) => x.id);
  writeFileSync(join(d, 'warn.yaml'), `rules:\n${ids.map((i) => `  ${i}: warning`).join('\n')}\n`);
  const w = run(['lint', '--format', 'json', '--config', 'warn.yaml', 'examples/typha-felix-broken'], d);
  arr = JSON.parse(w.stdout);
  assert.equal(w.code, 0);
  assert.ok(arr.length > 0 && arr.every((f) => f.severity === 'warning'));
  assert.equal(run(['lint', '--config', 'warn.yaml', '--max-warnings', '0', 'examples/typha-felix-broken'], d).code, 1);
  writeFileSync(join(d, 'bad.yaml'), 'rules:\n  no-such-rule: error\n');
  const b = run(['lint', '--config', 'bad.yaml', 'examples'], d);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /unknown rule 'no-such-rule'/);
  writeFileSync(join(d, '.calico-tls.yaml'), 'ignore:\n  - examples/typha-felix-broken/**\n  - examples/cluster-dump\n');
  assert.equal(run(['lint', 'examples'], d).code, 0);
});

test('suppression comment in a file removes exactly that finding', () => {
  const d = workspace();
  const f = join(d, 'examples/typha-felix-broken/calico-node.yaml');
  const text = readFileSync(f, 'utf8').replace('            - name: FELIX_TYPHA_CAFILE', '            # calico-tls-disable-next-line unknown-tls-parameter -- kept for an old Felix\n            - name: FELIX_TYPHA_CAFILE');
  writeFileSync(f, text);
  const arr = JSON.parse(run(['lint', '--format', 'json', 'examples/typha-felix-broken'], d).stdout) as Array<{ rule: string }>;
  assert.ok(!arr.some((x) => x.rule === 'unknown-tls-parameter'));
  assert.ok(arr.some((x) => x.rule === 'felix-typha-tls-incomplete'));
});

test('stdin: `kubectl get ... -o yaml | calico-tls lint -`', () => {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-stdin-'));
  const dump = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: calico-node, namespace: kube-system}
    spec:
      template:
        spec:
          containers:
            - name: calico-node
              image: calico/node:v3.30.0
              env:
                - name: TYPHA_CLIENT_CN
                  value: typha-client
`;
  const r = run(['lint', '--format', 'json', '-'], d, dump);
  assert.equal(r.code, 1, r.stderr);
  const arr = JSON.parse(r.stdout) as Array<{ file: string; line: number; rule: string }>;
  assert.deepEqual(arr.map((x) => [x.file, x.line, x.rule]), [['<stdin>', 14, 'unknown-tls-parameter']]);
});

test('usage and I/O errors exit 2; rules, explain, --version and --help work', () => {
  const d = workspace();
  assert.equal(run(['lint', '--no-such-flag', 'examples'], d).code, 2);
  assert.equal(run(['lint'], d).code, 2);
  assert.equal(run(['lint', '--format', 'xml', 'examples'], d).code, 2);
  const missing = run(['lint', 'does-not-exist'], d);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does-not-exist/);
  assert.equal(run(['frobnicate'], d).code, 2);
  const rules = JSON.parse(run(['rules', '--format', 'json'], d).stdout) as Array<{ id: string }>;
  assert.ok(rules.some((x) => x.id === 'unknown-tls-parameter'));
  const ex = run(['explain', 'unknown-tls-parameter'], d);
  assert.equal(ex.code, 0);
  assert.match(ex.stdout, /^# unknown-tls-parameter/);
  const bad = run(['explain', 'unknown-parameter'], d);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /did you mean/);
  assert.match(run(['--version'], d).stdout, /^\d+\.\d+\.\d+/);
  assert.match(run(['--help'], d).stdout, /Usage:/);
});

test('a binary or unreadable-as-YAML file does not crash the run', () => {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-bin-'));
  mkdirSync(join(d, 'm'));
  writeFileSync(join(d, 'm', 'blob.yaml'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
  writeFileSync(join(d, 'm', 'broken.yaml'), 'a: [\n');
  const r = run(['lint', '--format', 'json', 'm'], d);
  assert.equal(r.code, 1);
  assert.deepEqual((JSON.parse(r.stdout) as Array<{ rule: string }>).map((x) => x.rule), ['syntax-error']);
});
