export * from './test-app';
export * from './redis';
