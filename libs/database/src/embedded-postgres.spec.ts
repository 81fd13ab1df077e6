import { spawn } from 'node:child_process';
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

const root = join(__dirname, '..', '..', '..');

/** Starts the embedded PostgreSQL in a process of its own, as `npm start` does; resolves once it is ready. */
async function startInChild(dataDir: string, port: number) {
  const script = `require('./libs/database/src/embedded-postgres')
    .startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} })
    .then(() => console.log('ready'), (error) => { console.error(String(error)); process.exit(1); })`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.base.json') },
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the process ended (${code}):\n${output}`)));
  });
  return child;
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

  it('refuses a data directory another live process uses, and takes over one a killed process left running', async () => {
    const dataDir = join(dir, 'left');
    const port = await freePort();
    const owner = await startInChild(dataDir, port);
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      new RegExp(`in use by process ${owner.pid}`),
    );
    // Killed without a chance to stop its server (SIGKILL, out of memory): the server outlives it.
    const killed = new Promise((resolve) => owner.once('exit', resolve));
    owner.kill('SIGKILL');
    await killed;
    expect(await query(`postgres://postgres@127.0.0.1:${port}/postgres`, 'SELECT 1 AS one')).toEqual([
      { one: 1 },
    ]);

    const next = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(await query(next.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await next.stop();
    }
  }, 60_000);
});
