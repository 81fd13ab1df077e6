import { DataSource } from 'typeorm';
import { withDatabase } from './database-url';
import { runMigrationsLocked } from './migrate';
import { MIGRATIONS } from './migrations';
import { adminQuery } from './testing';

/** Several API instances starting at once against one empty database. */
describe('migrations at start', () => {
  const name = `ashar_migrate_${process.pid}`;
  const sources: DataSource[] = [];

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
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
});
