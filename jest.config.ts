import type { Config } from 'jest';

const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { swcrc: true }] },
  moduleNameMapper: {
    '^@ashar/([\\w-]+)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
    '^@ashar/([\\w-]+)$': '<rootDir>/libs/$1/src/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/libs/database/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/libs/database/src/testing/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // A worker's heap grows to about 1 GB over the API suites (garbage, not live: about 200 MB survive a
  // GC), and a process that big took over 500 ms to exit, so Jest killed it and reported a leak.
  // Recycling a worker whose heap passes this after a test file keeps the exit near 250 ms.
  workerIdleMemoryLimit: '384MB',
};

export default config;
