/**
 * The VS Code side of Calico TLS: starts the language server (dist/server.js over IPC), wires
 * settings, file watching, commands, a language status item and the output channel. No
 * Calico knowledge lives here; everything comes from the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
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

/** Files the server indexes (the server filters further: skipped folders, ignore/exclude globs). */
const WATCHED = ['**/*.{yaml,yml,json,jsonc,conflist,cfg,pem,crt,cer,key}', '**/{kubeconfig,calico-kubeconfig}', '**/.calico-tls.yaml'];

/** Read-only documents holding a rule's documentation, rendered by the Markdown preview. */
const DOC_SCHEME = 'calico-tls-rule';

interface Status {
  files: number;
  errors: number;
  warnings: number;
}

function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const policy = new RestartPolicy();
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watchers = WATCHED.map((g) => vscode.workspace.createFileSystemWatcher(g));
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    synchronize: { configurationSection: 'calicoTls', fileEvents: watchers },
    // The watchers above deliver file events, so the server need not register its own; the
    // commands below are registered here, so the server must not advertise them (see server.ts).
    initializationOptions: { clientWatchesFiles: true, clientRegistersCommands: true },
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

async function executeServerCommand<T>(command: string, args: unknown[] = []): Promise<T | undefined> {
  if (!client || !client.isRunning()) return undefined;
  return (await client.sendRequest('workspace/executeCommand', { command, arguments: args })) as T;
}

/** The rule's documentation (markdown from the server) for the preview's virtual document. */
class RuleDocProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = path.posix.basename(uri.path, '.md');
    return (await executeServerCommand<string | null>('calicoTls.ruleDoc', [id])) ?? `# ${id}\n\nNo Calico TLS rule has this id.\n`;
  }
}

async function showRuleDocumentation(rule?: unknown): Promise<void> {
  let id = typeof rule === 'string' ? rule : undefined;
  if (!id) {
    const ids = (await executeServerCommand<string[] | null>('calicoTls.ruleIds')) ?? [];
    if (!ids.length) {
      void vscode.window.showWarningMessage('Calico TLS: the language server is not running.');
      return;
    }
    id = await vscode.window.showQuickPick(ids, { placeHolder: 'Rule to show', title: 'Calico TLS: rule documentation' });
  }
  if (!id) return;
  const md = await executeServerCommand<string | null>('calicoTls.ruleDoc', [id]);
  if (!md) {
    void vscode.window.showWarningMessage(`Calico TLS: no rule named '${id}'.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.from({ scheme: DOC_SCHEME, path: `/${id}.md` }));
}

function showStatus(s: Status): void {
  if (!status) return;
  status.busy = false;
  status.text = `Calico TLS: ${s.files} ${s.files === 1 ? 'file' : 'files'}`;
  status.detail = `${s.errors} ${s.errors === 1 ? 'error' : 'errors'}, ${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}`;
  status.severity = s.errors ? vscode.LanguageStatusSeverity.Error : s.warnings ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Calico TLS');
  status = vscode.languages.createLanguageStatusItem('calicoTls.status', SELECTOR);
  status.name = 'Calico TLS';
  status.text = 'Calico TLS: starting';
  status.busy = true;
  status.command = { title: 'Show output', command: 'calicoTls.showOutput' };
  client = createClient(context, output);
  context.subscriptions.push(
    output,
    status,
    vscode.workspace.registerTextDocumentContentProvider(DOC_SCHEME, new RuleDocProvider()),
    vscode.commands.registerCommand('calicoTls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('calicoTls.restartServer', async () => {
      if (status) {
        status.busy = true;
        status.text = 'Calico TLS: restarting';
      }
      await client?.restart();
      output.appendLine('Calico TLS: server restarted');
    }),
    vscode.commands.registerCommand('calicoTls.lintWorkspace', async () => {
      const r = await executeServerCommand<Status | null>('calicoTls.lintWorkspace');
      if (r) void vscode.window.showInformationMessage(`Calico TLS: ${r.files} files, ${r.errors} errors, ${r.warnings} warnings.`);
    }),
    vscode.commands.registerCommand('calicoTls.showRuleDocumentation', (rule?: unknown) => showRuleDocumentation(rule)),
    vscode.commands.registerCommand('calicoTls.generate', (args?: GenerateArgs) => generateCommand(client, args)),
    client.onDidChangeState((e) => {
      if (status && e.newState === State.Stopped) {
        status.busy = false;
        status.text = 'Calico TLS: stopped';
        status.detail = 'Run "Calico TLS: Restart server" to start it again';
        status.severity = vscode.LanguageStatusSeverity.Warning;
      }
    }),
  );
  client.onNotification('calicoTls/status', (s: Status) => showStatus(s));
  // Activation returns at once; the server starts in the background (its index and first
  // analysis take longer than VS Code should wait for an extension to activate).
  client.start().catch((e: unknown) => output.appendLine(`Calico TLS: the language server did not start: ${e instanceof Error ? e.message : String(e)}`));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
