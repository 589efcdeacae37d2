import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disableNextLineEdit, isIgnored, lint, parseFile, parseProjectConfig, RULES } from '../server/src/engine';

const ids = new Set(RULES.map((r) => r.meta.id));
const node = (comment: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node}
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: calico/node:v3.30.0
          env:
${comment}            - name: FELIX_TYPHA_CAFILE
              value: ""
`;

test('suppression: disable-next-line with and without rule ids, stacked, and disable-file', () => {
  assert.equal(lint([{ uri: 'a.yaml', text: node('') }]).findings.length, 1);
  assert.equal(
    lint([
      { uri: 'a.yaml', text: node('            # calico-tls-disable-next-line unknown-tls-parameter -- migrating\n') },
    ]).findings.length,
    0,
  );
  assert.equal(
    lint([{ uri: 'a.yaml', text: node('            # calico-tls-disable-next-line syntax-error -- other rule\n') }])
      .findings.length,
    1,
  );
  assert.equal(
    lint([{ uri: 'a.yaml', text: node('            # calico-tls-disable-next-line\n') }]).findings.length,
    0,
  );
  assert.equal(
    lint([
      {
        uri: 'a.yaml',
        text: node(
          '            # calico-tls-disable-next-line syntax-error\n            # calico-tls-disable-next-line unknown-tls-parameter\n',
        ),
      },
    ]).findings.length,
    0,
  );
  assert.equal(
    lint([{ uri: 'a.yaml', text: '# calico-tls-disable-file unknown-tls-parameter\n' + node('') }]).findings.length,
    0,
  );
});

test('suppression: the disable edit inserts a comment that silences the finding', () => {
  const text = node('');
  const f = parseFile({ uri: 'a.yaml', text });
  const res = lint([{ uri: 'a.yaml', text }]);
  const line = f.lines.positionAt(res.findings[0]!.span.start).line;
  const e = disableNextLineEdit(f, line, 'unknown-tls-parameter');
  const fixed = text.slice(0, e.start) + e.newText + text.slice(e.end);
  assert.match(e.newText, /^ {12}# calico-tls-disable-next-line unknown-tls-parameter -- <reason>\n$/);
  assert.equal(lint([{ uri: 'a.yaml', text: fixed }]).findings.length, 0);
});

test('config: severities, off, ignore globs and problems', () => {
  const { config, problems } = parseProjectConfig(
    'rules:\n  unknown-tls-parameter: warning\n  syntax-error: off\nignore: [vendor/**, "charts/"]\nexpiryWarningDays: 14\n',
    ids,
  );
  assert.deepEqual(problems, []);
  assert.equal(config.expiryWarningDays, 14);
  const res = lint([{ uri: 'a.yaml', text: node('') }], { rules: config.rules });
  assert.deepEqual(
    res.findings.map((f) => f.severity),
    ['warning'],
  );
  assert.equal(
    lint([{ uri: 'a.yaml', text: node('') }], { rules: { 'unknown-tls-parameter': 'off' } }).findings.length,
    0,
  );
  assert.ok(isIgnored('vendor/x/a.yaml', config.ignore));
  assert.ok(isIgnored('charts/calico/templates/a.yaml', config.ignore));
  assert.ok(!isIgnored('manifests/a.yaml', config.ignore));
  const bad = parseProjectConfig(
    'rules:\n  no-such-rule: error\n  syntax-error: loud\nfoo: 1\nexpiryWarningDays: -1\n',
    ids,
  );
  assert.equal(bad.problems.length, 4);
  assert.deepEqual(parseProjectConfig('{{ not yaml', ids).problems.length, 1);
});

test('a rule that throws is isolated: the others still report', async () => {
  const { RULES: rules } = await import('../server/src/engine');
  const victim = rules.find((r) => r.meta.id === 'syntax-error')!;
  const original = victim.check;
  (victim as { check: typeof original }).check = () => {
    throw new Error('boom');
  };
  try {
    const res = lint([{ uri: 'a.yaml', text: node('') }]);
    assert.equal(res.findings.length, 1);
    assert.equal(res.ruleErrors.length, 1);
    assert.equal(res.ruleErrors[0]!.rule, 'syntax-error');
  } finally {
    (victim as { check: typeof original }).check = original;
  }
});
