import type { IniEntry } from './types';

/**
 * felix.cfg / typha.cfg. Calico reads them with gopkg.in/ini.v1 and merges the keys of every
 * section into one map (CAL felix/config/file_loader.go), so sections are kept only for
 * messages. No npm INI parser keeps positions, which we need for exact ranges; the format
 * Calico accepts is small enough to read here: `key = value` or `key: value`, `#`/`;`
 * comments, optional surrounding quotes.
 */
export function parseIni(text: string): IniEntry[] {
  const out: IniEntry[] = [];
  let section = '';
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    const line = text.slice(lineStart, lineEnd);
    const trimmed = line.trim();
    const lead = line.length - line.trimStart().length;
    if (trimmed && !trimmed.startsWith('#') && !trimmed.startsWith(';')) {
      if (trimmed.startsWith('[')) {
        const close = trimmed.indexOf(']');
        section = close > 0 ? trimmed.slice(1, close).trim() : trimmed.slice(1).trim();
      } else {
        const eq = findSep(line);
        if (eq > 0) {
          const rawKey = line.slice(0, eq);
          const key = rawKey.trim();
          const keyStart = lineStart + lead;
          let vs = eq + 1;
          while (vs < line.length && (line[vs] === ' ' || line[vs] === '\t')) vs++;
          let ve = line.length;
          while (ve > vs && (line[ve - 1] === ' ' || line[ve - 1] === '\t')) ve--;
          let value = line.slice(vs, ve);
          let valueStart = lineStart + vs;
          let valueEnd = lineStart + ve;
          if (
            value.length >= 2 &&
            ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith('`') && value.endsWith('`')))
          ) {
            value = value.slice(1, -1);
            valueStart++;
            valueEnd--;
          }
          if (key)
            out.push({ section, key, keyStart, keyEnd: keyStart + key.length, value, valueStart, valueEnd, lineStart });
        }
      }
    }
    if (lineEnd >= n) break;
    lineStart = lineEnd + (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? 2 : 1);
  }
  return out;
}

function findSep(line: string): number {
  const a = line.indexOf('=');
  const b = line.indexOf(':');
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}
