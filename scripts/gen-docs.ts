// Writes docs/rules/<id>.md from each rule's metadata and docs/rules/README.md as the index, and
// the same pages in 简体中文 under docs/rules/zh-cn (server/src/engine/rules/l10n/zh-cn.json).
// `npm run docs`; test/meta.test.ts and test/rule-docs-zh.test.ts fail when the pages are stale.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../server/src/engine';
import { RULE_DOC_LOCALES } from '../server/src/engine/rules/l10n';
import { ruleDocDir, rulePageMarkdown, rulesIndexMarkdown } from './rules-index';

for (const locale of RULE_DOC_LOCALES) {
  const dir = join(process.cwd(), 'docs', 'rules', ruleDocDir(locale));
  mkdirSync(dir, { recursive: true });
  for (const r of RULES) writeFileSync(join(dir, `${r.meta.id}.md`), rulePageMarkdown(r, locale));
  writeFileSync(join(dir, 'README.md'), rulesIndexMarkdown(locale));
  console.log(`wrote ${RULES.length} rule pages to ${dir}`);
}
