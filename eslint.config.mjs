import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

export default [
  { ignores: ['**/node_modules', '**/dist', '**/tmp', '**/.nx', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // one import statement per module (a type-only import of it may stand apart)
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:server', 'type:domain', 'type:contracts'] },
            { sourceTag: 'type:console', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:server', 'type:domain', 'type:contracts'] },
            // workspace tools that production never runs (the demo data); nothing may depend on them
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:server', 'type:domain', 'type:contracts'] },
          ],
        },
      ],
    },
  },
  {
    // The domain is plain TypeScript: the seed's rules must not depend on a framework.
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'bullmq',
                'ioredis',
                'pg',
                'express',
                'class-validator',
                'class-transformer',
              ],
              message:
                'libs/domain and libs/contracts stay free of framework imports (docs/architecture.md#apps-and-libs).',
            },
          ],
        },
      ],
    },
  },
  {
    // the console: React's rules of hooks (and the React Compiler's checks) on every component and hook
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  // formatting is Prettier's (npm test runs `prettier --check`); eslint keeps to correctness
  prettier,
];
