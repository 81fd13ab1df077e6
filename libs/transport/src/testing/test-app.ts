import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { ModuleMetadata } from '@nestjs/common/interfaces';
import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig, type AppConfig } from '@ashar/config';
import { DatabaseModule } from '@ashar/database';
import { createTestDatabase, type TestDatabase } from '@ashar/database/testing';
import { GraphqlApiModule } from '../graphql-api.module';

export interface GraphqlResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions: {
      code: string;
      fields?: { path: string; code: string; message: string }[];
      [key: string]: unknown;
    };
  }[];
}

export interface CallOptions {
  token?: string;
  lang?: string;
}

export interface TestApp {
  app: INestApplication;
  url: string;
  db: TestDatabase;
  config: AppConfig;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const config = loadConfig({
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DEMO_CONTENT: 'false',
  });
  return {
    ...config,
    // Mail a test causes goes to a folder of its own, never to the developer's .data/mail.
    mail: { ...config.mail, fileDir: join(tmpdir(), `ashar-test-mail-${randomUUID()}`) },
    ...overrides,
  };
}

/**
 * A real Nest application on a real HTTP port with its own fresh database: the domain modules under
 * test plus the GraphQL endpoint, exactly as production composes them.
 */
export async function startTestApp(
  imports: ModuleMetadata['imports'],
  overrides: Partial<AppConfig> = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(overrides);
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ url: db.url, runMigrations: false, poolSize: 5 }),
      GraphqlApiModule.forRoot(),
      ...(imports ?? []),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    db,
    config,
    async gql(query, variables = {}, options = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.lang ? { 'accept-language': options.lang } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphqlResponse<never>;
    },
    async close() {
      await app.close();
      await db.drop();
      rmSync(config.mail.fileDir, { recursive: true, force: true });
    },
  };
}
