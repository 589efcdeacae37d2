// ESLint with typescript-eslint. The engine boundary is an invariant (ARCHITECTURE.md):
// engine/ never imports vscode, LSP packages or node:fs / network modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-test/**',
      'dist-mutation/**',
      'dist-vscode-test/**',
      'node_modules/**',
      'test/fixtures/**',
      '**/*.js',
      '.vscode-test/**',
      '.stryker-tmp/**',
      'reports/**',
      'scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // CommonJS scripts (scripts/bench-rusage.cjs, a `node --require` preload).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Nothing from the workspace is executed (README, security): product code starts no process.
    // Prettier lays code out in 120 columns; comments and strings are kept there too.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: false }],
      'no-restricted-imports': ['error', { paths: ['child_process', 'node:child_process', 'cluster', 'node:cluster'] }],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'vscode',
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'child_process',
            'node:child_process',
            'net',
            'node:net',
            'http',
            'node:http',
            'https',
            'node:https',
          ],
          patterns: ['vscode-*', '**/lsp/**', '**/cli/**', '**/client/**'],
        },
      ],
    },
  },
);
