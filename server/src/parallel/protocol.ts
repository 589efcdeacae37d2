/**
 * What the lint workers and the pool say to each other (worker.ts, pool.ts, lint.ts). Replies
 * cross the thread boundary by structured clone; a parsed file goes without its line index (a
 * class holding the text: rebuilt on arrival when needed).
 */
import type { LintOptions } from '../engine';
import type { ParsedFile } from '../engine/parse';
import type { UnitResult } from '../engine/streamed';
import type { Unread } from '../engine/model/compact';

export interface WorkerSetup {
  readonly calicoTlsLintWorker: true;
  /** The run's options (rules, clock, locale, windows, size cap): plain data. */
  readonly options: LintOptions;
}

/** A file to read: from disk by path, or the text given (stdin). */
export interface FileRef {
  readonly uri: string;
  readonly text?: string;
  /** What of the file no reader reads, from its first look (engine/streamed.ts UnitSource). */
  readonly unread?: Unread;
}

export type Request =
  | { readonly seq: number; readonly task: 'look'; readonly file: FileRef }
  | { readonly seq: number; readonly task: 'unit'; readonly files: readonly FileRef[] };

export type Reply =
  | { readonly seq: number; readonly look: Omit<ParsedFile, 'lines'>; readonly unread: Unread }
  | { readonly seq: number; readonly unreadable: string }
  | { readonly seq: number; readonly unit: UnitResult }
  | { readonly seq: number; readonly error: string };
