/**
 * Helm / Go-template handling. A chart template is not YAML until rendered; we blank out
 * template actions so the YAML around them still parses with its positions unchanged, and
 * remember where they were so that any value touching one is treated as unknown (never as a
 * wrong value: a `{{ .Values.x | b64enc }}` is not invalid base64).
 */

export interface TemplateMask {
  readonly masked: string;
  /** Offsets [start, end) of every `{{ ... }}` action in the original text. */
  readonly spans: ReadonlyArray<readonly [number, number]>;
}

const ACTION = /\{\{[\s\S]*?\}\}/g;

export function hasTemplateActions(text: string): boolean {
  return text.includes('{{') && text.includes('}}');
}

export function maskTemplates(text: string): TemplateMask {
  const spans: Array<[number, number]> = [];
  ACTION.lastIndex = 0;
  for (let m = ACTION.exec(text); m; m = ACTION.exec(text)) spans.push([m.index, m.index + m[0].length]);
  if (spans.length === 0) return { masked: text, spans };
  const out = text.split('');
  // Lines that hold nothing but template actions (control flow, includes) become blank;
  // actions inside a line become a run of 'x' so a `key: {{ ... }}` stays a plain scalar.
  const inAction = new Uint8Array(text.length);
  for (const [s, e] of spans) inAction.fill(1, s, e);
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10 || c === 13) {
      let onlyTemplate = true;
      let anyTemplate = false;
      for (let j = lineStart; j < i; j++) {
        if (inAction[j]) anyTemplate = true;
        else if (text[j] !== ' ' && text[j] !== '\t') onlyTemplate = false;
      }
      if (anyTemplate) {
        for (let j = lineStart; j < i; j++) if (inAction[j]) out[j] = onlyTemplate ? ' ' : 'x';
      }
      lineStart = i + 1;
    }
  }
  return { masked: out.join(''), spans };
}

export function overlapsTemplate(spans: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
  // spans are sorted; a linear scan is fine for the handful a template has, binary search for many.
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (!s) break;
    if (s[1] <= start) lo = mid + 1;
    else if (s[0] >= end) hi = mid - 1;
    else return true;
  }
  return false;
}
