import type { ParsedFile } from './parse';
import type { Finding, TextEdit } from './types';

/**
 * In-file suppressions, in the style of ESLint:
 *   # calico-tls-disable-next-line <rule-id>[, <rule-id>] -- <reason>
 *   # calico-tls-disable-file <rule-id>[, <rule-id>]
 * (`;` and `//` also start a comment, for felix.cfg and JSONC). No rule id means every rule.
 * A disable-next-line comment applies to the next line that is not blank or a comment, so
 * several can be stacked.
 */
const DIRECTIVE = /(?:#|;|\/\/)\s*calico-tls-disable-(next-line|file)\b([^\n\r]*)/;

export interface Suppressions {
  /** rule ids ('*' = all) disabled for the whole file */
  readonly file: ReadonlySet<string>;
  /** 0-based line -> rule ids */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
}

function ruleList(rest: string): string[] {
  const body = rest.split(/\s--\s|\s--$/)[0] ?? '';
  const ids = body.split(/[\s,]+/).filter((s) => /^[a-z0-9-]+$/.test(s));
  return ids.length ? ids : ['*'];
}

export function suppressionsOf(file: ParsedFile): Suppressions {
  const fileSet = new Set<string>();
  const lines = new Map<number, Set<string>>();
  const text = file.text;
  if (!text.includes('calico-tls-disable')) return { file: fileSet, lines };
  let pending: string[] = [];
  for (let i = 0; i < file.lines.lineCount; i++) {
    const line = file.lines.lineText(i);
    const m = DIRECTIVE.exec(line);
    const trimmed = line.trim();
    if (m) {
      const ids = ruleList(m[2] ?? '');
      if (m[1] === 'file') ids.forEach((id) => fileSet.add(id));
      else pending.push(...ids);
      if (trimmed.startsWith('#') || trimmed.startsWith(';') || trimmed.startsWith('//')) continue;
    }
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';') || trimmed.startsWith('//')) continue;
    if (pending.length) {
      lines.set(i, new Set(pending));
      pending = [];
    }
  }
  return { file: fileSet, lines };
}

export function isSuppressed(f: Finding, file: ParsedFile | undefined, sup: Suppressions | undefined): boolean {
  if (!file || !sup) return false;
  if (sup.file.has('*') || sup.file.has(f.rule)) return true;
  const line = file.lines.positionAt(f.span.start).line;
  const ids = sup.lines.get(line);
  return !!ids && (ids.has('*') || ids.has(f.rule));
}

/** The edit that inserts a disable-next-line comment above `line`, at its indentation. */
export function disableNextLineEdit(file: ParsedFile, line: number, ruleId: string): TextEdit {
  const text = file.lines.lineText(line);
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  // A YAML sequence item's comment goes at the dash's column.
  const comment = file.format === 'ini' ? '#' : file.format === 'json' ? '//' : '#';
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const start = file.lines.lineStart(line);
  return {
    uri: file.uri,
    start,
    end: start,
    newText: `${indent}${comment} calico-tls-disable-next-line ${ruleId} -- <reason>${eol}`,
  };
}

export function disableFileEdit(file: ParsedFile, ruleId: string): TextEdit {
  const comment = file.format === 'json' ? '//' : '#';
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  return { uri: file.uri, start: 0, end: 0, newText: `${comment} calico-tls-disable-file ${ruleId}${eol}` };
}
