/**
 * Entry point of the extension-host suite. Both runners load this file inside a real VS Code
 * extension host: @vscode/test-electron calls `run()` (its contract: reject on failure), the
 * offline code-server harness calls `runSuite()` and writes the results to a file.
 */
import * as path from 'node:path';
import Mocha from 'mocha';

export interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly durationMs: number;
  readonly error?: string;
}

/** The test files, bundled next to this file by scripts/build-vscode-tests.mjs. */
const FILES = ['extension.test.js'];

export function runSuite(): Promise<TestResult[]> {
  // Waits inside the tests are bounded by their own deadlines; this is the outer bound.
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  for (const f of FILES) mocha.addFile(path.join(__dirname, f));
  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(results));
      runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
      runner.on('fail', (t, err: Error) =>
        results.push({
          title: t.fullTitle(),
          state: 'failed',
          durationMs: t.duration ?? 0,
          error: err?.stack ?? String(err),
        }),
      );
    } catch (e) {
      reject(e);
    }
  });
}

export async function run(): Promise<void> {
  const results = await runSuite();
  const failed = results.filter((r) => r.state === 'failed');
  if (failed.length) throw new Error(`${failed.length} of ${results.length} extension-host tests failed`);
  if (!results.length) throw new Error('no extension-host test ran');
}
