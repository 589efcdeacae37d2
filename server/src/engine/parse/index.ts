import type { SourceFile } from '../types';
import { LineIndex } from './line-index';
import { hasTemplateActions, maskTemplates } from './helm';
import { parseYaml, type YamlDocumentCache } from './yaml';
import { parseJson } from './json';
import { parseIni } from './ini';
import type { FileFormat, ParsedFile } from './types';

export type { ParsedFile, ParsedDocument, IniEntry, SyntaxError, FileFormat, ParseNote } from './types';
export { YamlDocumentCache } from './yaml';

export interface ParseOptions {
  /** Files larger than this (UTF-16 code units) are not analysed. */
  readonly maxFileSize?: number;
  /** Kept by the caller between versions of a file: large files then re-parse only edited documents. */
  readonly yamlCache?: YamlDocumentCache;
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export function formatOf(uri: string, text: string): FileFormat {
  const base = uri.replace(/[?#].*$/, '').split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (/\.(ya?ml)$/.test(base)) return 'yaml';
  if (/\.(json|jsonc|conflist|conf)$/.test(base)) return 'json';
  if (/\.(cfg|ini)$/.test(base)) return 'ini';
  // kubeconfig files and stdin have no telling extension.
  const head = text.trimStart();
  return head.startsWith('{') || head.startsWith('[') ? 'json' : 'yaml';
}

/** Parses one file. Never throws: anything unexpected becomes a syntax error or a skipped file. */
export function parseFile(file: SourceFile, options: ParseOptions = {}): ParsedFile {
  const text = file.text;
  const lines = new LineIndex(text);
  const base = { uri: file.uri, text, lines, documents: [], ini: [], syntaxErrors: [], notes: [], templated: false };
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > max) {
    return { ...base, format: 'skipped', skippedReason: `file is larger than the ${Math.round(max / 1024)} KiB size cap` };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return { ...base, format: 'skipped', skippedReason: 'binary file' };
  }
  const format = formatOf(file.uri, text);
  try {
    if (format === 'ini') return { ...base, format, ini: parseIni(text) };
    if (format === 'json') {
      const { documents, errors, notes } = parseJson(text);
      return { ...base, format, documents, syntaxErrors: errors, notes };
    }
    const templated = hasTemplateActions(text);
    const mask = templated ? maskTemplates(text) : { masked: text, spans: [] };
    const { documents, errors, notes } = parseYaml(mask.masked, mask.spans, options.yamlCache);
    // A chart template is not YAML until Helm renders it: syntax errors left after masking
    // are the template's business, not a finding.
    return { ...base, format, documents, syntaxErrors: templated ? [] : errors, notes, templated };
  } catch (e) {
    return { ...base, format, syntaxErrors: [{ start: 0, end: Math.min(1, text.length), message: `could not be parsed: ${String(e)}` }] };
  }
}
