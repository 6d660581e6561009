import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import mocha from 'eslint-plugin-mocha';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Code the element must never contain: it would break under a strict CSP or Trusted Types. */
const unsafeDom = [
  { selector: "CallExpression[callee.name='eval']", message: 'No eval: it breaks under a strict CSP.' },
  { selector: "NewExpression[callee.name='Function']", message: 'No new Function: it breaks under a strict CSP.' },
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'No innerHTML/outerHTML: render with Lit templates.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'No insertAdjacentHTML: render with Lit templates.',
  },
  { selector: 'ImportDeclaration[source.value=/unsafe-html/]', message: 'No unsafeHTML: payloads are shown as text.' },
];

export default tseslint.config(
  { ignores: ['dist/', 'demo-dist/', 'node_modules/', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...unsafeDom],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    files: ['demo/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { mocha },
    languageOptions: { globals: { ...globals.mocha, ...globals.browser } },
    rules: {
      'mocha/no-exclusive-tests': 'error',
      'mocha/no-pending-tests': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Its callbacks run in the page.
    files: ['scripts/screenshots.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
