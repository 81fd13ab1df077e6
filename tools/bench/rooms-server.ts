import { freePort } from '@ashar/database';
/**
 * The Ashar side of `npm run bench:rooms`: a real API instance (rooms module, PostgreSQL, auth) in its
 * own process, so the benchmark's clients do not share its CPU. It prints one `READY {json}` line with
 * its URL, a room, a thread and tokens, and stops cleanly on SIGTERM.
 */
import 'reflect-metadata';
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccountsModule, AccountsService, Role, TokenService } from '@ashar/accounts';
import { ConfigModule, loadConfig } from '@ashar/config';
import { DatabaseModule, startEmbeddedPostgres, withDatabase, type EmbeddedPostgres } from '@ashar/database';
import { DiscussionsModule, RoomScope, RoomService, RoomVisibility } from '@ashar/discussions';
import { NetworkModule } from '@ashar/network';
import { GraphqlApiModule } from '@ashar/transport';
import { Client } from 'pg';

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const senders = Number(process.env.BENCH_SENDERS ?? 20);
  const readers = Number(process.env.BENCH_READER_ACCOUNTS ?? 50);
  let embedded: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-bench-rooms-'));
    chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'pg'),
      port: await freePort(),
      ephemeral: true,
    });
    serverUrl = embedded.url;
  }
  const database = `ashar_bench_rooms_${process.pid}`;
  await admin(serverUrl, `CREATE DATABASE "${database}"`);
  const config = {
    ...loadConfig({ JWT_SECRET: 'bench-secret-0123456789-0123456789-abcdef', DEMO_CONTENT: 'false' }),
    roomLimits: { sendsPerWindow: 1_000_000, typingPerWindow: 1_000_000, windowSeconds: 1 },
  };

  @Module({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ url: withDatabase(serverUrl, database), runMigrations: true, poolSize: 10 }),
      GraphqlApiModule.forRoot(),
      AccountsModule,
      NetworkModule,
      DiscussionsModule,
    ],
  })
  class BenchModule {}

  const app = await NestFactory.create(BenchModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };

  const accounts = app.get(AccountsService);
  const tokens = app.get(TokenService);
  const account = (name: string, role: Role, countryCode: string | null = null) =>
    accounts.createUser({
      email: `${name}@bench.example.org`,
      password: 'benchmark password',
      displayName: name,
      preferredLocale: 'en',
      grants: [{ role, countryCode }],
    });
  const host = await account('host', Role.NATIONAL_COORDINATOR, 'KG');
  const rooms = app.get(RoomService);
  const room = await rooms.createRoom(
    host,
    { scope: RoomScope.COUNTRY, countryCode: 'KG', visibility: RoomVisibility.MEMBERS, originalLocale: 'en' },
    'en',
  );
  const thread = await rooms.createThread(host, { roomId: room.id, title: 'Benchmark' });
  const senderTokens: string[] = [];
  for (let i = 0; i < senders; i++)
    senderTokens.push(tokens.issue((await account(`sender${i}`, Role.MEMBER)).id));
  const readerTokens: string[] = [];
  for (let i = 0; i < readers; i++)
    readerTokens.push(tokens.issue((await account(`reader${i}`, Role.MEMBER)).id));

  const stop = async () => {
    await app.close().catch(() => undefined);
    await embedded?.stop();
    if (!embedded) await admin(serverUrl as string, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.stdout.write(
    `READY ${JSON.stringify({ url: `http://127.0.0.1:${port}`, roomId: room.id, threadId: thread.id, senderTokens, readerTokens })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
