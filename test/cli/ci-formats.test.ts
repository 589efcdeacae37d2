// `--format github` (GitHub Actions workflow commands) and `--format gitlab` (GitLab Code
// Quality report), each checked against the shape its platform documents, and against the JSON
// output of the same run (same findings, same order, same places).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { escapeData, escapeProperty } from '../../server/src/cli/formatters/github';
import { formatGitlab } from '../../server/src/cli/formatters/gitlab';
import type { CliFinding } from '../../server/src/cli/formatters/types';
import { MANIFESTS, run, runHere, runJson, workspace } from './support';

// ---- GitHub: "Workflow commands for GitHub Actions" ----
// ::{command} {name}={value},{name}={value}::{message}
// Commands that make annotations: error, warning, notice; their parameters: title, file, col,
// endColumn, line, endLine. In the message %, CR and LF are escaped as %25, %0D, %0A; in a
// parameter value : and , as well (%3A, %2C), so neither appears raw in a value.
const ANNOTATION = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/;
const PARAMS = new Set(['title', 'file', 'col', 'endColumn', 'line', 'endLine']);

function unescape(s: string): string {
  return s.replace(/%(25|0D|0A|3A|2C)/g, (_, c: string) => String.fromCharCode(parseInt(c, 16)));
}

function parseAnnotation(line: string): { command: string; params: Map<string, string>; message: string } {
  const m = ANNOTATION.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const params = new Map<string, string>();
  for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    assert.ok(eq > 0, `parameter without '=': ${kv}`);
    const name = kv.slice(0, eq);
    const value = kv.slice(eq + 1);
    assert.ok(PARAMS.has(name), `unknown annotation parameter ${name}`);
    assert.ok(!/[\r\n]/.test(value), `raw line break in ${name}`);
    params.set(name, unescape(value));
  }
  assert.ok(!/[\r\n]/.test(m[3]!), 'raw line break in the message');
  return { command: m[1]!, params, message: unescape(m[3]!) };
}

test('github: one annotation per finding, at its file, line and column, in the documented syntax', async () => {
  const d = await workspace('broken');
  const r = run(['lint', '--format', 'github', '--include-info', MANIFESTS], d);
  assert.equal(r.code, 1, r.stderr);
  const json = runJson(['--include-info', MANIFESTS], d).findings;
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.ok(json.length >= 2, 'the broken setup has findings');
  assert.equal(lines.length, json.length);
  const level = { error: 'error', warning: 'warning', info: 'notice' } as const;
  lines.forEach((line, i) => {
    const a = parseAnnotation(line);
    const f = json[i]!;
    assert.equal(a.command, level[f.severity]);
    assert.equal(a.params.get('file'), f.file);
    assert.equal(a.params.get('line'), String(f.line));
    assert.equal(a.params.get('col'), String(f.column));
    assert.equal(a.params.get('endLine'), String(f.endLine));
    assert.equal(a.params.get('endColumn'), String(f.endColumn));
    assert.equal(a.params.get('title'), `calico-tls ${f.rule}`);
    const [first, ...rest] = a.message.split('\n');
    assert.equal(first, f.message);
    assert.deepEqual(
      rest,
      f.related.map((x) => `${x.file}:${x.line}:${x.column}: ${x.message}`),
    );
  });
});

test('github: file names and messages with %, :, , and line breaks survive the escaping', async () => {
  assert.equal(escapeProperty('a,b:c%d\ne'), 'a%2Cb%3Ac%25d%0Ae');
  assert.equal(escapeData('50% done: a, b\r\nc'), '50%25 done: a, b%0D%0Ac');
  const d = await workspace('broken');
  const weird = 'odd,name:100%.yaml';
  writeFileSync(join(d, weird), readFileSync(join(d, MANIFESTS, 'calico-node.yaml'), 'utf8'));
  const r = await runHere(['lint', '--format', 'github', weird], d);
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.ok(lines.length > 0, r.stderr);
  for (const l of lines) assert.equal(parseAnnotation(l).params.get('file'), weird);
});

