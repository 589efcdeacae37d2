// The `$calico-tls` problem matcher (package.json contributes.problemMatchers) read the way VS
// Code reads it: a multi-line pattern whose first line names the file and whose last line
// repeats (`loop`) for every row under it. Run over the CLI's real stylish output, it must find
// every finding of `--format json` at the same place, with the same severity, message and rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers';
import { MANIFESTS, run, runJson, workspace } from './support';

interface Pattern {
  regexp: string;
  file?: number;
  line?: number;
  column?: number;
  severity?: number;
  message?: number;
  code?: number;
  loop?: boolean;
}

const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
  contributes: { problemMatchers: Array<{ name: string; owner: string; fileLocation: string[]; pattern: Pattern[] }> };
};

/** VS Code's multi-line matching (ProblemMatcher, loop on the last pattern), reduced to what this matcher uses. */
function matchAll(output: string, patterns: Pattern[]) {
  const [head, row] = patterns.map((p) => ({ ...p, re: new RegExp(p.regexp) }));
  const out: Array<{ file: string; line: number; column: number; severity: string; message: string; code: string }> =
    [];
  let file: string | undefined;
  for (const line of output.split('\n')) {
    const r = file !== undefined ? row!.re.exec(line) : null;
    if (r) {
      out.push({
        file,
        line: Number(r[row!.line!]),
        column: Number(r[row!.column!]),
        severity: r[row!.severity!]!,
        message: r[row!.message!]!,
        code: r[row!.code!]!,
      } as (typeof out)[number]);
      continue;
    }
    const h = head!.re.exec(line);
    file = h ? h[head!.file!] : undefined;
  }
  return out;
}

test('the problem matcher finds every finding of the stylish output, at its place', async () => {
  const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'calico-tls');
  assert.ok(matcher);
  assert.equal(matcher.pattern.at(-1)!.loop, true);
  assert.deepEqual(matcher.fileLocation, ['relative', '${workspaceFolder}']);
  const d = await workspace('broken');
  const stylish = run(['lint', '--include-info', MANIFESTS], d).stdout;
  const json = runJson(['--include-info', MANIFESTS], d).findings;
  const found = matchAll(stylish, matcher.pattern);
  assert.ok(json.length >= 2);
  assert.deepEqual(
    found,
    json.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      severity: f.severity,
      message: f.message,
      code: f.rule,
    })),
  );
});
