// One lint for the whole workspace (`npm run lint`, `.ci/run`). Two jobs:
//  1. typescript-eslint's recommended rules, not type-aware (a type-aware run costs a full program per
//     project on 2 shared cores; `tsc -b` already checks types).
//  2. Project boundaries from the tags in each package.json's `nx.tags` (see docs/boundaries.md):
//     apps import only libs, libs import only libs, and only type:test packages (e2e, bench) import
//     apps or other test packages. The one exception is written out below: an app's specs and its
//     src/testing folder may import another app's `/testing` entry (the CLI's specs start a real server) and the
//     Kubernetes API test server (@infra/kube-testing, the connector's specs).
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:app', 'type:test'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  { sourceTag: 'scope:connector', onlyDependOnLibsWithTags: ['scope:connector', 'scope:shared'] },
  { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:cli', 'scope:shared'] },
  {
    sourceTag: 'scope:shared',
    onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:connector', 'scope:cli'],
  },
];
const boundaries = (allow = []) => ['error', { allow, depConstraints, banTransitiveDependencies: false }];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'apps/*/bundle/**', // esbuild's output (apps/cli, apps/connector bundle.mjs)
      '**/node_modules/**',
      '**/*.d.ts',
      'deploy/**',
      '**/generated/**',
      'tools/lint-fixtures/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      // Unused names are errors, but `_`-prefixed ones are deliberate (positional callback args, rest omits).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // A `let` declared before the closures that read it and assigned once later (a socket, a timer) is
      // deliberate: the closures must exist before the value does.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Test-only dependencies: specs and test support may start another app through its `/testing` entry, and
    // the Kubernetes API test server.
    files: ['**/*.spec.ts', '**/src/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['^@infra/([a-z-]+/testing|kube-testing)(/|$)']),
      // Test doubles speak untyped JSON and wrap arbitrary functions; production code keeps both rules.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Production code never reaches into test support by a relative path (the boundary rule sees packages only):
    // the images leave src/testing out, so such an import breaks the image build, not the tests.
    files: ['apps/*/src/**/*.ts', 'apps/*/src/**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/testing/*', './testing/*'],
              message: 'test support stays with specs and src/testing (the images leave src/testing out)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  {
    // CommonJS files (the mocha reporter) load their dependencies with require by definition.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
