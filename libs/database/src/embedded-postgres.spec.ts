import { freePort } from './free-port';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ashar-embedded-spec-'));
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data across a stop and a restart', async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port });
    await query(first.url, `CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')`);
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port });
    try {
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }]);
      // Text search needs Unicode-aware case folding for Cyrillic.
      const [row] = await query<{ lexemes: string }>(
        second.url,
        `SELECT to_tsvector('russian', 'Микропредприятия')::text AS lexemes`,
      );
      expect(row.lexemes).toContain('микропредприят');
      // A quarter of the memory for its buffers, between 128 MB and 1 GB.
      const [buffers] = await query<{ mb: number }>(
        second.url,
        `SELECT setting::int / 128 AS mb FROM pg_settings WHERE name = 'shared_buffers'`,
      );
      const memory = Math.min(totalmem(), process.constrainedMemory?.() || Infinity);
      expect(buffers.mb).toBe(Math.min(1024, Math.max(128, Math.floor(memory / 4 / 1024 / 1024))));
    } finally {
      await second.stop();
    }
  });
});
