import stringWidth from 'string-width';
import type { Locale } from '../../engine';
import { terminalSafe } from '../io';
import { count, say } from '../messages';
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

function filesLine(c: FileCounts, locale: Locale): string {
  const analysed = say(locale, 'filesAnalysed', {
    files: count('files', c.analysed + c.partly),
    partly: c.partly ? say(locale, 'filesPartly', { n: c.partly }) : '',
  });
  return c.skipped ? say(locale, 'filesNotAnalysed', { analysed, n: c.skipped }) : analysed;
}

export function formatStylish(
  findings: readonly CliFinding[],
  color: boolean,
  infosIncluded = true,
  files?: FileCounts,
  locale: Locale = 'en',
): string {
  if (!findings.length) {
    if (!files) return '';
    const line = say(locale, 'noProblems', { files: filesLine(files, locale) });
    return `${color ? C.dim : ''}${line}${color ? C.reset : ''}\n`;
  }
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
    // Columns count terminal cells: a Chinese character takes two (string-width).
    const pad = (t: string, w: number) => t + ' '.repeat(Math.max(0, w - stringWidth(t)));
    // Rule ids line up as in ESLint, unless a long message would push them off the screen.
    const longest = Math.max(...rows.map((r) => stringWidth(r.msg)));
    const wMsg = longest <= MAX_ALIGNED_MESSAGE ? longest : 0;
    for (const r of rows) {
      const sevColor = r.sev === 'error' ? C.red : r.sev === 'warning' ? C.yellow : C.blue;
      lines.push(
        `  ${paint(C.dim, r.pos.padEnd(wPos))}  ${paint(sevColor, r.sev.padEnd(SEVERITY_WIDTH))} ` +
          ` ${pad(r.msg, wMsg)}  ${paint(C.dim, r.rule)}`,
      );
    }
  }
  const n = countOf(findings);
  // Infos are counted only when they were asked for: '0 infos' would be untrue when they are hidden.
  const summary = say(locale, 'summary', {
    problems: count('problems', findings.length),
    errors: count('errors', n.errors),
    warnings: count('warnings', n.warnings),
    infos: infosIncluded ? say(locale, 'summaryInfos', { infos: count('infos', n.infos) }) : '',
    files: files ? say(locale, 'summaryFiles', { files: filesLine(files, locale) }) : '',
  });
  lines.push('', paint((n.errors ? C.red : n.warnings ? C.yellow : C.blue) + C.bold, summary));
  return lines.join('\n') + '\n';
}
