/**
 * The language-client half of the extension, bundled separately (dist/client-lsp.js) and
 * loaded by extension.ts only after activation has returned: vscode-languageclient and its
 * dependencies are most of the client's code, and VS Code counts their loading against the
 * extension's activation time (issue #8: activation <= 50 ms, the server starts lazily).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { RestartPolicy, type RestartMessages } from './restart-policy';
import { CANDIDATE_GLOBS } from '../../server/src/engine/candidates';

/** Files the server indexes (the server filters further: skipped folders, ignore/exclude globs). */
const WATCHED = [...CANDIDATE_GLOBS, '**/.calico-tls.yaml'];

/** restart-policy.ts's messages, translated (its English defaults are the same words). */
/* eslint-disable max-len -- l10n-dev exports one string literal, with no comment in the call */
const RESTART_MESSAGES: RestartMessages = {
  restarted: () =>
    vscode.l10n.t(
      'Calico TLS: the language server stopped unexpectedly and was restarted (details in the "Calico TLS" output).',
    ),
  gaveUp: (max, minutes) =>
    vscode.l10n.t(
      'Calico TLS: the language server crashed {0} times in {1} minutes and was not restarted. See the "Calico TLS" output; run "Calico TLS: Restart server" to try again.',
      max,
      minutes,
    ),
};
/* eslint-enable max-len */

export interface Hooks {
  /** The server's calicoTls/status notification. */
  onStatus(s: unknown): void;
  /** The client stopped (and will not restart by itself). */
  onStopped(): void;
}

function createClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  selector: vscode.DocumentSelector,
): LanguageClient {
  const policy = new RestartPolicy(undefined, undefined, undefined, RESTART_MESSAGES);
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const watchers = WATCHED.map((g) => vscode.workspace.createFileSystemWatcher(g));
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector as LanguageClientOptions['documentSelector'],
    synchronize: { configurationSection: 'calicoTls', fileEvents: watchers },
    // The watchers above deliver file events, so the server need not register its own; the
    // commands below are registered here, so the server must not advertise them (see server.ts).
    // The workspace's storage folder keeps a large workspace's per-unit results between sessions.
    initializationOptions: {
      clientWatchesFiles: true,
      clientRegistersCommands: true,
      ...(context.storageUri ? { storagePath: context.storageUri.fsPath } : {}),
    },
    outputChannel: output,
    // Restart a crashed server, and say so once (not on every restart).
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const d = policy.onClosed();
        if (d.message) output.appendLine(d.message);
        return {
          action: d.restart ? CloseAction.Restart : CloseAction.DoNotRestart,
          message: d.message,
          handled: !d.message,
        };
      },
    },
    initializationFailedHandler: (e) => {
      output.appendLine(vscode.l10n.t('Calico TLS: the language server failed to start: {0}', String(e)));
      return false;
    },
  };
  return new LanguageClient('calicoTls', 'Calico TLS', serverOptions, clientOptions);
}

/** Creates the client, wires the hooks and starts it; the promise settles once the server is initialised. */
export function startLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  selector: vscode.DocumentSelector,
  hooks: Hooks,
): { client: LanguageClient; started: Promise<void> } {
  const client = createClient(context, output, selector);
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) hooks.onStopped();
    }),
  );
  client.onNotification('calicoTls/status', (s: unknown) => hooks.onStatus(s));
  return { client, started: client.start() };
}
