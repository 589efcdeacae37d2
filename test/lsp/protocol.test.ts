// The built language server over stdio, driven as editors drive it: push mode for clients
// without pull diagnostics, pull mode with a cross-file finding from a file never opened,
// quick fixes / fix-all / disable comments from Diagnostic.data, settings without restart,
// file events and `.calico-tls.yaml`, and staying up when the client misbehaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClientCapabilities, CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { fixture, repoRoot } from '../helpers';
import { applyEdits, positionOf, Session, uriOf } from './session';

const PUSH: ClientCapabilities = {
  textDocument: { publishDiagnostics: { relatedInformation: true } },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
};
const PULL: ClientCapabilities = {
  textDocument: {
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true },
  },
  workspace: {
    configuration: true,
    diagnostics: { refreshSupport: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
};

const range = (line: number, character: number, length: number) => ({
  start: { line, character },
  end: { line, character: character + length },
});

function copyFixture(name: string): string {
  const d = mkdtempSync(join(tmpdir(), 'calico-tls-lsp-'));
  cpSync(fixture('lsp', name), d, { recursive: true });
  return d;
}

async function codeActions(s: Session, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const r = diagnostics[0]?.range ?? range(0, 0, 0);
  return s.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: r,
    context: { diagnostics, ...(only ? { only } : {}) },
  });
}

function editsFor(a: CodeAction | undefined, uri: string): TextEdit[] {
  assert.ok(a?.edit?.changes?.[uri], `action ${a?.title} has edits for ${uri}`);
  return a.edit.changes[uri];
}

test('A push: exact ranges, related info, rule-doc link; the rename quick fix clears its diagnostic', async () => {
  const root = fixture('lsp', 'typha-push');
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    assert.equal(
      s.initializeResult?.capabilities.diagnosticProvider,
      undefined,
      'no pull diagnostics for a client without them',
    );
    const uri = uriOf(join(root, 'calico-node.yaml'));
    let text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    await s.open(uri, text);
    const diags = await s.diagnostics(uri, (d) => d.some((x) => x.code === 'unknown-tls-parameter'));
    // The misspelt name is the root cause: one diagnostic, at it (issue 19 item 10).
    assert.deepEqual(diags.map((d) => d.code).sort(), ['unknown-tls-parameter']);

    const d = diags.find((x) => x.code === 'unknown-tls-parameter')!;
    // `            - name: FELIX_TYPHA_KEYFILE` is line 33 (1-based): the name scalar exactly.
    assert.deepEqual(d.range, range(32, 20, 'FELIX_TYPHA_KEYFILE'.length));
    assert.equal(text.split('\n')[32]!.slice(20, 39), 'FELIX_TYPHA_KEYFILE');
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'calico-tls');
    assert.match(d.message, /FELIX_TYPHA_KEYFILE is not a Felix parameter/);
    const href = d.codeDescription?.href ?? '';
    assert.ok(href.startsWith('file://') && href.endsWith('/docs/rules/unknown-tls-parameter.md'), href);
    assert.ok(existsSync(fileURLToPath(href)), 'the linked rule page exists');
    const data = d.data as {
      rule: string;
      fixes: Array<{ title: string; safety: string; edits: Array<{ uri: string; range: unknown; newText: string }> }>;
    };
    assert.equal(data.rule, 'unknown-tls-parameter');
    assert.deepEqual(data.fixes, [
      {
        title: 'Rename to FELIX_TYPHAKEYFILE',
        safety: 'safe',
        edits: [{ uri, range: d.range, newText: 'FELIX_TYPHAKEYFILE' }],
      },
    ]);

    // What it breaks is said there, and where that shows is a related location: the TLS group,
    // incomplete without the key file, reported on its first setting when the name is not misspelt.
    assert.match(d.message, /As written: Felix TLS is incomplete .* FELIX_TYPHAKEYFILE is not\./);
    assert.deepEqual(
      d.relatedInformation?.map((r) => [
        r.location.uri,
        r.location.range.start.line,
        r.location.range.start.character,
        r.message,
      ]),
      [[uri, 28, 20, 'as written, felix-typha-tls-incomplete applies here']],
    );

    // The client gets file watchers registered, including the project config.
    const watchers = s.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions as
      { watchers: Array<{ globPattern: string }> } | undefined;
    assert.ok(
      watchers?.watchers.some((w) => w.globPattern.includes('.calico-tls.yaml')),
      JSON.stringify(s.registrations),
    );

    // Without `only`, the list also carries the fix-all source action (editors filter by kind).
    const actions = (await codeActions(s, uri, [d])).filter((a) => a.kind === 'quickfix');
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Rename to FELIX_TYPHAKEYFILE',
        'Disable unknown-tls-parameter for this line',
        'Disable unknown-tls-parameter for the entire file',
        'Show documentation for unknown-tls-parameter',
      ],
    );
    const rename = actions[0]!;
    assert.equal(rename.kind, 'quickfix');
    assert.equal(rename.isPreferred, true);
    assert.deepEqual(
      rename.diagnostics?.map((x) => x.code),
      ['unknown-tls-parameter'],
    );
    assert.deepEqual(actions[3]!.command, {
      title: 'Show rule documentation',
      command: 'calicoTls.showRuleDocumentation',
      arguments: ['unknown-tls-parameter'],
    });
    const fileWide = editsFor(actions[2], uri);
    assert.deepEqual(fileWide, [
      { range: range(0, 0, 0), newText: '# calico-tls-disable-file unknown-tls-parameter\n' },
    ]);

    // Matched by source + code, never by message text.
    const reworded = await codeActions(s, uri, [{ ...d, message: 'reworded by the editor' }]);
    assert.equal(reworded[0]?.title, 'Rename to FELIX_TYPHAKEYFILE');
    assert.deepEqual(await codeActions(s, uri, [{ ...d, source: 'yaml' }], ['quickfix']), []);

    text = applyEdits(text, editsFor(rename, uri));
    assert.match(text, /- name: FELIX_TYPHAKEYFILE\n/);
    await s.change(uri, 2, text);
    // With the key file named correctly the whole setup is consistent: nothing left.
    await s.diagnostics(uri, (x) => x.length === 0, 'no diagnostics after the fix');
    const st = await s.until('status with no errors', () => s.statuses.at(-1)?.errors === 0 && s.statuses.at(-1));
    assert.deepEqual(st, { files: 3, errors: 0, warnings: 0 });
  } finally {
    await s.close();
  }
});

