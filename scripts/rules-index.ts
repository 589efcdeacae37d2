import { RULES } from '../server/src/engine';

export function rulesIndexMarkdown(): string {
  const rows = [...RULES]
    .sort((a, b) => a.meta.category.localeCompare(b.meta.category) || a.meta.id.localeCompare(b.meta.id))
    .map(
      (r) =>
        `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.category} | ${r.meta.severity} | ${r.meta.fix ?? ''} | ${r.meta.description} |`,
    );
  return [
    '# Rules',
    '',
    '| id | category | severity | fix | what it finds |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
