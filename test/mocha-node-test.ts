// `node:test` for the mutation run only (scripts/build.mjs --mutation aliases `node:test` to this
// file). Stryker's mocha runner keeps the test files loaded in one process and runs, for each
// mutant, only the tests that covered its code; the tap runner it replaces started a Node process
// per test file per mutant. Our tests use `test(name, [options], fn)`, `before` and `after` and
// nothing else of node:test (test/hygiene.test.ts keeps it so), which map one to one onto
// mocha's globals. The wrapper has no parameter: mocha reads a function with one as callback
// style and would wait for `done`.
declare const it: (name: string, fn: () => unknown) => { timeout(ms: number): void };
declare const before: (fn: () => unknown) => unknown;
declare const after: (fn: () => unknown) => unknown;

type Body = (t: unknown) => unknown;
const context = { diagnostic() {}, skip() {}, todo() {} };

export function test(name: string, options: Body | object, fn?: Body): void {
  const body = typeof options === 'function' ? (options as Body) : fn!;
  // Mocha's 2 s default would fail the snapshot test; a mutant that loops is Stryker's to stop.
  it(name, () => body(context)).timeout(120_000);
}

const beforeHook = (fn: () => unknown) => before(() => fn());
const afterHook = (fn: () => unknown) => after(() => fn());
export { beforeHook as before, afterHook as after };
export default test;