test('B pull: a never-opened calico-typha.yaml makes calico-node.yaml report typha-tls-one-sided', async () => {
  const root = fixture('lsp', 'one-sided');
  const s = await Session.start(root, { capabilities: PULL });
  try {
    const provider = s.initializeResult?.capabilities.diagnosticProvider as
      { interFileDependencies: boolean; workspaceDiagnostics: boolean } | undefined;
    assert.equal(provider?.interFileDependencies, true);
    const uri = uriOf(join(root, 'calico-node.yaml'));
    const text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    await s.open(uri, text);
    const res = await s.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri },
    });
    assert.equal(res.kind, 'full');
    assert.deepEqual(
      res.items.map((d) => d.code),
      ['typha-tls-one-sided'],
    );
    const d = res.items[0]!;
    assert.deepEqual(d.range, range(22, 20, 'FELIX_TYPHAK8SSERVICENAME'.length));
    assert.deepEqual(d.range.start, positionOf(text, 'FELIX_TYPHAK8SSERVICENAME'));
    const typha = readFileSync(join(root, 'calico-typha.yaml'), 'utf8');
    assert.deepEqual(
      d.relatedInformation?.map((r) => ({ uri: r.location.uri, range: r.location.range })),
      [
        {
          uri: uriOf(join(root, 'calico-typha.yaml')),
          range: {
            start: positionOf(typha, 'TYPHA_CAFILE'),
            end: { ...positionOf(typha, 'TYPHA_CAFILE'), character: positionOf(typha, 'TYPHA_CAFILE').character + 12 },
          },
        },
      ],
    );
    // Pull mode: nothing is pushed, not even for the never-opened file.
    await s.until('a status notification', () => s.statuses.length > 0);
    assert.equal(s.pushLog.length, 0);
    // A file the workspace does not have: an empty report, not an error.
    const none = await s.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', {
      textDocument: { uri: uriOf(join(root, 'nope.yaml')) },
    });
    assert.deepEqual(none, { kind: 'full', items: [] });
  } finally {
    await s.close();
  }
});

