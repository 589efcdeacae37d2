// Entry of the language server (dist/server.js; bin calico-tls-language-server). The
// connection picks stdio (--stdio), Node IPC (--node-ipc) or a socket from the arguments.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { CalicoTlsServer } from './server';

const connection = createConnection(ProposedFeatures.all);
new CalicoTlsServer(connection).listen();
