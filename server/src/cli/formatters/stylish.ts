import { terminalSafe } from '../io';
import { countOf, type CliFinding } from './types';

const C = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

const MAX_ALIGNED_MESSAGE = 100;
/** 'warning': the severity column has one width in every file. */
const SEVERITY_WIDTH = 7;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * ESLint's "stylish": a header per file, then `  line:col  severity  message  rule` rows with
 * the columns aligned (the rule column only while messages are short), then a summary
 * `✖ N problems (E errors, W warnings[, I infos])`, infos counted when they are included, and
 * how many files were analysed (in full, in part, not at all) when the counts are given; with
 * nothing to report, that count alone (as ruff says "All checks passed!"). Everything from a
 * linted file passes `terminalSafe`.
 */
/** How many files the run read: analysed in full, in part (info findings say what was left), not at all. */
export interface FileCounts {
  readonly analysed: number;
  readonly partly: number;
  readonly skipped: number;
}

function filesLine(c: FileCounts): string {
  const parts = [`${plural(c.analysed + c.partly, 'file')} analysed${c.partly ? ` (${c.partly} in part)` : ''}`];
  if (c.skipped) parts.push(`${c.skipped} not analysed`);
  return parts.join(', ');
}

export function formatStylish(
  findings: readonly CliFinding[],
  color: boolean,
  infosIncluded = true,
  files?: FileCounts,
): string {
  if (!findings.length)
    return files ? `${color ? C.dim : ''}✔ no problems · ${filesLine(files)}${color ? C.reset : ''}\n` : '';
  const paint = (c: string, s: string) => (color ? `${c}${s}${C.reset}` : s);
  const byFile = new Map<string, CliFinding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const lines: string[] = [];
  for (const [file, fs] of byFile) {
    lines.push('', paint(C.underline, terminalSafe(file)));
    const rows = fs.map((f) => ({
      pos: `${f.line}:${f.column}`,
      sev: f.severity,
      msg: terminalSafe(f.message),
      rule: f.rule,
    }));
    const wPos = Math.max(...rows.map((r) => r.pos.length));
    // Rule ids line up as in ESLint, unless a long message would push them off the screen.
    const longest = Math.max(...rows.map((r) => r.msg.length));
    const wMsg = longest <= MAX_ALIGNED_MESSAGE ? longest : 0;
    for (const r of rows) {
      const sevColor = r.sev === 'error' ? C.red : r.sev === 'warning' ? C.yellow : C.blue;
      lines.push(
        `  ${paint(C.dim, r.pos.padEnd(wPos))}  ${paint(sevColor, r.sev.padEnd(SEVERITY_WIDTH))} ` +
          ` ${r.msg.padEnd(wMsg)}  ${paint(C.dim, r.rule)}`,
      );
    }
  }
  const n = countOf(findings);
  // Infos are counted only when they were asked for: '0 infos' would be untrue when they are hidden.
  const infos = infosIncluded ? `, ${plural(n.infos, 'info')}` : '';
  const summary =
    `✖ ${plural(findings.length, 'problem')} (${plural(n.errors, 'error')}, ` +
    `${plural(n.warnings, 'warning')}${infos})${files ? ` · ${filesLine(files)}` : ''}`;
  lines.push('', paint((n.errors ? C.red : n.warnings ? C.yellow : C.blue) + C.bold, summary));
  return lines.join('\n') + '\n';
}
