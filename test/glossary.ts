/**
 * The terminology check both translation tests make (test/l10n.test.ts for the VS Code side,
 * test/rule-docs-zh.test.ts for the rule pages): docs/l10n/glossary.md's term table, and the
 * texts whose translation does not use the glossary's rendering of a term the English uses.
 */

/** docs/l10n/glossary.md's term table: English term → the 简体中文 every translation of it contains. */
export function glossary(md: string): Array<[english: string, chinese: string]> {
  const table = md.slice(md.indexOf('## Terms'));
  const rows = table.slice(0, table.indexOf('\n## ')).split('\n');
  return rows
    .filter((l) => l.startsWith('| ') && !l.startsWith('| English |'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => [c[1]!, c[2]!]);
}

/**
 * Each English term (whole words, case-insensitive, with a plural s/es; longest first, so that
 * "key usage" is not read as "key") is looked for in the English once `stayEnglish` has removed
 * what the translation keeps in English (code spans, placeholders, quoted log lines...). A text
 * listed in `exempt` (`<where>|<term>`: the word in another sense) is not a problem; an
 * exemption that is not needed is reported. Returns how many term uses were checked.
 */
export function glossaryProblems(
  terms: Array<[string, string]>,
  pairs: Array<[where: string, english: string, chinese: string]>,
  stayEnglish: (english: string) => string,
  exempt: Record<string, string> = {},
): { problems: string[]; checked: number; unusedExemptions: string[] } {
  const byLength = [...terms].sort((a, b) => b[0].length - a[0].length);
  const problems: string[] = [];
  const used = new Set<string>();
  let checked = 0;
  for (const [where, english, chinese] of pairs) {
    let text = stayEnglish(english);
    for (const [term, zhTerm] of byLength) {
      const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+');
      const re = new RegExp(`(?<![\\w.-])${escaped}(?:s|es)?(?![\\w-]|\\.\\w)`, 'gi');
      if (!re.test(text)) continue;
      checked++;
      const key = `${where}|${term}`;
      if (!chinese.includes(zhTerm)) {
        if (key in exempt) used.add(key);
        else problems.push(`${where}: "${term}" is not translated as ${zhTerm}: ${chinese}`);
      }
      text = text.replace(re, '\u0000');
    }
  }
  return { problems, checked, unusedExemptions: Object.keys(exempt).filter((k) => !used.has(k)) };
}
