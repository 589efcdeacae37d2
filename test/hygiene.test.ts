// Key hygiene: a workspace holding private keys in every form the engine reads is linted,
// hovered and given code lenses; no byte of any key (PEM body lines, or base64 of the PEM)
// appears in any of that output, including fix texts and related messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Analysis, describeAt, lensesOf, lint, LOCALES, parseFile, type SourceFile } from '../server/src/engine';
import { CLIENT_AUTH, makeCert, SERVER_AUTH } from './certfactory';

/** Every substring of the key that would betray it: PEM body lines and runs of its base64 forms. */
export function secretsOf(keyPems: string[]): string[] {
  const out: string[] = [];
  for (const pem of keyPems) {
    for (const line of pem.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) out.push(line);
    for (const enc of [
      Buffer.from(pem).toString('base64'),
      Buffer.from(Buffer.from(pem).toString('base64')).toString('base64'),
    ]) {
      for (let i = 0; i + 24 <= enc.length; i += 24) out.push(enc.slice(i, i + 24));
    }
  }
  return out;
}

export async function keyWorkspace(): Promise<{ files: SourceFile[]; keys: string[] }> {
  const ca = await makeCert({ cn: 'ca', ca: true });
  const server = await makeCert({
    cn: 'typha-server',
    eku: [SERVER_AUTH],
    issuer: ca,
    key: { kind: 'rsa', bits: 2048 },
  });
  const client = await makeCert({ cn: 'typha-client', eku: [CLIENT_AUTH], issuer: ca });
  const other = await makeCert({ cn: 'other', eku: [CLIENT_AUTH], issuer: ca });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const indent = (s: string, n: number) =>
    s
      .trim()
      .split('\n')
      .map((l) => ' '.repeat(n) + l)
      .join('\n');
  const yaml = `apiVersion: v1
kind: Secret
metadata: {name: typha-certs, namespace: tigera-operator}
data:
  tls.crt: ${b64(server.certPem)}
  tls.key: ${b64(client.keyPem)}
  double.key: ${b64(b64(other.keyPem))}
  ca.crt: ${b64(server.keyPem)}
  pasted.key: ${JSON.stringify(ca.keyPem)}
---
apiVersion: v1
kind: Secret
metadata: {name: node-certs}
stringData:
  tls.key: |
${indent(other.keyPem, 4)}
  cert.crt: |
${indent(other.keyPem, 4)}
---
apiVersion: projectcalico.org/v3
kind: CalicoAPIConfig
spec:
  etcdCert: ${JSON.stringify(client.certPem)}
  etcdKey: ${JSON.stringify(server.keyPem)}
---
apiVersion: v1
kind: Config
users:
  - name: calico
    user:
      client-certificate-data: ${b64(client.certPem)}
      client-key-data: ${b64(ca.keyPem)}
`;
  return {
    files: [
      { uri: 'keys.yaml', text: yaml },
      { uri: 'felix.key', text: client.keyPem },
    ],
    keys: [server.keyPem, client.keyPem, other.keyPem, ca.keyPem],
  };
}

for (const locale of LOCALES)
  test(`no key material in findings, fixes, related messages, hovers or code lenses (${locale})`, async () => {
    const { files, keys } = await keyWorkspace();
    const res = lint(files, { locale });
    assert.ok(res.findings.length >= 5, `the workspace should produce findings (got ${res.findings.length})`);
    const outputs: string[] = [JSON.stringify(res.findings)];
    const a = new Analysis(
      files.map((f) => parseFile(f)),
      { locale },
    );
    for (const f of files) {
      for (let off = 0; off < f.text.length; off += 7) {
        const d = describeAt(a, f.uri, off);
        if (d) outputs.push(d.markdown, d.summary);
      }
      for (const l of lensesOf(a, f.uri)) outputs.push(l.markdown, l.summary);
    }
    assert.ok(
      outputs.some((o) => /private key|Private key|私钥/.test(o)),
      'keys are described',
    );
    const all = outputs.join('\n');
    for (const s of secretsOf(keys)) assert.ok(!all.includes(s), `key bytes leaked: ${s.slice(0, 6)}...`);
  });

test('no key material in CLI output (stylish, json, sarif) or anything the language server sends', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { spawnSync } = await import('node:child_process');
  const { repoRoot } = await import('./helpers');
  const { startServer } = await import('./lsp/client');
  const { files, keys } = await keyWorkspace();
  const dir = mkdtempSync(join(tmpdir(), 'calico-tls-keys-'));
  for (const f of files) writeFileSync(join(dir, f.uri), f.text);
  const outputs: string[] = [];
  for (const format of ['stylish', 'json', 'sarif'])
    for (const locale of LOCALES) {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot(), 'dist', 'cli.js'), 'lint', '--include-info', '--locale', locale, '--format', format, '.'],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(r.status, 1, r.stderr);
      outputs.push(r.stdout, r.stderr);
    }
  const c = await startServer(dir, {
    textDocument: { publishDiagnostics: { relatedInformation: true } },
    workspace: { configuration: true },
  });
  const messages: unknown[] = [];
  c.conn.onNotification('window/logMessage', (m: unknown) => messages.push(m));
  c.conn.onNotification('window/showMessage', (m: unknown) => messages.push(m));
  try {
    for (const f of files) {
      const uri = `file://${join(dir, f.uri)}`;
      c.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: f.text },
      });
      const diags = await c.waitFor(uri, () => true);
      messages.push(diags);
      const lines = f.text.split('\n');
      for (let line = 0; line < lines.length; line++) {
        for (const character of [2, 8, 14, 40])
          messages.push(
            await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }),
          );
      }
      messages.push(await c.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } }));
      for (const d of diags)
        messages.push(
          await c.conn.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [d] },
          }),
        );
      messages.push(
        await c.conn.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          context: { diagnostics: [], only: ['source.fixAll'] },
        }),
      );
    }
  } finally {
    await c.close();
  }
  outputs.push(JSON.stringify(messages));
  const all = outputs.join('\n');
  assert.ok(all.includes('private-key-invalid') && all.includes('Private key'), 'the outputs are about the keys');
  for (const s of secretsOf(keys)) assert.ok(!all.includes(s), `key bytes leaked: ${s.slice(0, 6)}...`);
});
