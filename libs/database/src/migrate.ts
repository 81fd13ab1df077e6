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

/**
 * With RUN_MIGRATIONS=false the release step migrates; an API started before it (or without it) would
 * answer every request touching a new table or column with an error while /health said "ok". So it
 * refuses to start instead, naming what is pending. Migrations the database has beyond this release's
 * (an older API during a rolling upgrade) are not a reason to refuse.
 */
export async function assertMigrated(dataSource: DataSource): Promise<void> {
  const [{ present }] = await dataSource.query<{ present: boolean }[]>(
    `SELECT to_regclass('migrations') IS NOT NULL AS present`,
  );
  const applied = new Set(
    present
      ? (await dataSource.query<{ name: string }[]>(`SELECT name FROM migrations`)).map((row) => row.name)
      : [],
  );
  const pending = dataSource.migrations.map((migration) => migration.name).filter((n) => !applied.has(n!));
  if (!pending.length) return;
  throw new Error(
    `RUN_MIGRATIONS is false and ${pending.length} ${pending.length === 1 ? 'migration is' : 'migrations are'} ` +
      `pending (${pending.join(', ')}): run npm run migrate first, or start with RUN_MIGRATIONS=true.`,
  );
}
