import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@ashar/config';
import { DatabaseModule, startEmbeddedPostgres, withDatabase, type EmbeddedPostgres } from '@ashar/database';
import { KnowledgeModule } from '@ashar/knowledge';
import { Client } from 'pg';

export interface KnowledgeContext {
  app: INestApplicationContext;
  databaseUrl: string;
  /** The server without a database name, for maintenance. */
  serverUrl: string;
  close(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * A command that started the embedded PostgreSQL stops it when interrupted (Ctrl-C, a supervisor's
 * SIGTERM): left running, it keeps DATA_DIR/postgres locked and the next `npm start` fails with
 * "postmaster.pid already exists". Open transactions roll back, as when the command fails.
 */
function stopOnSignals(embedded: EmbeddedPostgres): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.once(signal, () => void embedded.stop().finally(() => process.exit(code)));
}

/**
 * The knowledge services on the platform's database, without the HTTP server: DATABASE_URL when set;
 * else the embedded PostgreSQL of `npm start` (used while it runs, started for the command when not).
 */
export async function openKnowledge(
  databaseName?: string,
  fresh = false,
  /** Further modules the command needs beside knowledge (e.g. search). */
  modules: (Type | DynamicModule)[] = [],
): Promise<KnowledgeContext> {
  // The command signs no tokens, so a throw-away secret satisfies the configuration check.
  const config = loadConfig({
    ...process.env,
    JWT_SECRET: process.env.JWT_SECRET || 'command-line-tools-sign-no-tokens-0123456789',
    DEMO_CONTENT: 'false',
    // Queued mail is sealed with the platform's JWT secret, which the command may not have.
    MAIL_WORKER: 'false',
  });
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = config.databaseUrl;
  if (!serverUrl) {
    serverUrl = `postgres://postgres@127.0.0.1:${config.embeddedPostgresPort}/postgres`;
    if (!(await reachable(serverUrl))) {
      // As root, PostgreSQL runs as another account that must be able to enter the data directory.
      mkdirSync(config.dataDir, { recursive: true, mode: 0o755 });
      embedded = await startEmbeddedPostgres({
        dataDir: join(config.dataDir, 'postgres'),
        port: config.embeddedPostgresPort,
      });
      stopOnSignals(embedded);
      serverUrl = embedded.url;
    }
  }
  const name = databaseName ?? (config.databaseUrl ? undefined : 'ashar');
  if (name) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  }
  const databaseUrl = name ? withDatabase(serverUrl, name) : serverUrl;
  try {
    const app = await NestFactory.createApplicationContext(
      {
        module: class ImportCommandModule {},
        imports: [
          ConfigModule.forRoot(config),
          DatabaseModule.forRoot({ url: databaseUrl, runMigrations: true, poolSize: 4 }),
          KnowledgeModule,
          ...modules,
        ],
      },
      { logger: ['error'] },
    );
    return {
      app,
      databaseUrl,
      serverUrl,
      async close() {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
