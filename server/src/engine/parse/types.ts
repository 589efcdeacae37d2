import type { Node } from './tree';
import type { Msg } from '../l10n/messages';
import type { LineIndex } from './line-index';
import type { Dialect, Insertion, TemplateArm } from './template';

/** What the template layer found in a template file (template.ts). */
export interface TemplateInfo {
  readonly dialects: readonly Dialect[];
  /** Offsets [start, end) of every tag, sorted: a value touching one is unknown. */
  readonly spans: ReadonlyArray<readonly [number, number]>;
  /** Lines that held only an expression: content we cannot see is inserted there. */
  readonly insertions: readonly Insertion[];
  /** Arms of conditionals: settings in different arms of one chain are alternatives. */
  readonly arms: readonly TemplateArm[];
  /** Collections (and value-less keys) that insertions add unseen content to (open.ts). */
  readonly open: ReadonlySet<object>;
}

export interface SyntaxError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly code?: string;
}

/**
 * A part of a file that was not analysed, and why (a limit of the reader, not a mistake in the
 * file): a message (l10n/common.ts, group 6), which file-skipped reports.
 */
export interface ParseNote {
  readonly start: number;
  readonly end: number;
  readonly message: Msg;
}

/** Where a key is written (`uri`: a key a kustomize patch grafted, model/kustomize.ts). */
export interface KeySpan {
  readonly uri?: string;
  readonly start: number;
  readonly end: number;
}

/** A key written again in the same mapping, and where it was written first (parse/keys.ts). */
export interface RepeatedKey {
  readonly key: string;
  readonly first: KeySpan;
  readonly again: KeySpan;
}

export interface ParsedDocument {
  readonly index: number;
  readonly root: Node | undefined;
  readonly start: number;
  readonly end: number;
  /**
   * The keys written twice in its mappings, kept when the document was cut to its identity
   * (model/compact.ts) because a reader reads only its keys (model/reads.ts `keys`).
   */
  readonly repeatedKeys?: readonly RepeatedKey[];
}

export interface IniEntry {
  readonly section: string;
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: string;
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly lineStart: number;
  /** The value touches a template tag: unknown. */
  readonly templated?: boolean;
}

/** `pem`: a certificate or key file (.pem/.crt/.cer/.key), read as material, not parsed. */
export type FileFormat = 'yaml' | 'json' | 'ini' | 'pem' | 'skipped';

export interface ParsedFile {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly format: FileFormat;
  readonly documents: readonly ParsedDocument[];
  readonly ini: readonly IniEntry[];
  readonly syntaxErrors: readonly SyntaxError[];
  /** Parts of the file not analysed (nesting too deep to read), reported by file-skipped. */
  readonly notes: readonly ParseNote[];
  /** A template (Jinja2, ERB, Go/Helm): its tags were set aside before parsing (template.ts). */
  readonly templated: boolean;
  readonly template: TemplateInfo | undefined;
  /**
   * Why the file was not analysed, when format is 'skipped': a message (l10n/common.ts, group 6:
   * skippedSize, skippedBinary, skippedDocument), rendered by file-skipped and by the CLI.
   */
  readonly skippedReason?: Msg;
  /** Which limit skipped it: only the size cap is the user's to raise. */
  readonly skippedBy?: 'size' | 'binary' | 'document';
}
