// Lint rules shared by src/, main/, renderer/ and test/.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** Pure modules of src/ the renderer may import besides src/contract/ (checked to stay pure below). */
const RENDERER_HELPERS = [
  'src/tokens/local-date.ts',
  'src/tokens/token-formats.ts',
  'src/tokens/quota-pace.ts',
  'src/store/name-pattern.ts',
  'src/core/validate-input.ts',
  'src/core/attention.ts',
  'src/core/token-order.ts',
  'src/core/app-wording.ts',
  'src/clients/client-table.ts',
  'src/errors.ts',
  'src/tokens/time-span.ts',
  'src/keychain/keychain-errors.ts',
];
/** How an import names a helper (`…/src/tokens/local-date.js`). */
const importedAs = (file) => file.replace(/\.ts$/, '.js');
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CORE_BANNED_PATHS = [
  { name: 'electron', message: 'Only main/ talks to Electron.' },
  { name: 'electron-store', message: 'electron-store imports electron: only main/ may use it.' },
];
const CORE_BANNED_PATTERNS = [
  {
    group: ['**/main/**', '**/main'],
    message: 'src/ never imports main/ (the Electron shell): pass what it needs in.',
  },
  { group: ['**/renderer/**', '**/renderer'], message: 'src/ never imports renderer/ (the UI).' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', module: 'writable' },
    },
  },
  {
    // Plain-JS helper processes (e.g. the bench's children, run without a loader).
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        globalThis: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  {
    // `import { z } from 'zod'` made esbuild keep every zod locale in the CLI bundle (~1 MiB of
    // `keyport serve`'s idle RSS); a namespace import lets it keep only what is used.
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > :matches(ImportSpecifier, ImportDefaultSpecifier)",
          message: "Import zod as `import * as z from 'zod'`: the CLI bundle then holds only the parts used.",
        },
      ],
    },
  },
  {
    // The core never talks to the console or to Electron: loggers are injected.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // The walls of DESIGN.md: the core (src/) never reaches into the Electron shell, the UI or
    // Electron itself; main/ may import src/.
    files: ['src/**/*.{ts,mts,cts,js,mjs,cjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: CORE_BANNED_PATHS, patterns: CORE_BANNED_PATTERNS }] },
  },
  {
    // The UI reaches the app only through window.keyport: from src/ it imports the contract and
    // the pure helpers listed in RENDERER_HELPERS, nothing of main/, nothing of Node.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_BANNED_PATHS,
          patterns: [
            {
              regex: `(^|/)src/(?!contract/|${RENDERER_HELPERS.map((helper) => escapeRegExp(importedAs(helper).slice('src/'.length))).join('|')}$)`,
              message: 'The renderer imports only src/contract/ and the pure helpers allowed in eslint.config.js.',
            },
            { group: ['**/main/**'], message: 'The renderer talks to main/ only through window.keyport.' },
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    // What the renderer may import must stay pure: no Node, no Electron, and (at run time) only
    // the contract and the other allowed helpers — type-only imports are erased and allowed.
    files: ['src/contract/**/*.ts', ...RENDERER_HELPERS],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: CORE_BANNED_PATHS,
          patterns: [
            { group: ['node:*'], message: 'Helpers the renderer imports cannot use Node.' },
            {
              // A regex, not gitignore-style groups: those cannot re-include a file below a folder
              // that `../*` already excluded.
              regex: `^\\.\\./(?!contract/|${RENDERER_HELPERS.map((helper) => escapeRegExp(importedAs(helper).slice('src/'.length))).join('|')}$)`,
              allowTypeImports: true,
              message: 'Helpers the renderer imports may import (at run time) only the contract and each other.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
