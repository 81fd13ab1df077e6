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
};

export default config;
