/**
 * Expectations written in the fixtures themselves, under the offending line:
 *
 *   - name: FELIX_TYPHA_CAFILE
 *   #       ^^^^^^^^^^^^^^^^^^ error unknown-tls-parameter
 *
 * The carets mark the columns on the nearest line above that is not an annotation. Where the
 * range starts in column 0 (felix.cfg keys), write the columns: `; @0-11 error rule-id`.
 */
export interface Expectation {
  readonly file: string;
  readonly line: number; // 0-based
  readonly start: number;
  readonly end: number;
  readonly severity: string;
  readonly rule: string;
}

const CARETS = /^(\s*)(#|;|\/\/)(\s*)(\^+)\s+(error|warning|info)\s+([a-z0-9-]+)\s*$/;
const EXPLICIT = /^\s*(#|;|\/\/)\s*@(\d+)-(\d+)\s+(error|warning|info)\s+([a-z0-9-]+)\s*$/;

export function isAnnotation(line: string): boolean {
  return CARETS.test(line) || EXPLICIT.test(line);
}

export function parseAnnotations(file: string, text: string): Expectation[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Expectation[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const c = CARETS.exec(line);
    const e = EXPLICIT.exec(line);
    if (c) {
      const start = (c[1]?.length ?? 0) + (c[2]?.length ?? 0) + (c[3]?.length ?? 0);
      out.push({ file, line: target, start, end: start + (c[4]?.length ?? 0), severity: c[5] ?? '', rule: c[6] ?? '' });
    } else if (e) {
      out.push({ file, line: target, start: Number(e[2]), end: Number(e[3]), severity: e[4] ?? '', rule: e[5] ?? '' });
    } else target = i;
  });
  return out;
}

export function key(e: Expectation): string {
  return `${e.file}:${e.line + 1}:${e.start}-${e.end} ${e.severity} ${e.rule}`;
}
