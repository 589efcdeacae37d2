// The template layer (issue 16): one fixture per dialect under test/fixtures/templates, each a
// template with a defect inside a conditional block, annotated at its line. The defect is found
// there and nothing else is; with the defect corrected, the same template is clean (no error, no
// warning), every file analysed in full, with no syntax error from template syntax.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint, resolveFinding } from '../server/src/engine';
import { templateLayer } from '../server/src/engine/parse/template';
import { fixture, read, walk } from './helpers';
import { key, parseAnnotations } from './annotations';

const ROOT = fixture('templates');
const NOW = new Date('2027-06-01T00:00:00Z');

/** How each fixture's defect is corrected: the clean template. */
const FIXES: Record<string, [string, string]> = {
  'jinja-yaml': ['FELIX_TYPHA_CAFILE', 'FELIX_TYPHACAFILE'],
  'jinja-conflist': ['      "etcd_scheme": "https",\n', ''],
  'erb-ini': ['TyphaCAFlie', 'TyphaCAFile'],
  'erb-yaml': [
    'etcdCertFile: /etc/calico/certs/cert.pem\n',
    "etcdCertFile: /etc/calico/certs/cert.pem\n  etcdKeyFile: <%= node['etcd'][@cert_type]['key']['filepath'] %>\n",
  ],
  helm: ['TYPHA_CLIENT_CN', 'TYPHA_CLIENTCN'],
  envsubst: ['FELIX_TYPHA_K8SSERVICENAME', 'FELIX_TYPHAK8SSERVICENAME'],
};

function run(files: Array<{ uri: string; text: string }>) {
  const res = lint(files, { now: NOW });
  assert.deepEqual(res.ruleErrors, []);
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  return {
    res,
    found: res.findings.map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      return key({
        file: relative(ROOT, r.uri),
        line: r.range.start.line,
        start: r.range.start.character,
        end: r.range.end.line === r.range.start.line ? r.range.end.character : Number.MAX_SAFE_INTEGER,
        severity: r.severity,
        rule: r.rule,
      });
    }),
  };
}

const dialects = readdirSync(ROOT).sort();

test('templates: a fixture for every dialect, each with its correction', () => {
  assert.deepEqual(dialects, Object.keys(FIXES).sort());
});

for (const dialect of dialects) {
  test(`templates (${dialect}): the defect inside the conditional is found at its line, nothing else`, () => {
    const files = walk(join(ROOT, dialect)).map((p) => ({ uri: p, text: read(p) }));
    const expected = files.flatMap((f) => parseAnnotations(relative(ROOT, f.uri), f.text)).map(key);
    // One defect each; a misspelt TLS file also leaves its group incomplete (as in examples/).
    assert.ok(expected.length >= 1 && expected.length <= 2, 'one defect per fixture');
    const { res, found } = run(files);
    assert.deepEqual(found.sort(), expected.sort());
    for (const f of res.files) {
      assert.deepEqual(f.syntaxErrors, [], `${f.uri}: template syntax is never a syntax error`);
      assert.deepEqual(f.notes, [], `${f.uri}: analysed in full`);
    }
  });

  test(`templates (${dialect}): corrected, the template is clean`, () => {
    const [from, to] = FIXES[dialect]!;
    const files = walk(join(ROOT, dialect)).map((p) => ({ uri: p, text: read(p) }));
    const fixed = files.map((f) => ({ ...f, text: f.text.includes(from) ? f.text.replace(from, to) : f.text }));
    assert.ok(
      fixed.some((f, i) => f.text !== files[i]!.text),
      'the correction applies',
    );
    const { res } = run(fixed);
    assert.deepEqual(
      res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.message}`),
      [],
    );
  });
}

test('template layer: positions kept, control lines blanked, expressions unknown, arms and insertions recorded', () => {
  const text =
    'env:\n{% if a %}\n  - name: X\n    value: "{{ v }}"\n{% else %}\n  - name: X\n    value: b\n{% endif %}\n{{ include "more" . | nindent 2 }}\n';
  const l = templateLayer(text, 'jinja')!;
  assert.equal(l.masked.length, text.length);
  assert.equal(l.masked.split('\n').length, text.split('\n').length);
  assert.equal(l.masked.split('\n')[1], ' '.repeat('{% if a %}'.length));
  assert.match(l.masked, /value: "x{7}"/);
  assert.deepEqual(
    l.insertions.map((i) => i.column),
    [2],
  );
  const arms = l.arms
    .filter((a) => a.chain === 0)
    .map((a) => [a.arm, text.slice(a.start, a.end).trim().split('\n')[0]]);
  assert.deepEqual(arms, [
    [0, '- name: X'],
    [1, '- name: X'],
  ]);
  // ERB: `<%=` expressions, `<%#` comments, `<%-`/`-%>` trim forms and `<%%` literals.
  const erb = 'a: <%= x %>\n<%# note %>\n<%- if y -%>\nb: 1\n<% end %>\nc: "<%% not a tag"\n';
  const e = templateLayer(erb, 'erb')!;
  assert.equal(e.masked, 'a: xxxxxxxx\n           \n            \nb: 1\n         \nc: "<%% not a tag"\n');
  // Go: `{{-`/`-}}`, comments, and a quoted `}}` inside an action.
  const go = 'k: {{ printf "}}" }}\n{{- /* c */ -}}\n';
  const g = templateLayer(go)!;
  assert.equal(g.masked, `k: ${'x'.repeat(17)}\n${' '.repeat(15)}\n`);
});
