// The standard runner for the extension-host suite: @vscode/test-electron downloads VS Code
// (stable, or CALICO_TLS_VSCODE_VERSION) and runs test/vscode/suite with this repository as
// the extension under development. For machines that can download VS Code; CI here is offline
// and uses scripts/vscode-test.mjs (code-server) for the same suite.
//
//   npm run build && node scripts/vscode-electron.mjs
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The suite edits its workspace, so it gets a fresh copy of the broken example, as in CI.
const ws = join(mkdtempSync(join(tmpdir(), 'calico-tls-electron-')), 'workspace');
cpSync(join(ROOT, 'examples', 'typha-felix-broken'), ws, { recursive: true });
mkdirSync(join(ws, 'generated'));

try {
  await runTests({
    version: process.env.CALICO_TLS_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'dist-vscode-test', 'suite', 'index.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`extension-host suite failed: ${e?.message ?? e}`);
  process.exitCode = 1;
}