test('github: no finding, no output (exit 0)', async () => {
  const d = await workspace('fixed');
  const r = run(['lint', '--format', 'github', MANIFESTS], d);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.equal(r.stdout, '');
});

// ---- GitLab: "Code Quality report format" (docs.gitlab.com/ci/testing/code_quality) ----
// An array of issues; each: description (string), check_name (string), fingerprint (string,
// unique per issue), severity (info, minor, major, critical, blocker), location.path (relative
// path), location.lines.begin (integer) or location.positions.begin.line.
const GITLAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', not: { pattern: '^/' } },
          lines: {
            type: 'object',
            required: ['begin'],
            properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } },
          },
        },
      },
    },
  },
};

interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end: number } };
}

function gitlab(d: string): GitlabIssue[] {
  const r = run(['lint', '--format', 'gitlab', '--include-info', MANIFESTS], d);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const out = JSON.parse(r.stdout) as GitlabIssue[];
  const validate = new Ajv({ allErrors: true, strict: true }).compile(GITLAB_SCHEMA);
  assert.ok(validate(out), JSON.stringify(validate.errors));
  return out;
}

test('gitlab: a Code Quality report in the documented shape, one issue per finding, unique fingerprints', async () => {
  const d = await workspace('broken');
  const issues = gitlab(d);
  const json = runJson(['--include-info', MANIFESTS], d).findings;
  assert.equal(issues.length, json.length);
  const sev = { error: 'major', warning: 'minor', info: 'info' } as const;
  issues.forEach((x, i) => {
    const f = json[i]!;
    assert.equal(x.check_name, f.rule);
    assert.equal(x.description, f.message);
    assert.equal(x.severity, sev[f.severity]);
    assert.equal(x.location.path, f.file);
    assert.deepEqual(x.location.lines, { begin: f.line, end: f.endLine });
  });
  assert.equal(new Set(issues.map((x) => x.fingerprint)).size, issues.length, 'fingerprints are unique');
});

test('gitlab: fingerprints survive lines added above and change when the finding changes', async () => {
  const d = await workspace('broken');
  const before = gitlab(d);
  const node = join(d, MANIFESTS, 'calico-node.yaml');
  const text = readFileSync(node, 'utf8');
  writeFileSync(node, `# a comment\n# and another\n${text}`);
  const moved = gitlab(d);
  assert.deepEqual(
    moved.map((x) => x.fingerprint),
    before.map((x) => x.fingerprint),
    'same findings two lines lower keep their fingerprints',
  );
  assert.ok(moved.some((x, i) => x.location.lines.begin === before[i]!.location.lines.begin + 2));
  // Fixing the misspelt name removes that finding; the others keep theirs.
  writeFileSync(node, text.replace('name: FELIX_TYPHA_CAFILE', 'name: FELIX_TYPHACAFILE'));
  const fixed = gitlab(d);
  const gone = before.filter((x) => !fixed.some((y) => y.fingerprint === x.fingerprint));
  assert.ok(
    gone.some((x) => x.check_name === 'unknown-tls-parameter'),
    'the fixed finding is gone',
  );
});

test('gitlab: findings that agree on rule, file, flagged text and message still get distinct fingerprints', () => {
  const f = (line: number): CliFinding => ({
    file: 'a.yaml',
    line,
    column: 3,
    endLine: line,
    endColumn: 9,
    severity: 'warning',
    rule: 'duplicate-key',
    message: 'key tls.crt repeated',
    related: [],
  });
  const out = JSON.parse(formatGitlab([f(3), f(7), f(12)], () => 'tls.crt')) as GitlabIssue[];
  assert.equal(new Set(out.map((x) => x.fingerprint)).size, 3);
  // and the same report again gives the same fingerprints
  assert.deepEqual(
    (JSON.parse(formatGitlab([f(4), f(8), f(13)], () => 'tls.crt')) as GitlabIssue[]).map((x) => x.fingerprint),
    out.map((x) => x.fingerprint),
  );
});
