/**
 * What the lint workers and the pool say to each other (worker.ts, pool.ts, lint.ts). Replies
 * cross the thread boundary by structured clone: a first look is a file's identities (and a
 * kustomization's parsed lists), not its tree (engine/streamed.ts FileLook).
 */
import type { LintOptions } from '../engine';
import type { FileLook, UnitResult } from '../engine/streamed';
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
  | { readonly seq: number; readonly look: FileLook; readonly unread: Unread }
  | { readonly seq: number; readonly unreadable: string }
  | { readonly seq: number; readonly unit: UnitResult }
  | { readonly seq: number; readonly error: string };
