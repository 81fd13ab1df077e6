import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '@ashar/database/testing';
import { testConfig } from '@ashar/transport/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../bootstrap';
import { createLogger } from '../logger';

describe('the request log', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    app = await createApp(testConfig(), db.url, createLogger('info', sink));
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('logs each request without the credentials it carried', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.secret-part.signature';
    const response = await fetch(`${await app.getUrl()}/graphql?token=in-the-query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        cookie: 'session=also-secret',
        'x-request-id': 'log-check-1',
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);
    for (let wait = 0; wait < 50 && !lines.some((entry) => entry.includes('log-check-1')); wait++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const line = lines.find((entry) => entry.includes('log-check-1'));
    expect(line).toBeDefined();
    const logged = JSON.parse(line as string) as { req: { url: string; headers: Record<string, string> } };
    expect(logged.req.url).toBe('/graphql');
    expect(logged.req.headers.authorization).toBe('[redacted]');
    expect(logged.req.headers.cookie).toBe('[redacted]');
    expect(logged.req.headers['content-type']).toBe('application/json');
    expect(lines.join('\n')).not.toContain('secret-part');
    expect(lines.join('\n')).not.toContain('also-secret');
    expect(lines.join('\n')).not.toContain('in-the-query');
  });

  it('logs an unexpected error by its type and message, without the statement behind it', async () => {
    const logger = createLogger('info', {
      write: (chunk: string) => {
        lines.push(chunk);
      },
    });
    const failure = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      query: 'INSERT INTO app_user (email, password_hash) VALUES ($1, $2)',
      parameters: ['someone@example.org', '$2b$12$hash-of-a-password'],
    });
    logger.error({ err: failure }, 'request failed');
    const logged = JSON.parse(lines[lines.length - 1]) as { err: Record<string, unknown> };
    expect(logged.err).toMatchObject({ type: 'Error', code: '23505', message: failure.message });
    expect(lines[lines.length - 1]).not.toContain('someone@example.org');
    expect(lines[lines.length - 1]).not.toContain('hash-of-a-password');
  });
});
