/**
 * The VS Code side of Calico TLS: commands, a language status item and the output channel at
 * activation; the language client (dist/client-lsp.js, see lsp-client.ts), which starts the
 * language server (dist/server.js over IPC) with settings and file watching, right after.
 * No Calico knowledge lives here; everything comes from the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as Lsp from './lsp-client';
import { generateCommand, type GenerateArgs } from './generate';
import { registerLintTasks } from './tasks';
import { CANDIDATE_GLOBS, CANDIDATE_LANGUAGES } from '../../server/src/engine/candidates';

let client: LanguageClient | undefined;
/** Settles when the client has started (or failed to): commands wait for it. */
let started: Promise<LanguageClient | undefined> | undefined;
let status: vscode.LanguageStatusItem | undefined;

/** The server's candidate files by name, and the languages they open with (one list, engine/candidates.ts). */
const SELECTOR = [
  ...CANDIDATE_LANGUAGES.map((language) => ({ scheme: 'file', language })),
  ...CANDIDATE_GLOBS.map((pattern) => ({ scheme: 'file', pattern })),
  { scheme: 'untitled', language: 'yaml' },
];

/** Said when a command needs the language server and it is not running. */
function notRunning(): string {
  return vscode.l10n.t('Calico TLS: the language server is not running (see "Calico TLS: Show output").');
}

/** Read-only documents holding a rule's documentation, rendered by the Markdown preview. */
const DOC_SCHEME = 'calico-tls-rule';

/** The counts after an analysis (calicoTls/status, calicoTls.lintWorkspace's result). */
interface Counts {
  files: number;
  errors: number;
  warnings: number;
  indexing?: undefined;
}
/** calicoTls/status: the counts, or how many files the first walk of the workspace has read. */
type Status = Counts | { indexing: number };

/** The running client, once it has started; undefined when the server could not start. */
async function ready(): Promise<LanguageClient | undefined> {
  const c = await started;
  return c?.isRunning() ? c : undefined;
}

async function executeServerCommand<T>(command: string, args: unknown[] = []): Promise<T | undefined> {
  const c = await ready();
  if (!c) return undefined;
  return (await c.sendRequest('workspace/executeCommand', { command, arguments: args })) as T;
}

/** The rule's documentation (markdown from the server) for the preview's virtual document. */
class RuleDocProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = path.posix.basename(uri.path, '.md');
    return (
      (await executeServerCommand<string | null>('calicoTls.ruleDoc', [id])) ??
      `# ${id}\n\n${vscode.l10n.t('No Calico TLS rule has this id.')}\n`
    );
  }
}

/** The rule ids of the Calico TLS diagnostics under the cursor of the active editor. */
function rulesAtCursor(): string[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const at = editor.selection.active;
  const ids = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === 'calico-tls' && d.range.contains(at))
    .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '')))
    .filter(Boolean);
  return [...new Set(ids)];
}

/** `calicoTls.findingAtCursor`: the editor context menu offers the rule page only on a finding. */
function updateFindingContext(): void {
  void vscode.commands.executeCommand('setContext', 'calicoTls.findingAtCursor', rulesAtCursor().length > 0);
}

async function showRuleDocumentation(rule?: unknown): Promise<void> {
  if (!(await ready())) {
    void vscode.window.showWarningMessage(notRunning());
    return;
  }
  // From the palette or a link: the id given. From the editor context menu (which passes the
  // document's URI): the finding under the cursor, or a choice among several.
  let id = typeof rule === 'string' ? rule : undefined;
  if (!id) {
    const here = rulesAtCursor();
    const ids = here.length ? here : ((await executeServerCommand<string[] | null>('calicoTls.ruleIds')) ?? []);
    id =
      here.length === 1
        ? here[0]
        : await vscode.window.showQuickPick(ids, {
            placeHolder: here.length ? vscode.l10n.t('Findings at the cursor') : vscode.l10n.t('Rule to show'),
            title: vscode.l10n.t('Calico TLS: rule documentation'),
          });
  }
  if (!id) return;
  const md = await executeServerCommand<string | null>('calicoTls.ruleDoc', [id]);
  if (!md) {
    void vscode.window.showWarningMessage(vscode.l10n.t("Calico TLS: no rule named '{0}'.", id));
    return;
  }
  await vscode.commands.executeCommand(
    'markdown.showPreview',
    vscode.Uri.from({ scheme: DOC_SCHEME, path: `/${id}.md` }),
  );
}

/**
 * `calicoTls.serverRunning`: the palette offers the commands that need the server (lint,
 * generate, rule documentation) only while it runs; *Restart server* and *Show output* always.
 */
