/**
 * Core data types of the engine. Positions are kept as UTF-16 offsets into the file text
 * (what JavaScript strings index) and turned into line/character only at the boundary
 * (`toLineCol`), so the model never deals with line arithmetic.
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

/** One file given to the engine. `uri` is opaque to the engine (a file path or a URI). */
export interface SourceFile {
  readonly uri: string;
  readonly text: string;
}

/** A half-open range of UTF-16 offsets [start, end) in one file. */
export interface Span {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

export interface Position {
  /** 0-based line */
  readonly line: number;
  /** 0-based UTF-16 column */
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface TextEdit {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  /** States the action, e.g. "Rename to FELIX_TYPHACAFILE". */
  readonly title: string;
  readonly safety: FixSafety;
  readonly edits: readonly TextEdit[];
}

export interface Related {
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly Related[];
  readonly fixes: readonly Fix[];
}

/** A finding as output: positions resolved to 0-based line/character. */
export interface ResolvedFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly uri: string;
  readonly range: Range;
  readonly related: ReadonlyArray<{ uri: string; range: Range; message: string }>;
  readonly fixes: ReadonlyArray<{
    title: string;
    safety: FixSafety;
    edits: ReadonlyArray<{ uri: string; range: Range; newText: string }>;
  }>;
}
