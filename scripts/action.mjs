// The entry point of the GitHub Action (action.yml). Also runnable locally, which is how the
// tests run it: set GITHUB_WORKSPACE (the folder to lint from), INPUT_PATHS, INPUT_SARIF_FILE,
// INPUT_CONFIG, INPUT_FAIL_ON, and optionally GITHUB_OUTPUT (a file the step outputs are
// appended to, as the runner provides).
//
// One lint run, two outputs: the SARIF report for code scanning (written to the file) and the
// same findings as workflow-command annotations on stdout, so a pull request shows them at
// their lines even where code scanning is not enabled. The CLI is the built bundle of this
// checkout; a checkout of the action's source without dist/ is built first (npm ci + build).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const actionRoot = resolve(dirname(new URL(import.meta.url).pathname), '..');
const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
const paths = (process.env.INPUT_PATHS || '.').split(/\s+/).filter(Boolean);
const sarifFile = resolve(workspace, process.env.INPUT_SARIF_FILE || 'calico-tls.sarif');
const config = process.env.INPUT_CONFIG || '';
const failOn = process.env.INPUT_FAIL_ON || 'error';

if (!['error', 'warning', 'never'].includes(failOn)) {
  console.log(`::error title=calico-tls::fail-on must be error, warning or never, not '${failOn}'`);
  process.exit(2);
}

const cli = join(actionRoot, 'dist', 'cli.js');
if (!existsSync(cli)) {
  for (const [cmd, args] of [
    ['npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts']],
    ['node', ['scripts/build.mjs', '--production']],
  ]) {
    const r = spawnSync(cmd, args, { cwd: actionRoot, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) {
      console.log(`::error title=calico-tls::could not build the action (${cmd} ${args.join(' ')} exited ${r.status})`);
      process.exit(2);
    }
  }
}

const common = [...(config ? ['--config', config] : []), ...paths];
const lint = (format) =>
  spawnSync(process.execPath, [cli, 'lint', '--format', format, ...common], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });

const sarif = lint('sarif');
if (sarif.status === 2 || sarif.status === null) {
  process.stderr.write(sarif.stderr);
  console.log(`::error title=calico-tls::${(sarif.stderr || 'lint failed').trim().split('\n')[0]}`);
  process.exit(2);
}
mkdirSync(dirname(sarifFile), { recursive: true });
writeFileSync(sarifFile, sarif.stdout);
process.stderr.write(sarif.stderr);

const annotations = lint('github');
process.stdout.write(annotations.stdout);

const results = JSON.parse(sarif.stdout).runs.flatMap((r) => r.results ?? []);
const errors = results.filter((r) => r.level === 'error').length;
const warnings = results.filter((r) => r.level === 'warning').length;
if (process.env.GITHUB_OUTPUT)
  appendFileSync(process.env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\nerrors=${errors}\nwarnings=${warnings}\n`);
console.log(`calico-tls: ${errors} error(s), ${warnings} warning(s); SARIF written to ${sarifFile}`);
const fail = (failOn === 'error' && errors > 0) || (failOn === 'warning' && errors + warnings > 0);
process.exit(fail ? 1 : 0);
