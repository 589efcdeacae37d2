/**
 * Blanking what no reader reads (model/compact.ts decides what): a range of the text becomes one
 * comment of the same length, so offsets do not move and the parser skips it at once.
 */

/** Offsets [start, end) of text: blanked before parsing (`maskText`). */
export type Ranges = ReadonlyArray<readonly [number, number]>;

/**
 * The text with each range made one comment of the same length (`#` and spaces, the line break
 * that ends the range kept): same offsets, and the parser skips one comment where it would read
 * thousands of lines. The lines the parser sees no
 * longer match the file's, which nothing reads: positions are offsets, and the file's own line
 * index is built from its own text (streamed.ts parseUnit). Each range starts at a line start or
 * at the line break ending a kept line (kept too), and ends at a line start or the end of the
 * text (unreadOf). An ASCII text (the common case) is masked in a byte copy.
 */
export function maskText(text: string, unread: Ranges): string {
  if (!unread.length) return text;
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) {
    const b = Buffer.from(text, 'latin1');
    for (const [s, e] of unread) {
      const [from, to] = commentSpan(text, s, e);
      if (from >= to) continue;
      b[from] = 35;
      b.fill(32, from + 1, to);
    }
    return b.toString('latin1');
  }
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of unread) {
    const [from, to] = commentSpan(text, s, e);
    if (from >= to) continue;
    parts.push(text.slice(at, from), comment(to - from));
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** What of [s, e) becomes the comment: without the line break it starts with and the one it ends with. */
function commentSpan(text: string, s: number, e: number): [number, number] {
  let from = s;
  if (text.charCodeAt(from) === 10) from++;
  let to = e;
  if (to > from && text.charCodeAt(to - 1) === 10) {
    to--;
    if (to > from && text.charCodeAt(to - 1) === 13) to--;
  }
  return [from, to];
}

let COMMENT = '#';
/** `#` and spaces, `n` long, cut from one string that grows to the longest line. */
function comment(n: number): string {
  while (COMMENT.length < n) COMMENT += ' '.repeat(COMMENT.length);
  return COMMENT.slice(0, n);
}
