// Entry of the language server (dist/server.js; bin calico-tls-language-server). The
// connection picks stdio (--stdio), Node IPC (--node-ipc) or a socket from the arguments.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CalicoTlsServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// Last line of defence: a bug in one handler must not take the editor's server down. Only the
// message's first line is logged (never file text or key material; messages come from our code).
const report = (kind: string) => (e: unknown) => {
  try {
    connection.console.error(`calico-tls: ${kind}: ${e instanceof Error ? e.message.split('\n')[0] : String(e).split('\n')[0]}`);
  } catch {
    /* the connection is gone; nothing to tell */
  }
};
process.on('uncaughtException', report('uncaught exception'));
process.on('unhandledRejection', report('unhandled rejection'));

new CalicoTlsServer(connection).listen();
