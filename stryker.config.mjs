// Mutation testing (issue 18 item 5): `npm run mutation` runs scripts/mutation.mjs, which runs
// this configuration once per chunk of files and adds the chunks up (hours on two cores; not
// part of `npm test`); `npx stryker run` runs it whole. Stryker instruments the rules and the model once, the build bundles
// the instrumented sources, and each mutant runs the in-process test files that cover it (the
// tap runner, coverage per test file). Test files that spawn the built CLI or server are left
// out: a child process does not see which mutant is active. Report: docs/quality.md.
// MUTATION_SCOPE=rules limits the run to the rules (the score the issue sets a bar for); the
// default run mutates rules and model. `incremental` keeps results between runs: only mutants
// whose code or covering tests changed run again.
const rulesOnly = process.env.MUTATION_SCOPE === 'rules';
// scripts/mutation.mjs runs Stryker once per chunk of files: MUTATION_FILES lists the chunk's
// files and MUTATION_REPORT names its JSON report and incremental file.
const chunkFiles = process.env.MUTATION_FILES?.split(',').filter(Boolean);
const report = process.env.MUTATION_REPORT ?? 'reports/mutation/mutation';
export default {
  testRunner: 'tap',
  tap: {
    // Order decides the cost, since with forceBail a mutant stops at its first failing test:
    // a killed mutant pays for the files before the one that kills it, a survivor for them all.
    // Measured on the first two chunks (1,104 rule mutants, docs/quality.md): rules.test killed
    // 392, meta.test 270 (a changed description, message or example shows in the rule docs it
    // checks), snapshot.test 181, fixes.test 64, the rest 1. meta.test (1.4 s) therefore runs
    // first: its kills no longer wait behind 9 s of files that cannot see them. The snapshot test
    // pins every finding (rule, range, message, fixes) on every fixture, the corpus, the examples
    // and the dumps, so the files that lint those same inputs (corpus, seeds, examples, dumps,
    // templates) add run time and no kill for a rule mutant; they and the editor-service tests
    // run only for the model. The incremental test compares the incremental and the full
    // analysis, which one mutant changes alike.
    testFiles: [
      'dist-test/meta.test.js',
      'dist-test/rules.test.js',
      'dist-test/snapshot.test.js',
      'dist-test/fixes.test.js',
      'dist-test/rule-edges.test.js',
      'dist-test/survivors.test.js',
      'dist-test/doc-mistakes.test.js',
      // Kills a rule's `reads` emptied: each rule's own declaration covers the kinds it reads.
      'dist-test/reads.test.js',
      'dist-test/certs.test.js',
      ...(rulesOnly
        ? []
        : [
            'dist-test/model.test.js',
            'dist-test/examples.test.js',
            'dist-test/templates.test.js',
            'dist-test/suppress-config.test.js',
            'dist-test/complete.test.js',
            'dist-test/suggest.test.js',
            'dist-test/dumps.test.js',
            'dist-test/seeds.test.js',
            'dist-test/corpus.test.js',
            'dist-test/incremental.test.js',
          ]),
    ],
    nodeArgs: ['--require', '{{hookFile}}'],
    forceBail: true,
  },
  buildCommand: 'node scripts/build.mjs',
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
  ignorePatterns: ['dist', 'dist-test', 'dist-vscode-test', '.vscode-test', 'reports', 'scratch', '*.vsix'],
  concurrency: 2,
  // A mutant that loops is stopped this long after the run time its tests normally take.
  timeoutMS: 10000,
  reporters: chunkFiles ? ['progress', 'json'] : ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${report}.json` },
  htmlReporter: { fileName: `${report}.html` },
  incremental: true,
  incrementalFile: `${report}.incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
