import { freePort } from '../free-port';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { withDatabase } from '../database-url';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded-postgres';
import { runMigrationsLocked } from '../migrate';
import { MIGRATIONS } from '../migrations';

interface TestServerState {
  embedded?: EmbeddedPostgres;
  dataDir?: string;
  prefix: string;
}

const state = globalThis as typeof globalThis & { __asharTestServer?: TestServerState };

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Jest global setup: uses the PostgreSQL server named by DATABASE_URL, or starts a throw-away embedded
 * one, then builds a template database with every migration that each test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const prefix = `ashar_test_${process.pid}`;
  const current: TestServerState = { prefix };
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    current.dataDir = mkdtempSync(join(tmpdir(), 'ashar-test-pg-'));
    chmodSync(current.dataDir, 0o755); // as root, PostgreSQL runs as another account that must enter it
    current.embedded = await startEmbeddedPostgres({
      dataDir: join(current.dataDir, 'pg'),
      port: await freePort(),
      ephemeral: true,
    });
    serverUrl = current.embedded.url;
  }
  state.__asharTestServer = current;

  const template = `${prefix}_template`;
  await admin(serverUrl, `DROP DATABASE IF EXISTS "${template}"`);
  await admin(serverUrl, `CREATE DATABASE "${template}"`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: withDatabase(serverUrl, template),
    migrations: MIGRATIONS,
  });
  await dataSource.initialize();
  await runMigrationsLocked(dataSource);
  await dataSource.destroy();

  process.env.ASHAR_TEST_SERVER_URL = serverUrl;
  process.env.ASHAR_TEST_TEMPLATE = template;
}

export async function globalTeardown(): Promise<void> {
  const current = state.__asharTestServer;
  const serverUrl = process.env.ASHAR_TEST_SERVER_URL;
  if (!current || !serverUrl) return;
  if (current.embedded) {
    await current.embedded.stop();
    if (current.dataDir) rmSync(current.dataDir, { recursive: true, force: true });
    return;
  }
  // On a shared server, drop whatever this run created, including databases of test files that crashed.
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${current.prefix}%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
