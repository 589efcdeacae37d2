/** What a command needs from the process, so commands stay testable and never call process.exit. */
export interface Io {
  /** The directory output paths are relative to and `.calico-tls.yaml` is looked up in. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal that takes colours. */
  readonly colorTerminal: boolean;
  out(text: string): void;
  err(text: string): void;
  /**
   * Where progress goes (stderr), if anywhere: `terminal` when stdout and stderr are both
   * terminals (the line is rewritten in place), else lines. Absent in tests that capture output.
   */
  readonly progress?: {
    readonly terminal: boolean;
    write(text: string): void;
    clear(): void;
  };
  /** Reads stdin, at most `limit` bytes (bounded: `yes | calico-tls lint -` must not exhaust memory). */
  readStdin(limit: number): Promise<string>;
}

/**
 * Makes text safe for a terminal: control characters (ANSI escapes, carriage returns, NUL, C1)
 * and bidirectional overrides become visible escapes, newlines and tabs become spaces. A finding
 * message can quote a value from the linted file; it must not be able to drive the terminal.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(/[\t\n]+/g, ' ').replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A line for stderr, prefixed with the program name. */
export function diag(io: Io, text: string): void {
  io.err(`calico-tls: ${terminalSafe(text)}`);
}
