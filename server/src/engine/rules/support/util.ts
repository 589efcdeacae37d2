import type { ComponentConfig, Setting } from '../../model/config';
import type { Span } from '../../types';

export { displayName } from '../../model/config';

export function settingOf(cfg: ComponentConfig, paramName: string): Setting | undefined {
  return cfg.effective.get(paramName.toLowerCase());
}

export function spanOfValueOrName(s: Setting): Span {
  return s.valueSpan && s.valueSpan.end > s.valueSpan.start ? s.valueSpan : s.nameSpan;
}

/** "A, B and C" */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
