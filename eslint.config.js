// ESLint for Elanus (docs/decisions/0003-lint-and-layers.md): ESLint's and typescript-eslint's
// recommended rules, without type information (with type information it took 31 s instead of 9 s).
// Formatting is Prettier's business (.prettierrc.json); import boundaries are dependency-cruiser's
// (.dependency-cruiser.cjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // src/vector/wasm is AssemblyScript (compiled by asc, not tsc); bench/ann/node_modules holds
    // the optional peer libraries the ann benchmark installs.
    ignores: ['dist/', 'src/vector/wasm/', 'bench/ann/node_modules/', 'bench/ann/.cache/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: {
      // An eslint-disable comment must name a rule that would otherwise report there.
      reportUnusedDisableDirectives: 'error',
      reportUnusedInlineConfigs: 'error',
    },
    rules: {
      // The code compares with === everywhere; loose comparisons are kept where they are meant
      // (bigint against number in expr/compile.ts, under an eslint-disable that says so).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A leading underscore marks a binding kept on purpose; `...rest` siblings are omitted fields.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // Generated from the proto descriptors (scripts/generate-message-types.ts): an empty proto
    // message is an empty interface there, on purpose.
    files: ['src/protocol/messages.ts'],
    rules: { '@typescript-eslint/no-empty-object-type': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
