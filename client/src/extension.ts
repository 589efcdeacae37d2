/**
 * The VS Code side of Calico TLS: starts the language server (dist/server.js over IPC), wires
 * settings, file watching, commands, a language status item and the output channel. No
 * Calico knowledge lives here; everything comes from the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RestartPolicy } from './restart-policy';
import { generateCommand, type GenerateArgs } from './generate';

let client: LanguageClient | undefined;
let status: vscode.LanguageStatusItem | undefined;

const SELECTOR = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'ini' },
  { scheme: 'file', pattern: '**/*.{cfg,conflist,pem,crt,key}' },
  { scheme: 'untitled', language: 'yaml' },
];

function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const policy = new RestartPolicy();
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    synchronize: { configurationSection: 'calicoTls' },
    outputChannel: output,
    // Restart a crashed server, and say so once (not on every restart).
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const d = policy.onClosed();
        if (d.message) output.appendLine(d.message);
        return { action: d.restart ? CloseAction.Restart : CloseAction.DoNotRestart, message: d.message, handled: !d.message };
      },
    },
    initializationFailedHandler: (e) => {
      output.appendLine(`Calico TLS: the language server failed to start: ${String(e)}`);
      return false;
    },
  };
  return new LanguageClient('calicoTls', 'Calico TLS', serverOptions, clientOptions);
}

async function showRuleDocumentation(rule?: string): Promise<void> {
  const c = client;
  if (!c) return;
  let id = rule;
  if (!id) {
    const ids = ((await c.sendRequest('workspace/executeCommand', { command: 'calicoTls.ruleIds', arguments: [] })) as string[] | null) ?? [];
    id = await vscode.window.showQuickPick(ids, { placeHolder: 'Rule to show' });
  }
  if (!id) return;
  const md = (await c.sendRequest('workspace/executeCommand', { command: 'calicoTls.ruleDoc', arguments: [id] })) as string | null;
  if (!md) {
    void vscode.window.showWarningMessage(`Calico TLS: no rule named '${id}'.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Calico TLS');
  status = vscode.languages.createLanguageStatusItem('calicoTls.status', SELECTOR);
  status.name = 'Calico TLS';
  status.text = 'Calico TLS: starting';
  status.command = { title: 'Show output', command: 'calicoTls.showOutput' };
  client = createClient(context, output);
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('calicoTls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('calicoTls.restartServer', async () => {
      await client?.restart();
      output.appendLine('Calico TLS: server restarted');
    }),
    vscode.commands.registerCommand('calicoTls.lintWorkspace', async () => {
      const r = (await client?.sendRequest('workspace/executeCommand', { command: 'calicoTls.lintWorkspace', arguments: [] })) as { files: number; errors: number; warnings: number } | undefined;
      if (r) void vscode.window.showInformationMessage(`Calico TLS: ${r.files} files, ${r.errors} errors, ${r.warnings} warnings.`);
    }),
    vscode.commands.registerCommand('calicoTls.showRuleDocumentation', (rule?: string) => showRuleDocumentation(rule)),
    vscode.commands.registerCommand('calicoTls.generate', (args?: GenerateArgs) => generateCommand(client, args)),
  );
  client.onNotification('calicoTls/status', (s: { files: number; errors: number; warnings: number }) => {
    if (!status) return;
    status.text = `Calico TLS: ${s.files} files`;
    status.detail = `${s.errors} errors, ${s.warnings} warnings`;
    status.severity = s.errors ? vscode.LanguageStatusSeverity.Error : s.warnings ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
