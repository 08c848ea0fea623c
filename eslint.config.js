// ESLint over src/, test/ and scripts/: typescript-eslint with type information, react-hooks, and the
// layer boundaries of docs/architecture.md as import rules. Formatting is Prettier's job, not ESLint's
// (eslint-config-prettier, last, turns off any rule that would compete with it).
//
// TypeScript: the project's compiler is TypeScript 7 (`typescript`, `npm run typecheck`), whose package
// has no JavaScript compiler API; typescript-eslint needs that API and supports TypeScript < 6.1. So
// for this process only, every `typescript` that typescript-eslint (or anything else) resolves is
// redirected to `typescript-for-lint` (npm:typescript@~6.0), before typescript-eslint is loaded.
import { builtinModules, registerHooks } from 'node:module';
import { realpathSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

const root = import.meta.dirname;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' || specifier.startsWith('typescript/')) {
      return nextResolve(`typescript-for-lint${specifier.slice('typescript'.length)}`, context);
    }
    return nextResolve(specifier, context);
  },
});

// Both packages ship a `tsc`, and npm links one of them as node_modules/.bin/tsc. `npm run typecheck`
// must get TypeScript 7's: say so rather than let the type checks quietly run on 6.
{
  let tsc = '';
  try {
    tsc = realpathSync(`${root}/node_modules/.bin/tsc`);
  } catch {
    // no .bin/tsc at all: `npm run typecheck` says so itself
  }
  if (tsc.startsWith(`${realpathSync(`${root}/node_modules/typescript-for-lint`)}/`)) {
    throw new Error(
      'node_modules/.bin/tsc is the lint-only TypeScript 6 (typescript-for-lint), not TypeScript 7: run `npm ci`, or `ln -sfn ../typescript/bin/tsc node_modules/.bin/tsc`.',
    );
  }
}

const { default: tseslint } = await import('typescript-eslint');

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `${name}/*`]);

/** no-restricted-imports patterns for the layer boundaries; `from` names the layer in the message. */
const layer = (from, forbidden) =>
  forbidden.map(({ group, regex, what }) => ({
    ...(regex === undefined ? { group } : { regex }),
    message: `${from} must not import ${what} (layer boundary, docs/architecture.md).`,
  }));

/** A relative import of a top-level folder of src/ (`../../core/…`), not a package's subpath (`echarts/core`). */
const srcFolder = (name) => `^(\\./|(\\.\\./)+)(src/)?${name}(/|$)`;

const pagesMustNotImport = (from) => [
  ...layer(from, [
    { regex: srcFolder('core'), what: 'src/core: the engine is reached only through window.callsight' },
    { regex: srcFolder('main'), what: 'src/main, the Electron shell' },
    { regex: srcFolder('host'), what: 'src/host, the browser host' },
    { group: ['node:*'], what: 'Node built-ins: it runs without Node' },
    { group: ['electron', 'electron/*'], what: 'electron' },
  ]),
];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'],
  },
  {
    files: ['scripts/**/*.{js,cjs,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // check-node.cjs must run on any old Node to say which one is needed: `catch (e)`, since a catch
    // without its binding is a syntax error before Node 10.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { 'no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.ts', 'scripts/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // a `default:` does not excuse a union member nobody thought of (a new progress phase, side, reason…)
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'error',
      // `async` without `await` is how the engine's handlers and the CLI commands keep their Promise
      // contract (a throw becomes a rejection); the rules above catch the promise mistakes that matter.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'src/renderer must not import Node built-ins: it runs without Node (layer boundary, docs/architecture.md).',
          })),
          patterns: pagesMustNotImport('src/renderer'),
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'src/shared must not import Node built-ins: it is pure TypeScript (layer boundary, docs/architecture.md).',
          })),
          patterns: [...pagesMustNotImport('src/shared'), ...layer('src/shared', [{ regex: srcFolder('renderer'), what: 'src/renderer' }])],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'src/core must not import electron: the engine runs and is tested under plain Node (layer boundary, docs/architecture.md).',
            },
          ],
          patterns: layer('src/core', [
            { regex: srcFolder('renderer'), what: 'src/renderer' },
            { group: ['electron/*'], what: 'electron: the engine runs and is tested under plain Node' },
          ]),
        },
      ],
    },
  },
  {
    files: ['src/{main,preload,cli,host}/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // vitest's asymmetric matchers (expect.stringContaining, expect.any…) are typed `any` by design, so
    // that they fit any field of the expected object: every such field would be an unsafe assignment.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Playwright specs: callbacks passed to page.evaluate/$$eval run in the browser, but the program that
    // type-checks these files (tsconfig.node.json) has no DOM lib, so their element types are unresolved.
    files: ['test/e2e/**/*.ts', 'test/electron/**/*.ts', 'test/bench/ui-*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // a fixture that needs no other fixture is written `async ({}, use)`: Playwright reads that pattern
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  prettier,
);
