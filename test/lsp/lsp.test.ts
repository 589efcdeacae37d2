// The built language server driven over stdio as an editor drives it: diagnostics with exact
// ranges (push and pull), a cross-file finding from a file never opened, quick fixes that
// clear their diagnostic, fix-all with safe fixes only, disable-for-this-line, settings
// changes without restart, hovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers';
import { startServer } from './client';

function ws(example: string): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  cpSync(join(repoRoot(), 'examples', example), d, { recursive: true });
  return d;
}

function position(text: string, needle: string): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let t = text;
  for (const e of sorted) t = t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end));
  return t;
}

const PUSH = { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } };
const PULL = { textDocument: { diagnostic: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true, diagnostics: { refreshSupport: true } } };

test('push: exact ranges; a quick fix applied clears its diagnostic', async () => {
  const root = ws('typha-felix-broken');
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/calico-node.yaml`;
    let text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'unknown-tls-parameter'));
    const d = diags.find((x) => x.code === 'unknown-tls-parameter')!;
    const p = position(text, 'FELIX_TYPHA_CAFILE');
    assert.deepEqual(d.range, { start: p, end: { line: p.line, character: p.character + 'FELIX_TYPHA_CAFILE'.length } });
    assert.equal(d.source, 'calico-tls');
    assert.equal(d.severity, 1);
    assert.ok(d.codeDescription?.href.endsWith('unknown-tls-parameter.md'));
    const actions = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const rename = actions.find((a) => a.title === 'Rename to FELIX_TYPHACAFILE')!;
    assert.ok(rename && rename.isPreferred);
    assert.ok(actions.some((a) => a.title === 'Disable unknown-tls-parameter for this line'));
    text = apply(text, rename.edit!.changes![uri]!);
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const after = await c.waitFor(uri, (x) => !x.some((y) => y.code === 'unknown-tls-parameter'));
    assert.ok(!after.some((x) => x.code === 'felix-typha-tls-incomplete'), 'the incomplete-TLS finding it caused is gone too');
  } finally {
    await c.close();
  }
});

test('pull: a cross-file finding comes from a file that was never opened', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  cpSync(join(repoRoot(), 'test/fixtures/rules/typha-tls-one-sided/typha-requires'), root, { recursive: true });
  const c = await startServer(root, PULL);
  try {
    const uri = `file://${root}/calico-node.yaml`;
    const text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const res = (await c.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
    assert.equal(res.kind, 'full');
    const d = res.items.find((x) => x.code === 'typha-tls-one-sided');
    assert.ok(d, JSON.stringify(res.items.map((x) => x.code)));
    assert.deepEqual(d.range.start, position(text, 'FELIX_TYPHAK8SSERVICENAME'));
    assert.ok(d.relatedInformation?.some((r) => r.location.uri === `file://${root}/calico-typha.yaml`));
  } finally {
    await c.close();
  }
});

test('fix-all applies only safe fixes; disable-for-this-line silences the diagnostic', async () => {
  const root = ws('typha-felix-broken');
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/calico-node.yaml`;
    let text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diags = await c.waitFor(uri, (d) => d.some((x) => x.code === 'felix-typha-parameter-case'));
    const all = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    assert.equal(all.length, 1);
    const edits = all[0]!.edit!.changes![uri]!;
    // Safe: the two renames. Not included: the unsafe path change for the missing key file.
    assert.deepEqual(edits.map((e) => e.newText).sort(), ['FELIX_TYPHACAFILE', 'FELIX_TYPHACN']);
    const keyMissing = diags.find((x) => x.code === 'tls-file-key-missing')!;
    const acts = (await c.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: keyMissing.range, context: { diagnostics: [keyMissing] } })) as CodeAction[];
    const disable = acts.find((a) => a.title === 'Disable tls-file-key-missing for this line')!;
    assert.match(disable.edit!.changes![uri]![0]!.newText, /# calico-tls-disable-next-line tls-file-key-missing -- <reason>/);
    text = apply(text, disable.edit!.changes![uri]!);
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    await c.waitFor(uri, (x) => !x.some((y) => y.code === 'tls-file-key-missing') && x.some((y) => y.code === 'felix-typha-parameter-case'));
  } finally {
    await c.close();
  }
});

test('settings: changing a rule severity takes effect without restart', async () => {
  const root = ws('typha-felix-broken');
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/calico-node.yaml`;
    const text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await c.waitFor(uri, (d) => d.some((x) => x.code === 'felix-typha-parameter-case' && x.severity === 1));
    c.settings = { rules: { 'felix-typha-parameter-case': 'warning' } };
    c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await c.waitFor(uri, (d) => d.some((x) => x.code === 'felix-typha-parameter-case' && x.severity === 2));
    c.settings = { rules: { 'felix-typha-parameter-case': 'off' } };
    c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await c.waitFor(uri, (d) => !d.some((x) => x.code === 'felix-typha-parameter-case'));
  } finally {
    await c.close();
  }
});

