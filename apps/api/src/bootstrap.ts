import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@ashar/config';
import {
  redactDatabaseUrl,
  startEmbeddedPostgres,
  withDatabase,
  type EmbeddedPostgres,
} from '@ashar/database';
import type { Request, Response } from 'express';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { AppModule } from './app.module';
import { httpMetrics } from './health/http-metrics';
import { NestPinoLogger } from './logger';

export interface RunningPlatform {
  app: INestApplication;
  url: string;
  stop(): Promise<void>;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Paths that belong to the API even when a browser asks for HTML; everything else may be the web app. */
const API_PATHS =
  /^\/(graphql|socket\.io|health|metrics)(\/|$)|^\/events\/[^/]+\.ics$|^\/materials\/[^/]+\/files(\/|$)/;

/**
 * Serves the built web client (dist/apps/web) at `/`: hashed assets with a long cache, and index.html
 * for any other page address a browser opens (the client routes it). Middleware runs before Nest's
 * routes and guards, so only HTML navigations outside the API's paths are answered here.
 */
function serveWebClient(app: NestExpressApplication, dir: string): void {
  if (!existsSync(join(dir, 'index.html')) || !existsSync(join(dir, 'assets'))) return;
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
  const indexHtml = join(dir, 'index.html');
  app.use((req: Request, res: Response, next: () => void) => {
    const lastSegment = req.path.split('/').pop() ?? '';
    const wantsPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      (req.headers.accept ?? '').includes('text/html') &&
      !API_PATHS.test(req.path) &&
      !lastSegment.includes('.');
    if (!wantsPage) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(indexHtml);
  });
}

/** Creates the Nest application with its HTTP middleware, without listening. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: Logger,
  options: { webDir?: string } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl, logger }),
    {
      logger: new NestPinoLogger(logger),
      bodyParser: false,
    },
  );
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      // The path only: a query string may carry what a client should not have put there.
      serializers: { req: (req: { url?: string }) => ({ ...req, url: req.url?.split('?')[0] }) },
    }),
  );
  app.use(httpMetrics());
  app.useBodyParser('json', { limit: '20mb' });
  serveWebClient(app, options.webDir ?? process.env.WEB_DIR ?? join(__dirname, '..', '..', 'web'));
  return app;
}

/** Starts the whole platform: embedded PostgreSQL unless DATABASE_URL is given, then the API. */
export async function startPlatform(config: AppConfig, logger: Logger): Promise<RunningPlatform> {
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = join(config.dataDir, 'postgres');
    logger.info({ dataDir, port: config.embeddedPostgresPort }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPostgresPort,
      log: (line) => logger.debug({ postgres: line }),
    });
    await ensureDatabase(embedded.url, 'ashar');
    databaseUrl = withDatabase(embedded.url, 'ashar');
  }
  logger.info(
    { database: redactDatabaseUrl(databaseUrl), demoContent: config.demoContent },
    'connecting to PostgreSQL',
  );
  try {
    const app = await createApp(config, databaseUrl, logger);
    await app.listen(config.port, config.host);
    const url = `http://localhost:${config.port}`;
    return {
      app,
      url,
      async stop() {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
