// Mutation testing (issue 18 item 5): `npm run mutation` runs scripts/mutation.mjs, which runs
// this configuration once per chunk of files and adds the chunks up (hours on two cores; not
// part of `npm test`); `npx stryker run` runs it whole. Stryker instruments the rules and the
// model once, the build bundles the instrumented sources with the test files below (node:test
// served by mocha, test/mocha-node-test.ts), and Stryker's mocha runner keeps them loaded and runs, for each
// mutant, only the tests that covered its code (coverage per test). Report: docs/quality.md.
// MUTATION_SCOPE=rules limits the run to the rules (the score the issue sets a bar for); the
// default run mutates rules and model. MUTATION_INCREMENTAL=1 reuses the results of the last run
// for mutants whose code and covering tests did not change (for iterating on tests only): Stryker
// also reuses the result of a mutant evaluated at load time, which no test covers in particular,
// after the tests changed (docs/quality.md), so a score comes from a run without it.
const rulesOnly = process.env.MUTATION_SCOPE === 'rules';
// scripts/mutation.mjs runs Stryker once per chunk of files: MUTATION_FILES lists the chunk's
// files and MUTATION_REPORT names its JSON report and incremental file.
const chunkFiles = process.env.MUTATION_FILES?.split(',').filter(Boolean);
const report = process.env.MUTATION_REPORT ?? 'reports/mutation/mutation';
export default {
  testRunner: 'mocha',
  mochaOptions: {
    // Order still matters for a mutant covered by many tests: it stops at its first failing
    // test, so the files whose tests kill most come first. Measured on the first two chunks
    // (1,104 rule mutants, docs/quality.md): rules.test killed 392, meta.test 270 (a changed
    // description, message or example shows in the rule docs it checks), snapshot.test 181,
    // fixes.test 64, the rest 1. The snapshot test pins every finding (rule, range, message,
    // fixes) on every fixture, the corpus, the examples and the dumps, so the files that lint
    // those same inputs (corpus, seeds, examples, dumps, templates) add run time and no kill for
    // a rule mutant; they and the editor-service tests run only for the model. The incremental
    // test compares the incremental and the full analysis, which one mutant changes alike.
    // Test files that spawn the built CLI or server are left out: a child process does not see
    // which mutant is active. `node scripts/build.mjs --mutation` bundles exactly this list.
    spec: [
      'dist-mutation/meta.test.js',
      'dist-mutation/rules.test.js',
      'dist-mutation/snapshot.test.js',
      'dist-mutation/fixes.test.js',
      'dist-mutation/rule-edges.test.js',
      'dist-mutation/rule-edges-apiserver-kubeconfig.test.js',
      'dist-mutation/rule-edges-calicoctl-certs.test.js',
      'dist-mutation/rule-edges-cert-material.test.js',
      'dist-mutation/rule-edges-cert-material-2.test.js',
      'dist-mutation/rule-edges-cni-certmanagement.test.js',
      'dist-mutation/patched-spans.test.js',
      'dist-mutation/rule-edges-crd-duplicates.test.js',
      'dist-mutation/rule-edges-etcd.test.js',
      'dist-mutation/rule-edges-key-base64-monitor.test.js',
      'dist-mutation/rule-edges-operator-metrics.test.js',
      'dist-mutation/rule-edges-operator-params.test.js',
      'dist-mutation/rule-edges-operator-namespace.test.js',
      'dist-mutation/rule-edges-manager-cert-sans.test.js',
      'dist-mutation/rule-edges-manager-tls-secret.test.js',
      'dist-mutation/rule-edges-san-kube-apiserver.test.js',
      'dist-mutation/rule-edges-servicemonitor.test.js',
      'dist-mutation/rule-edges-typha-cert-usage.test.js',
      'dist-mutation/rule-edges-typha-etcd-env.test.js',
      'dist-mutation/rule-edges-typha-cert-untrusted.test.js',
      'dist-mutation/rule-edges-typha-identity.test.js',
      'dist-mutation/rule-edges-unknown-tls-parameter.test.js',
      'dist-mutation/rule-edges-typha-tls-one-sided.test.js',
      'dist-mutation/rule-edges-typha-felix-same-cn.test.js',
      'dist-mutation/rule-edges-tls-incomplete-fixes.test.js',
      'dist-mutation/survivors.test.js',
      'dist-mutation/doc-mistakes.test.js',
      // Kills a rule's `reads` emptied: each rule's own declaration covers the kinds it reads.
      'dist-mutation/reads.test.js',
      'dist-mutation/certs.test.js',
      ...(rulesOnly
        ? []
        : [
            'dist-mutation/model.test.js',
            'dist-mutation/examples.test.js',
            'dist-mutation/templates.test.js',
            'dist-mutation/suppress-config.test.js',
            'dist-mutation/complete.test.js',
            'dist-mutation/suggest.test.js',
            'dist-mutation/dumps.test.js',
            'dist-mutation/seeds.test.js',
            'dist-mutation/corpus.test.js',
            'dist-mutation/incremental.test.js',
          ]),
    ],
    'no-config': true,
    'no-package': true,
  },
  buildCommand: 'node scripts/build.mjs --mutation',
  coverageAnalysis: 'perTest',
  mutate: chunkFiles ?? [
    'server/src/engine/rules/**/*.ts',
    ...(rulesOnly ? [] : ['server/src/engine/model/**/*.ts']),
    // Builders of documentation examples and the registry: data, checked by the docs test.
    '!server/src/engine/rules/index.ts',
    '!server/src/engine/rules/types.ts',
    '!server/src/engine/rules/support/*examples.ts',
    '!server/src/engine/rules/support/docs.ts',
  ],
  ignorePatterns: [
    'dist',
    'dist-test',
    'dist-mutation',
    'dist-vscode-test',
    '.vscode-test',
    'reports',
    'scratch',
    '*.vsix',
  ],
  concurrency: 2,
  // A mutant that loops is stopped this long after the run time its tests normally take.
  timeoutMS: 10000,
  reporters: chunkFiles ? ['progress', 'json'] : ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${report}.json` },
  htmlReporter: { fileName: `${report}.html` },
  incremental: process.env.MUTATION_INCREMENTAL === '1',
  incrementalFile: `${report}.incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
