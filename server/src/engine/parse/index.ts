import type { SourceFile } from '../types';
import { LineIndex } from './line-index';
import { exclusive, overlapsTemplate, templateLayer, templateSuffix, type TemplateLayer } from './template';
import { CHUNKED_MIN, documentStarts, parseYaml, type YamlDocumentCache } from './yaml';
import { maskText, type Ranges } from './mask';
import { parseJson } from './json';
import { parseIni } from './ini';
import { openParts } from './open';
import type { FileFormat, ParsedFile, ParseNote, TemplateInfo } from './types';
import { m } from '../l10n/messages';

export type { ParsedFile, ParsedDocument, IniEntry, SyntaxError, FileFormat, ParseNote, TemplateInfo } from './types';
export { YamlDocumentCache } from './yaml';
export { templateSuffix } from './template';

export interface ParseOptions {
  /** Files larger than this (UTF-16 code units) are not analysed. */
  readonly maxFileSize?: number;
  /** Kept by the caller between versions of a file: large files then re-parse only edited documents. */
  readonly yamlCache?: YamlDocumentCache;
  /**
   * What no reader reads (model/compact.ts): parsed as blanked (parse/mask.ts), same offsets.
   * With `yamlCache`, a large YAML file is blanked chunk by chunk (`maskableStarts`).
   */
  readonly mask?: Ranges;
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** The file's base name, lower-cased, without a query or fragment. */
export function baseName(uri: string): string {
  return (
    uri
      .replace(/[?#].*$/, '')
      .split(/[\\/]/)
      .pop()
      ?.toLowerCase() ?? ''
  );
}

/** The first line that is not blank or a comment (`#`, `;`, `//`). */
function firstContentLine(text: string): string {
  for (const line of text.split(/\r\n|\r|\n/, 200)) {
    const t = line.trim();
    if (t && !t.startsWith('#') && !t.startsWith(';') && !t.startsWith('//')) return t;
  }
  return '';
}

/** What the content says it is: an INI section header, JSON, or YAML. */
export function sniffFormat(text: string): 'yaml' | 'json' | 'ini' {
  const head = firstContentLine(text);
  // `[global]` (felix.cfg) is an INI section; `[` followed by a JSON value is a JSON array.
  if (/^\[[\w .:-]+\]$/.test(head) && !/^\[\s*("|\d|true|false|null|\{|\[)/.test(head)) return 'ini';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  // `Key = value` lines with no YAML mapping line before them: a config file without a section.
  if (/^[A-Za-z][\w.-]*\s*=\s*/.test(head)) return 'ini';
  return 'yaml';
}

/**
 * The format of a file: from the name under any template suffix (`felix.cfg.erb` is INI,
 * `calico-node.yml.j2` YAML, `10-calico.conflist.j2` JSON), else from the content. `.cfg` files
 * are INI except calicoctl's config, which is YAML or JSON (`/etc/calico/calicoctl.cfg`).
 */
export function formatOf(uri: string, text: string): FileFormat {
  const { inner } = templateSuffix(baseName(uri));
  if (/\.(ya?ml)$/.test(inner)) return 'yaml';
  // Certificates and keys are material (certs/material.ts fileMaterial), not documents: a
  // 5 MB CA bundle must not go through a YAML parser.
  if (/\.(pem|crt|cer|key)$/.test(inner) && !/^\s*(apiVersion|kind)\s*:/m.test(text.slice(0, 4096))) return 'pem';
  if (/\.(json|jsonc|conflist)$/.test(inner)) return 'json';
  if (/\.(cfg|ini)$/.test(inner)) {
    // calicoctl's config is YAML or JSON whatever it is called; any other .cfg is INI (felix.cfg,
    // typha.cfg, and unrelated ones, which then match no rule).
    if (/^calicoctl/.test(inner) || CALICO_API_CONFIG.test(text)) return sniffFormat(text) === 'json' ? 'json' : 'yaml';
    return 'ini';
  }
  return sniffFormat(text);
}

const CALICO_API_CONFIG = /(^|\n)\s*("kind"|kind)\s*:\s*"?CalicoAPIConfig\b/;

/** Whether the file's name says what it is (rather than its content): a syntax problem then matters. */
function namedFormat(uri: string): boolean {
  return /\.(ya?ml|json|jsonc|conflist|cfg|ini)$/.test(templateSuffix(baseName(uri)).inner);
}

/** The fields every parsed file has, with nothing parsed in it yet. */
export function blankFile(uri: string, text: string, lines: LineIndex): Omit<ParsedFile, 'format'> {
  return {
    uri,
    text,
    lines,
    documents: [],
    ini: [],
    syntaxErrors: [],
    notes: [],
    templated: false,
    template: undefined,
  };
}

/** Parses one file. Never throws: anything unexpected becomes a syntax error or a skipped file. */
export function parseFile(file: SourceFile, options: ParseOptions = {}): ParsedFile {
  const mask = options.mask?.length ? options.mask : undefined;
  const starts = mask && maskableStarts(file, mask, options);
  if (mask && !starts)
    return parseFile({ uri: file.uri, text: maskText(file.text, mask) }, { ...options, mask: undefined });
  const text = file.text;
  const lines = new LineIndex(text);
  const base = blankFile(file.uri, text, lines);
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > max) {
    return {
      ...base,
      format: 'skipped',
      skippedReason: m('skippedSize', { kib: Math.round(max / 1024) }),
      skippedBy: 'size',
    };
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return { ...base, format: 'skipped', skippedReason: m('skippedBinary'), skippedBy: 'binary' };
  }
  // A file named on the command line is read whatever its name, but a document in a markup
  // language (a repository's README, SOURCES.md) is not configuration: parsed as YAML it would
  // only give syntax errors that are not there.
  if (DOCUMENT.test(templateSuffix(baseName(file.uri)).inner)) {
    return {
      ...base,
      format: 'skipped',
      skippedReason: m('skippedDocument'),
      skippedBy: 'document',
    };
  }
  let format: FileFormat = 'yaml';
  try {
    const { dialect } = templateSuffix(baseName(file.uri));
    const isTemplateFile = dialect !== undefined;
    let layer = templateLayer(text, dialect);
    // A template is blanked whole first, as its layer is read from the blanked text.
    if (mask && layer)
      return parseFile({ uri: file.uri, text: maskText(file.text, mask) }, { ...options, mask: undefined });
    format = formatOf(file.uri, layer?.masked ?? text);
    // In JSON an expression is masked to a number, so `"mtu": {{ mtu }},` stays valid JSON.
    if (layer && format === 'json') layer = templateLayer(text, dialect, '0');
    const source = layer?.masked ?? text;
    let template = layer && templateInfo(layer);
    // A template (as opposed to a file with only `${VAR}` values) is not its format until rendered.
    const templated = isTemplateFile || (!!layer && layer.dialects.some((d) => d !== 'envsubst'));
    const spans = layer?.spans ?? [];
    const common: { -readonly [K in keyof ParsedFile]: ParsedFile[K] } = { ...base, format, templated, template };
    if (format === 'pem') return common;
    if (format === 'ini') {
      const ini = parseIni(source).map((e) =>
        spans.length && overlapsTemplate(spans, e.valueStart, Math.max(e.valueEnd, e.valueStart + 1))
          ? { ...e, templated: true }
          : e,
      );
      return { ...common, ini };
    }
    const { documents, errors, notes } =
      format === 'json'
        ? parseJson(source, spans)
        : parseYaml(source, spans, options.yamlCache, mask && starts ? { mask, starts } : undefined);
    if (template && layer!.insertions.length)
      template = { ...template, open: openParts(documents, layer!.insertions, lines) };
    common.template = template;
    if (!templated) return { ...common, documents, syntaxErrors: errors, notes };
    // Template syntax never yields a syntax error; what is still not valid after masking is
    // said once, as a note, and the rest of the file is analysed as far as it parses.
    // Said only where the file matters: an unrelated `nginx.conf.j2` in an Ansible role is not
    // our business, a `calico-node.yml.j2` or a template mentioning Calico is.
    const first = namedFormat(file.uri) || RELEVANT.test(text) ? errors[0] : undefined;
    const names = (layer?.dialects ?? [dialect!]).filter((d) => d !== 'envsubst').map(dialectName);
    // "Jinja2 and ERB" (common.ts: listAnd, as rules/support/util.ts listText builds it).
    const tags =
      names.length > 1
        ? m('listAnd', { items: names.slice(0, -1).join(', '), last: names[names.length - 1]! })
        : names.join('');
    const why: ParseNote[] = first
      ? [
          {
            start: first.start,
            end: first.end,
            message: m('noteTemplateInvalid', {
              tags,
              format: format === 'json' ? 'JSON' : 'YAML',
              error: first.message,
            }),
          },
        ]
      : [];
    return { ...common, documents, notes: [...notes, ...why] };
  } catch (e) {
    return {
      ...base,
      format,
      syntaxErrors: [{ start: 0, end: Math.min(1, text.length), message: `could not be parsed: ${String(e)}` }],
    };
  }
}

/**
 * The document starts to blank `mask` chunk by chunk at, inside parseYaml (each blanked chunk and
 * its parse then come from the cache: a keystroke in calico.yaml copies and parses one document,
 * not the file), or undefined where the text must be blanked whole first: a file named
 * .yaml/.yml (its format is its name's), large enough to be parsed in chunks, no NUL (a binary
 * check of the blanked text could answer otherwise), at least two documents, and no range
 * covering a document's start (the chunks are then the blanked text's). Same result either way.
 */
function maskableStarts(file: SourceFile, mask: Ranges, options: ParseOptions): number[] | undefined {
  const text = file.text;
  if (!options.yamlCache || text.length < CHUNKED_MIN || !/\.(ya?ml)$/.test(baseName(file.uri))) return undefined;
  if (text.slice(0, 8192).includes('\u0000')) return undefined;
  const starts = documentStarts(text);
  if (starts.length < 2) return undefined;
  let i = 0;
  for (const [s, e] of mask) {
    while (i < starts.length && starts[i]! < s) i++;
    if (i < starts.length && starts[i]! < e) return undefined;
  }
  return starts;
}

const RELEVANT = /calico|felix|typha|tigera|etcd/i;
const DOCUMENT = /\.(md|markdown|rst|adoc|asciidoc|html?)$/i;

/** Whether two offsets of a template are alternatives: in different arms of one `if`/`else`. */
export function alternatives(f: ParsedFile, a: number, b: number): boolean {
  return !!f.template && exclusive(f.template.arms, a, b);
}

/** Whether an offset lies inside any conditional or loop of a template (its object may not be rendered). */
export function conditional(f: ParsedFile, offset: number): boolean {
  return !!f.template?.arms.some((x) => offset >= x.start && offset < x.end);
}

function dialectName(d: string): string {
  return d === 'jinja' ? 'Jinja2' : d === 'erb' ? 'ERB' : d === 'go' ? 'Go template' : '${VAR}';
}

function templateInfo(l: TemplateLayer): TemplateInfo {
  return { dialects: l.dialects, spans: l.spans, insertions: l.insertions, arms: l.arms, open: new Set() };
}

/** Whether a template inserts unseen content into this collection or value-less key (open.ts). */
export function isOpen(f: ParsedFile, part: object | undefined): boolean {
  return !!part && !!f.template?.open.has(part);
}
