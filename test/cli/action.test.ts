// The GitHub Action (action.yml + scripts/action.mjs), run locally through its entry point the
// way the runner runs it (GITHUB_WORKSPACE, INPUT_*, GITHUB_OUTPUT), and the example workflow
// in examples/ci that uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { fixture, repoRoot } from '../helpers';

const ROOT = repoRoot();

function runAction(inputs: Record<string, string>) {
  const out = mkdtempSync(join(tmpdir(), 'calico-tls-action-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_WORKSPACE: ROOT,
    GITHUB_OUTPUT: join(out, 'outputs'),
    INPUT_SARIF_FILE: join(out, 'reports', 'calico-tls.sarif'),
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase().replace(/-/g, '_')}`] = v;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'action.mjs')], { env, encoding: 'utf8' });
  return { ...r, sarifFile: env.INPUT_SARIF_FILE!, outputs: join(out, 'outputs') };
}

function validateSarif(file: string): { runs: Array<{ results: Array<{ ruleId: string; level: string }> }> } {
  const schema = JSON.parse(readFileSync(fixture('schemas', 'sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const log = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof validateSarif>;
  assert.ok(validate(log), JSON.stringify(validate.errors));
  return log;
}

test('action on the broken example: SARIF 2.1.0 written, annotations printed, outputs set, the step fails', () => {
  const r = runAction({ paths: 'examples/typha-felix-broken' });
  assert.equal(r.status, 1, r.stderr + r.stdout);
  const log = validateSarif(r.sarifFile);
  const results = log.runs[0]!.results;
  const errors = results.filter((x) => x.level === 'error').length;
  assert.ok(errors > 0);
  const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.equal(annotations.length, results.length, 'one annotation per SARIF result');
  assert.ok(annotations.every((l) => /^::(error|warning|notice) file=examples\/typha-felix-broken\//.test(l)));
  const outputs = readFileSync(r.outputs, 'utf8');
  assert.match(outputs, new RegExp(`^errors=${errors}$`, 'm'));
  assert.match(outputs, new RegExp(`^sarif-file=${r.sarifFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
});

test('action on the fixed example passes; fail-on never reports without failing; a bad fail-on is exit 2', () => {
  const fixed = runAction({ paths: 'examples/typha-felix-fixed' });
  assert.equal(fixed.status, 0, fixed.stderr + fixed.stdout);
  assert.equal(validateSarif(fixed.sarifFile).runs[0]!.results.filter((x) => x.level === 'error').length, 0);
  const never = runAction({ paths: 'examples/typha-felix-broken', 'fail-on': 'never' });
  assert.equal(never.status, 0, never.stderr);
  assert.ok(validateSarif(never.sarifFile).runs[0]!.results.length > 0);
  const bad = runAction({ paths: 'examples/typha-felix-broken', 'fail-on': 'sometimes' });
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /^::error title=calico-tls::fail-on must be/m);
  const missing = runAction({ paths: 'examples/no-such-folder' });
  assert.equal(missing.status, 2);
  assert.match(missing.stdout, /^::error title=calico-tls::/m);
});

test('action.yml is a composite action on Node 20 whose inputs are what the entry point reads', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string }>;
    runs: {
      using: string;
      steps: Array<{ uses?: string; with?: Record<string, unknown>; env?: Record<string, string> }>;
    };
  };
  assert.equal(action.runs.using, 'composite');
  const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  assert.equal(setup?.with?.['node-version'], 20);
  const script = readFileSync(join(ROOT, 'scripts', 'action.mjs'), 'utf8');
  const step = action.runs.steps.find((s) => s.env);
  for (const name of Object.keys(action.inputs)) {
    const envName = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
    assert.equal(step?.env?.[envName], `\${{ inputs.${name} }}`, `${name} is passed to the script`);
    assert.ok(script.includes(`process.env.${envName}`), `the script reads ${envName}`);
    assert.ok(action.inputs[name]!.description.length > 10);
  }
});

test('the example workflow uses the action and uploads its SARIF even when the lint step fails', () => {
  const wf = parse(readFileSync(join(ROOT, 'examples', 'ci', 'calico-tls.yml'), 'utf8')) as {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Array<{ uses?: string; if?: string; with?: Record<string, string> }> }>;
  };
  const steps = Object.values(wf.jobs)[0]!.steps;
  const lint = steps.find((s) => s.uses?.startsWith('calico-tls/calico-tls@'));
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(lint && upload);
  assert.equal(upload.if, 'always()');
  assert.equal(upload.with?.sarif_file, lint.with?.['sarif-file']);
  assert.equal(wf.permissions['security-events'], 'write');
});