let serverRunning: boolean | undefined;
function setServerRunning(running: boolean): void {
  // Status arrives after every analysis: the context changes only when the state does.
  if (running === serverRunning) return;
  serverRunning = running;
  void vscode.commands.executeCommand('setContext', 'calicoTls.serverRunning', running);
}

function showStatus(s: Status): void {
  setServerRunning(true);
  if (!status) return;
  if (s.indexing !== undefined) {
    status.busy = true;
    status.text = vscode.l10n.t('Calico TLS: reading files ({0})', s.indexing);
    status.detail = vscode.l10n.t('Reading the workspace before the first analysis');
    return;
  }
  status.busy = false;
  status.text = s.files === 1 ? vscode.l10n.t('Calico TLS: 1 file') : vscode.l10n.t('Calico TLS: {0} files', s.files);
  status.detail = vscode.l10n.t({
    message: '{errors}, {warnings}',
    args: {
      errors: s.errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', s.errors),
      warnings: s.warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', s.warnings),
    },
    comment: ['The status item detail: the error count, then the warning count, both already translated.'],
  });
  status.severity = s.errors
    ? vscode.LanguageStatusSeverity.Error
    : s.warnings
      ? vscode.LanguageStatusSeverity.Warning
      : vscode.LanguageStatusSeverity.Information;
}

function startClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
): Promise<LanguageClient | undefined> {
  // A separate bundle loaded by path, so that esbuild leaves it out of this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lsp = require(path.join(__dirname, 'client-lsp.js')) as typeof Lsp;
  const r = lsp.startLanguageClient(context, output, SELECTOR, {
    onStatus: (s) => showStatus(s as Status),
    onStopped: () => {
      setServerRunning(false);
      if (!status) return;
      status.busy = false;
      status.text = vscode.l10n.t('Calico TLS: stopped');
      status.detail = vscode.l10n.t('Run "Calico TLS: Restart server" to start it again');
      status.severity = vscode.LanguageStatusSeverity.Warning;
    },
  });
  client = r.client;
  return r.started.then(
    () => r.client,
    (e: unknown) => {
      output.appendLine(
        vscode.l10n.t('Calico TLS: the language server did not start: {0}', e instanceof Error ? e.message : String(e)),
      );
      return r.client;
    },
  );
}

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Calico TLS');
  status = vscode.languages.createLanguageStatusItem('calicoTls.status', SELECTOR);
  status.name = 'Calico TLS';
  status.text = vscode.l10n.t('Calico TLS: starting');
  status.busy = true;
  status.command = { title: vscode.l10n.t('Show output'), command: 'calicoTls.showOutput' };
  // Commands run before the client exists wait for it.
  let resolveStarted: (c: Promise<LanguageClient | undefined> | undefined) => void = () => {};
  started = new Promise((resolve) => (resolveStarted = resolve));
  context.subscriptions.push(
    output,
    status,
    vscode.workspace.registerTextDocumentContentProvider(DOC_SCHEME, new RuleDocProvider()),
    vscode.commands.registerCommand('calicoTls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('calicoTls.restartServer', async () => {
      const c = await started;
      if (!c) return;
      if (status) {
        status.busy = true;
        status.text = vscode.l10n.t('Calico TLS: restarting');
      }
      await c.restart();
      output.appendLine(vscode.l10n.t('Calico TLS: server restarted'));
    }),
    vscode.commands.registerCommand('calicoTls.lintWorkspace', async () => {
      const r = await executeServerCommand<Counts | null>('calicoTls.lintWorkspace');
      if (r)
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Calico TLS: {0} files, {1} errors, {2} warnings.', r.files, r.errors, r.warnings),
        );
      else void vscode.window.showWarningMessage(notRunning());
    }),
    vscode.commands.registerCommand('calicoTls.showRuleDocumentation', (rule?: unknown) => showRuleDocumentation(rule)),
    vscode.commands.registerCommand('calicoTls.generate', (args?: GenerateArgs) => generateCommand(ready, args)),
    registerLintTasks(context),
    vscode.window.onDidChangeTextEditorSelection(updateFindingContext),
    vscode.window.onDidChangeActiveTextEditor(updateFindingContext),
    vscode.languages.onDidChangeDiagnostics(updateFindingContext),
  );
  // Activation returns at once; the client is loaded and the server started on the next turn
  // (loading vscode-languageclient, the index and the first analysis all take longer than VS
  // Code should wait for an extension to activate).
  setTimeout(() => {
    try {
      resolveStarted(startClient(context, output));
    } catch (e) {
      output.appendLine(
        vscode.l10n.t(
          'Calico TLS: the language client could not be loaded: {0}',
          e instanceof Error ? e.message : String(e),
        ),
      );
      resolveStarted(undefined);
    }
  }, 0);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
