import { availableParallelism } from 'node:os';
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

  it('runs as many searches at once as the machine has cores unless told, and at least one', () => {
    expect(loadConfig(base).search.concurrency).toBe(availableParallelism());
    expect(loadConfig({ ...base, SEARCH_CONCURRENCY: '6' }).search.concurrency).toBe(6);
    expect(refusal({ SEARCH_CONCURRENCY: '0' })).toMatch(/^SEARCH_CONCURRENCY /);
    expect(refusal({ SEARCH_CONCURRENCY: 'many' })).toMatch(/^SEARCH_CONCURRENCY /);
  });

  it('lets 200 searches wait for a turn unless told, and none when told 0', () => {
    expect(loadConfig(base).search.queue).toBe(200);
    expect(loadConfig({ ...base, SEARCH_QUEUE: '0' }).search.queue).toBe(0);
    expect(refusal({ SEARCH_QUEUE: '-1' })).toMatch(/^SEARCH_QUEUE /);
    expect(refusal({ SEARCH_QUEUE: 'lots' })).toMatch(/^SEARCH_QUEUE /);
  });

  it('refuses an access-token lifetime of zero seconds', () => {
    expect(refusal({ JWT_TTL_SECONDS: '0' })).toMatch(/^JWT_TTL_SECONDS /);
  });

  it('refuses S3_ENDPOINT without S3_BUCKET instead of storing files locally', () => {
    expect(refusal({ S3_ENDPOINT: 'http://127.0.0.1:9000' })).toMatch(/S3_BUCKET/);
    expect(refusal({ S3_BUCKET: 'ashar' })).toMatch(/S3_ENDPOINT/);
  });

  it('writes e-mail to files under the data directory when no SMTP server is given', () => {
    const { mail, publicUrl } = loadConfig({ ...base, PORT: '8080' });
    expect(mail).toEqual({
      smtpUrl: undefined,
      from: 'Ashar <ashar@localhost>',
      fileDir: '/tmp/ashar-config-spec/mail',
      worker: true,
    });
    expect(publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, MAIL_WORKER: 'false' }).mail.worker).toBe(false);
    expect(() => loadConfig({ ...base, MAIL_WORKER: 'sometimes' })).toThrow(
      /^MAIL_WORKER must be true or false/,
    );
  });

  it('refuses an SMTP_URL it cannot use, without showing its password', () => {
    const message = refusal({ SMTP_URL: 'http://user:secret@mail.example.org', MAIL_FROM: 'a@example.org' });
    expect(message).toMatch(/^SMTP_URL /);
    expect(message).not.toContain('secret');
    expect(refusal({ SMTP_URL: 'mail.example.org:587', MAIL_FROM: 'a@example.org' })).toMatch(/^SMTP_URL /);
    expect(refusal({ SMTP_URL: 'smtp://user:pass@mail.example.org:587' })).toMatch(/MAIL_FROM/);
    const { mail } = loadConfig({
      ...base,
      SMTP_URL: 'smtps://user:pass@mail.example.org',
      MAIL_FROM: 'Ashar <no-reply@example.org>',
    });
    expect(mail.smtpUrl).toBe('smtps://user:pass@mail.example.org');
  });

  it('refuses a sender that is not one address on one line', () => {
    for (const from of ['nobody', 'Ashar <no-reply@example.org', 'a@example.org\r\nBcc: b@example.org'])
      expect(refusal({ MAIL_FROM: from })).toMatch(/^MAIL_FROM /);
    expect(loadConfig({ ...base, MAIL_FROM: 'no-reply@example.org' }).mail.from).toBe('no-reply@example.org');
  });

  it('takes only the origin people open as PUBLIC_URL', () => {
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://ashar.example.org/' }).publicUrl).toBe(
      'https://ashar.example.org',
    );
    for (const url of ['ashar.example.org', 'ftp://ashar.example.org', 'https://example.org/ashar'])
      expect(refusal({ PUBLIC_URL: url })).toMatch(/^PUBLIC_URL /);
  });

  it('names a password reset or sign-up limit it cannot read, and reads the sign-up limits', () => {
    expect(refusal({ PASSWORD_RESET_LIMIT_PER_EMAIL: 'three' })).toMatch(/^PASSWORD_RESET_LIMIT_PER_EMAIL /);
    expect(refusal({ PASSWORD_RESET_LIMIT_PER_ADDRESS: '-1' })).toMatch(/^PASSWORD_RESET_LIMIT_PER_ADDRESS /);
    expect(refusal({ REGISTER_LIMIT_PER_EMAIL: '2.5' })).toMatch(/^REGISTER_LIMIT_PER_EMAIL /);
    expect(loadConfig(base).registerLimit).toEqual({ perEmail: 3, perAddress: 20 });
    expect(loadConfig({ ...base, REGISTER_LIMIT_PER_EMAIL: '5' }).registerLimit.perEmail).toBe(5);
  });
});
