import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AppConfig {
  port: number;
  host: string;
  /** Where embedded PostgreSQL, the generated JWT secret and local files live. */
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server is started. */
  databaseUrl?: string;
  embeddedPostgresPort: number;
  runMigrations: boolean;
  demoContent: boolean;
  jwtSecret: string;
  jwtTtlSeconds: number;
  logLevel: string;
  /**
   * Express's `trust proxy`: which hops' X-Forwarded-For to believe for the client address (login
   * limits and logs): `loopback` by default; a list of addresses or subnets, a hop count, or true.
   */
  trustProxy: boolean | number | string;
  /** When set, GET /metrics answers only `Authorization: Bearer <this token>`. */
  metricsToken?: string;
  redisUrl?: string;
  /** `postgres` (default, PostgreSQL full-text search) or `meilisearch` (needs MEILI_HOST). */
  search: {
    engine: 'postgres' | 'meilisearch';
    meiliHost?: string;
    meiliApiKey?: string;
    meiliIndex: string;
    indexer: boolean;
    /** Searches the PostgreSQL engine runs at once per instance; the others wait their turn. */
    concurrency: number;
    /** Searches that may wait for a turn per instance; one more is refused (RATE_LIMITED). */
    queue: number;
  };
  loginRateLimit: { perAccount: number; perAddress: number; windowSeconds: number };
  /** Sign-ups per email address (each mails it) and per client address, in the login limits' window. */
  registerLimit: { perEmail: number; perAddress: number };
  /** Password reset requests per email address and per client address, in the login limits' window. */
  passwordResetLimit: { perEmail: number; perAddress: number };
  /** Invitations to organisations one person may send per hour (each mails an address). */
  invitationLimit: { perSender: number };
  /** Where people open the web client (no trailing slash): links in e-mails point here. */
  publicUrl: string;
  mail: MailSettings;
  /** Materials: the upload size limit, and S3-compatible storage when configured (else local files). */
  maxUploadMb?: number;
  s3?: S3Settings;
  /** Discussion rooms: per-user send/typing budgets per window, and the socket.io Redis channel prefix. */
  roomLimits?: { sendsPerWindow: number; typingPerWindow: number; windowSeconds: number };
  roomRedisChannel?: string;
}

export class ConfigError extends Error {}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function integer(name: string, value: string | undefined, fallback: number, min = 0, max = Infinity): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new ConfigError(`${name} must be a whole number, got "${value}"`);
  if (parsed < min || parsed > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got "${value}"`);
  return parsed;
}

/** Caught here rather than when the server listens, after the embedded PostgreSQL has started. */
function port(name: string, value: string | undefined, fallback: number): number {
  return integer(name, value, fallback, 1, 65535);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(value: string | undefined): string {
  const level = value || 'info';
  if (!LOG_LEVELS.includes(level))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level;
}

/**
 * Embedded/demo mode keeps a random JWT secret under the data directory so sessions survive restarts.
 * With an external database a secret must be given: tokens signed by a guessable secret would be forgeable.
 */
function jwtSecret(env: NodeJS.ProcessEnv, dataDir: string, databaseUrl: string | undefined): string {
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters long.');
    return env.JWT_SECRET;
  }
  if (databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL is set but JWT_SECRET is not. Set JWT_SECRET to a random string of 32 or more characters ' +
        '(for example: openssl rand -hex 32); only the embedded demo mode generates one by itself.',
    );
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  /**
   * Whether uploads carry, and downloads are checked against, the checksums the official client adds
   * by default. Some S3-compatible stores do not support them (they refuse the upload, or store the
   * checksum framing as part of the file): false sends them only where the S3 API requires them.
   */
  checksums: boolean;
}

/**
 * S3-compatible storage is used when both S3_ENDPOINT and S3_BUCKET are set. Only one of them is a
 * mistake: falling back to local files would split the files of instances that share the store.
 */
function s3Settings(env: NodeJS.ProcessEnv): S3Settings | undefined {
  if (!env.S3_ENDPOINT && !env.S3_BUCKET) return undefined;
  if (!env.S3_ENDPOINT || !env.S3_BUCKET)
    throw new ConfigError(
      `${env.S3_ENDPOINT ? 'S3_ENDPOINT' : 'S3_BUCKET'} is set but ${env.S3_ENDPOINT ? 'S3_BUCKET' : 'S3_ENDPOINT'} is not; S3 storage needs both.`,
    );
  return {
    endpoint: env.S3_ENDPOINT,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: flag('S3_FORCE_PATH_STYLE', env.S3_FORCE_PATH_STYLE, true),
    checksums: flag('S3_CHECKSUMS', env.S3_CHECKSUMS, true),
  };
}

export interface MailSettings {
  /** `smtp://` or `smtps://` with credentials, host and port; absent: messages are written to `fileDir`. */
  smtpUrl?: string;
  /** The sender, `address@host` or `Name <address@host>`. */
  from: string;
  /** Where messages go as .eml files when there is no SMTP server (under the data directory). */
  fileDir: string;
  /** Whether this process sends the queued mail (`MAIL_WORKER`); command-line tools do not. */
  worker: boolean;
}

