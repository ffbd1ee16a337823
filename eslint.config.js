import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-cli',
      '.scratch',
      'node_modules',
      'playwright-report',
      'test-results',
      'bench-results',
      'public',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The core runs in the browser, a Web Worker and Node: no React, stores, DOM or network.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
              message: 'src/core must not use React.',
            },
            { group: ['zustand', 'zustand/*'], message: 'src/core must not use stores.' },
            { group: ['@tanstack/*'], message: 'src/core must not use react-query.' },
            {
              group: ['**/ui/**', '**/state/**', '**/api/**'],
              message: 'src/core must not import app layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'src/core must not do network I/O.' },
        { name: 'document', message: 'src/core must not touch the DOM.' },
        { name: 'window', message: 'src/core must not touch the DOM.' },
        { name: 'localStorage', message: 'src/core must not use storage.' },
        { name: 'XMLHttpRequest', message: 'src/core must not do network I/O.' },
      ],
    },
  },
);
