import { DataSource } from 'typeorm';
import { withDatabase } from './database-url';
import { assertMigrated, runMigrationsLocked } from './migrate';
import { MIGRATIONS } from './migrations';
import { TokenVersion1764300000000 } from './migrations/1764300000000-token-version';
import { PasswordReset1764300000100 } from './migrations/1764300000100-password-reset';
import { adminQuery } from './testing';

/** Several API instances starting at once against one empty database. */
describe('migrations at start', () => {
  const name = `ashar_migrate_${process.pid}`;
  const sources: DataSource[] = [];

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminQuery(`DROP DATABASE IF EXISTS "${name}_behind" WITH (FORCE)`);
  });

  it('run once however many instances start together', async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = withDatabase(process.env.ASHAR_TEST_SERVER_URL as string, name);
    for (let i = 0; i < 3; i++)
      sources.push(await new DataSource({ type: 'postgres', url, migrations: MIGRATIONS }).initialize());
    await Promise.all(sources.map((source) => runMigrationsLocked(source)));
    const applied = await sources[0].query(`SELECT name FROM migrations ORDER BY id`);
    expect(applied.map((row: { name: string }) => row.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('takes the token version off the accounts and puts it back at 0', async () => {
    const db = sources[0];
    const columns = async () =>
      (
        await db.query<{ column_default: string }[]>(
          `SELECT column_default FROM information_schema.columns WHERE table_name = 'app_user' AND column_name = 'token_version'`,
        )
      ).map((row) => row.column_default);
    expect(await columns()).toEqual(['0']);
    const runner = db.createQueryRunner();
    try {
      await new TokenVersion1764300000000().down(runner);
      expect(await columns()).toEqual([]);
      await new TokenVersion1764300000000().up(runner);
      expect(await columns()).toEqual(['0']);
    } finally {
      await runner.release();
    }
  });

  it('takes the password reset table away and puts it back', async () => {
    const db = sources[0];
    const tables = async () =>
      (
        await db.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM pg_tables WHERE tablename = 'password_reset'`,
        )
      )[0].n;
    expect(await tables()).toBe('1');
    const runner = db.createQueryRunner();
    try {
      await new PasswordReset1764300000100().down(runner);
      expect(await tables()).toBe('0');
      await new PasswordReset1764300000100().up(runner);
      expect(await tables()).toBe('1');
    } finally {
      await runner.release();
    }
  });

  it('refuse to serve, when the API may not migrate, a database the release step has not migrated', async () => {
    const behind = `${name}_behind`;
    await adminQuery(`CREATE DATABASE "${behind}"`);
    const url = withDatabase(process.env.ASHAR_TEST_SERVER_URL as string, behind);
    const source = await new DataSource({ type: 'postgres', url, migrations: MIGRATIONS }).initialize();
    sources.push(source);
    await expect(assertMigrated(source)).rejects.toThrow(
      new RegExp(`${MIGRATIONS.length} migrations are pending.*npm run migrate`, 's'),
    );
    await runMigrationsLocked(source);
    await source.query(`DELETE FROM migrations WHERE name = $1`, [MIGRATIONS.at(-1)!.name]);
    await expect(assertMigrated(source)).rejects.toThrow(/1 migration is pending/);
    await source.query(`INSERT INTO migrations (timestamp, name) VALUES (0, $1)`, [MIGRATIONS.at(-1)!.name]);
    await expect(assertMigrated(source)).resolves.toBeUndefined();
  });
});
