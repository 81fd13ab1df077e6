export * from './test-database';
export * from './count-queries';
