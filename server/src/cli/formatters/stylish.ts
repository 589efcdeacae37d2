import type { CliFinding } from './types';

const C = { red: '\u001b[31m', yellow: '\u001b[33m', blue: '\u001b[34m', dim: '\u001b[2m', underline: '\u001b[4m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** ESLint's "stylish": a header per file, aligned rows, a summary line. Empty when there is nothing. */
export function formatStylish(findings: readonly CliFinding[], color: boolean): string {
  if (!findings.length) return '';
  const paint = (c: string, s: string) => (color ? `${c}${s}${C.reset}` : s);
  const byFile = new Map<string, CliFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [];
  for (const [file, fs] of byFile) {
    out.push('', paint(C.underline, file));
    const pos = fs.map((f) => `${f.line}:${f.column}`);
    const w = Math.max(...pos.map((p) => p.length));
    fs.forEach((f, i) => {
      const sev = f.severity === 'error' ? paint(C.red, 'error  ') : f.severity === 'warning' ? paint(C.yellow, 'warning') : paint(C.blue, 'info   ');
      out.push(`  ${paint(C.dim, pos[i]!.padEnd(w))}  ${sev}  ${f.message}  ${paint(C.dim, f.rule)}`);
    });
  }
  const e = findings.filter((f) => f.severity === 'error').length;
  const w = findings.filter((f) => f.severity === 'warning').length;
  const i = findings.length - e - w;
  const n = findings.length;
  const summary = `✖ ${n} problem${n === 1 ? '' : 's'} (${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}${i ? `, ${i} info${i === 1 ? '' : 's'}` : ''})`;
  out.push('', paint(e ? C.red + C.bold : C.yellow + C.bold, summary), '');
  return out.join('\n');
}
