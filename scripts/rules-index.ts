import { RULES, ruleDocMarkdown, type Rule } from '../server/src/engine';
import { ruleDocCatalog, ruleDocText, type RuleDocLocale } from '../server/src/engine/rules/l10n';

/** Where a locale's pages live under docs/rules ('' for English, 'zh-cn' for 简体中文). */
export function ruleDocDir(locale: RuleDocLocale): string {
  return locale === 'en' ? '' : locale;
}

/** The line after a page's title linking the other language's page. */
function crossLink(locale: RuleDocLocale, file: string): string {
  if (locale === 'en') return `[简体中文](zh-cn/${file})`;
  return ruleDocCatalog(locale)!.index.englishLink.replace('{href}', `../${file}`);
}

function withCrossLink(page: string, locale: RuleDocLocale, file: string): string {
  const nl = page.indexOf('\n');
  return `${page.slice(0, nl)}\n\n${crossLink(locale, file)}${page.slice(nl)}`;
}

/** docs/rules/[<locale>/]<id>.md: the rule's page with a link to its other language. */
export function rulePageMarkdown(r: Rule, locale: RuleDocLocale = 'en'): string {
  const text = ruleDocText(r.meta.id, locale);
  if (locale !== 'en' && !text) throw new Error(`${r.meta.id}: no ${locale} text`);
  return withCrossLink(ruleDocMarkdown(r, text), locale, `${r.meta.id}.md`);
}

export function rulesIndexMarkdown(locale: RuleDocLocale = 'en'): string {
  const c = ruleDocCatalog(locale);
  const fix = (f: string | undefined) => (f && c ? c.labels[f as 'safe' | 'unsafe'] : (f ?? ''));
  const rows = [...RULES]
    .sort((a, b) => a.meta.category.localeCompare(b.meta.category) || a.meta.id.localeCompare(b.meta.id))
    .map(
      (r) =>
        `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.category} | ${r.meta.severity} | ${fix(r.meta.fix)} | ${
          c ? ruleDocText(r.meta.id, locale)!.description : r.meta.description
        } |`,
    );
  const title = c ? c.index.title : 'Rules';
  const columns = c ? c.index.columns : ['id', 'category', 'severity', 'fix', 'what it finds'];
  return [
    `# ${title}`,
    '',
    crossLink(locale, 'README.md'),
    '',
    `| ${columns.join(' | ')} |`,
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
