import type { DataSource } from 'typeorm';

/** An arbitrary, fixed key: every Ashar instance takes the same advisory lock to migrate. */
const MIGRATION_LOCK = 7_302_118_455;

/**
 * Runs pending migrations, one instance at a time: several API instances starting together against
 * one database wait for each other on a PostgreSQL advisory lock instead of racing to create the same
 * tables. The lock is held by a connection of its own and released when that connection ends, so a
 * crashed instance never leaves it behind.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}
