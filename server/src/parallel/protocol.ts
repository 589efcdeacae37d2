/**
 * What the parse workers and the pool say to each other (worker.ts, pool.ts). A parsed file
 * crosses the thread boundary by structured clone, without its line index (a class holding a
 * second reference to the text: rebuilt on arrival).
 */
import type { ParsedFile, ParseOptions } from '../engine/parse';
import type { SeverityOrOff } from '../engine/types';

export interface WorkerSetup {
  readonly calicoTlsParseWorker: true;
  readonly parse: Pick<ParseOptions, 'maxFileSize'>;
  /** The run's rule configuration: a rule turned off reads nothing (relevance.ts). */
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
}

export interface ParseRequest {
  readonly seq: number;
  readonly uri: string;
  readonly text: string;
}

export type ParseReply =
  { readonly seq: number; readonly file: Omit<ParsedFile, 'lines'> } | { readonly seq: number; readonly error: string };
