/**
 * Shared by the bounded property tests (test/robustness.test.ts) and the long fuzz run
 * (scripts/fuzz.ts): input generators and the property every input must satisfy.
 */
import fc from 'fast-check';
import { lint, type SourceFile } from '../server/src/engine';
/** Time one analysis may take before it counts as a hang (a hang detector, not a benchmark). */
export const BUDGET_MS = 10_000;

/** The engine returns, within the budget, without rule errors, with findings inside their documents. */
export function checkProperty(files: SourceFile[]): void {
  const t0 = Date.now();
  const res = lint(files);
  const ms = Date.now() - t0;
  if (ms > BUDGET_MS) throw new Error(`analysis took ${ms} ms (budget ${BUDGET_MS} ms)`);
  if (res.ruleErrors.length) throw new Error(`rule threw: ${res.ruleErrors.map((e) => `${e.rule}: ${e.error.split('\n')[0]}`).join('; ')}`);
  const byUri = new Map(files.map((f) => [f.uri, f.text]));
  for (const f of res.findings) {
    const text = byUri.get(f.span.uri);
    if (text === undefined) throw new Error(`finding in unknown file ${f.span.uri}`);
    if (!(f.span.start >= 0 && f.span.end >= f.span.start && f.span.end <= text.length)) throw new Error(`finding ${f.rule} range ${f.span.start}-${f.span.end} outside ${text.length}`);
    for (const r of f.related) {
      const rt = byUri.get(r.span.uri);
      if (rt === undefined || r.span.end > rt.length || r.span.start < 0) throw new Error(`related range of ${f.rule} outside its file`);
    }
  }
  // A limit of the reader (deep nesting, stack) is never dressed up as a syntax error.
  for (const f of res.findings) if (/call stack|too much recursion/i.test(f.message)) throw new Error(`${f.rule} reports a stack overflow: ${f.message}`);
}

/** Random edits of a seed text: flips, deletions, duplications, truncation, insertions of YAML syntax. */
export function mutated(seeds: readonly string[]): fc.Arbitrary<string> {
  const syntax = ['{', '}', '[', ']', ':', '- ', '&a ', '*a', '|', '>', '"', "'", '\n', '  ', '\t', '#', '---\n', '{{ .Values.x }}', '-----BEGIN CERTIFICATE-----\n', '\u0000', '\uFEFF', '!!binary ', '<<: *a\n'];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), s: fc.constantFrom(...syntax) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), c: fc.integer({ min: 0, max: 0xffff }) }),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(op, { minLength: 1, maxLength: 8 })).map(([seed, ops]) => {
    let t = seed;
    for (const o of ops) {
      const at = t.length ? o.at % t.length : 0;
      if (o.kind === 'insert') t = t.slice(0, at) + o.s + t.slice(at);
      else if (o.kind === 'delete') t = t.slice(0, at) + t.slice(at + o.n);
      else if (o.kind === 'dup') t = t.slice(0, at) + t.slice(at, at + o.n) + t.slice(at);
      else if (o.kind === 'truncate') t = t.slice(0, at);
      else t = t.slice(0, at) + String.fromCharCode(o.c) + t.slice(at + 1);
    }
    return t;
  });
}

export const fileName = fc.constantFrom('a.yaml', 'b.yml', 'c.json', '10-calico.conflist', 'felix.cfg', 'typha.cfg', 'tls.crt', 'calico-kubeconfig');

export function nested(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}
