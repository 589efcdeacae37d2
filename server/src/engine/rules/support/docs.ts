import type { Rule } from '../types';

export const DOCS_BASE = 'https://github.com/calico-tls/calico-tls/blob/main/docs/rules/';

export function ruleDocUrl(id: string, base: string = DOCS_BASE): string {
  return `${base}${id}.md`;
}

function fence(name: string, text: string): string {
  const lang = /\.(cfg|ini)$/.test(name) ? 'ini' : /\.(json|conflist)$/.test(name) ? 'json' : 'yaml';
  return `\`${name}\`\n\n\`\`\`${lang}\n${text.replace(/\n$/, '')}\n\`\`\`\n`;
}

/** The labels of a rule's page; `{id}` in `suppressConfig` is the rule id. */
export interface RuleDocLabels {
  readonly category: string;
  readonly severity: string;
  readonly quickFix: string;
  /** Between a label and its value (': ', '：'). */
  readonly separator: string;
  readonly none: string;
  readonly safe: string;
  readonly unsafe: string;
  readonly why: string;
  readonly incorrect: string;
  readonly correct: string;
  readonly suppressing: string;
  readonly suppressConfig: string;
}

/** The prose of a rule's page in another language (rules/l10n); code and examples stay as they are. */
export interface RuleDocText {
  readonly labels: RuleDocLabels;
  readonly description: string;
  readonly why: string;
  /** Example notes, by index of `examples.bad` / `examples.good` (null: that example has none). */
  readonly notes?: { readonly bad?: ReadonlyArray<string | null>; readonly good?: ReadonlyArray<string | null> };
}

export const ENGLISH_DOC_LABELS: RuleDocLabels = {
  category: 'Category',
  severity: 'Default severity',
  quickFix: 'Quick fix',
  separator: ': ',
  none: 'none',
  safe: 'safe',
  unsafe: 'unsafe',
  why: 'Why',
  incorrect: 'Incorrect',
  correct: 'Correct',
  suppressing: 'Suppressing',
  suppressConfig: 'or in `.calico-tls.yaml`: `rules: { {id}: off }`.',
};

function englishText(rule: Rule): RuleDocText {
  const m = rule.meta;
  return { labels: ENGLISH_DOC_LABELS, description: m.description, why: m.why };
}

/** The head of a rule's page (what, category, severity, fix, why): what a hover shows. */
export function ruleDocSummary(rule: Rule, text?: RuleDocText): string {
  return summaryParts(rule, text ?? englishText(rule))
    .join('\n')
    .trim();
}

function summaryParts(rule: Rule, t: RuleDocText): string[] {
  const m = rule.meta;
  const l = t.labels;
  return [
    `# ${m.id}`,
    '',
    `${t.description}`,
    '',
    `- ${l.category}${l.separator}${m.category}`,
    `- ${l.severity}${l.separator}${m.severity}`,
    `- ${l.quickFix}${l.separator}${m.fix ? l[m.fix] : l.none}`,
    '',
    `## ${l.why}`,
    '',
    t.why,
    '',
  ];
}

/**
 * The rule's documentation page, generated from its metadata (docs/rules/<id>.md, `explain`),
 * in English or, given `text`, with that translation of its prose.
 */
export function ruleDocMarkdown(rule: Rule, text?: RuleDocText): string {
  const m = rule.meta;
  const t = text ?? englishText(rule);
  const l = t.labels;
  const parts = summaryParts(rule, t);
  for (const kind of ['bad', 'good'] as const) {
    const list = m.examples[kind];
    list.forEach((ex, i) => {
      const heading = kind === 'bad' ? l.incorrect : l.correct;
      parts.push(`## ${heading}${list.length > 1 ? ` (${i + 1})` : ''}`, '');
      const note = text ? text.notes?.[kind]?.[i] : ex.note;
      if (note) parts.push(note, '');
      for (const f of ex.files) parts.push(fence(f.name, f.text));
    });
  }
  parts.push(
    `## ${l.suppressing}`,
    '',
    '```yaml',
    `# calico-tls-disable-next-line ${m.id} -- <reason>`,
    '```',
    '',
    l.suppressConfig.replace('{id}', m.id),
    '',
  );
  return parts.join('\n');
}
