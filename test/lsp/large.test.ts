// The language server's large-workspace path (issue 21; lsp/large.ts): from 400 files the index
// holds no text or tree of a closed file, the first results come from the CLI's unit-by-unit
// lint on worker threads, and later edits re-lint the units of the edited files in the server's
// thread. Held against the small-workspace path (every tree in memory, incremental by
// component) on the same files: the same diagnostics for every file, before and after edits,
// renames and a deletion, and the same hovers, definitions and outlines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { fixture, repoRoot, walk } from '../helpers';
import { Session, uriOf } from './session';

const PULL = {
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false } },
};

function workspace(): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-large-'));
  cpSync(fixture('corpus'), join(d, 'corpus'), { recursive: true });
  cpSync(fixture('kustomize'), join(d, 'kustomize'), { recursive: true });
  cpSync(join(repoRoot(), 'examples'), join(d, 'examples'), { recursive: true });
  return d;
}

async function pullAll(s: Session, uris: readonly string[]): Promise<Record<string, Diagnostic[]>> {
  const out: Record<string, Diagnostic[]> = {};
  for (const uri of uris) {
    const r = await s.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } }, 60_000);
    if (r.items.length) out[uri] = r.items;
  }
  return out;
}

test('large workspace (units, worker threads): the same diagnostics, hovers and navigation as the small path, through edits', async () => {
  const root = workspace();
  const files = walk(root, (p) => /\.(ya?ml|json|cfg|conf|toml|j2|erb|tpl)$/i.test(p) && !p.endsWith('.md'));
  const uris = files.map(uriOf);
  // Both servers on the same files: one lean from the first file with two worker threads, one
  // that never is.
  const lean = await Session.start(root, {
    capabilities: PULL,
    settings: { concurrency: 2 },
    initializationOptions: { leanFiles: 0 },
  });
  const small = await Session.start(root, { capabilities: PULL, initializationOptions: { leanFiles: 1e9 } });
  try {
    const first = await pullAll(lean, uris);
    assert.deepEqual(first, await pullAll(small, uris), 'first results');
    assert.ok(Object.keys(first).length >= 5, `findings in ${Object.keys(first).length} files`);
    // The lean server took the large path, on two threads; the other did not.
    const said = (s: Session) => s.logs.map((l) => l.message).filter((m) => m.includes('large workspace'));
    assert.match(said(lean).join('\n'), /large workspace: \d+ files in \d+ units, checked on 2 threads/);
    assert.deepEqual(said(small), []);

    // Edits in open documents: a flagged file's findings disabled, an object renamed elsewhere
    // (the cut may change), and a file emptied.
    const flagged = Object.keys(first);
    const edits: Array<[string, (t: string) => string]> = [
      [flagged[0]!, (t) => `# calico-tls-disable-file *\n${t}`],
      [flagged[flagged.length - 1]!, (t) => t.replace(/\n( {2}name: )(\S+)/, '\n$1$2-renamed')],
      [flagged[Math.floor(flagged.length / 2)]!, () => ''],
    ];
    for (const [uri, edit] of edits) {
      const text = readFileSync(new URL(uri), 'utf8');
      for (const s of [lean, small]) {
        await s.open(uri, text);
        await s.change(uri, 2, edit(text));
      }
    }
    const edited = await pullAll(lean, uris);
    assert.deepEqual(edited, await pullAll(small, uris), 'after edits');
    assert.notDeepEqual(edited, first);

    // A closed file deleted on disk.
    const gone = flagged.find((u) => !edits.some(([e]) => e === u)) ?? uris[0]!;
    rmSync(new URL(gone));
    for (const s of [lean, small])
      await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: gone, type: 3 }] });
    const deleted = await pullAll(lean, uris);
    assert.deepEqual(deleted, await pullAll(small, uris), 'after a deletion');
    assert.equal(deleted[gone], undefined);

    // Hovers, definitions and outlines on the open documents and on closed ones with values.
    const probes: Array<{ uri: string; line: number; character: number }> = [];
    for (const f of files) {
      if (!uris.includes(uriOf(f)) || uriOf(f) === gone) continue;
      // A few per file, across every file.
      let mine = 0;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((l, line) => {
          const m =
            /(tls\.crt|ca\.crt|secretName|name|value): (?=FELIX_|TYPHA_|[A-Za-z0-9+/]{40}|\S+-(?:tls|certs?|ca)\b|\/)/.exec(
              l,
            );
          if (!m || mine++ >= 3) return;
          // On the key (parameter hovers) and on the value (decoded certificates, references).
          probes.push({ uri: uriOf(f), line, character: m.index + 1 });
          probes.push({ uri: uriOf(f), line, character: m.index + m[0].length + 1 });
        });
    }
    assert.ok(probes.length >= 10, `${probes.length} probes`);
    let hovers = 0;
    for (const p of probes) {
      const ask = (s: Session, method: string) =>
        s.request(method, { textDocument: { uri: p.uri }, position: { line: p.line, character: p.character } });
      const where = `${relative(root, new URL(p.uri).pathname)}:${p.line + 1}`;
      const hover = await ask(lean, 'textDocument/hover');
      assert.deepEqual(hover, await ask(small, 'textDocument/hover'), `hover ${where}`);
      if (hover) hovers++;
      assert.deepEqual(
        await ask(lean, 'textDocument/definition'),
        await ask(small, 'textDocument/definition'),
        `definition ${where}`,
      );
    }
    assert.ok(hovers >= 10, `${hovers} hovers of ${probes.length} probes`);
    for (const uri of new Set(probes.map((p) => p.uri))) {
      const ask = (s: Session) => s.request('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(await ask(lean), await ask(small), `outline ${uri}`);
    }
  } finally {
    await lean.close();
    await small.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('large workspace: the per-unit results persist in the storage folder; a restart re-lints only what changed', async () => {
  const root = workspace();
  const storage = mkdtempSync(join(tmpdir(), 'calico-tls-storage-'));
  const files = walk(root, (p) => /\.(ya?ml|json|cfg|conf)$/i.test(p));
  const uris = files.map(uriOf);
  const start = (storagePath?: string) =>
    Session.start(root, {
      capabilities: PULL,
      initializationOptions: { leanFiles: 0, ...(storagePath ? { storagePath } : {}) },
    });
  const cold = async (storagePath?: string) => {
    const s = await start(storagePath);
    try {
      const found = await pullAll(s, uris);
      const line = s.logs.map((l) => l.message).find((m) => m.includes('large workspace')) ?? '';
      return { found, line };
    } finally {
      await s.close();
    }
  };
  try {
    const first = await cold(join(storage, 'nested'));
    const m1 = /(\d+) units, (\d+) of them from the cache/.exec(first.line);
    assert.ok(m1, first.line);
    assert.equal(m1[2], '0');
    assert.ok(existsSync(join(storage, 'nested', 'lint-cache.json')));
    // Nothing changed: every unit from the cache, the same diagnostics.
    const second = await cold(join(storage, 'nested'));
    assert.match(second.line, new RegExp(`${m1[1]} units, ${m1[1]} of them from the cache`));
    assert.deepEqual(second.found, first.found);
    // A flagged file edited on disk between sessions: its units are linted again, the rest reused,
    // and the diagnostics are those of a server without a cache.
    const flagged = Object.keys(first.found)[0]!;
    const path = new URL(flagged);
    writeFileSync(path, `# calico-tls-disable-file *\n${readFileSync(path, 'utf8')}`);
    const third = await cold(join(storage, 'nested'));
    const m3 = /(\d+) units, (\d+) of them from the cache/.exec(third.line)!;
    assert.ok(Number(m3[2]) < Number(m3[1]) && Number(m3[2]) > 0, third.line);
    assert.deepEqual(third.found, (await cold()).found);
    assert.equal(third.found[flagged], undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  }
});
