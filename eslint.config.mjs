// Lint = house style (../shared/STYLE.md) plus the import boundaries of DESIGN.md §2, enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const APPS = ['api', 'content', 'worker', 'manager'];
/** Libraries every other one may use; each imports none but those named beside it. */
const LEAVES = { 'async-context': [], config: [], errors: [], logging: ['async-context'] };

/** Forbids aliases and relative paths that leave the project a file belongs to. */
const boundary = (forbidden, message) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['**/libs/**', '**/apps/**', '**/plugins/**', '../**/migrations/**'],
          message: 'Cross-project imports go through an @pulp/* alias.',
        },
        ...(forbidden.length ? [{ group: forbidden, message }] : []),
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', 'var/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: 'error',
      curly: 'error',
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Settings come from @pulp/config (PulpSettings), not process.env.',
        },
      ],
    },
  },
  // Maintenance scripts in tools/ run under plain node (CommonJS or ES modules), without type information.
  {
    files: ['tools/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tools/**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'module', globals: { process: 'readonly' } },
  },
  // Settings are read from the environment in one place; entrypoints, tests and benchmarks hand it to child processes.
  { files: ['libs/config/**', 'src/**', 'test/**', 'bench/**'], rules: { 'no-restricted-properties': 'off' } },
  // The OpenTelemetry specification configures exporters through standard variables of its own.
  { files: ['libs/telemetry/src/otel-environment.ts'], rules: { 'no-restricted-properties': 'off' } },
  // Tests poke at untyped JSON bodies.
  {
    files: ['**/*.spec.ts', 'test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  ...APPS.map((app) => ({
    files: [`apps/${app}/**`],
    rules: boundary(
      APPS.filter((other) => other !== app).map((other) => `@pulp/${other}`),
      'Apps never import each other.',
    ),
  })),
  {
    files: ['libs/**'],
    rules: boundary(
      [...APPS.map((app) => `@pulp/${app}`), '@pulp/migrations'],
      'Libraries never import apps or migrations.',
    ),
  },
  ...Object.entries(LEAVES).map(([leaf, allowed]) => ({
    files: [`libs/${leaf}/**`],
    rules: boundary(
      ['@pulp/*', ...allowed.map((name) => `!@pulp/${name}`)],
      `@pulp/${leaf} is a leaf: it imports no other project${allowed.length ? ` but ${allowed.join(', ')}` : ''}.`,
    ),
  })),
  {
    files: ['plugins/**'],
    rules: boundary(['@pulp/*', '!@pulp/plugin-api'], 'Plugins import only @pulp/plugin-api.'),
  },
);
