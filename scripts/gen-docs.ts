// Writes docs/rules/<id>.md from each rule's metadata and docs/rules/README.md as the index.
// `npm run docs`; test/docs.test.ts fails when the committed pages are stale.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES, ruleDocMarkdown } from '../server/src/engine';
import { rulesIndexMarkdown } from './rules-index';

const dir = join(process.cwd(), 'docs', 'rules');
mkdirSync(dir, { recursive: true });
for (const r of RULES) writeFileSync(join(dir, `${r.meta.id}.md`), ruleDocMarkdown(r));
writeFileSync(join(dir, 'README.md'), rulesIndexMarkdown());
console.log(`wrote ${RULES.length} rule pages to ${dir}`);
