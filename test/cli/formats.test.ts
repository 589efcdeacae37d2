// `--format stylish` (ESLint-like, aligned, safe for terminals) and `--format sarif` (SARIF
// 2.1.0, validated against the official schema with ajv-draft-04, with the right regions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULES, ruleDocUrl } from '../../server/src/engine';
import { fixture, repoRoot } from '../helpers';
import { MANIFESTS, positionIn, run, runHere, runJson, workspace } from './support';

const NODE = `${MANIFESTS}/calico-node.yaml`;
const ESC = '\u001b';

test('stylish: header per file, aligned `line:col  severity  message  rule` rows, summary', async () => {
  const d = await workspace('broken');
  const r = run(['lint', MANIFESTS], d);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], '', 'starts with an empty line, as ESLint does');
  assert.equal(lines[1], NODE);
  const json = runJson([MANIFESTS], d).findings;
  const rows = lines.filter((l) => /^ {2}\d+:\d+ /.test(l));
  assert.equal(rows.length, json.length);
  for (const f of json) {
    const row = rows.find((l) => l.trimStart().startsWith(`${f.line}:${f.column} `) && l.endsWith(`  ${f.rule}`));
    assert.ok(row, `a row for ${f.rule} at ${f.line}:${f.column}`);
    assert.match(row, new RegExp(`^  ${f.line}:${f.column} +${f.severity} +`));
    assert.ok(row.includes(f.message));
  }
  const p = positionIn(join(d, NODE), 'FELIX_TYPHA_CAFILE', 'name: FELIX_TYPHA_CAFILE');
  assert.ok(r.stdout.includes(`  ${p.line}:${p.column}  error  `));
  // Columns line up: severity and message start at the same offset on every row of a file.
  const sevAt = rows.map((l) => l.indexOf('error'));
  assert.equal(new Set(sevAt).size, 1, rows.join('\n'));
  assert.ok(
    r.stdout.endsWith(`\n\n✖ ${json.length} problems (${json.length} errors, 0 warnings) · 3 files analysed\n`),
    JSON.stringify(r.stdout.slice(-80)),
  );
  // With --include-info the summary counts infos as well.
  assert.match(
    run(['lint', '--include-info', MANIFESTS], d).stdout,
    new RegExp(`✖ ${json.length} problems \\(${json.length} errors, 0 warnings, 0 infos\\) · 3 files analysed\n$`),
  );
  assert.ok(!r.stdout.includes(ESC), 'no colour when stdout is not a TTY');
  // --color forces colours; NO_COLOR/--no-color win over a TTY (not testable here) but never add them.
  assert.ok((await runHere(['lint', '--color', MANIFESTS], d)).stdout.includes(`${ESC}[31m`));
  assert.ok(!run(['lint', '--no-color', MANIFESTS], d, { env: { NO_COLOR: undefined } }).stdout.includes(ESC));
});

test('stylish: a clean run says only how many files it analysed; --quiet not even that', async () => {
  const d = await workspace('fixed');
  const r = run(['lint', MANIFESTS], d);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '✔ no problems · 3 files analysed\n');
  assert.equal(run(['lint', '--quiet', MANIFESTS], d).stdout, '');
});

test('stylish: control characters from the linted file cannot drive the terminal', async () => {
  const d = await workspace('broken');
  const file = join(d, NODE);
  const text = readFileSync(file, 'utf8').replace(
    'value: /calico-node-certs/calico-node.key',
    'value: "/calico-node-certs/\\e]0;pwned\\a\\e[2Jcalico-node.key"',
  );
  assert.ok(text.includes('pwned'));
  writeFileSync(file, text);
  const r = run(['lint', MANIFESTS], d);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /pwned/, 'the message quotes the value');
  assert.ok(!r.stdout.includes(ESC) && !r.stdout.includes('\u0007'), JSON.stringify(r.stdout));
  assert.match(r.stdout, /\\u001b\]0;pwned\\u0007/);
});

type Region = { startLine: number; startColumn: number; endLine: number; endColumn: number };
type Loc = {
  id?: number;
  message?: { text: string };
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region };
};
type Sarif = {
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: Array<{
          id: string;
          shortDescription: { text: string };
          fullDescription: { text: string };
          helpUri: string;
          defaultConfiguration: { level: string };
        }>;
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Loc[];
      relatedLocations?: Loc[];
    }>;
  }>;
};