test('hover: rule documentation on a diagnostic, decoded certificate on a Secret value (no key bytes)', async () => {
  const root = ws('typha-felix-fixed');
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/certs.yaml`;
    const text = readFileSync(join(root, 'certs.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await c.waitFor(uri, () => true);
    const at = position(text, 'tls.crt: ');
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: at.line, character: at.character + 12 } })) as { contents: { value: string } } | null;
    assert.ok(h, 'hover');
    assert.match(h.contents.value, /CN=typha-server/);
    assert.match(h.contents.value, /Calico TLS example CA/);
    assert.match(h.contents.value, /serverAuth/);
    const k = position(text, 'tls.key: ');
    const hk = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: k.line, character: k.character + 12 } })) as { contents: { value: string } } | null;
    assert.match(hk!.contents.value, /Private key, ECDSA P-256/);
    const keyB64 = text.slice(text.indexOf('tls.key: ') + 9).split('\n')[0]!;
    assert.ok(!hk!.contents.value.includes(keyB64.slice(0, 24)));
    const lenses = (await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Array<{ command: { title: string } }>;
    assert.ok(lenses.some((l) => /typha-server · issuer Calico TLS example CA/.test(l.command.title)), JSON.stringify(lenses.map((l) => l.command.title)));
  } finally {
    await c.close();
  }
});

test('completion over LSP: enum values with a replacing text edit', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  const c = await startServer(root, PUSH);
  try {
    const uri = `file://${root}/installation.yaml`;
    const text = 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  certificateManagement:\n    keyAlgorithm: ECDSA\n';
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const items = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 23 } })) as Array<{ label: string; textEdit: { range: { start: { character: number } } } }>;
    assert.ok(items.some((i) => i.label === 'ECDSAWithCurve384'));
    assert.equal(items[0]!.textEdit.range.start.character, 18);
  } finally {
    await c.close();
  }
});

test('workspace/executeCommand calicoTls.generate writes a set other editors can use; no overwrite without asking', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  const c = await startServer(root, PUSH);
  try {
    const outDir = join(root, 'certs');
    const r = (await c.conn.sendRequest('workspace/executeCommand', { command: 'calicoTls.generate', arguments: [{ set: 'typha', options: { identity: 'spiffe', layout: 'operator' }, outDir }] })) as { written: string[] };
    assert.ok(r.written.some((f) => f.endsWith('typha-felix-operator.yaml')), JSON.stringify(r));
    const { statSync } = await import('node:fs');
    assert.equal(statSync(join(outDir, 'typha.key')).mode & 0o777, 0o600);
    const again = (await c.conn.sendRequest('workspace/executeCommand', { command: 'calicoTls.generate', arguments: [{ set: 'typha', outDir }] })) as { existing: string[] };
    assert.ok(again.existing.length > 0);
    const bad = (await c.conn.sendRequest('workspace/executeCommand', { command: 'calicoTls.generate', arguments: [{ set: 'manager', options: { dnsNames: ['bad name'] }, outDir: join(root, 'm') }] })) as { error: string };
    assert.match(bad.error, /not a valid DNS name/);
  } finally {
    await c.close();
  }
});

test('navigation: definition, references, document symbols, parameter hover and workspace-aware completion at exact positions', async () => {
  const root = ws('typha-felix-fixed');
  const c = await startServer(root, PUSH);
  try {
    const nodeUri = `file://${root}/calico-node.yaml`;
    const certsUri = `file://${root}/certs.yaml`;
    const node = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    const certs = readFileSync(join(root, 'certs.yaml'), 'utf8');
    c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: nodeUri, languageId: 'yaml', version: 1, text: node } });
    await c.waitFor(nodeUri, () => true);
    type Loc = { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
    // secretName -> the Secret's name
    const sn = position(node, 'secretName: calico-node-certs');
    let defs = (await c.conn.sendRequest('textDocument/definition', { textDocument: { uri: nodeUri }, position: { line: sn.line, character: sn.character + 15 } })) as Loc[];
    const secretLine = certs.slice(0, certs.indexOf('name: calico-node-certs')).split('\n').length - 1;
    assert.deepEqual(defs, [{ uri: certsUri, range: { start: { line: secretLine, character: 8 }, end: { line: secretLine, character: 8 + 'calico-node-certs'.length } } }]);
    // a TLS file path in env -> the Secret key behind it
    const kp = position(node, '/calico-node-certs/tls.key');
    defs = (await c.conn.sendRequest('textDocument/definition', { textDocument: { uri: nodeUri }, position: { line: kp.line, character: kp.character + 3 } })) as Loc[];
    const keyLine = certs.split('\n').findIndex((l, i, all) => l.startsWith('  tls.key:') && all.slice(0, i).some((x) => x.includes('name: calico-node-certs')));
    assert.deepEqual(defs, [{ uri: certsUri, range: { start: { line: keyLine, character: 2 }, end: { line: keyLine, character: 9 } } }]);
    // references from the Secret to everything that mounts it
    const refs = (await c.conn.sendRequest('textDocument/references', { textDocument: { uri: certsUri }, position: { line: secretLine, character: 10 }, context: { includeDeclaration: false } })) as Loc[];
    assert.deepEqual(refs.map((r) => [r.uri, r.range.start.line]), [[nodeUri, sn.line]]);
    // document symbols per object, containers as children
    const syms = (await c.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: nodeUri } })) as Array<{ name: string; children: Array<{ name: string }> }>;
    assert.deepEqual(syms.map((s) => [s.name, s.children.map((x) => x.name)]), [['DaemonSet kube-system/calico-node', ['calico-node']]]);
    // hover on a parameter name
    const pn = position(node, 'FELIX_TYPHACAFILE');
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: nodeUri }, position: { line: pn.line, character: pn.character + 3 } })) as { contents: { value: string }; range: Loc['range'] };
    assert.match(h.contents.value, /Felix parameter `TyphaCAFile`/);
    assert.match(h.contents.value, /Local only/);
    assert.deepEqual(h.range, { start: pn, end: { line: pn.line, character: pn.character + 'FELIX_TYPHACAFILE'.length } });
    // completion of TyphaCN from the certificates in the workspace
    const cn = position(node, 'value: typha-server');
    const items = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: nodeUri }, position: { line: cn.line, character: cn.character + 'value: '.length } })) as Array<{ label: string }>;
    assert.deepEqual(items.map((i) => i.label).sort(), ['typha-client', 'typha-server']);
  } finally {
    await c.close();
  }
});
