import { Client } from 'pg';
import { withDatabase } from '../database-url';

let counter = 0;

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run tests through jest so that its global setup prepares PostgreSQL.`,
    );
  return value;
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: env('ASHAR_TEST_SERVER_URL') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database with every migration applied, cloned from the template the global setup built,
 * so test files run in parallel without seeing each other's rows. Drop it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = env('ASHAR_TEST_TEMPLATE');
  const name = `${template.replace(/_template$/, '')}_${process.env.JEST_WORKER_ID ?? 0}_${process.pid}_${++counter}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    name,
    url: withDatabase(env('ASHAR_TEST_SERVER_URL'), name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
