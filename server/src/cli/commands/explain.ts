/** `calico-tls explain RULE-ID`: a rule's documentation page. */
import { RULES, RULES_BY_ID, ruleDocMarkdown } from '../../engine';
import { ruleDocText } from '../../engine/rules/l10n';
import { localeOption, parse, Usage } from '../args';
import { EXPLAIN_HELP } from '../help';
import type { Io } from '../io';

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The ids closest to a mistyped one: edit distance, lowered for each word ('tls', 'typha')
 * the two share, so `unknown-parameter` finds `unknown-tls-parameter` first.
 */
export function closestRuleIds(query: string, ids: readonly string[] = RULES.map((r) => r.meta.id), n = 3): string[] {
  const q = query.toLowerCase();
  const words = new Set(q.split(/[^a-z0-9]+/).filter(Boolean));
  const score = (id: string) => {
    const shared = id.split('-').filter((w) => words.has(w)).length;
    const contains = id.includes(q) || q.includes(id) ? 1 : 0;
    return levenshtein(q, id) - 3 * shared - 5 * contains;
  };
  return [...ids]
    .map((id) => ({ id, s: score(id) }))
    .sort((a, b) => a.s - b.s || (a.id < b.id ? -1 : 1))
    .slice(0, n)
    .map((x) => x.id);
}

export function cmdExplain(args: readonly string[], io: Io): number {
  const { values, positionals } = parse('explain', args, {
    help: { type: 'boolean', short: 'h' },
    locale: { type: 'string' },
  });
  if (values.help) {
    io.out(EXPLAIN_HELP + '\n');
    return 0;
  }
  const id = positionals[0];
  if (!id) throw new Usage("explain needs a rule id (see 'calico-tls rules')", 'explain');
  if (positionals.length > 1) throw new Usage('explain takes one rule id', 'explain');
  const rule = RULES_BY_ID.get(id) ?? RULES_BY_ID.get(id.trim().toLowerCase());
  if (!rule)
    throw new Usage(
      `unknown rule '${id}'. Closest: ${closestRuleIds(id).join(', ')}. 'calico-tls rules' lists them all.`,
      'explain',
    );
  const locale = localeOption(values.locale, io.env, 'explain');
  const doc = ruleDocMarkdown(rule, ruleDocText(rule.meta.id, locale));
  io.out(doc.endsWith('\n') ? doc : doc + '\n');
  return 0;
}
