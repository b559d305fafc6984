// ESLint, flat config: typescript-eslint with type information, React's hook rules, and import
// rules that encode the worlds the code runs in (DEVELOPERS.md, "Folders are the architecture"):
// shared/ imports neither Node, the DOM, Electron, React nor the other folders; renderer/ never
// imports electron/ and electron/ never imports renderer/ or React. Prettier owns the layout, so
// no rule here is about formatting (eslint-config-prettier turns those off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { builtinModules } from 'node:module';

/** Node's built-in modules by name (`fs`, `path`…); `node:*` is a pattern of its own. */
const nodeBuiltins = (message) => builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message }));

const noImports = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'release/**', 'node_modules/**', '.cache/**', 'coverage/**', 'docs/screenshots/**'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      // `void promise` marks a promise whose outcome is handled elsewhere (the autosave loop).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // `found && use(found)` and `cond ? a() : b()` as statements are the codebase's idiom.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins('shared/ runs in both worlds: no Node built-ins.'),
          patterns: [
            noImports(['node:*'], 'shared/ runs in both worlds: no Node built-ins.'),
            noImports(
              ['electron', 'better-sqlite3', 'react', 'react-dom', '@lexical/react', '@lexical/react/*'],
              'shared/ runs in both worlds: no Electron, SQLite or React.',
            ),
            noImports(['**/electron/**', '**/renderer/**'], 'shared/ is below both front ends: it imports neither.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins('The renderer runs in the page: no Node built-ins.'),
          patterns: [
            noImports(['node:*'], 'The renderer runs in the page: no Node built-ins.'),
            noImports(['electron', 'better-sqlite3'], 'The renderer reaches the main process only through src/api/client.ts.'),
            noImports(['**/electron/**'], 'The renderer never imports main-process code; the API contract is in shared/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noImports(['react', 'react-dom', '@lexical/react', '@lexical/react/*'], 'The main process draws nothing: no React.'),
            noImports(['**/renderer/**'], 'The main process never imports renderer code.'),
          ],
        },
      ],
    },
  },
  {
    // SQLite connections are made in one place (electron/archive/sqlite.ts); types may come from anywhere.
    files: ['electron/**/*.ts'],
    ignores: ['electron/archive/sqlite.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'Open connections with openDatabase (electron/archive/sqlite.ts).', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}', '*.{mjs,mts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Plain JavaScript (build scripts, this file, the bin shim) is not type-checked.
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } },
  },
  {
    // The bin shim is CommonJS (package.json's `bin`, run by Node as is): require() is its import.
    files: ['bin/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
