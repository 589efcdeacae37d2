// .calico-tls.yaml and --config (rule severities, ignore globs relative to the config's folder,
// bad configs are exit 2), suppression comments, --max-warnings, --quiet, --include-info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFESTS, run, runHere, runJson, tempDir, workspace, type JsonFinding } from './support';

async function jsonHere(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; findings: JsonFinding[]; stderr: string }> {
  const r = await runHere(['lint', '--format', 'json', ...args], cwd);
  return { code: r.code, stderr: r.stderr, findings: r.stdout ? (JSON.parse(r.stdout) as JsonFinding[]) : [] };
}

const NODE = `${MANIFESTS}/calico-node.yaml`;
// The misspelt FELIX_TYPHA_CAFILE leaves Felix's TLS incomplete: that is said in its finding
// (unknown-tls-parameter), and reported by felix-typha-tls-incomplete only when the misspelt name
// is not reported (its rule off, or a disable comment on it).
const BROKEN_RULES = ['felix-typha-tls-incomplete', 'tls-file-key-missing', 'unknown-tls-parameter'];

test('.calico-tls.yaml in the cwd turns a rule off', async () => {
  const d = await workspace('broken');
  writeFileSync(join(d, '.calico-tls.yaml'), 'rules:\n  unknown-tls-parameter: off\n');
  const r = runJson([MANIFESTS], d);
  assert.equal(r.code, 1);
  assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['felix-typha-tls-incomplete', 'tls-file-key-missing']);
  // Only the cwd's config is read: from a sub-folder it does not apply.
  mkdirSync(join(d, 'sub'));
  assert.ok(
    (await jsonHere([join('..', MANIFESTS)], join(d, 'sub'))).findings.some((f) => f.rule === 'unknown-tls-parameter'),
  );
});

test('--config: a bad rule name, invalid YAML, an unknown setting or a missing file is exit 2', async () => {
  const d = await workspace('broken');
  const cases: Array<[string | null, RegExp]> = [
    ['rules:\n  no-such-rule: error\n', /unknown rule 'no-such-rule'/],
    ['rules:\n  unknown-tls-parameter: loud\n', /severity must be/],
    ['rules: [\n', /not valid YAML/],
    ['colour: blue\n', /unknown setting 'colour'/],
    [null, /cannot read config missing\.yaml/],
  ];
  for (const [i, [text, msg]] of cases.entries()) {
    const name = text === null ? 'missing.yaml' : 'bad.yaml';
    if (text !== null) writeFileSync(join(d, name), text);
    const args = ['lint', '--config', name, '--format', 'json', MANIFESTS];
    const r = i === 0 ? run(args, d) : await runHere(args, d);
    assert.equal(r.code, 2, `${text}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stdout, '', 'nothing linted with a broken config');
  }
  // The same problems in ./.calico-tls.yaml are exit 2 as well.
  writeFileSync(join(d, '.calico-tls.yaml'), 'rules:\n  no-such-rule: error\n');
  assert.equal((await runHere(['lint', MANIFESTS], d)).code, 2);
});

test('ignore globs are relative to the config file folder; explicit ignored files are skipped with a note', async () => {
  const d = await workspace('broken');
  writeFileSync(join(d, MANIFESTS, 'lint.yaml'), 'ignore:\n  - calico-node.yaml\n');
  const r = runJson(['--config', `${MANIFESTS}/lint.yaml`, MANIFESTS], d);
  assert.equal(r.code, 0, JSON.stringify(r.findings));
  assert.deepEqual(r.findings, []);
  const explicit = await jsonHere(['--config', `${MANIFESTS}/lint.yaml`, NODE], d);
  assert.deepEqual(explicit.findings, []);
  assert.match(explicit.stderr, /calico-node\.yaml is ignored/);
  // A folder glob, relative to the cwd's .calico-tls.yaml.
  writeFileSync(join(d, '.calico-tls.yaml'), `ignore:\n  - ${MANIFESTS}/\n`);
  assert.deepEqual((await jsonHere(['.'], d)).findings, []);
});

test('suppression comment above the line removes exactly that finding', async () => {
  const d = await workspace('broken');
  const file = join(d, NODE);
  const text = readFileSync(file, 'utf8');
  const line = '            - name: FELIX_TYPHA_CAFILE\n';
  assert.ok(text.includes(line));
  writeFileSync(
    file,
    text.replace(
      line,
      `            # calico-tls-disable-next-line unknown-tls-parameter -- kept for an old Felix\n${line}`,
    ),
  );
  const r = runJson([MANIFESTS], d);
  assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['felix-typha-tls-incomplete', 'tls-file-key-missing']);
});

