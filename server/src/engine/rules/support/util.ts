import { m, type Msg } from '../../l10n/messages';
import type { ComponentConfig, Setting } from '../../model/config';
import type { Span } from '../../types';

export { displayName } from '../../model/config';

export function settingOf(cfg: ComponentConfig, paramName: string): Setting | undefined {
  return cfg.effective.get(paramName.toLowerCase());
}

export function spanOfValueOrName(s: Setting): Span {
  return s.valueSpan && s.valueSpan.end > s.valueSpan.start ? s.valueSpan : s.nameSpan;
}

/** "A, B and C" (common.ts: listAnd): a message, so that the conjunction is translated. */
export function listText(items: readonly string[]): Msg | string {
  if (items.length <= 1) return items.join('');
  return m('listAnd', { items: items.slice(0, -1).join(', '), last: items[items.length - 1]! });
}