test('C fix-all takes only safe fixes as one edit; "disable for this line" silences exactly that diagnostic', async () => {
  const root = fixture('lsp', 'fix-all');
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    const uri = uriOf(join(root, 'calico-node.yaml'));
    let text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    await s.open(uri, text);
    const diags = await s.diagnostics(uri, (d) => d.some((x) => x.code === 'tls-file-key-missing'));
    assert.deepEqual(
      diags.map((d) => d.code),
      ['unknown-tls-parameter', 'tls-file-key-missing', 'felix-typha-parameter-case'],
    );

    // The key-path fix exists but is unsafe: offered, not preferred, not part of fix-all.
    const keyMissing = diags.find((x) => x.code === 'tls-file-key-missing')!;
    const keyActions = await codeActions(s, uri, [keyMissing], ['quickfix']);
    const unsafe = (
      keyMissing.data as { fixes: Array<{ title: string; safety: string; edits: Array<{ newText: string }> }> }
    ).fixes;
    assert.ok(unsafe.length > 0 && unsafe.every((f) => f.safety === 'unsafe'), JSON.stringify(unsafe));
    assert.ok(keyActions.some((a) => a.title === unsafe[0]!.title && !a.isPreferred));
    assert.ok(!keyActions.some((a) => a.kind?.startsWith('source')), 'a quickfix request gets no source actions');

    for (const only of [['source.fixAll'], ['source.fixAll.calico-tls']]) {
      const all = await codeActions(s, uri, [], only);
      assert.equal(all.length, 1, JSON.stringify(only));
      assert.equal(all[0]!.kind, 'source.fixAll.calico-tls');
      assert.deepEqual(Object.keys(all[0]!.edit?.changes ?? {}), [uri]);
      const edits = editsFor(all[0], uri);
      assert.deepEqual(
        edits.map((e) => [e.range.start.line, e.newText]),
        [
          [22, 'FELIX_TYPHACAFILE'],
          [28, 'FELIX_TYPHACN'],
        ],
      );
      assert.ok(!edits.some((e) => unsafe.some((f) => f.edits.some((x) => x.newText === e.newText))));
    }

    // Disable tls-file-key-missing on its line (the `value:` line, 1-based 28).
    assert.equal(keyMissing.range.start.line, 27);
    const disable = keyActions.find((a) => a.title === 'Disable tls-file-key-missing for this line');
    const edits = editsFor(disable, uri);
    assert.deepEqual(edits, [
      {
        range: range(27, 0, 0),
        newText: '              # calico-tls-disable-next-line tls-file-key-missing -- <reason>\n',
      },
    ]);
    text = applyEdits(text, edits);
    await s.change(uri, 2, text);
    const after = await s.diagnostics(
      uri,
      (x) => !x.some((y) => y.code === 'tls-file-key-missing'),
      'the disabled diagnostic gone',
    );
    assert.deepEqual(
      after.map((d) => d.code),
      ['unknown-tls-parameter', 'felix-typha-parameter-case'],
    );

    // Fix-all on top: the renames land, the group becomes complete, nothing is left.
    const all = await codeActions(s, uri, [], ['source.fixAll']);
    text = applyEdits(text, editsFor(all[0], uri));
    await s.change(uri, 3, text);
    await s.diagnostics(uri, (x) => x.length === 0, 'clean after fix-all');
  } finally {
    await s.close();
  }
});

test('D settings: calicoTls.rules changes a severity without restart (workspace/configuration)', async () => {
  const root = fixture('lsp', 'typha-push');
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    const uri = uriOf(join(root, 'calico-node.yaml'));
    await s.open(uri, readFileSync(join(root, 'calico-node.yaml'), 'utf8'));
    await s.diagnostics(uri, (d) => d.some((x) => x.code === 'unknown-tls-parameter' && x.severity === 1));
    const asked = s.configurationRequests;
    assert.ok(asked >= 1, 'settings come from workspace/configuration');

    s.settings = { rules: { 'unknown-tls-parameter': 'warning' } };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    const d = await s.diagnostics(
      uri,
      (x) => x.some((y) => y.code === 'unknown-tls-parameter' && y.severity === 2),
      'severity warning',
    );
    assert.ok(!d.some((x) => x.code === 'felix-typha-tls-incomplete'), 'the consequence stays folded into it');
    assert.ok(s.configurationRequests > asked);

    // With the misspelt name's rule off, its consequence is reported by its own rule, at its severity.
    s.settings = { rules: { 'unknown-tls-parameter': 'off' } };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    const off = await s.diagnostics(
      uri,
      (x) => !x.some((y) => y.code === 'unknown-tls-parameter'),
      'unknown-tls-parameter off',
    );
    assert.equal(off.find((x) => x.code === 'felix-typha-tls-incomplete')?.severity, 1, 'other rules keep theirs');

    s.settings = { rules: { 'unknown-tls-parameter': 'info' } };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    await s.diagnostics(
      uri,
      (x) => x.some((y) => y.code === 'unknown-tls-parameter' && y.severity === 3),
      'severity info',
    );

    // A malformed severity is ignored, not fatal: back to the default.
    s.settings = { rules: { 'unknown-tls-parameter': 'loud' } };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    await s.diagnostics(
      uri,
      (x) => x.some((y) => y.code === 'unknown-tls-parameter' && y.severity === 1),
      'default severity again',
    );

    s.settings = { enable: false };
    await s.notify('workspace/didChangeConfiguration', { settings: null });
    await s.diagnostics(uri, (x) => x.length === 0, 'nothing when disabled');
  } finally {
    await s.close();
  }
});

