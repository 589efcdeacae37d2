/** `calico-tls rules [--format table|json]`: the rule catalogue. */
import { RULES } from '../../engine';
import { oneOf, parse, Usage } from '../args';
import { RULES_HELP } from '../help';
import type { Io } from '../io';

/** A rule's metadata without its examples, as `rules --format json` prints it. */
export function ruleSummaries() {
  return RULES.map(({ meta }) => ({
    id: meta.id,
    category: meta.category,
    severity: meta.severity,
    fix: meta.fix ?? null,
    description: meta.description,
    why: meta.why,
  }));
}

export function cmdRules(args: readonly string[], io: Io): number {
  const { values, positionals } = parse('rules', args, {
    format: { type: 'string', short: 'f' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(RULES_HELP + '\n');
    return 0;
  }
  const format = oneOf('format', values.format ?? 'table', ['table', 'json'] as const);
  if (positionals.length) throw new Usage('rules takes no arguments', 'rules');
  const rules = ruleSummaries();
  if (format === 'json') {
    io.out(JSON.stringify(rules, null, 2) + '\n');
    return 0;
  }
  const rows = [
    ['RULE', 'CATEGORY', 'SEVERITY', 'FIX', 'DESCRIPTION'],
    ...rules.map((r) => [r.id, r.category, r.severity, r.fix ?? '-', r.description]),
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  io.out(rows.map((r) => r.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]!) : cell)).join('  ')).join('\n') + '\n');
  return 0;
}
