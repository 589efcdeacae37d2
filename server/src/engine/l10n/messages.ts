/**
 * Messages the user reads (findings, related locations, fix titles, hovers, code lenses, command
 * results) are built from a message id and named placeholders (issue #20 item 2), never by
 * joining English fragments: `m('expired', { label, cert, date })` against an English template
 * such as `'{label}: {cert} expired on {date}.'` that the rule (or module) declares, rendered in
 * the locale the client asked for. A translation is looked up in the locale's bundle under
 * `<scope>/<id>` (scope: the rule id, or the module's scope such as `hover`), then under
 * `common/<id>` for the messages several rules share (common.ts).
 *
 * Placeholders are `{name}` with an identifier inside; any other brace (`{ id: off }`) is text.
 * A placeholder's value is a string or number printed as is (Calico's own words, names, paths:
 * verbatim in every language), or another message, rendered in the same locale (a clause that
 * varies, such as singular and plural wording in English).
 *
 * Own formatter, not @vscode/l10n: that library keeps one bundle per process (`l10n.config`) and
 * keys translations by the English sentence, while the engine renders several locales in one
 * process (the CLI's `--locale`, the tests' zh-cn run) and keys by id, so that an English wording
 * fix does not orphan its translation. The bundle files keep @vscode/l10n's format (a flat JSON
 * object of key to string or `{ message, comment }`), so the same tools read them.
 */
import zhCn from './bundle.zh-cn.json';
import { COMMON_MESSAGES } from './common';

export type Locale = 'en' | 'zh-cn';
export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

export type Arg = string | number | Msg;
export interface Msg {
  readonly id: string;
  readonly data?: Readonly<Record<string, Arg>>;
}

/**
 * What the model calls an object or a place (a container, a Secret's key, a configuration file):
 * a message when English words join the names (`container '{name}' ({where})`, common.ts
 * `// labels`), a plain string when it is names only (`Secret kube-system/certs`, `--etcd-cafile`).
 * A placeholder value like any other; render it (`renderMsg(label, 'common', {}, locale)`) where
 * a string is needed.
 */
export type Label = Msg | string;

/** English templates by id, as a rule's `meta.messages` or a module's table declares them. */
export type Messages = Readonly<Record<string, string>>;

/** A message by id with its named values. */
export function m(id: string, data?: Readonly<Record<string, Arg>>): Msg {
  return data ? { id, data } : { id };
}

export function isMsg(x: unknown): x is Msg {
  return typeof x === 'object' && x !== null && typeof (x as Msg).id === 'string';
}

type BundleEntry = string | { readonly message: string; readonly comment?: readonly string[] };
const BUNDLES: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<string, BundleEntry>>>> = {
  'zh-cn': zhCn as Record<string, BundleEntry>,
};

/** The translations of a locale, key `<scope>/<id>` to template (for the parity tests). */
export function bundleOf(locale: Exclude<Locale, 'en'>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(BUNDLES[locale])) out.set(k, typeof v === 'string' ? v : v.message);
  return out;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names a template uses, sorted and unique. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((x) => x[1]!))].sort();
}

function translation(locale: Locale, scope: string, id: string): string | undefined {
  if (locale === 'en') return undefined;
  const b = BUNDLES[locale];
  for (const key of [`${scope}/${id}`, `common/${id}`]) {
    const e = Object.prototype.hasOwnProperty.call(b, key) ? b[key] : undefined;
    if (e !== undefined) return typeof e === 'string' ? e : e.message;
  }
  return undefined;
}

/**
 * Renders `msg` in `locale`. `english` is the scope's own table; shared ids fall back to
 * common.ts. An id with no English template renders as `{id}`, never as an exception: a bug the
 * fixture suite catches (test/rules.test.ts fails on any `{name}` left in a rendered text).
 */
export function renderMsg(msg: Msg | string, scope: string, english: Messages, locale: Locale = 'en'): string {
  if (typeof msg === 'string') return msg;
  const has = (t: Messages) => Object.prototype.hasOwnProperty.call(t, msg.id);
  const en = has(english) ? english[msg.id] : has(COMMON_MESSAGES) ? COMMON_MESSAGES[msg.id] : undefined;
  const template = translation(locale, scope, msg.id) ?? en ?? `{${msg.id}}`;
  const data = msg.data ?? {};
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) return whole;
    const v = data[name]!;
    return typeof v === 'object' ? renderMsg(v, scope, english, locale) : String(v);
  });
  // Chinese typography: no space beside full-width punctuation. Templates put a space between a
  // Chinese word and a Latin placeholder; when the value starts or ends with such punctuation
  // (a label "容器“x”（…）"), that space goes.
  return locale === 'zh-cn' ? text.replace(FULL_WIDTH_SPACE, '$1$2') : text;
}

const FULL_WIDTH_SPACE = / +([（）“”‘’，。：；、！？【】《》])|([（）“”‘’，。：；、！？【】《》]) +/g;

/** A locale name as users and clients write it ('zh-CN', 'zh_CN.UTF-8', 'zh-Hans', 'en_US', 'C'), or undefined. */
export function localeOf(name: string | undefined): Locale | undefined {
  const n = (name ?? '').trim().toLowerCase();
  if (!n) return undefined;
  if (/^zh([-_.@]|$)/.test(n)) return 'zh-cn';
  if (/^(en([-_.@]|$)|c$|c\.|posix$)/.test(n)) return 'en';
  return undefined;
}

/**
 * The locale the environment asks for, as POSIX decides it: the first non-empty of LC_ALL,
 * LC_MESSAGES, LANG; zh* gives zh-cn, anything else (or nothing) English.
 */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): Locale {
  const v = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((x) => x !== undefined && x !== '');
  return localeOf(v) === 'zh-cn' ? 'zh-cn' : 'en';
}
