/**
 * Expectations written in the fixtures themselves, under the offending line:
 *
 *   - name: FELIX_TYPHA_CAFILE
 *   #       ^^^^^^^^^^^^^^^^^^ error unknown-tls-parameter
 *
 * The carets mark the columns on the nearest line above that is not an annotation. Where the
 * range starts in column 0 (felix.cfg keys), write the columns: `; @0-11 error rule-id`; to
 * name another line (a block scalar's key line), write it 1-based first: `# @12:2-12 error rule-id`.
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
const EXPLICIT = /^\s*(#|;|\/\/)\s*@(?:(\d+):)?(\d+)-(\d+)\s+(error|warning|info)\s+([a-z0-9-]+)\s*$/;

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
      out.push({
        file,
        line: e[2] ? Number(e[2]) - 1 : target,
        start: Number(e[3]),
        end: Number(e[4]),
        severity: e[5] ?? '',
        rule: e[6] ?? '',
      });
    } else target = i;
  });
  return out;
}

export function key(e: Expectation): string {
  return `${e.file}:${e.line + 1}:${e.start}-${e.end} ${e.severity} ${e.rule}`;
}
