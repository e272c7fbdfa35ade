// Lint: typescript-eslint's recommended rules with type information, plus the project's own rules
// (no floating promises, no `any` at boundaries, no Node built-ins in sandbox code).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/packaging/fixtures holds projects of other shapes (CommonJS, their own dependencies), built by their tests.
  { ignores: ['**/dist/**', '**/node_modules/**', '**/lib/**', 'scripts/**', 'packages/*/scripts/**', 'eslint.config.js', '.dependency-cruiser.cjs', '**/bin/**', 'test/packaging/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // node:test's test() and describe() return promises the runner itself tracks.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // Code that will run inside the workflow sandbox must not reach for Node.
    files: ['packages/common/src/**/*.ts', 'packages/workflow/src/**/*.ts', 'packages/testing/src/assert-to-failure-interceptor.ts'],
    ignores: ['**/*.test.ts', 'packages/workflow/src/sandbox/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
);