function validator() {
  const schema = JSON.parse(readFileSync(fixture('schemas', 'sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

test('sarif: valid SARIF 2.1.0 with the rule catalogue and the right regions', async () => {
  const validate = validator();
  const d = await workspace('broken');
  const r = run(['lint', '--format', 'sarif', MANIFESTS], d);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as Sarif;
  const ok = validate(log);
  assert.deepEqual(validate.errors ?? [], [], 'zero schema validation errors');
  assert.ok(ok);
  assert.equal(log.version, '2.1.0');
  assert.equal((log as unknown as { $schema: string }).$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.runs.length, 1);
  const run0 = log.runs[0]!;
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  assert.equal(run0.tool.driver.name, 'calico-tls');
  assert.equal(run0.tool.driver.version, pkg.version);
  assert.match(run0.tool.driver.informationUri, /^https:\/\//);
  assert.deepEqual(
    run0.tool.driver.rules.map((x) => x.id),
    RULES.map((x) => x.meta.id),
  );
  for (const [i, rule] of run0.tool.driver.rules.entries()) {
    const meta = RULES[i]!.meta;
    assert.equal(rule.shortDescription.text, meta.description);
    assert.equal(rule.fullDescription.text, meta.why);
    assert.equal(rule.helpUri, ruleDocUrl(meta.id));
    assert.equal(rule.defaultConfiguration.level, meta.severity === 'info' ? 'note' : meta.severity);
  }
  assert.equal(run0.originalUriBaseIds['%SRCROOT%']!.uri, pathToFileURL(d).href.replace(/\/?$/, '/'));

  // Same findings as the JSON contract, same regions.
  const json = runJson([MANIFESTS], d).findings;
  assert.equal(run0.results.length, json.length);
  for (const f of json) {
    const res = run0.results.find((x) => x.ruleId === f.rule)!;
    assert.equal(run0.tool.driver.rules[res.ruleIndex]!.id, f.rule);
    assert.equal(res.level, f.severity === 'info' ? 'note' : f.severity);
    assert.equal(res.message.text, f.message);
    const loc = res.locations[0]!.physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: f.file, uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, {
      startLine: f.line,
      startColumn: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
    });
    assert.deepEqual(
      (res.relatedLocations ?? []).map((x) => [
        x.id,
        x.message?.text,
        x.physicalLocation.artifactLocation.uri,
        x.physicalLocation.region.startLine,
        x.physicalLocation.region.startColumn,
      ]),
      f.related.map((x, i) => [i + 1, x.message, x.file, x.line, x.column]),
    );
  }
  const unknown = run0.results.find((x) => x.ruleId === 'unknown-tls-parameter')!;
  const p = positionIn(join(d, NODE), 'FELIX_TYPHA_CAFILE', 'name: FELIX_TYPHA_CAFILE');
  assert.deepEqual(unknown.locations[0]!.physicalLocation.region, {
    startLine: p.line,
    startColumn: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
  });
});

test('sarif: a clean run, stdin and odd file names are valid too', async () => {
  const validate = validator();
  const clean = JSON.parse(run(['lint', '--format', 'sarif', MANIFESTS], await workspace('fixed')).stdout) as Sarif;
  assert.ok(validate(clean), JSON.stringify(validate.errors));
  assert.deepEqual(clean.runs[0]!.results, []);
  const d = await workspace('broken');
  const text = readFileSync(join(d, NODE), 'utf8');
  const s = JSON.parse(run(['lint', '--format', 'sarif', '-'], d, { input: text }).stdout) as Sarif;
  assert.ok(validate(s), JSON.stringify(validate.errors));
  assert.ok(s.runs[0]!.results.length > 0);
  writeFileSync(join(d, 'a b#1.yaml'), text);
  const o = JSON.parse(run(['lint', '--format', 'sarif', 'a b#1.yaml'], d).stdout) as Sarif;
  assert.ok(validate(o), JSON.stringify(validate.errors));
  assert.equal(o.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'a%20b%231.yaml');
});
