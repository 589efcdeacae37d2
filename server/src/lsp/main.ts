// Entry of the language server (dist/server.js; bin calico-tls-language-server). The
// connection picks stdio (--stdio), Node IPC (--node-ipc) or a socket from the arguments.
import {
  createConnection,
  ErrorCodes,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/node';
import { CalicoTlsServer } from './server';
import { productVersion } from '../io/version';

// `calico-tls-language-server --version`: what an editor's configuration or a user checks
// before wiring the server up; answered before any transport is opened.
if (process.argv.includes('--version')) {
  process.stdout.write(`${productVersion()}\n`);
  process.exit(0);
}

/**
 * Over stdio the streams are ours to watch: a framing error (a header without a usable
 * Content-Length) leaves the stream out of step for good, so the server says why and exits
 * (an editor restarts it) instead of hanging; and a closed stdout means nobody can hear us.
 */
function stdioConnection(): Connection {
  const writer = new StreamMessageWriter(process.stdout);
  const reader = guardInitialize(
    new StreamMessageReader(process.stdin),
    (id, code, message) => void writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message),
  );
  const stop = (why: string) => {
    process.stderr.write(`calico-tls-language-server: ${why}; exiting\n`);
    process.exit(1);
  };
  reader.onError((e) => {
    if (/Content-Length|Header must provide/.test(e.message))
      stop(`protocol framing error (${e.message.split('\n')[0]})`);
  });
  process.stdout.on('error', () => stop('stdout is closed'));
  process.stdout.on('close', () => stop('stdout is closed'));
  writer.onError(() => stop('cannot write to stdout'));
  return createConnection(ProposedFeatures.all, reader, writer);
}

/**
 * vscode-languageserver reads `initialize`'s capabilities before our handler runs, so bad
 * parameters used to come back as a raw TypeError ("Cannot read properties of null"), and a
 * second `initialize` was processed again. Both are answered here, as JSON-RPC errors with a
 * message, before the library sees them.
 */
function guardInitialize(
  inner: MessageReader,
  reply: (id: number | string, code: number, message: string) => void,
): MessageReader {
  let initialized = false;
  const filter = (m: Message): boolean => {
    const r = m as Message & { id?: number | string; method?: string; params?: unknown };
    if (r.method !== 'initialize' || r.id === undefined) return true;
    if (initialized) {
      reply(r.id, ErrorCodes.InvalidRequest, 'initialize was already sent; the server is initialised');
      return false;
    }
    const p = r.params as { capabilities?: unknown } | null | undefined;
    if (
      typeof p !== 'object' ||
      p === null ||
      typeof p.capabilities !== 'object' ||
      p.capabilities === null ||
      Array.isArray(p.capabilities)
    ) {
      reply(r.id, ErrorCodes.InvalidParams, 'invalid initialize parameters: `capabilities` must be an object');
      return false;
    }
    initialized = true;
    return true;
  };
  return {
    onError: inner.onError,
    onClose: inner.onClose,
    onPartialMessage: inner.onPartialMessage,
    dispose: () => inner.dispose(),
    listen: (callback: DataCallback): Disposable =>
      inner.listen((m) => {
        if (filter(m)) callback(m);
      }),
  };
}

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

// Last line of defence: a bug in one handler must not take the editor's server down. Only the
// message's first line is logged (never file text or key material; messages come from our code).
const report = (kind: string) => (e: unknown) => {
  try {
    connection.console.error(
      `calico-tls: ${kind}: ${e instanceof Error ? e.message.split('\n')[0] : String(e).split('\n')[0]}`,
    );
  } catch {
    /* the connection is gone; nothing to tell */
  }
};
process.on('uncaughtException', report('uncaught exception'));
process.on('unhandledRejection', report('unhandled rejection'));

new CalicoTlsServer(connection).listen();
