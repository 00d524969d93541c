// One config, four projects: `unit` (fast, no services), `console` (jsdom), `medium` (handlers against the real
// PostgreSQL, no HTTP, no Redis) and `e2e` (the real stack, PostgreSQL and Redis).
const { pathsToModuleNameMapper } = require('./tools/jest/paths.cjs');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: pathsToModuleNameMapper(),
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // a real stack starts and stops in the e2e hooks; closing after a Redis outage waits out bounded timeouts.
  // Generous on purpose: a bound against hangs, not a speed target (those live in `npm run bench`); on a
  // shared 2-core machine a stack's start-up alone can take many seconds.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/{api,worker,ozon-sim,demo-seed}/**/*.spec.ts',
        '<rootDir>/test/repository/**/*.spec.ts',
      ],
    },
    {
      // the console's components in jsdom (React Testing Library)
      displayName: 'console',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/console/src/**/*.spec.{ts,tsx}'],
      transform: {
        '^.+\\.[jt]sx?$': [
          '@swc/jest',
          {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'automatic' } },
              target: 'es2022',
            },
            module: { type: 'commonjs' },
          },
        ],
      },
      moduleNameMapper: pathsToModuleNameMapper(),
      // ESM-only dependencies of react-admin are compiled to CommonJS like our sources
      transformIgnorePatterns: ['/node_modules/(?!react-hotkeys-hook/)'],
      moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
      setupFiles: ['<rootDir>/apps/console/jest.setup.cjs'],
    },
    {
      // the worker's handlers, sweeps and retries on the real PostgreSQL, without HTTP or Redis (README "Tests")
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/medium/support/global-setup.ts',
      setupFiles: ['reflect-metadata', '<rootDir>/test/e2e/support/quiet-logs.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
      setupFiles: ['reflect-metadata', '<rootDir>/test/e2e/support/quiet-logs.ts'],
    },
  ],
};
