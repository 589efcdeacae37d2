import { RULES, ruleDocUrl } from '../../engine';
import type { CliFinding } from './types';

/** SARIF 2.1.0 with real regions and the rule catalogue (GitHub code scanning reads it). */
export function formatSarif(findings: readonly CliFinding[], version: string, cwdUri: string): string {
  const index = new Map(RULES.map((r, i) => [r.meta.id, i] as const));
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const loc = (file: string, line: number, column: number, endLine?: number, endColumn?: number) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
      region: endLine ? { startLine: line, startColumn: column, endLine, endColumn } : { startLine: line, startColumn: column },
    },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'calico-tls',
            version,
            informationUri: 'https://github.com/calico-tls/calico-tls',
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.why },
              helpUri: ruleDocUrl(r.meta.id),
              help: { text: `${r.meta.description}\n\n${r.meta.why}` },
              defaultConfiguration: { level: level(r.meta.severity) },
              properties: { category: r.meta.category, tags: [r.meta.category, 'tls', 'calico'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule) ?? 0,
          level: level(f.severity),
          message: { text: f.message },
          locations: [loc(f.file, f.line, f.column, f.endLine, f.endColumn)],
          ...(f.related.length ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, ...loc(r.file, r.line, r.column) })) } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
