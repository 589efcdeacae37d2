/**
 * Translations of the catalogue's prose (issue #20 item 2): Calico's description of each Felix
 * parameter (felix-params.json), of the Typha parameters that have one (typha-params.ts) and the
 * field documentation (field-docs.ts), shown in parameter hovers and completion items. Data
 * only; the parameter names, env names, values, units and code spans inside stay verbatim. A text
 * with no translation is shown in English.
 *
 * Felix and Typha have parameters of the same name with different descriptions (EtcdKeyFile,
 * PrometheusMetricsCAFile...), and the field tables could share a key, so the file has one
 * section per table: `felix` and `typha` (parameter name → description), `schemas` (the type
 * text of Felix's metadata, "Integer: [0,65535]", "One of: `ACCEPT`, `RETURN`": English text →
 * translation, since many parameters share one) and `fields` (table → key → {title, text}).
 * Typha's types are Go tag syntax (`oneof(...)`, `file(must-exist)`) and stay as they are.
 */
import type { Locale } from '../../l10n/messages';
import type { FieldDoc } from '../field-docs';
import type { Component } from '../params';
import zhCn from './params.zh-cn.json';

/** The field-doc tables of field-docs.ts, by the name their section has in the translation files. */
export type FieldTable = 'cni' | 'calicoctl' | 'tlsConfig' | 'certificateManagement' | 'etcdEnv';

export interface ParamCatalog {
  readonly felix: Readonly<Record<string, string>>;
  readonly schemas: Readonly<Record<string, string>>;
  readonly typha: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<FieldTable, Readonly<Record<string, FieldDoc>>>>;
}

const CATALOGS: Readonly<Record<Exclude<Locale, 'en'>, ParamCatalog>> = {
  'zh-cn': zhCn as ParamCatalog,
};

/** The translations of a locale (undefined for English, the catalogue's own language). */
export function paramCatalog(locale: Locale): ParamCatalog | undefined {
  return locale === 'en' ? undefined : CATALOGS[locale];
}

const own = <T>(o: Readonly<Record<string, T>> | undefined, k: string): T | undefined =>
  o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

/** A parameter's description in `locale` (its English one where there is no translation). */
export function paramDescription(
  p: { readonly component: Component; readonly name: string; readonly description: string },
  locale: Locale,
): string {
  if (!p.description) return p.description;
  return own(paramCatalog(locale)?.[p.component], p.name) ?? p.description;
}

/** A parameter's type text in `locale` (Felix's metadata schema; the text as it is where there is no translation). */
export function paramType(p: { readonly component: Component; readonly type: string }, locale: Locale): string {
  if (p.component !== 'felix') return p.type;
  return own(paramCatalog(locale)?.schemas, p.type) ?? p.type;
}

/** A field's documentation in `locale` (the English `doc` where there is no translation). */
export function fieldDocIn(table: FieldTable, key: string, doc: FieldDoc, locale: Locale): FieldDoc {
  return own(paramCatalog(locale)?.fields[table], key) ?? doc;
}
