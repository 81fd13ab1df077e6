export * from './database.module';
export * from './database-url';
export * from './embedded-postgres';
export * from './free-port';
export * from './migrate';
export { MIGRATIONS } from './migrations';
export * from './pg-errors';
export * from './sql-params';
export * from './outbox';