/** An SMTP URL safe to show: the password is replaced. */
export function redactSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable SMTP_URL)';
  }
}

const EMAIL = String.raw`[^\s@<>]+@[^\s@<>]+`;
/** `address@host` or `Name <address@host>`, on one line (a line break would start another header). */
const SENDER = new RegExp(`^(?:${EMAIL}|[^<>\r\n]*<${EMAIL}>)$`);

/**
 * Without SMTP_URL nothing is sent: a developer opens the .eml files (DATA_DIR/mail). With it, the
 * sender must be given, since a relay refuses or marks as spam mail from an address it does not serve.
 */
function mailSettings(env: NodeJS.ProcessEnv, dataDir: string): MailSettings {
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(smtpUrl);
    } catch {
      // reported below, without echoing what may hold a password
    }
    if (!parsed || !['smtp:', 'smtps:'].includes(parsed.protocol) || !parsed.hostname)
      throw new ConfigError(
        `SMTP_URL must be smtp://user:password@host:port (or smtps:// for TLS from the start), got "${redactSmtpUrl(smtpUrl)}"`,
      );
    if (!env.MAIL_FROM)
      throw new ConfigError(
        'SMTP_URL is set but MAIL_FROM is not. Set MAIL_FROM to the sender, e.g. "Ashar <no-reply@example.org>".',
      );
  }
  const from = env.MAIL_FROM || 'Ashar <ashar@localhost>';
  if (!SENDER.test(from.trim()))
    throw new ConfigError(
      `MAIL_FROM must be an address such as "Ashar <no-reply@example.org>", got "${from}"`,
    );
  return {
    smtpUrl,
    from: from.trim(),
    fileDir: join(dataDir, 'mail'),
    worker: flag('MAIL_WORKER', env.MAIL_WORKER, true),
  };
}

/**
 * The web client's own address; links in e-mails are made from it. Only an origin: the client routes
 * its pages from `/` and loads `/assets/`, so it cannot be served under a path.
 */
function publicUrl(raw: string | undefined, port: number): string {
  if (!raw) return `http://localhost:${port}`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    // reported below
  }
  const origin = parsed && ['http:', 'https:'].includes(parsed.protocol) ? parsed.origin : undefined;
  if (!origin || `${origin}/` !== parsed?.href)
    throw new ConfigError(
      `PUBLIC_URL must be the http:// or https:// address people open Ashar at, without a path, such as https://ashar.example.org, got "${raw}"`,
    );
  return origin;
}

