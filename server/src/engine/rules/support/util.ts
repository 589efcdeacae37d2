import { m, type Arg, type Msg } from '../../l10n/messages';
import type { ComponentConfig, Setting } from '../../model/config';
import type { Span } from '../../types';

export { displayName } from '../../model/config';

export function settingOf(cfg: ComponentConfig, paramName: string): Setting | undefined {
  return cfg.effective.get(paramName.toLowerCase());
}

export function spanOfValueOrName(s: Setting): Span {
  return s.valueSpan && s.valueSpan.end > s.valueSpan.start ? s.valueSpan : s.nameSpan;
}

/**
 * "A, B and C" (common.ts: listAnd): a message, so that the conjunction is translated. Items that
 * are messages themselves (a reader's words) are joined by listComma, in the reader's language.
 */
export function listText(items: readonly Arg[]): Arg {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(0, -1);
  const last = items[items.length - 1]!;
  if (head.every((x) => typeof x !== 'object')) return m('listAnd', { items: head.join(', '), last });
  const commas = head.reduceRight<Arg | undefined>(
    (rest, first) => (rest === undefined ? first : m('listComma', { first, rest })),
    undefined,
  )!;
  return m('listAnd', { items: commas, last });
}

/**
 * "'a', 'b', 'c'" in English, “a”、“b”、“c” in Chinese (common.ts: quoted, quotedMore): names
 * (keys, CAs, URIs) each quoted in the reader's language; '' for none.
 */
export function quotedList(names: readonly string[]): Msg | string {
  const [name, ...more] = names;
  if (name === undefined) return '';
  return more.length ? m('quotedMore', { name, more: quotedList(more) }) : m('quoted', { name });
}