test('settings from clients without workspace/configuration: initializationOptions, then the didChangeConfiguration payload', async () => {
  const root = fixture('lsp', 'typha-push');
  const caps: ClientCapabilities = { textDocument: { publishDiagnostics: { relatedInformation: false } } };
  const s = await Session.start(root, {
    capabilities: caps,
    initializationOptions: { settings: { rules: { 'unknown-tls-parameter': 'warning' } } },
  });
  try {
    const uri = uriOf(join(root, 'calico-node.yaml'));
    await s.open(uri, readFileSync(join(root, 'calico-node.yaml'), 'utf8'));
    const d = await s.diagnostics(uri, (x) => x.some((y) => y.code === 'unknown-tls-parameter' && y.severity === 2));
    assert.equal(s.configurationRequests, 0);
    assert.ok(
      d.every((x) => x.relatedInformation === undefined),
      'no related information for a client without it',
    );
    await s.notify('workspace/didChangeConfiguration', {
      settings: { calicoTls: { rules: { 'unknown-tls-parameter': 'off' } } },
    });
    await s.diagnostics(uri, (x) => x.length > 0 && !x.some((y) => y.code === 'unknown-tls-parameter'), 'rule off');
  } finally {
    await s.close();
  }
});

test('pull: a change on disk to another file sends workspace/diagnostic/refresh and the next pull reflects it', async () => {
  const root = copyFixture('one-sided');
  const s = await Session.start(root, { capabilities: PULL });
  try {
    const uri = uriOf(join(root, 'calico-node.yaml'));
    await s.open(uri, readFileSync(join(root, 'calico-node.yaml'), 'utf8'));
    let res = await s.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(
      res.items.map((d) => d.code),
      ['typha-tls-one-sided'],
    );
    await s.until('the first refresh', () => s.refreshes > 0);
    const before = s.refreshes;
    // Typha stops requiring TLS: drop its TYPHA_* variables.
    const typhaPath = join(root, 'calico-typha.yaml');
    const typha = readFileSync(typhaPath, 'utf8').replace(/ {10}env:\n( {12}.*\n)+?(?= {10}volumeMounts)/, '');
    assert.ok(!typha.includes('TYPHA_CAFILE'));
    writeFileSync(typhaPath, typha);
    await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(typhaPath), type: 2 }] });
    // As an editor does: pull again on every refresh; a refresh for an earlier change may still
    // be in flight, so the one that reflects the disk change can be the second.
    let seen = before;
    for (let i = 0; i < 5; i++) {
      await s.until('a refresh after the change', () => s.refreshes > seen);
      seen = s.refreshes;
      res = await s.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      if (res.items.length === 0) break;
    }
    assert.deepEqual(res.items, []);
  } finally {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('file events and .calico-tls.yaml: ignore globs and rule severities re-lint; skipped folders stay out; a refused registration is survived', async () => {
  const root = copyFixture('typha-push');
  const s = await Session.start(root, { capabilities: PUSH, refuseRegistration: true });
  try {
    const node = uriOf(join(root, 'calico-node.yaml'));
    // Push mode reports indexed files that were never opened.
    await s.diagnostics(node, (d) => d.some((x) => x.code === 'unknown-tls-parameter'));
    assert.ok(s.logs.some((l) => /refused a capability registration/.test(l.message)));

    const config = join(root, '.calico-tls.yaml');
    writeFileSync(config, 'ignore:\n  - calico-node.yaml\n');
    await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 1 }] });
    await s.diagnostics(node, (d) => d.length === 0, 'ignored file cleared');
    assert.equal(s.statuses.at(-1)?.files, 3, 'calico-typha.yaml, certs.yaml and .calico-tls.yaml remain');

    writeFileSync(config, 'rules:\n  unknown-tls-parameter: warning\n');
    await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 2 }] });
    await s.diagnostics(
      node,
      (d) => d.some((x) => x.code === 'unknown-tls-parameter' && x.severity === 2),
      'back, with the project severity',
    );

    // A new file in node_modules is not indexed; a new file elsewhere is.
    const vendored = join(root, 'node_modules', 'chart', 'calico-node.yaml');
    mkdirSync(join(root, 'node_modules', 'chart'), { recursive: true });
    cpSync(join(root, 'calico-node.yaml'), vendored);
    const extra = join(root, 'more', 'felix.cfg');
    mkdirSync(join(root, 'more'));
    writeFileSync(extra, '[global]\nTyphaK8sServiceName = calico-typha\nTypha_CAFile = /etc/ca.crt\n');
    await s.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uriOf(vendored), type: 1 },
        { uri: uriOf(extra), type: 1 },
      ],
    });
    await s.diagnostics(uriOf(extra), (d) => d.some((x) => x.code === 'unknown-tls-parameter'), 'the new felix.cfg');
    assert.ok(!s.pushed.has(uriOf(vendored)), 'node_modules stays out');

    // Deleting it clears its diagnostics.
    rmSync(extra);
    await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(extra), type: 3 }] });
    await s.diagnostics(uriOf(extra), (d) => d.length === 0, 'deleted file cleared');
    assert.equal(s.exitCode, undefined, 'still running');
  } finally {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a client that registers the command ids itself (VS Code) is not sent them, and can still execute them', async () => {
  // Advertised commands are registered by vscode-languageclient; VS Code refuses a second
  // registration of an id the extension already registered, and the client then fails to start.
  const root = fixture('lsp', 'typha-push');
  const s = await Session.start(root, { capabilities: PUSH, initializationOptions: { clientRegistersCommands: true } });
  try {
    assert.deepEqual(s.initializeResult?.capabilities.executeCommandProvider?.commands, []);
    assert.deepEqual(
      await s.request('workspace/executeCommand', { command: 'calicoTls.lintWorkspace', arguments: [] }),
      { files: 3, errors: 1, warnings: 0 },
    );
  } finally {
    await s.close();
  }
});

