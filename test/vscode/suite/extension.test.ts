/// <reference types="mocha" />
/**
 * The extension in a real VS Code, through the `vscode` API only: what a person sees
 * (diagnostics, quick fixes, hovers, generated files, settings) rather than LSP messages.
 *
 * The workspace is a fresh copy of examples/typha-felix-broken made by the runner: Felix in
 * calico-node.yaml, Typha in calico-typha.yaml, their certificates in certs.yaml. Tests run in
 * order and each leaves the documents as the next expects (edits are in memory, not saved).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'calico-tls.calico-tls';
/**
 * How long the server may take to answer one change; generous for a 2-core CI machine. The
 * runner's negative control (a VSIX whose server does not start) shortens it.
 */
const DEADLINE_MS = Number(process.env.CALICO_TLS_TEST_DEADLINE_MS) || 30_000;

function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the runner opens a workspace folder');
  return f.uri;
}

function fileUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...parts);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'calico-tls');
}

/** Polls until `probe` returns a value; fails with `what` and the last diagnostics seen. */
async function waitFor<T>(what: string, probe: () => T | undefined | false, uri?: vscode.Uri): Promise<T> {
  const end = Date.now() + DEADLINE_MS;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) {
      const seen = uri
        ? ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1} sev${d.severity}`)
        : [];
      assert.fail(
        `timed out after ${DEADLINE_MS} ms waiting for ${what}${uri ? `; diagnostics now: [${seen.join(', ')}]` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The range of the n-th occurrence of `text` in the document. */
function rangeOf(doc: vscode.TextDocument, text: string, nth = 0): vscode.Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `'${text}' occurs ${nth + 1} times in ${path.basename(doc.fileName)}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

function find(uri: vscode.Uri, code: string): vscode.Diagnostic | undefined {
  return ours(uri).find((d) => codeOf(d) === code);
}

/**
 * The runner runs the suite once more with VS Code's display language set to 简体中文
 * (CALICO_TLS_EXPECT_LOCALE=zh-cn): the same behaviour, the texts in Chinese. `say` picks the
 * expected text of the run's language.
 */
const ZH = process.env.CALICO_TLS_EXPECT_LOCALE === 'zh-cn';
function say<T>(en: T, zh: T): T {
  return ZH ? zh : en;
}
const HAN = /[\u4e00-\u9fff]/;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('Calico TLS in VS Code', () => {
  test('the workspace is trusted or restricted as the runner opened it', () => {
    // The runner runs the suite twice: trusted, and in restricted mode (an untrusted folder),
    // where only extensions that declare untrustedWorkspaces support run.
    assert.equal(vscode.workspace.isTrusted, process.env.CALICO_TLS_EXPECT_UNTRUSTED !== '1');
  });

  test('the display language reaches the extension and its language server', async () => {
    assert.equal(vscode.env.language, say('en', 'zh-cn'));
    const node = await open('calico-node.yaml');
    await waitFor('diagnostics', () => ours(node.uri).length > 0, node.uri);
    for (const d of ours(node.uri))
      assert.equal(HAN.test(d.message), ZH, `a ${say('English', 'Chinese')} message: ${d.message}`);
  });

  test('the installed extension activates by itself in a workspace with manifests', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    // Not activated by the test: its activation events (workspaceContains:**/*.yaml) must do it.
    await waitFor('the extension to be active', () => ext.isActive);
    assert.equal(ext.packageJSON.main, './dist/client.js');
  });

  test('a broken Typha/Felix setup gets diagnostics with the right codes and ranges in both files', async () => {
    const node = await open('calico-node.yaml');
    const typha = await open('calico-typha.yaml');
    const expected = {
      // The misspelt CA file leaves the TLS group incomplete: said in the unknown-tls-parameter
      // diagnostic at the misspelt name, not a second error (issue 19 item 10).
      node: ['felix-typha-parameter-case', 'tls-file-key-missing', 'unknown-tls-parameter'],
      typha: ['invalid-uri-san', 'typha-identity-mismatch', 'typha-tls-incomplete'],
    };
    await waitFor('all calico-node.yaml diagnostics', () => ours(node.uri).length >= expected.node.length, node.uri);
    await waitFor(
      'all calico-typha.yaml diagnostics',
      () => ours(typha.uri).length >= expected.typha.length,
      typha.uri,
    );
    assert.deepEqual(ours(node.uri).map(codeOf).sort(), expected.node);
    assert.deepEqual(ours(typha.uri).map(codeOf).sort(), expected.typha);

    // Exact ranges: on the offending name or value, never the line or the document.
    const unknown = find(node.uri, 'unknown-tls-parameter')!;
    assert.deepEqual(unknown.range, rangeOf(node, 'FELIX_TYPHA_CAFILE'));
    assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
    assert.match(
      unknown.message,
      say(
        /Did you mean FELIX_TYPHACAFILE\? As written: Felix TLS is incomplete/,
        /你是否想用 FELIX_TYPHACAFILE？若保持原样：.*Felix TLS 设置不完整/,
      ),
    );
    const keyMissing = find(node.uri, 'tls-file-key-missing')!;
    assert.deepEqual(keyMissing.range, rangeOf(node, '/calico-node-certs/calico-node.key'));
    const uriSan = find(typha.uri, 'invalid-uri-san')!;
    assert.deepEqual(uriSan.range, rangeOf(typha, 'spiffe://Cluster.Local/ns/kube-system/sa/calico-node/'));

    // The cross-file finding points at the other side of the mismatch: the Secret in certs.yaml.
    const keyRelated = keyMissing.relatedInformation ?? [];
    assert.ok(
      keyRelated.some((r) => r.location.uri.toString() === fileUri('certs.yaml').toString()),
      `tls-file-key-missing relates to certs.yaml (related: ${keyRelated.map((r) => r.location.uri.path).join(', ')})`,
    );
    const codeTarget = (unknown.code as { target: vscode.Uri }).target;
    assert.match(codeTarget.toString(), /unknown-tls-parameter/, 'the code links to the rule documentation');
  });

  test('a quick fix applies and its diagnostic clears', async () => {
    const typha = await open('calico-typha.yaml');
    const d = await waitFor('invalid-uri-san', () => find(typha.uri, 'invalid-uri-san'), typha.uri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      typha.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.startsWith(say('Change to', '改为') + ' spiffe://cluster.local/'));
    assert.ok(
      fix?.edit,
      `a 'Change to spiffe://cluster.local/…' fix is offered (got: ${actions.map((a) => a.title).join(' | ')})`,
    );
    assert.ok(
      actions.some((a) => a.title === say('Disable invalid-uri-san for this line', '对此行禁用 invalid-uri-san')),
      'a disable-comment action is offered too',
    );
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(typha.getText(), /spiffe:\/\/cluster\.local\/ns\/kube-system\/sa\/calico-node/);
    await waitFor('invalid-uri-san to clear', () => !find(typha.uri, 'invalid-uri-san'), typha.uri);
    // The other problems of the file are still reported: the fix cleared only its own finding.
    assert.ok(find(typha.uri, 'typha-tls-incomplete'), 'typha-tls-incomplete is still reported');
  });

  test('fix-all applies every safe fix of a file', async () => {
    const node = await open('calico-node.yaml');
    await waitFor(
      'the case and unknown-parameter findings',
      () => find(node.uri, 'felix-typha-parameter-case') && find(node.uri, 'unknown-tls-parameter'),
      node.uri,
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      node.uri,
      new vscode.Range(0, 0, 0, 0),
      vscode.CodeActionKind.SourceFixAll.value,
    );
    const all = actions.find((a) => a.kind?.value === 'source.fixAll.calico-tls');
    assert.ok(
      all?.edit,
      `a source.fixAll.calico-tls action is offered (got: ${actions.map((a) => `${a.title} [${a.kind?.value}]`).join(' | ')})`,
    );
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    const text = node.getText();
    assert.match(text, /- name: FELIX_TYPHACAFILE\n/);
    assert.match(text, /- name: FELIX_TYPHACN\n/);
    // With the CA file now named as Felix reads it, no incomplete-TLS finding appears.
    // An unsafe fix (a guessed file path) is not part of fix-all: tls-file-key-missing stays.
    // Waited for as one state: diagnostics are republished per component, so a read between
    // two publishes can see neither.
    await waitFor(
      'the fixed findings to clear while tls-file-key-missing (unsafe fix only) remains',
      () =>
        !find(node.uri, 'unknown-tls-parameter') &&
        !find(node.uri, 'felix-typha-parameter-case') &&
        !find(node.uri, 'felix-typha-tls-incomplete') &&
        !!find(node.uri, 'tls-file-key-missing'),
      node.uri,
    );
  });

  test('hovering a certificate shows its decoded subject, and a key shows no key material', async () => {
    const certs = await open('certs.yaml');
    // The calico-typha-certs Secret's tls.crt (a base64 PEM), then its tls.key.
    const crt = rangeOf(certs, 'tls.crt: LS0t', 0);
    const at = crt.start.translate(0, 'tls.crt: '.length + 10);
    const text = await (async () => {
      const end = Date.now() + DEADLINE_MS;
      for (;;) {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', certs.uri, at);
        const t = hoverText(h ?? []);
        if (say(/Subject/, /主题/).test(t) || Date.now() > end) return t;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    assert.match(
      text,
      say(/\| Subject \| `[^`]*CN=typha-server[^`]*` \|/, /\| 主题 \| `[^`]*CN=typha-server[^`]*` \|/),
      `hover: ${text}`,
    );
    assert.match(text, say(/Issuer \| `[^`]*CN=Calico TLS example CA/, /颁发者 \| `[^`]*CN=Calico TLS example CA/));
    assert.match(text, /serverAuth/);
    const keyAt = rangeOf(certs, 'tls.key: LS0t', 0).start.translate(0, 'tls.key: '.length + 10);
    const keyHover = hoverText(
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', certs.uri, keyAt)) ?? [],
    );
    assert.match(keyHover, /ECDSA P-256/, 'the key is described by type and size');
    assert.doesNotMatch(keyHover, /LS0t|BEGIN|PRIVATE KEY-----/, 'no key material in the hover');
  });

  test('a code lens sums up each certificate, and go to definition leads from a secretName to the Secret', async () => {
    const certs = await open('certs.yaml');
    const titles: string[] = [];
    for (const end = Date.now() + DEADLINE_MS; !titles.length && Date.now() < end;) {
      const l =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', certs.uri)) ?? [];
      titles.push(...l.map((x) => x.command?.title ?? ''));
      if (!titles.length) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(
      titles.some((t) =>
        say(
          /typha-server · issuer Calico TLS example CA · ECDSA P-256/,
          /typha-server · 颁发者 Calico TLS example CA · ECDSA P-256/,
        ).test(t),
      ),
      `a lens sums up the Typha certificate (lenses: ${titles.join(' | ')})`,
    );
    assert.ok(
      titles.every((t) => !/LS0t|BEGIN/.test(t)),
      'no material in the lenses',
    );

    const node = await open('calico-node.yaml');
    const at = rangeOf(node, 'secretName: calico-node-certs').start.translate(0, 'secretName: '.length + 3);
    const defs =
      (await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        node.uri,
        at,
      )) ?? [];
    const targets = defs.map((d) => ('targetUri' in d ? { uri: d.targetUri, range: d.targetRange } : d));
    assert.equal(targets.length, 1, `one definition (got ${targets.length})`);
    assert.equal(targets[0]!.uri.toString(), certs.uri.toString());
    // The Secret's metadata.name line in certs.yaml.
    assert.equal(certs.lineAt(targets[0]!.range.start.line).text.trim(), 'name: calico-node-certs');
  });

  test('completion offers Felix parameter names and the contributed snippets', async () => {
    const scratch = fileUri('scratch.yaml');
    const create = new vscode.WorkspaceEdit();
    create.createFile(scratch, {
      overwrite: true,
      contents: Buffer.from(
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: scratch\nspec:\n  template:\n    spec:\n      containers:\n        - name: calico-node\n          env:\n            - name: FELIX_TYPHAC\n',
      ),
    });
    assert.ok(await vscode.workspace.applyEdit(create));
    try {
      const doc = await vscode.workspace.openTextDocument(scratch);
      await vscode.window.showTextDocument(doc, { preview: false });
      const at = rangeOf(doc, 'FELIX_TYPHAC').end;
      let labels: string[] = [];
      for (const end = Date.now() + DEADLINE_MS; Date.now() < end;) {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          at,
        );
        labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        if (labels.includes('FELIX_TYPHACAFILE')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const l of ['FELIX_TYPHACAFILE', 'FELIX_TYPHACERTFILE', 'FELIX_TYPHACN'])
        assert.ok(labels.includes(l), `${l} is offered (got ${labels.slice(0, 20).join(', ')})`);
      const blank = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(doc.lineCount - 1, 0),
      );
      const snippets = blank.items
        .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
        .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(
        snippets.includes('calico-tls-felix-env-cn'),
        `the snippets are contributed (got ${snippets.join(', ')})`,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const del = new vscode.WorkspaceEdit();
      del.deleteFile(scratch, { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(del);
    }
  });

  test('Show rule documentation opens the rule page from the server', async () => {
    await vscode.commands.executeCommand('calicoTls.showRuleDocumentation', 'unknown-tls-parameter');
    const doc = await waitFor('the rule documentation document', () =>
      vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === 'calico-tls-rule' && d.uri.path === '/unknown-tls-parameter.md',
      ),
    );
    assert.match(doc.getText(), /^# unknown-tls-parameter$/m);
    assert.match(doc.getText(), say(/## Why/, /## 原因/));
  });

  test('a rule severity set in the settings takes effect without a restart', async () => {
    const typha = await open('calico-typha.yaml');
    const config = vscode.workspace.getConfiguration('calicoTls', root());
    const before = await waitFor('typha-tls-incomplete', () => find(typha.uri, 'typha-tls-incomplete'), typha.uri);
    assert.equal(before.severity, vscode.DiagnosticSeverity.Error);
    try {
      await config.update('rules', { 'typha-tls-incomplete': 'warning' }, vscode.ConfigurationTarget.Workspace);
      await waitFor(
        'typha-tls-incomplete as a warning',
        () => find(typha.uri, 'typha-tls-incomplete')?.severity === vscode.DiagnosticSeverity.Warning,
        typha.uri,
      );
      await config.update('rules', { 'typha-tls-incomplete': 'off' }, vscode.ConfigurationTarget.Workspace);
      // Off removes that rule's diagnostic and no other: wait for the republished set to hold
      // both (a settings change republishes per component, not in one message).
      await waitFor(
        'typha-tls-incomplete to go while typha-identity-mismatch stays',
        () => !find(typha.uri, 'typha-tls-incomplete') && !!find(typha.uri, 'typha-identity-mismatch'),
        typha.uri,
      );
      assert.ok(find(typha.uri, 'typha-identity-mismatch'), 'other rules still report');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(
      'typha-tls-incomplete back as an error',
      () => find(typha.uri, 'typha-tls-incomplete')?.severity === vscode.DiagnosticSeverity.Error,
      typha.uri,
    );
  });

  test('the generate command writes a Typha/Felix set whose manifests lint clean', async () => {
    const outDir = path.join(root().fsPath, 'generated');
    const r = await vscode.commands.executeCommand<{ written?: string[]; error?: string; existing?: string[] }>(
      'calicoTls.generate',
      {
        set: 'typha',
        options: { keyAlgorithm: 'ecdsa-p256', hash: 'SHA-256', days: 365, identity: 'cn', layout: 'manual' },
        outDir,
      },
    );
    assert.ok(r, 'the command returns a result (the language server is running)');
    assert.equal(r.error, undefined);
    const names = (r.written ?? []).map((f) => path.basename(f)).sort();
    assert.deepEqual(names, [
      'ca.crt',
      'ca.key',
      'felix.crt',
      'felix.key',
      'kustomization.yaml',
      'patch-daemonset-calico-node.yaml',
      'patch-deployment-calico-typha.yaml',
      'typha-felix-tls.yaml',
      'typha.crt',
      'typha.key',
    ]);
    for (const k of ['ca.key', 'felix.key', 'typha.key'])
      assert.equal(fs.statSync(path.join(outDir, k)).mode & 0o777, 0o600, `${k} is private (0600)`);

    const manifest = await vscode.workspace.openTextDocument(
      vscode.Uri.file(path.join(outDir, 'typha-felix-tls.yaml')),
    );
    await vscode.window.showTextDocument(manifest, { preview: false });
    // Positive control first, so that "no diagnostics" below means "analysed and clean", not
    // "not analysed yet": the two Secrets' keys swapped must be caught in the generated manifest
    // (the Typha CN now lives in patch-daemonset-calico-node.yaml, which kustomization.yaml
    // applies to a calico-node that is not in this folder).
    const keys = [...manifest.getText().matchAll(/tls\.key: (\S+)/g)].map((m) => m[1]!);
    assert.equal(keys.length, 2, 'two Secrets with a tls.key');
    const swap = (from: string[], to: string[]) => {
      const e = new vscode.WorkspaceEdit();
      // Both ranges are computed before either edit.
      const ranges = from.map((k) => rangeOf(manifest, k));
      ranges.forEach((r, i) => e.replace(manifest.uri, r, to[i]!));
      return e;
    };
    assert.ok(await vscode.workspace.applyEdit(swap(keys, [keys[1]!, keys[0]!])));
    await waitFor(
      'a finding on the swapped keys',
      () => ours(manifest.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      manifest.uri,
    );
    assert.ok(await vscode.workspace.applyEdit(swap([keys[1]!, keys[0]!], keys)));
    await waitFor(
      'the generated manifests to lint clean',
      () =>
        ours(manifest.uri).every(
          (d) => d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning,
        ),
      manifest.uri,
    );
    assert.deepEqual(
      ours(manifest.uri)
        .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning)
        .map(codeOf),
      [],
    );

    // Generating again into the same folder does not overwrite without being asked.
    const again = await vscode.commands.executeCommand<{ written?: string[]; existing?: string[] }>(
      'calicoTls.generate',
      { set: 'typha', options: { keyAlgorithm: 'ecdsa-p256' }, outDir },
    );
    assert.ok(again?.existing?.length, 'existing files are reported, not replaced');
    assert.equal(again.written?.length ?? 0, 0);
  });

  test('felix.cfg opens as INI, gets its diagnostic at the line to change and offers the INI snippets', async () => {
    const cfg = fileUri('felix.cfg');
    const create = new vscode.WorkspaceEdit();
    create.createFile(cfg, {
      overwrite: true,
      contents: Buffer.from(
        '[global]\nTyphaK8sServiceName = calico-typha\nTyphaCAFile = /etc/calico/pki/typha-ca.crt\n' +
          'TyphaCertFile = /etc/calico/pki/felix.crt\nTyphaCN = typha-server\n\n',
      ),
    });
    assert.ok(await vscode.workspace.applyEdit(create));
    try {
      const doc = await vscode.workspace.openTextDocument(cfg);
      await vscode.window.showTextDocument(doc, { preview: false });
      assert.equal(doc.languageId, 'ini', 'the languages contribution opens felix.cfg as INI');
      const d = await waitFor(
        'felix-typha-tls-incomplete in felix.cfg',
        () => find(cfg, 'felix-typha-tls-incomplete'),
        cfg,
      );
      assert.equal(d.range.start.line, 2, 'at TyphaCAFile, the first TLS key (line 3)');
      const blank = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        cfg,
        new vscode.Position(doc.lineCount - 1, 0),
      );
      const snippets = blank.items
        .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
        .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(snippets.includes('calico-tls-felix-cfg'), `the INI snippets are offered (got ${snippets.join(', ')})`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const del = new vscode.WorkspaceEdit();
      del.deleteFile(cfg, { ignoreIfNotExists: true });
      await vscode.workspace.applyEdit(del);
    }
  });

  test('the calico-tls lint task runs the bundled CLI and fills the Problems view', async () => {
    // Restricted mode runs no task and fetchTasks waits for a trust decision that never comes
    // here (VS Code's rule, not ours): the trusted run covers the task.
    if (!vscode.workspace.isTrusted) return;
    const tasks = await vscode.tasks.fetchTasks({ type: 'calico-tls' });
    const folder = vscode.workspace.workspaceFolders![0]!;
    const task = tasks.find(
      (t) => t.name === 'lint' && typeof t.scope === 'object' && t.scope.uri.toString() === folder.uri.toString(),
    );
    assert.ok(task, `the provider offers a lint task for the folder (got ${tasks.map((t) => t.name).join(', ')})`);
    // A broken file of the task's own on disk (the CLI reads the disk, not the editors).
    const cfg = fileUri('task-check', 'felix.cfg');
    fs.mkdirSync(path.dirname(cfg.fsPath), { recursive: true });
    fs.writeFileSync(
      cfg.fsPath,
      '[global]\nTyphaK8sServiceName = calico-typha\nTyphaCAFile = /etc/calico/pki/typha-ca.crt\n' +
        'TyphaCertFile = /etc/calico/pki/felix.crt\nTyphaCN = typha-server\n',
    );
    try {
      // VS Code hands task problems to extensions (getDiagnostics) for documents it has open.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(cfg), { preview: false });
      await open('calico-typha.yaml');
      const ended = new Promise<number | undefined>((resolve) => {
        const sub = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.definition.type !== 'calico-tls') return;
          sub.dispose();
          resolve(e.exitCode);
        });
      });
      await vscode.tasks.executeTask(task);
      // Shown as a person would see it run (the matcher reads the task terminal's lines).
      await vscode.commands.executeCommand('workbench.action.terminal.focus');
      const exitCode = await Promise.race([
        ended,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the lint task did not end')), DEADLINE_MS),
        ),
      ]);
      assert.equal(exitCode, 1, 'calico-tls lint exits 1 on errors');
      const fromTask = (uri: vscode.Uri) =>
        vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'calico-tls lint');
      let found: vscode.Diagnostic;
      try {
        found = await waitFor("the problem matcher's felix-typha-tls-incomplete in task-check/felix.cfg", () =>
          fromTask(cfg).find((x) => codeOf(x) === 'felix-typha-tls-incomplete'),
        );
      } catch (e) {
        const all = vscode.languages
          .getDiagnostics()
          .flatMap(([u, ds]) => ds.map((d) => `${vscode.workspace.asRelativePath(u)}:${d.source}:${codeOf(d)}`))
          .filter((x) => !x.includes(':calico-tls:'));
        throw new Error(`${(e as Error).message}; diagnostics besides the server's: [${all.join(', ')}]`);
      }
      // The server's own finding on the same line stays: the two have different marker owners.
      assert.ok(find(cfg, 'felix-typha-tls-incomplete'), "the language server's diagnostic is still there");
      // The CLI's 1-based 3:1 (TyphaCAFile, the first TLS key) as VS Code's 0-based position.
      assert.deepEqual([found.range.start.line, found.range.start.character], [2, 0]);
      assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
      // The task runs the CLI in the display language (--locale), as the server speaks it.
      assert.match(
        found.message,
        say(/Felix TLS is incomplete in .*felix\.cfg/, /felix\.cfg.* 中的 Felix TLS 设置不完整/),
      );
      assert.ok(
        fromTask(fileUri('calico-typha.yaml')).some((x) => codeOf(x) === 'typha-tls-incomplete'),
        "every file's findings, not only the first",
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(path.dirname(cfg.fsPath), { recursive: true, force: true });
    }
  });

  test('a crashed language server is restarted and diagnostics come back', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const before = serverPids(ext.extensionPath);
    assert.equal(before.length, 1, `one language server runs (found ${before.length})`);
    process.kill(before[0]!, 'SIGKILL');
    const after = await waitFor('a new language server process', () => {
      const now = serverPids(ext.extensionPath);
      return now.length === 1 && now[0] !== before[0] ? now : undefined;
    });
    assert.notEqual(after[0], before[0]);
    // The restarted server has the open documents again and analyses a new edit.
    const typha = await open('calico-typha.yaml');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(typha.uri, rangeOf(typha, 'TYPHA_CAFILE'), 'TYPHA_CA_FILE');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(
      'unknown-tls-parameter from the restarted server',
      () => find(typha.uri, 'unknown-tls-parameter'),
      typha.uri,
    );
  });
});

/** Pids of this extension's language servers (Linux: /proc; elsewhere: ps). */
function serverPids(extensionPath: string): number[] {
  const serverJs = path.join(extensionPath, 'dist', 'server.js');
  const out: number[] = [];
  if (process.platform === 'linux') {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(serverJs)) out.push(Number(d));
      } catch {
        /* the process ended while we looked */
      }
    }
  } else {
    const ps = execFileSync('ps', ['-ax', '-o', 'pid=,command='], { encoding: 'utf8' });
    for (const line of ps.split('\n')) if (line.includes(serverJs)) out.push(Number(line.trim().split(/\s+/)[0]));
  }
  return out;
}