test('--max-warnings: warnings alone pass, more than N fail; --quiet shows errors only', async () => {
  const d = await workspace('broken');
  writeFileSync(join(d, 'warn.yaml'), `rules:\n${BROKEN_RULES.map((id) => `  ${id}: warning`).join('\n')}\n`);
  const w = runJson(['--config', 'warn.yaml', MANIFESTS], d);
  assert.equal(w.code, 0, 'warnings do not fail without --max-warnings');
  assert.equal(w.findings.length, 2);
  assert.ok(w.findings.every((f) => f.severity === 'warning'));
  const zero = run(['lint', '--config', 'warn.yaml', '--max-warnings', '0', MANIFESTS], d);
  assert.equal(zero.code, 1);
  assert.match(zero.stderr, /too many warnings: 2 \(--max-warnings 0\)/);
  assert.match(zero.stdout, /✖ 2 problems \(0 errors, 2 warnings\)/);
  assert.equal((await runHere(['lint', '--config', 'warn.yaml', '--max-warnings', '2', MANIFESTS], d)).code, 0);
  assert.equal((await runHere(['lint', '--config', 'warn.yaml', '--max-warnings', '1', MANIFESTS], d)).code, 1);
  const quiet = await jsonHere(['--config', 'warn.yaml', '--quiet', MANIFESTS], d);
  assert.deepEqual(quiet.findings, []);
  assert.equal(quiet.code, 0);
  // One rule downgraded, the others still errors: --quiet keeps the errors, exit 1.
  writeFileSync(join(d, 'one.yaml'), 'rules:\n  unknown-tls-parameter: warning\n');
  const q = await jsonHere(['--config', 'one.yaml', '-q', MANIFESTS], d);
  assert.equal(q.code, 1);
  assert.deepEqual(q.findings.map((f) => f.rule).sort(), ['tls-file-key-missing']);
});

test('info findings are hidden unless --include-info, and never fail the run', async () => {
  const d = await workspace('fixed');
  writeFileSync(join(d, '.calico-tls.yaml'), 'maxFileSize: 100\n');
  const hidden = runJson([MANIFESTS], d);
  assert.equal(hidden.code, 0);
  assert.deepEqual(hidden.findings, []);
  assert.match(hidden.stderr, /skipped manifests\/calico-node\.yaml: file is larger than/);
  const shown = runJson(['--include-info', MANIFESTS], d);
  assert.equal(shown.code, 0);
  assert.deepEqual([...new Set(shown.findings.map((f) => `${f.rule} ${f.severity}`))], ['file-skipped info']);
  assert.equal(shown.findings.length, 3);
  // A rule raised to info is hidden too.
  const b = await workspace('broken');
  writeFileSync(join(b, '.calico-tls.yaml'), `rules:\n${BROKEN_RULES.map((id) => `  ${id}: info`).join('\n')}\n`);
  assert.equal((await jsonHere([MANIFESTS], b)).code, 0);
  assert.match((await runHere(['lint', MANIFESTS], b)).stdout, /^✔ no problems · \d+ files analysed\n$/);
  const s = await runHere(['lint', '--include-info', MANIFESTS], b);
  assert.equal(s.code, 0);
  assert.match(s.stdout, /✖ 2 problems \(0 errors, 0 warnings, 2 infos\)/);
});

test('a folder that only holds a config lints clean', async () => {
  const d = tempDir();
  writeFileSync(join(d, '.calico-tls.yaml'), 'rules: {}\nignore: []\nexpiryWarningDays: 10\n');
  const r = await jsonHere(['.'], d);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.findings, []);
});
