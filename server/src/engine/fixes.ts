import type { ParsedFile } from './parse';
import type { ScalarNode } from './parse/tree';
import type { Container } from './model/workloads';
import type { Setting } from './model/config';
import type { TextEdit } from './types';

/** Quotes a string for a YAML plain/quoted position only when needed. */
export function yamlString(s: string): string {
  if (
    /^[A-Za-z0-9_./:@+-][A-Za-z0-9_./:@+ -]*$/.test(s) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+([eE][-+]?\d+)?)$/i.test(s) &&
    !/[: ]$/.test(s) &&
    !s.includes(': ') &&
    !s.includes(' #')
  )
    return s;
  return JSON.stringify(s);
}

/** Replaces a scalar's value, keeping its quoting style. */
export function replaceScalar(uri: string, node: ScalarNode, value: string): TextEdit {
  const text =
    node.style === 'double'
      ? JSON.stringify(value)
      : node.style === 'single'
        ? `'${value.replace(/'/g, "''")}'`
        : node.style === 'json'
          ? JSON.stringify(value)
          : yamlString(value);
  return { uri: node.uri ?? uri, start: node.start, end: node.end, newText: text };
}

/**
 * Inserts `- name: N / value: V` after the last entry of a container's block-style `env:`
 * list, at the indentation the list already uses. Undefined when there is no block list to
 * extend (flow style, or no env at all: then we do not guess the layout).
 */
export function insertEnvEntry(file: ParsedFile, c: Container, name: string, value: string): TextEdit | undefined {
  const seq = c.envNode?.value;
  if (!seq || seq.kind !== 'seq' || seq.flow || seq.items.length === 0) return undefined;
  // A list a kustomize patch changed mixes two files: no edit is safe to place.
  if (seq.uri || seq.items.some((i) => i.uri)) return undefined;
  const last = seq.items[seq.items.length - 1];
  const first = seq.items[0];
  if (!last || !first) return undefined;
  const lines = file.lines;
  const firstPos = lines.positionAt(first.start);
  const lineText = lines.lineText(firstPos.line);
  const dash = lineText.lastIndexOf('-', firstPos.character - 1);
  if (dash < 0) return undefined;
  const dashIndent = lineText.slice(0, dash).replace(/[^\t]/g, ' ');
  const itemIndent = ' '.repeat(firstPos.character - dash - 1);
  const endLine = lines.positionAt(Math.max(last.end - 1, last.start)).line;
  const at = lines.lineEnd(endLine);
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const newText =
    `${eol}${dashIndent}-${itemIndent}name: ${name}${eol}${dashIndent} ${itemIndent}value: ` + `${yamlString(value)}`;
  return { uri: file.uri, start: at, end: at, newText };
}

/** Inserts `Key = value` after the last line of an INI file. */
export function insertIniEntry(file: ParsedFile, key: string, value: string): TextEdit {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const needsEol = file.text.length > 0 && !file.text.endsWith('\n');
  return {
    uri: file.uri,
    start: file.text.length,
    end: file.text.length,
    newText: `${needsEol ? eol : ''}${key} = ${value}${eol}`,
  };
}

/**
 * Gives a parameter a value: where an entry already names it (with an empty value, or `none`,
 * which Calico reads as unset), that entry's value is replaced; a second entry would only hide
 * the first (duplicate-env-var). Otherwise a new entry is added to the container or the file.
 */
export function setParameter(
  file: ParsedFile,
  c: Container | undefined,
  existing: Setting | undefined,
  name: string,
  value: string,
): TextEdit | undefined {
  if (existing?.entry) {
    const v = existing.entry.value;
    if (v.type === 'value' && v.node) return replaceScalar(file.uri, v.node, value);
    return undefined; // a valueFrom reference: not ours to rewrite
  }
  if (existing?.source === 'file' && existing.valueSpan && !c)
    return {
      uri: existing.valueSpan.uri,
      start: existing.valueSpan.start,
      end: existing.valueSpan.end,
      newText: value,
    };
  if (c) return insertEnvEntry(file, c, name, value);
  return insertIniEntry(file, name, value);
}
