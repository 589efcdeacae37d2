/**
 * A container's command-line flags (its command after the binary, and its args), read the way
 * the binary's own flag package reads them, for the models of programs configured by flags
 * (model/kube-apiserver.ts, model/etcd-server.ts):
 *
 * - `pflag` (kube-apiserver, k8s.io/component-base): `--name=value`, or `--name value` when the
 *   next argument does not start with `-`; a bool flag alone is true; other arguments are
 *   skipped.
 * - `go` (etcd, Go's flag package): one or two dashes; a non-bool flag takes the next argument
 *   whatever it is; parsing stops at the first argument that is not a flag.
 *
 * A template makes the value (or, for `{{ flag }}`, the whole command line) unknown, and so does
 * `$(VAR)`, which the kubelet expands from the container's environment: never a guessed value.
 */
import { type ParsedFile } from '../parse';
import { isScalar, nodeSpan, type Node, type ScalarNode } from '../parse/tree';
import type { Span } from '../types';
import { known, unknown, type Resolved } from './resolve';

export type FlagStyle = 'pflag' | 'go';

export interface CommandFlag {
  readonly name: string;
  readonly value: Resolved<string>;
  /** The whole flag as written: `--name=value`, or `--name value` across two arguments. */
  readonly span: Span;
  /** Where the value is written, when it is written (not for a bool flag given alone). */
  readonly valueSpan: Span | undefined;
  /** The value's text as written, the argument holding it and where it starts there (list values). */
  readonly text?: string;
  readonly valueNode?: ScalarNode;
  readonly valueOffset?: number;
}

/** The span of `part` inside a scalar when its text appears there verbatim, else the scalar's. */
export function spanWithin(file: ParsedFile, node: ScalarNode, part: string, from = 0): Span {
  const raw = file.text.slice(node.start, node.end);
  const i = part ? raw.indexOf(part, from) : -1;
  return i >= 0 && !node.uri
    ? { uri: file.uri, start: node.start + i, end: node.start + i + part.length }
    : nodeSpan(file.uri, node);
}

const SYNTAX: Record<FlagStyle, { templated: RegExp; flag: RegExp }> = {
  pflag: { templated: /^--([a-z0-9-]+)=/, flag: /^--([A-Za-z0-9][A-Za-z0-9-]*)(?:=([\s\S]*))?$/ },
  go: { templated: /^--?([a-z0-9-]+)=/, flag: /^--?([A-Za-z0-9][A-Za-z0-9-_.]*)(?:=([\s\S]*))?$/ },
};

/**
 * The flags among `items` (the arguments after the binary), the last of a name winning (both
 * packages set it again), and whether every argument could be read.
 */
export function parseCommandFlags(
  file: ParsedFile,
  items: readonly (Node | undefined)[],
  style: FlagStyle,
  boolFlags: ReadonlySet<string>,
): { flags: Map<string, CommandFlag>; complete: boolean } {
  const uri = file.uri;
  const flags = new Map<string, CommandFlag>();
  let complete = true;
  for (let i = 0; i < items.length; i++) {
    const n = items[i];
    if (!isScalar(n)) {
      complete = false;
      continue;
    }
    if (n.templated) {
      // `--name={{ value }}`: the flag is known, its value not; `{{ flag }}`: nothing is.
      const m = SYNTAX[style].templated.exec(n.text);
      if (m && file.text.slice(n.start, n.end).includes(m[0]))
        flags.set(m[1]!, {
          name: m[1]!,
          value: unknown('templated value'),
          span: nodeSpan(uri, n),
          valueSpan: undefined,
        });
      else complete = false;
      continue;
    }
    const m = SYNTAX[style].flag.exec(style === 'go' ? n.text.trim() : n.text);
    if (!m) {
      // pflag skips a non-flag argument; Go's flag package stops there (etcd then refuses to start).
      if (style === 'go') break;
      continue;
    }
    const name = m[1]!;
    let value = m[2];
    let valueNode: ScalarNode = n;
    let offset = n.text.indexOf('=') + 1;
    if (value === undefined) {
      const next = items[i + 1];
      const takesNext = !boolFlags.has(name) && (style === 'go' || (isScalar(next) && !next.text.startsWith('-')));
      if (takesNext && !isScalar(next)) {
        // Go's flag: the value is an argument that cannot be read.
        complete = false;
        continue;
      }
      if (takesNext && isScalar(next)) {
        i++;
        if (next.templated) {
          flags.set(name, {
            name,
            value: unknown('templated value'),
            span: { uri, start: n.start, end: next.end },
            valueSpan: undefined,
          });
          continue;
        }
        value = next.text;
        valueNode = next;
        offset = 0;
      } else value = 'true';
    }
    const written = m[2] !== undefined || valueNode !== n;
    const valueSpan = written ? spanWithin(file, valueNode, value, offset) : undefined;
    flags.set(name, {
      name,
      value: value.includes('$(') ? unknown('expanded from the environment') : known(value, valueSpan),
      span: valueNode === n ? nodeSpan(uri, n) : { uri, start: n.start, end: valueNode.end },
      valueSpan,
      text: value,
      valueNode,
      valueOffset: offset,
    });
  }
  return { flags, complete };
}