function searchConfig(env: NodeJS.ProcessEnv): AppConfig['search'] {
  const engine = env.SEARCH_ENGINE || 'postgres';
  if (engine !== 'postgres' && engine !== 'meilisearch') {
    throw new ConfigError(`SEARCH_ENGINE must be postgres or meilisearch, got "${engine}"`);
  }
  if (engine === 'meilisearch' && !env.MEILI_HOST)
    throw new ConfigError('SEARCH_ENGINE=meilisearch needs MEILI_HOST.');
  return {
    engine,
    meiliHost: env.MEILI_HOST || undefined,
    meiliApiKey: env.MEILI_API_KEY || undefined,
    meiliIndex: env.MEILI_INDEX || 'ashar_documents',
    indexer: flag('SEARCH_INDEXER', env.SEARCH_INDEXER, true),
    concurrency: integer('SEARCH_CONCURRENCY', env.SEARCH_CONCURRENCY, availableParallelism(), 1, 1000),
    queue: integer('SEARCH_QUEUE', env.SEARCH_QUEUE, 200, 0, 100_000),
  };
}

function trustProxy(raw: string | undefined): boolean | number | string {
  const value = (raw ?? '').trim();
  if (!value) return 'loopback';
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = resolve(env.DATA_DIR || '.data');
  const databaseUrl = env.DATABASE_URL || undefined;
  const demoContent = flag('DEMO_CONTENT', env.DEMO_CONTENT, !databaseUrl);
  const listenPort = port('PORT', env.PORT, 3000);
  return {
    port: listenPort,
    // Demo accounts have a published password: a demo listens on this machine only unless told otherwise.
    host: env.HOST || (demoContent ? '127.0.0.1' : '0.0.0.0'),
    dataDir,
    databaseUrl,
    embeddedPostgresPort: port('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329),
    runMigrations: flag('RUN_MIGRATIONS', env.RUN_MIGRATIONS, true),
    demoContent,
    jwtSecret: jwtSecret(env, dataDir, databaseUrl),
    jwtTtlSeconds: integer('JWT_TTL_SECONDS', env.JWT_TTL_SECONDS, 7 * 24 * 3600, 1),
    logLevel: logLevel(env.LOG_LEVEL),
    trustProxy: trustProxy(env.TRUST_PROXY),
    metricsToken: env.METRICS_TOKEN || undefined,
    redisUrl: env.REDIS_URL || undefined,
    search: searchConfig(env),
    maxUploadMb: integer('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 50),
    s3: s3Settings(env),
    roomLimits: {
      sendsPerWindow: integer('ROOM_SEND_LIMIT', env.ROOM_SEND_LIMIT, 30),
      typingPerWindow: integer('ROOM_TYPING_LIMIT', env.ROOM_TYPING_LIMIT, 20),
      windowSeconds: integer('ROOM_LIMIT_WINDOW_SECONDS', env.ROOM_LIMIT_WINDOW_SECONDS, 10),
    },
    roomRedisChannel: env.ROOM_REDIS_CHANNEL || 'ashar-rooms',
    loginRateLimit: {
      perAccount: integer('LOGIN_LIMIT_PER_ACCOUNT', env.LOGIN_LIMIT_PER_ACCOUNT, 10),
      perAddress: integer('LOGIN_LIMIT_PER_ADDRESS', env.LOGIN_LIMIT_PER_ADDRESS, 50),
      windowSeconds: integer('LOGIN_LIMIT_WINDOW_SECONDS', env.LOGIN_LIMIT_WINDOW_SECONDS, 900),
    },
    registerLimit: {
      perEmail: integer('REGISTER_LIMIT_PER_EMAIL', env.REGISTER_LIMIT_PER_EMAIL, 3),
      perAddress: integer('REGISTER_LIMIT_PER_ADDRESS', env.REGISTER_LIMIT_PER_ADDRESS, 20),
    },
    passwordResetLimit: {
      perEmail: integer('PASSWORD_RESET_LIMIT_PER_EMAIL', env.PASSWORD_RESET_LIMIT_PER_EMAIL, 3),
      perAddress: integer('PASSWORD_RESET_LIMIT_PER_ADDRESS', env.PASSWORD_RESET_LIMIT_PER_ADDRESS, 10),
    },
    invitationLimit: {
      perSender: integer('INVITATION_LIMIT_PER_SENDER', env.INVITATION_LIMIT_PER_SENDER, 60),
    },
    publicUrl: publicUrl(env.PUBLIC_URL, listenPort),
    mail: mailSettings(env, dataDir),
  };
}

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