test('commands and hover: ruleDoc markdown, lintWorkspace counts, rule documentation on a diagnostic', async () => {
  const root = fixture('lsp', 'typha-push');
  const s = await Session.start(root, { capabilities: PUSH });
  try {
    const commands = (s.initializeResult?.capabilities.executeCommandProvider?.commands ?? []).slice().sort();
    assert.ok(
      commands.includes('calicoTls.lintWorkspace') && commands.includes('calicoTls.ruleDoc'),
      JSON.stringify(commands),
    );
    const md = await s.request<string>('workspace/executeCommand', {
      command: 'calicoTls.ruleDoc',
      arguments: ['unknown-tls-parameter'],
    });
    // The page on disk, less the link to its Chinese page next to it (the server's copy opens as
    // a virtual document, where that relative link would lead nowhere).
    const page = readFileSync(join(repoRoot(), 'docs', 'rules', 'unknown-tls-parameter.md'), 'utf8')
      .replace('\n[简体中文](zh-cn/unknown-tls-parameter.md)\n', '')
      .trim();
    assert.ok(!page.includes('zh-cn/'), 'the language link is the only difference');
    assert.equal(md.trim(), page);
    assert.equal(
      await s.request('workspace/executeCommand', { command: 'calicoTls.ruleDoc', arguments: ['no-such-rule'] }),
      null,
    );
    const counts = await s.request('workspace/executeCommand', { command: 'calicoTls.lintWorkspace', arguments: [] });
    assert.deepEqual(counts, { files: 3, errors: 1, warnings: 0 });

    const uri = uriOf(join(root, 'calico-node.yaml'));
    const text = readFileSync(join(root, 'calico-node.yaml'), 'utf8');
    await s.open(uri, text);
    await s.diagnostics(uri, (d) => d.length > 0);
    const at = { line: 32, character: 26 }; // inside `FELIX_TYPHA_KEYFILE`
    const h = await s.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at });
    const value = (h?.contents as { kind: string; value: string } | undefined)?.value ?? '';
    assert.equal((h?.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /^# unknown-tls-parameter$/m);
    assert.match(value, /## Why/);
    assert.deepEqual(h?.range, range(32, 20, 'FELIX_TYPHA_KEYFILE'.length));
  } finally {
    await s.close();
  }
});
