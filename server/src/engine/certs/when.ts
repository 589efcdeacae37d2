/**
 * How far a certificate's end is, in words a person reads the way they think of it: a
 * certificate made with `--days 10` a few seconds ago expires "in 10 days", not in 9 (the
 * number of whole days left is 9.99...). Windows (expiryWarningDays) compare exact times; only
 * the words round.
 */
import { m, type Msg } from '../l10n/messages';

const DAY = 86_400_000;

/** "in 10 days", "in 1 day", "within a day"; for the past: "1 day ago", "3 days ago", "today". */
export function untilWords(now: Date, when: Date): string {
  const ms = when.getTime() - now.getTime();
  if (ms >= 0) {
    if (ms < DAY) return 'within a day';
    const n = Math.round(ms / DAY);
    return `in ${n} day${n === 1 ? '' : 's'}`;
  }
  const n = Math.floor(-ms / DAY);
  return n === 0 ? 'today' : `${n} day${n === 1 ? '' : 's'} ago`;
}

/**
 * `untilWords` as a message, so that it is translated (l10n/common.ts, group 6: untilWithinDay,
 * untilOneDay, untilDays, untilToday, untilOneDayAgo, untilDaysAgo), rounded the same way.
 */
export function untilMsg(now: Date, when: Date): Msg {
  const ms = when.getTime() - now.getTime();
  if (ms >= 0) {
    if (ms < DAY) return m('untilWithinDay');
    const n = Math.round(ms / DAY);
    return n === 1 ? m('untilOneDay') : m('untilDays', { n });
  }
  const n = Math.floor(-ms / DAY);
  return n === 0 ? m('untilToday') : n === 1 ? m('untilOneDayAgo') : m('untilDaysAgo', { n });
}
