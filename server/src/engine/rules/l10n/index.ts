/**
 * Translations of the rules' documentation (issue #20 item 3): the prose of each rule's page
 * (description, why, example notes) and the page's labels, per locale. Data only, imported by
 * whoever prints a translated page (the docs generator, `calico-tls explain --locale`), so the
 * bundles that do not show translated pages do not carry it. Code spans, quoted Calico log and
 * error texts, parameter and file names stay verbatim (test/rule-docs-zh.test.ts checks them).
 */
import type { RuleDocLabels, RuleDocText } from '../support/docs';
import zhCn from './zh-cn.json';
import { LOCALES, type Locale } from '../../l10n/messages';

export type RuleDocLocale = Locale;
export const RULE_DOC_LOCALES: readonly RuleDocLocale[] = LOCALES;

/** One locale's file: labels of the rule pages and of the index, and each rule's prose. */
export interface RuleDocCatalog {
  readonly labels: RuleDocLabels;
  readonly index: {
    readonly title: string;
    /** id, category, severity, fix, what it finds. */
    readonly columns: readonly string[];
    /** The line linking a page to its English original; `{href}` is the link target. */
    readonly englishLink: string;
  };
  readonly rules: Readonly<
    Record<
      string,
      {
        readonly description: string;
        readonly why: string;
        readonly notes?: {
          readonly bad?: ReadonlyArray<string | null>;
          readonly good?: ReadonlyArray<string | null>;
        };
      }
    >
  >;
}

const CATALOGS: Readonly<Record<Exclude<RuleDocLocale, 'en'>, RuleDocCatalog>> = {
  'zh-cn': zhCn as RuleDocCatalog,
};

/** The catalog of a translated locale (undefined for English, the rules' own language). */
export function ruleDocCatalog(locale: RuleDocLocale): RuleDocCatalog | undefined {
  return locale === 'en' ? undefined : CATALOGS[locale];
}

/** A rule's page text in `locale`, for ruleDocMarkdown; undefined for English or an id not translated. */
export function ruleDocText(id: string, locale: RuleDocLocale): RuleDocText | undefined {
  const c = ruleDocCatalog(locale);
  const r = c && Object.prototype.hasOwnProperty.call(c.rules, id) ? c.rules[id] : undefined;
  if (!c || !r) return undefined;
  return { labels: c.labels, description: r.description, why: r.why, ...(r.notes ? { notes: r.notes } : {}) };
}
