/**
 * Request parameters checked before use: a malformed request (an editor's bug, a fuzzer) is a
 * JSON-RPC InvalidParams error that says what is wrong, never an exception inside a handler.
 */
import { ErrorCodes, ResponseError, type CodeActionParams } from 'vscode-languageserver/node';

export type Pos = { line: number; character: number };

export function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** The request's document URI, or a JSON-RPC error saying it is missing. */
export function docUri(p: unknown): string {
  const uri = (p as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
  if (typeof uri !== 'string') throw invalid('textDocument.uri must be a string');
  return uri;
}

function checkPosition(pos: unknown, what: string): Pos {
  const q = pos as { line?: unknown; character?: unknown } | null | undefined;
  if (!q || !Number.isInteger(q.line) || !Number.isInteger(q.character))
    throw invalid(`${what} must have whole-number line and character`);
  return { line: Math.max(0, q.line as number), character: Math.max(0, q.character as number) };
}

export function position(p: unknown): Pos {
  return checkPosition((p as { position?: unknown } | null)?.position, 'position');
}

export function rangeOf(p: unknown): { start: Pos; end: Pos } {
  const r = (p as { range?: { start?: unknown; end?: unknown } } | null)?.range;
  if (!r || typeof r !== 'object') throw invalid('range must be an object');
  return { start: checkPosition(r.start, 'range.start'), end: checkPosition(r.end, 'range.end') };
}

export function contextOf(p: CodeActionParams): CodeActionParams['context'] {
  const ctx = (p as { context?: unknown }).context as Partial<CodeActionParams['context']> | undefined;
  return {
    diagnostics: Array.isArray(ctx?.diagnostics) ? ctx.diagnostics : [],
    only: Array.isArray(ctx?.only) ? ctx.only : undefined,
    triggerKind: ctx?.triggerKind,
  };
}
