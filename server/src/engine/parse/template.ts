/**
 * The template layer, before YAML/JSON/INI: a template is read as the document it will render
 * to. Calico configuration in the wild is mostly templated (Ansible/Jinja2 in kubespray,
 * kubeasz and openshift-ansible; ERB in Chef and Puppet cookbooks; Go templates in Helm charts;
 * `${VAR}` for envsubst), and a template is not YAML until rendered.
 *
 * What it does, keeping every position exact (the masked text has the same length, and every
 * line break where it was):
 * - control tags (`{% if %}`, `{{- if }}`, `<% end %>`) and comments are blanked; a line that
 *   holds nothing but tags becomes an empty line;
 * - an expression inside a line (`value: {{ x }}`) becomes a run of filler characters, so the
 *   value stays one scalar; it is recorded, and any value it touches is *unknown*;
 * - an expression alone on its line (`{{ include "env" . | nindent 8 }}`, `<%= render %>`)
 *   inserts content we cannot see: it is blanked and recorded as an insertion, so the
 *   collection it lands in is treated as open (what it lacks may come from there);
 * - `if`/`elif`/`else` (and `range`/`for` … `else`) arms are recorded, so two settings in
 *   different arms of one conditional are alternatives, not duplicates.
 *
 * Why a scanner of our own: this needs only the tag delimiters of four dialects, their
 * whitespace-trim forms, quoted strings inside tags and the few control keywords, with offsets.
 * No maintained JavaScript package lexes Jinja2, ERB and Go templates with offsets (nunjucks'
 * lexer is Nunjucks-only, reports line/column, and would add a template engine to the bundle;
 * ejs and Go's text/template parser are not lexers we can call). It never reports an error: a
 * tag it cannot close is left as text.
 */

export type Dialect = 'jinja' | 'erb' | 'go' | 'envsubst';

/** One arm of a conditional: [start, end) of its body; arms of one chain exclude each other. */
export interface TemplateArm {
  readonly chain: number;
  readonly arm: number;
  readonly start: number;
  readonly end: number;
}

export interface TemplateLayer {
  readonly dialects: readonly Dialect[];
  /** The text with tags masked, same length, same line breaks. */
  readonly masked: string;
  /** Offsets [start, end) of every tag (expressions, control, comments), sorted. */
  readonly spans: ReadonlyArray<readonly [number, number]>;
  /** Offsets [start, end) of expressions: the values they touch are unknown. */
  readonly expressions: ReadonlyArray<readonly [number, number]>;
  /** Start offsets of lines that held only an expression: content inserted there is unseen. */
  readonly insertions: readonly Insertion[];
  readonly arms: readonly TemplateArm[];
}

export interface Insertion {
  readonly offset: number;
  /** The column the inserted content starts at, when the tag says (`nindent 8`), or its own column. */
  readonly column: number | undefined;
}

const TEMPLATE_SUFFIX = /\.(j2|jinja2?|erb|tpl|tmpl|gotmpl)$/i;

/** The file name under its template suffix (`felix.cfg.erb` -> `felix.cfg`), and the dialect the suffix names. */
export function templateSuffix(base: string): { inner: string; dialect: Dialect | undefined } {
  const m = TEMPLATE_SUFFIX.exec(base);
  if (!m) return { inner: base, dialect: undefined };
  const ext = m[1]!.toLowerCase();
  const dialect: Dialect = ext === 'erb' ? 'erb' : ext === 'j2' || ext.startsWith('jinja') ? 'jinja' : 'go';
  return { inner: base.slice(0, m.index), dialect };
}

const ENVSUBST = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-=?+])[^}\n]*)?\}/g;

