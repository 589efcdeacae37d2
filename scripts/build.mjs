// One esbuild script for every bundle: the VS Code client, the language server, the CLI,
// the docs generator, and the test files (so tests run the same code the product ships).
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD entry does dynamic requires esbuild cannot follow; its ESM entry bundles.
  mainFields: ['module', 'main'],
  // @peculiar/x509 (through tsyringe) needs a Reflect polyfill before it loads; injecting it
  // puts it at the top of every bundle, whatever the entry imports first.
  inject: ['server/src/reflect-polyfill.ts'],
};

await build({
  ...common,
  entryPoints: {
    client: 'client/src/extension.ts',
    'client-lsp': 'client/src/lsp-client.ts',
    // The CLI, the language server and their lint workers in one file (server/src/main.ts);
    // dist/cli.js and dist/server.js, written below, call into it.
    'calico-tls': 'server/src/main.ts',
    'gen-docs': 'scripts/gen-docs.ts',
    fuzz: 'scripts/fuzz.ts',
    bench: 'scripts/bench.ts',
  },
  outdir: 'dist',
  external: ['vscode'],
});
for (const [name, entry, what] of [
  ['cli', 'cli', 'the calico-tls CLI (bin/calico-tls.js)'],
  ['server', 'server', 'the language server (bin/calico-tls-language-server.js, the VS Code client)'],
])
  writeFileSync(
    join('dist', `${name}.js`),
    `'use strict';\n// ${what}: its code is in calico-tls.js (server/src/main.ts).\nrequire('./calico-tls.js').${entry}();\n`,
  );
rmSync(join('dist', 'parse-worker.js'), { force: true });
rmSync(join('dist', 'parse-worker.js.map'), { force: true });

function testFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'fixtures' || e === 'vscode' || e === 'e2e') continue;
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

rmSync('dist-test', { recursive: true, force: true });
await build({
  ...common,
  sourcemap: 'inline',
  minify: false,
  entryPoints: testFiles('test'),
  outdir: 'dist-test',
  outbase: 'test',
  external: ['vscode'],
});

// The lint workers' bundle next to the test bundles too: pool.ts finds it next to its own bundle.
await build({
  ...common,
  sourcemap: 'inline',
  minify: false,
  entryPoints: { 'calico-tls': 'server/src/main.ts' },
  outdir: 'dist-test',
});

// The mutation run (stryker.config.mjs, docs/quality.md): the test files it lists, bundled again
// with `node:test` served by mocha (test/mocha-node-test.ts), so Stryker's mocha runner can keep
// them loaded and run only the tests that cover each mutant.
if (process.argv.includes('--mutation')) {
  const { default: stryker } = await import('../stryker.config.mjs');
  rmSync('dist-mutation', { recursive: true, force: true });
  await build({
    ...common,
    sourcemap: false,
    minify: false,
    entryPoints: stryker.mochaOptions.spec.map((f) => f.replace(/^dist-mutation\//, 'test/').replace(/\.js$/, '.ts')),
    outdir: 'dist-mutation',
    outbase: 'test',
    external: ['vscode'],
    plugins: [
      {
        name: 'node-test-to-mocha',
        setup(b) {
          b.onResolve({ filter: /^node:test$/ }, () => ({ path: join(process.cwd(), 'test/mocha-node-test.ts') }));
        },
      },
    ],
  });
}

// The extension-host suite (test/vscode/suite): loaded by @vscode/test-electron or by the
// code-server harness inside VS Code, so `vscode` and mocha come from the host / node_modules.
rmSync('dist-vscode-test', { recursive: true, force: true });
await build({
  ...common,
  sourcemap: 'inline',
  minify: false,
  entryPoints: readdirSync('test/vscode/suite')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('test/vscode/suite', f)),
  outdir: 'dist-vscode-test/suite',
  external: ['vscode', 'mocha'],
});
