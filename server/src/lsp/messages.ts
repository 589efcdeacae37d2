/**
 * What the language server itself says to the user (scope `lsp` in the bundles): code action
 * titles, the finding on a file it cannot read, progress, and the results of the commands an
 * editor shows (calicoTls.generate's errors). Rendered in the locale the client sent in
 * `initialize`. Rule ids, paths, set names and the reader's reasons are values, verbatim.
 *
 * calicoTls.generate's results also carry the certificate generator's and writer's messages
 * (certgen/messages.ts, scope `certgen`, shared with the CLI), rendered in the same locale.
 *
 * Left in English on purpose: JSON-RPC errors about malformed requests (server.ts, params.ts,
 * main.ts: for the editor's developers, like the protocol itself) and the output channel's log
 * lines (searched for in bug reports).
 */
import { m, renderMsg, type Arg, type Locale, type Messages } from '../engine/l10n/messages';

export const LSP_MESSAGES: Messages = {
  // Code actions (features.ts); {rule}: a rule id.
  disableLine: 'Disable {rule} for this line',
  disableFile: 'Disable {rule} for the entire file',
  showDoc: 'Show documentation for {rule}',
  showDocCommand: 'Show rule documentation',
  fixAll: 'Fix all safe Calico TLS problems',
  // diagnostics.ts; {reason}: the reader's reason (io/read.ts), in English.
  notAnalysed: 'Not analysed: Calico TLS cannot read this file ({reason}).',
  decodingTitle: 'Calico TLS: decoding certificates',
  decodingCount: '{n} certificates',
  // server.ts: the first walk of the workspace folders.
  indexingTitle: 'Calico TLS: reading the workspace',
  indexingCount: '{read} files read (folder {folder} of {folders})',
  // diagnostics.ts: a large workspace's first results, on worker threads.
  checkingCount: '{done} of {total} files checked',
  // calicoTls.generate's errors (commands.ts); the client shows them as "Calico TLS: …".
  unknownSet: "unknown set '{set}' ({sets})",
  outDirRequired: 'outDir is required',
  optionsNotObject: 'options must be an object',
  outDirRelative: "outDir '{outDir}' is relative and there is no workspace folder to resolve it against",
  cancelled: 'cancelled',
  generationFailed: 'generation failed: {error}',
};

/** An `lsp` message in `locale`. */
export function lspSay(locale: Locale, id: string, data?: Readonly<Record<string, Arg>>): string {
  return renderMsg(m(id, data), 'lsp', LSP_MESSAGES, locale);
}
