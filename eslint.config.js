// ESLint flat config. Besides the recommended JS/TS rules it guards the layers:
//
//   shared/     pure TypeScript, runs in every host: no Node builtins, no Electron, no SQLite,
//               no DOM globals, nothing from electron/ or renderer/
//   renderer/   the browser UI: no Node builtins, no Electron, no SQLite, nothing from electron/
//   electron/   the hosts: nothing from renderer/; only electron/main and electron/preload may
//               import 'electron' (core, web and cli run in plain Node)
//
// Flat config replaces (does not merge) a rule's options when several blocks match a file, so
// every folder's block below lists its complete set of restrictions.
// test/unit/lint/layers.test.ts checks that these rules fire.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'querystring',
  'readline',
  'repl',
  'sqlite',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const restrict = {
  nodeBuiltins: {
    regex: `^(node:.*|(${NODE_BUILTINS.join('|')})(/.*)?)$`,
    message: 'Node-Module gehören nach electron/ (hier läuft kein Node).',
  },
  electron: { regex: '^electron(/.*)?$', message: "'electron' nur in electron/main und electron/preload importieren." },
  sqlite: { regex: '^better-sqlite3(/.*)?$', message: 'SQLite nur in electron/core.' },
  electronFolder: {
    regex: '^(\\./)?(\\.\\./)+electron(/|$)',
    message: 'Kein Import aus electron/: nur über den Vertrag in shared/contract.ts.',
  },
  rendererFolder: { regex: '^(\\./)?(\\.\\./)+renderer(/|$)', message: 'Kein Import aus renderer/ (nur die Oberfläche selbst).' },
};

const restrictedImports = (...patterns) => ['error', { patterns }];

const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextEncoder',
    'TextDecoder',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'clearImmediate',
    'queueMicrotask',
    'structuredClone',
    'fetch',
    'Response',
    'Request',
    'Headers',
    'AbortController',
    'globalThis',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  { ignores: ['build/', 'dist/', 'node_modules/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The two classic hook rules. The plugin's v7 "recommended" also turns on the React Compiler
    // diagnostics (refs, set-state-in-effect, static-components …) as errors; they flag common,
    // working patterns (MapLibre refs in effect deps) — switch them on deliberately if wanted.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['shared/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': restrictedImports(restrict.nodeBuiltins, restrict.electron, restrict.sqlite, restrict.electronFolder, restrict.rendererFolder),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location'].map((name) => ({
          name,
          message: `shared/ läuft auch in Node: kein ${name}.`,
        })),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': restrictedImports(restrict.nodeBuiltins, restrict.electron, restrict.sqlite, restrict.electronFolder),
    },
  },
  {
    files: ['electron/**/*.{ts,tsx,js,mjs}'],
    rules: {
      'no-restricted-imports': restrictedImports(restrict.rendererFolder),
    },
  },
  {
    files: ['electron/core/**/*.{ts,js,mjs}', 'electron/web/**/*.{ts,js,mjs}', 'electron/cli/**/*.{ts,js,mjs}'],
    rules: {
      'no-restricted-imports': restrictedImports(restrict.rendererFolder, restrict.electron),
    },
  },
  {
    files: ['test/**/*.{ts,tsx,js,mjs}'],
    rules: {
      // Tests poke at loosely typed JSON and fakes.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
