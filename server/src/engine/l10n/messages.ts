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
 * Rendered by i18next, not @vscode/l10n: that library keeps one bundle per process
 * (`l10n.config`) and keys translations by the English sentence, while the engine renders
 * several locales in one process (the CLI's `--locale`, the tests' zh-cn run) and keys by id, so
 * that an English wording fix does not orphan its translation; i18next keys by id, keeps one
 * instance per locale, and its interpolation takes `{name}` placeholders. The bundle files keep
 * @vscode/l10n's format (a flat JSON object of key to string or `{ message, comment }`), so the
 * same tools read them.
 */
import i18next, { type i18n as I18n, type InitOptions } from 'i18next';
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

/**
 * One i18next instance per locale, made when first asked for: the bundle as its resources (keys
 * `<scope>/<id>`, no key or namespace separator), `{name}` placeholders, no HTML escaping (the
 * texts go to diagnostics, markdown the caller builds, and terminals), and a placeholder with no
 * value left as written (`{ id: off }` is text, not a placeholder).
 */
const INSTANCES = new Map<Locale, I18n>();
function i18nFor(locale: Locale): I18n {
  let i = INSTANCES.get(locale);
  if (i) return i;
  i = i18next.createInstance();
  const translation = locale === 'en' ? {} : Object.fromEntries(bundleOf(locale));
  void i.init({
    lng: locale,
    fallbackLng: false,
    // 'zh-cn' as our bundles name it; i18next would otherwise look resources up as 'zh-CN'.
    lowerCaseLng: true,
    resources: { [locale]: { translation } },
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    showSupportNotice: false,
    interpolation: { prefix: '{', suffix: '}', escapeValue: false, skipOnVariables: true },
    missingInterpolationHandler: (_text: string, match: RegExpExecArray) => match[0],
  } as InitOptions);
  INSTANCES.set(locale, i);
  return i;
}

/**
 * Renders `msg` in `locale` through i18next: the translation under `<scope>/<id>`, then
 * `common/<id>`, else the English template (`english`, the scope's own table, then common.ts).
 * Values that are messages are rendered first, in the same locale. An id with no English
 * template renders as `{id}`, never as an exception: a bug the fixture suite catches
 * (test/rules.test.ts fails on any `{name}` left in a rendered text).
 */
export function renderMsg(msg: Msg | string, scope: string, english: Messages, locale: Locale = 'en'): string {
  if (typeof msg === 'string') return msg;
  const has = (t: Messages) => Object.prototype.hasOwnProperty.call(t, msg.id);
  const en = has(english) ? english[msg.id] : has(COMMON_MESSAGES) ? COMMON_MESSAGES[msg.id] : undefined;
  const replace: Record<string, string> = {};
  for (const [k, v] of Object.entries(msg.data ?? {}))
    replace[k] = typeof v === 'object' ? renderMsg(v, scope, english, locale) : String(v);
  const text = i18nFor(locale).t([`${scope}/${msg.id}`, `common/${msg.id}`], {
    defaultValue: en ?? `{${msg.id}}`,
    replace,
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
