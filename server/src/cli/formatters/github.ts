import type { Severity } from '../../engine';
import type { CliFinding } from './types';

/**
 * `--format github`: one GitHub Actions workflow command per finding
 * (`::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`), which the runner
 * turns into an annotation on the file and line of the pull request. The syntax and escaping are
 * GitHub's ("Workflow commands for GitHub Actions": `%`, CR and LF are escaped in the message;
 * `:` and `,` too in a property value). Related locations go into the message, one per line, as
 * an annotation has a single place.
 */
const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => {
      const props = [
        `file=${escapeProperty(f.file)}`,
        `line=${f.line}`,
        `endLine=${f.endLine}`,
        `col=${f.column}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(`calico-tls ${f.rule}`)}`,
      ];
      const text = [f.message, ...f.related.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message}`)].join('\n');
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(text)}\n`;
    })
    .join('');
}
