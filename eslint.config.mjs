import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.data/**',
      'coverage/**',
      '.nx/**',
      'test-artifacts/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Shared libraries know nothing of domains or apps.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Domains build on shared libraries and on the domains listed for each below.
            { sourceTag: 'domain:accounts', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'domain:network', onlyDependOnLibsWithTags: ['scope:shared', 'domain:accounts'] },
            {
              sourceTag: 'domain:knowledge',
              onlyDependOnLibsWithTags: ['scope:shared', 'domain:accounts', 'domain:network'],
            },
            {
              sourceTag: 'domain:search',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'domain:accounts',
                'domain:network',
                'domain:knowledge',
              ],
            },
            {
              sourceTag: 'domain:discussions',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'domain:accounts',
                'domain:network',
                'domain:knowledge',
              ],
            },
            {
              sourceTag: 'domain:events',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'domain:accounts',
                'domain:network',
                'domain:discussions',
              ],
            },
            {
              sourceTag: 'domain:materials',
              onlyDependOnLibsWithTags: [
                'scope:shared',
                'domain:accounts',
                'domain:network',
                'domain:events',
                'domain:knowledge',
                'domain:discussions',
              ],
            },
            { sourceTag: 'scope:frontend', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:shared', 'scope:domain'] },
            {
              sourceTag: 'scope:tools',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:domain', 'scope:app'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
