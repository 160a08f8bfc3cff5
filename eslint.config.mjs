// Lint, including the import rules of DESIGN.md: each folder is an environment, and code may only import
// what exists in the environment it runs in; each core module is used only through its index.ts and only
// its owner issues SQL on a table (eslint/). test/unit/boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import custody from './eslint/custody-plugin.mjs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodePatterns = [{ group: ['node:*'], message: 'Node built-ins do not exist in this environment.' }];

/** no-restricted-imports for an environment: forbidden module names and path patterns. */
function restrict(message, names, patterns) {
  return {
    'no-restricted-imports': ['error', { paths: names.map((name) => ({ name, message })), patterns }],
  };
}

const rendererMessage =
  'The renderer is a sandboxed web page: it imports only shared/ and browser libraries.';
const rendererNames = ['electron', ...nodeBuiltins];
const rendererPatterns = [
  ...nodePatterns,
  {
    group: ['**/main/**', '**/preload/**', '**/main', '**/preload'],
    message: 'The renderer reaches the core only through window.custody.',
  },
];

/** A renderer folder that must not import the sibling folders `forbidden` (relative imports climbing into them). */
function rendererLayer(folder, forbidden, message) {
  return {
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: restrict(rendererMessage, rendererNames, [
      ...rendererPatterns,
      { regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`, message },
    ]),
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'test-results/**', 'playwright-report/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.mjs', 'eslint/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['bin/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      ...restrict(
        'shared/ is pure TypeScript: no electron, no Node built-ins, no DOM.',
        ['electron', ...nodeBuiltins, 'react', 'react-dom'],
        [
          ...nodePatterns,
          {
            group: ['**/main/**', '**/renderer/**', '**/preload/**'],
            message: 'shared/ imports nothing from the environments.',
          },
        ],
      ),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(rendererMessage, rendererNames, rendererPatterns),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  // The renderer's layers: review/ and report/ are features side by side that build on workspace/,
  // components/ and shared/, never on each other or on the screens that compose them; workspace/ and
  // components/ know no feature. (These blocks repeat the renderer's rule, which they replace.)
  rendererLayer(
    'renderer/src/review',
    ['report', 'screens'],
    'review/ never imports report/ or screens/: share through workspace/.',
  ),
  rendererLayer(
    'renderer/src/report',
    ['review', 'screens'],
    'report/ never imports review/ or screens/: share through workspace/.',
  ),
  rendererLayer(
    'renderer/src/workspace',
    ['review', 'report', 'screens'],
    'workspace/ is below the features: it imports none of them.',
  ),
  rendererLayer(
    'renderer/src/components',
    ['review', 'report', 'screens', 'workspace'],
    'components/ are plain widgets: they import no layer above them.',
  ),
  {
    files: ['preload/**/*.ts'],
    rules: restrict('The sandboxed preload may import only electron and shared/.', nodeBuiltins, [
      ...nodePatterns,
      { group: ['electron/*'], message: 'Import from "electron" only.' },
      {
        group: ['**/main/**', '**/renderer/**'],
        message: 'The preload may import only electron and shared/.',
      },
    ]),
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict(
      'main/core is the trusted core: it never imports electron, so the CLI and tests run it as is.',
      ['electron'],
      [
        { group: ['electron/*'], message: 'The core never imports electron.' },
        {
          group: ['**/renderer/**', '**/preload/**'],
          message: 'The core imports nothing from the renderer or preload.',
        },
      ],
    ),
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: restrict(
      'The CLI runs in plain Node: it never imports electron.',
      ['electron'],
      [
        {
          group: ['electron/*', '**/renderer/**', '**/preload/**'],
          message: 'The CLI drives the core only.',
        },
      ],
    ),
  },
  // The shape of the core, for everything under main/. Tests are exempt: they exercise a module's internals
  // directly and tamper with tables on purpose, which is exactly what callers in main/ must not do.
  {
    files: ['main/**/*.ts'],
    plugins: { custody },
    rules: {
      'custody/module-boundaries': 'error',
      'custody/sql-ownership': 'error',
    },
  },
  {
    files: ['main/core/vault/migrations/**/*.ts'],
    rules: { 'custody/sql-ownership': 'off' },
  },
);
