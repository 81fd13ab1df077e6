import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { openKnowledge } from '../import/import-database';

/**
 * `npm run migrate`: applies pending migrations to the database — DATABASE_URL, or the embedded
 * PostgreSQL of `npm start` — and exits; for a release step when the API runs with
 * RUN_MIGRATIONS=false. Several at once are safe: migrations run under an advisory lock.
 */
async function main(): Promise<void> {
  const context = await openKnowledge(); // opening the database applies what is pending
  try {
    const [last] = await context.app
      .get(DataSource)
      .query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
    console.log(`The database is migrated up to ${last?.name ?? 'nothing'}.`);
  } finally {
    await context.close();
  }
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