/** Which dialects the text uses (cheap checks first: most files use none). */
export function detectDialects(text: string, hint?: Dialect): Dialect[] {
  const out = new Set<Dialect>();
  if (hint) out.add(hint);
  const curly = text.includes('{{') || text.includes('{%') || text.includes('{#');
  if (curly) {
    if (/\{%-?\+?\s*\w/.test(text) || /\{#/.test(text.replace(/\$\{#/g, ''))) out.add('jinja');
    if (text.includes('{{')) out.add(out.has('jinja') ? 'jinja' : 'go');
  }
  if (/<%[=#-]?\s/.test(text) || text.includes('<%=')) out.add('erb');
  ENVSUBST.lastIndex = 0;
  if (text.includes('${') && ENVSUBST.test(text)) out.add('envsubst');
  return [...out];
}

type Kind = 'expr' | 'control' | 'comment';
interface Tag {
  start: number;
  end: number;
  kind: Kind;
  /** The words inside a control tag, trim markers removed. */
  body: string;
  envsubst?: boolean;
}

/** Finds the closing delimiter, skipping quoted strings inside the tag; -1 when unclosed. */
function closeOf(text: string, from: number, close: string, quotes: boolean): number {
  let q = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
      else if (c === '\n' && q !== '`') q = ''; // an unbalanced quote does not swallow the file
      continue;
    }
    if (quotes && (c === '"' || c === "'" || c === '`')) q = c;
    else if (c === close[0] && text.startsWith(close, i)) return i;
  }
  return -1;
}

// `template` and `include` insert content: they are expressions.
const GO_CONTROL = /^(if|else|end|range|with|define|block|break|continue)\b/;

function scanTags(text: string, dialects: readonly Dialect[]): Tag[] {
  const jinja = dialects.includes('jinja');
  const go = dialects.includes('go');
  const erb = dialects.includes('erb');
  const env = dialects.includes('envsubst');
  const tags: Tag[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */ && (jinja || go)) {
      const n = text[i + 1];
      if (n === '{') {
        const end = closeOf(text, i + 2, '}}', true);
        if (end < 0) continue;
        const inner = text.slice(i + 2, end).replace(/^[-+]?\s*/, '');
        const kind: Kind = inner.startsWith('/*') ? 'comment' : GO_CONTROL.test(inner) ? 'control' : 'expr';
        tags.push({ start: i, end: end + 2, kind, body: inner.replace(/\s*-?$/, '') });
        i = end + 1;
      } else if (n === '%' && jinja) {
        const end = closeOf(text, i + 2, '%}', true);
        if (end < 0) continue;
        tags.push({
          start: i,
          end: end + 2,
          kind: 'control',
          body: text
            .slice(i + 2, end)
            .replace(/^[-+]?\s*/, '')
            .replace(/\s*[-+]?$/, ''),
        });
        i = end + 1;
      } else if (n === '#' && jinja) {
        const end = closeOf(text, i + 2, '#}', false);
        if (end < 0) continue;
        tags.push({ start: i, end: end + 2, kind: 'comment', body: '' });
        i = end + 1;
      }
    } else if (c === 60 /* < */ && erb && text[i + 1] === '%') {
      if (text[i + 2] === '%') {
        i += 2; // `<%%` is a literal `<%`
        continue;
      }
      const end = closeOf(text, i + 2, '%>', true);
      if (end < 0) continue;
      const mark = text[i + 2];
      const kind: Kind = mark === '=' ? 'expr' : mark === '#' ? 'comment' : 'control';
      tags.push({
        start: i,
        end: end + 2,
        kind,
        body: text
          .slice(i + 2, end)
          .replace(/^[-=]*\s*/, '')
          .replace(/\s*-?$/, ''),
      });
      i = end + 1;
    } else if (c === 36 /* $ */ && env && text[i + 1] === '{') {
      ENVSUBST.lastIndex = i;
      const m = ENVSUBST.exec(text);
      if (m && m.index === i) {
        tags.push({ start: i, end: i + m[0].length, kind: 'expr', body: '', envsubst: true });
        i += m[0].length - 1;
      }
    }
  }
  return tags;
}

type Step = 'open' | 'arm' | 'close' | undefined;

/** How a control tag moves the conditional structure. */
function stepOf(tag: Tag, dialects: readonly Dialect[]): Step {
  const w = /^\w+/.exec(tag.body)?.[0] ?? '';
  if (
    dialects.includes('erb') &&
    tag.body !== '' &&
    !/^(if|unless|case|while|until|for|begin|elsif|else|when|in|end|ensure|rescue)\b/.test(tag.body)
  ) {
    // Ruby blocks: `<% list.each do |x| %>` ... `<% end %>`.
    if (/\bdo\s*(\|[^|]*\|)?\s*$/.test(tag.body) || /\{\s*(\|[^|]*\|)?\s*$/.test(tag.body)) return 'open';
  }
  switch (w) {
    case 'if':
    case 'for':
    case 'range':
    case 'with':
    case 'unless':
    case 'case':
    case 'while':
    case 'until':
    case 'begin':
    case 'define':
    case 'block':
    case 'macro':
    case 'call':
    case 'filter':
      // `{% set x %}…{% endset %}` and `{% set x = 1 %}` differ; only the block form opens.
      return 'open';
    case 'elif':
    case 'elsif':
    case 'else':
    case 'when':
      return 'arm';
    case 'end':
    case 'endif':
    case 'endfor':
    case 'endwith':
    case 'endmacro':
    case 'endcall':
    case 'endfilter':
    case 'endblock':
      return 'close';
    default:
      return undefined;
  }
}

/** Masks the template tags of `text`; undefined when it uses no template syntax. */
export function templateLayer(text: string, hint?: Dialect, jsonFill?: '0'): TemplateLayer | undefined {
  const dialects = detectDialects(text, hint);
  if (!dialects.length) return undefined;
  const tags = scanTags(text, dialects);
  if (!tags.length) return undefined;
  // Replacements [start, end, fill, first]: every character but line breaks becomes `fill`
  // (`first`, when given, for the first one). Built into the masked text once, at the end.
  const masks: Array<[number, number, string, string | undefined]> = [];
  const spans: Array<[number, number]> = [];
  const expressions: Array<[number, number]> = [];
  const insertions: Insertion[] = [];
  const inline: Tag[] = [];
  const lineEndFrom = (o: number) => {
    const n = text.indexOf('\n', o);
    const r = text.indexOf('\r', o);
    const k = n < 0 ? r : r < 0 ? n : Math.min(n, r);
    return k < 0 ? text.length : k;
  };
  let t = 0;
  for (let ls = 0; ls <= text.length && t < tags.length;) {
    let le = lineEndFrom(ls);
    const first = t;
    while (t < tags.length && tags[t]!.start < le) {
      // A tag running over several lines takes the lines it ends on with it.
      le = Math.max(le, lineEndFrom(tags[t]!.end));
      t++;
    }
    if (t > first) {
      const lineTags = tags.slice(first, t);
      let only = true;
      let pos = ls;
      for (const tag of [...lineTags, { start: le, end: le } as Tag]) {
        if (text.slice(pos, tag.start).trim() !== '') only = false;
        pos = Math.max(pos, tag.end);
      }
      for (const tag of lineTags) {
        spans.push([tag.start, tag.end]);
        if (tag.kind === 'expr') expressions.push([tag.start, tag.end]);
        // `${VAR}` is valid YAML as it stands: recorded (its value is unknown), not masked.
        if (tag.envsubst) continue;
        if (only || tag.kind !== 'expr') masks.push([tag.start, tag.end, ' ', undefined]);
        else inline.push(tag);
      }
      const e = lineTags.find((x) => x.kind === 'expr' && !x.envsubst);
      if (only && e) {
        const ind = /\bn?indent\s*\(?\s*(\d+)/.exec(text.slice(e.start, e.end));
        insertions.push({ offset: ls, column: ind ? Number(ind[1]) : e.start - ls });
      }
    }
    ls = le + (text[le] === '\r' && text[le + 1] === '\n' ? 2 : 1);
  }
  // An expression inside a line keeps the value one scalar: `x` in YAML and INI, `0` where the
  // document is JSON (a CNI conflist: `"mtu": {{ mtu }},` must stay valid JSON).
  const fill = jsonFill ?? 'x';
  // One digit in JSON: `00000` is not a JSON number.
  for (const tag of inline) masks.push([tag.start, tag.end, fill === '0' ? ' ' : fill, fill === '0' ? '0' : undefined]);
  masks.sort((a, b) => a[0] - b[0]);
  let masked = '';
  let pos = 0;
  for (const [start, end, f, first] of masks) {
    if (start < pos) continue;
    const seg = text.slice(start, end).replace(/[^\r\n]/g, f);
    masked += text.slice(pos, start) + (first !== undefined && seg.length ? first + seg.slice(1) : seg);
    pos = end;
  }
  masked += text.slice(pos);
  return { dialects, masked, spans, expressions, insertions, arms: armsOf(tags, dialects, text.length) };
}

function armsOf(tags: readonly Tag[], dialects: readonly Dialect[], length: number): TemplateArm[] {
  const arms: TemplateArm[] = [];
  const stack: Array<{ chain: number; arm: number; start: number }> = [];
  let chains = 0;
  for (const tag of tags) {
    if (tag.kind !== 'control') continue;
    // `{% set x = … %}` is an assignment, not a block; `{% set x %}` opens one.
    if (/^set\b/.test(tag.body) && /=/.test(tag.body)) continue;
    const step = stepOf(tag, dialects);
    if (step === 'open') stack.push({ chain: chains++, arm: 0, start: tag.end });
    else if (step === 'arm') {
      const top = stack[stack.length - 1];
      if (!top) continue;
      arms.push({ chain: top.chain, arm: top.arm, start: top.start, end: tag.start });
      top.arm++;
      top.start = tag.end;
    } else if (step === 'close') {
      const top = stack.pop();
      if (top && top.arm > 0) arms.push({ chain: top.chain, arm: top.arm, start: top.start, end: tag.start });
      else if (top) arms.push({ chain: top.chain, arm: 0, start: top.start, end: tag.start });
    }
  }
  // Unclosed blocks run to the end of the file.
  for (const top of stack) arms.push({ chain: top.chain, arm: top.arm, start: top.start, end: length });
  return arms;
}

/** Whether two offsets lie in different arms of one conditional (the template renders one or the other). */
export function exclusive(arms: readonly TemplateArm[], a: number, b: number): boolean {
  if (!arms.length) return false;
  const armsAt = (o: number) => {
    const m = new Map<number, number>();
    for (const x of arms) if (o >= x.start && o < x.end) m.set(x.chain, x.arm);
    return m;
  };
  const ma = armsAt(a);
  if (!ma.size) return false;
  for (const [chain, arm] of armsAt(b)) if (ma.has(chain) && ma.get(chain) !== arm) return true;
  return false;
}

export function overlapsTemplate(spans: ReadonlyArray<readonly [number, number]>, start: number, end: number): boolean {
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
