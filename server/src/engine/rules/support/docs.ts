import type { Rule } from '../types';

export const DOCS_BASE = 'https://github.com/calico-tls/calico-tls/blob/main/docs/rules/';

export function ruleDocUrl(id: string, base: string = DOCS_BASE): string {
  return `${base}${id}.md`;
}

function fence(name: string, text: string): string {
  const lang = /\.(cfg|ini)$/.test(name) ? 'ini' : /\.(json|conflist)$/.test(name) ? 'json' : 'yaml';
  return `\`${name}\`\n\n\`\`\`${lang}\n${text.replace(/\n$/, '')}\n\`\`\`\n`;
}

/** The rule's documentation page, generated from its metadata (docs/rules/<id>.md, hovers, `explain`). */
/** The head of a rule's page (what, category, severity, fix, why): what a hover shows. */
export function ruleDocSummary(rule: Rule): string {
  return summaryParts(rule).join('\n').trim();
}

function summaryParts(rule: Rule): string[] {
  const m = rule.meta;
  return [
    `# ${m.id}`,
    '',
    `${m.description}`,
    '',
    `- Category: ${m.category}`,
    `- Default severity: ${m.severity}`,
    `- Quick fix: ${m.fix ? m.fix : 'none'}`,
    '',
    '## Why',
    '',
    m.why,
    '',
  ];
}

export function ruleDocMarkdown(rule: Rule): string {
  const m = rule.meta;
  const parts = summaryParts(rule);
  m.examples.bad.forEach((ex, i) => {
    parts.push(`## Incorrect${m.examples.bad.length > 1 ? ` (${i + 1})` : ''}`, '');
    if (ex.note) parts.push(ex.note, '');
    for (const f of ex.files) parts.push(fence(f.name, f.text));
  });
  m.examples.good.forEach((ex, i) => {
    parts.push(`## Correct${m.examples.good.length > 1 ? ` (${i + 1})` : ''}`, '');
    if (ex.note) parts.push(ex.note, '');
    for (const f of ex.files) parts.push(fence(f.name, f.text));
  });
  parts.push(
    '## Suppressing',
    '',
    '```yaml',
    `# calico-tls-disable-next-line ${m.id} -- <reason>`,
    '```',
    '',
    `or in \`.calico-tls.yaml\`: \`rules: { ${m.id}: off }\`.`,
    '',
  );
  return parts.join('\n');
}
