import { ConfigError, loadConfig } from '../app-config';

/** A configuration that is valid on its own, so each test changes one variable. */
const base = { DATA_DIR: '/tmp/ashar-config-spec', JWT_SECRET: 'x'.repeat(32) };

function refusal(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('names the variable whose true-or-false value it cannot read', () => {
    expect(refusal({ RUN_MIGRATIONS: 'maybe' })).toMatch(/^RUN_MIGRATIONS /);
    expect(refusal({ SEARCH_INDEXER: 'nope' })).toMatch(/^SEARCH_INDEXER /);
  });

  it('refuses ports outside 1–65535 before starting anything', () => {
    expect(refusal({ PORT: '70000' })).toMatch(/^PORT /);
    expect(refusal({ EMBEDDED_PG_PORT: '0' })).toMatch(/^EMBEDDED_PG_PORT /);
    expect(loadConfig({ ...base, PORT: '65535' }).port).toBe(65535);
  });

  it('refuses a log level pino does not know', () => {
    expect(refusal({ LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL /);
    expect(loadConfig({ ...base, LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
  });

  it('refuses an access-token lifetime of zero seconds', () => {
    expect(refusal({ JWT_TTL_SECONDS: '0' })).toMatch(/^JWT_TTL_SECONDS /);
  });

  it('refuses S3_ENDPOINT without S3_BUCKET instead of storing files locally', () => {
    expect(refusal({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toMatch(/S3_BUCKET/);
    expect(refusal({ S3_BUCKET: 'ashar' })).toMatch(/S3_ENDPOINT/);
  });
});
