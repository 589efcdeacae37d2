// The workspaces the snapshot pins and the differential tests compare (every rule fixture, the
// corpus as one workspace and each real-world repository as one, the shipped examples, the
// dumps, the LSP and CLI fixtures), and their findings as text lines.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lint, resolveFinding, type LintOptions, type LintResult } from '../server/src/engine';
import type { ParsedFile } from '../server/src/engine/parse';
import type { SourceFile } from '../server/src/engine/types';
import { fixture, read, repoRoot, walk } from './helpers';

const ROOT = repoRoot();
export const NOW = new Date('2027-06-01T00:00:00Z');
const LINTABLE = (p: string) => !/\.md$/.test(p);

/** A way to lint a workspace: the engine's `lint`, or another path whose findings must be the same. */
export type Linter = (
  sources: readonly SourceFile[],
  options: LintOptions,
) => Pick<LintResult, 'findings' | 'ruleErrors'> & { files: readonly ParsedFile[] };

export function workspaceFindings(files: string[], run: Linter = lint): string[] {
  const sources = files.map((f) => ({ uri: f, text: read(f) }));
  const pinned = sources.map((x) => /fixture-now: (\S+)/.exec(x.text)?.[1]).find(Boolean);
  const maxSize = sources.map((x) => /fixture-max-file-size: (\d+)/.exec(x.text)?.[1]).find(Boolean);
  const res = run(sources, {
    now: pinned ? new Date(pinned) : NOW,
    ...(maxSize ? { maxFileSize: Number(maxSize) } : {}),
  });
  const byUri = new Map(res.files.map((f) => [f.uri, f]));
  const at = (uri: string, line: number, ch: number) => `${relative(ROOT, uri)}:${line + 1}:${ch + 1}`;
  return [
    ...res.ruleErrors.map((e) => `RULE ERROR ${JSON.stringify(e)}`),
    ...res.findings.map((f) => {
      const r = resolveFinding(f, (u) => byUri.get(u));
      const related = r.related
        .map((x) => `\n    related ${at(x.uri, x.range.start.line, x.range.start.character)} ${x.message}`)
        .join('');
      const fixes = r.fixes.map((x) => `\n    fix (${x.safety}) ${x.title}`).join('');
      return `${at(r.uri, r.range.start.line, r.range.start.character)}-${r.range.end.line + 1}:${r.range.end.character + 1} ${r.severity} ${r.rule} ${r.message}${related}${fixes}`;
    }),
  ];
}

export function workspaces(): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  const rules = fixture('rules');
  for (const rule of readdirSync(rules).sort()) {
    for (const e of readdirSync(join(rules, rule)).sort()) {
      const p = join(rules, rule, e);
      out.push([relative(ROOT, p), statSync(p).isDirectory() ? walk(p, LINTABLE) : [p]]);
    }
  }
  const corpus = fixture('corpus');
  const corpusFiles = walk(corpus, LINTABLE);
  out.push([
    'corpus (one workspace, real-world excluded)',
    corpusFiles.filter((p) => !relative(corpus, p).startsWith('real-world')),
  ]);
  const realWorld = join(corpus, 'real-world');
  for (const repo of readdirSync(realWorld)
    .filter((d) => statSync(join(realWorld, d)).isDirectory())
    .sort()) {
    out.push([`corpus/real-world/${repo}`, walk(join(realWorld, repo), LINTABLE)]);
  }
  for (const ex of readdirSync(join(ROOT, 'examples')).sort())
    out.push([`examples/${ex}`, walk(join(ROOT, 'examples', ex), (p) => /\.ya?ml$/.test(p))]);
  for (const d of ['dumps', 'lsp', 'cli']) {
    for (const e of readdirSync(fixture(d)).sort()) {
      const p = fixture(d, e);
      out.push([relative(ROOT, p), statSync(p).isDirectory() ? walk(p, LINTABLE) : [p]]);
    }
  }
  return out;
}
