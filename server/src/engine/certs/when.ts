/**
 * How far a certificate's end is, in words a person reads the way they think of it: a
 * certificate made with `--days 10` a few seconds ago expires "in 10 days", not in 9 (the
 * number of whole days left is 9.99...). Windows (expiryWarningDays) compare exact times; only
 * the words round.
 */
import { m, type Msg } from '../l10n/messages';

const DAY = 86_400_000;

/**
 * The distance in days as the words say it: in the future, within a day or a rounded number of
 * days (a 10-day certificate made seconds ago is "in 10 days"); in the past, whole days elapsed
 * (0: today). One rounding for the rules' wording (`untilMsg`) and the certificate hover's.
 */
export function dayDistance(now: Date, when: Date): { future: boolean; withinDay: boolean; n: number } {
  const ms = when.getTime() - now.getTime();
  if (ms >= 0) return { future: true, withinDay: ms < DAY, n: Math.round(ms / DAY) };
  return { future: false, withinDay: false, n: Math.floor(-ms / DAY) };
}

/**
 * "in 10 days", "in 1 day", "within a day"; for the past: "1 day ago", "3 days ago", "today", as
 * a message (l10n/common.ts: untilWithinDay, untilOneDay, untilDays, untilToday, untilOneDayAgo,
 * untilDaysAgo).
 */
export function untilMsg(now: Date, when: Date): Msg {
  const { future, withinDay, n } = dayDistance(now, when);
  if (future) return withinDay ? m('untilWithinDay') : n === 1 ? m('untilOneDay') : m('untilDays', { n });
  return n === 0 ? m('untilToday') : n === 1 ? m('untilOneDayAgo') : m('untilDaysAgo', { n });
}
