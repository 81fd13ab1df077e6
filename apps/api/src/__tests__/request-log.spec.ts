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
    const response = await fetch(`${await app.getUrl()}/graphql`, {
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
    await new Promise((resolve) => setTimeout(resolve, 50));
    const line = lines.find((entry) => entry.includes('log-check-1'));
    expect(line).toBeDefined();
    const logged = JSON.parse(line as string) as { req: { headers: Record<string, string> } };
    expect(logged.req.headers.authorization).toBe('[redacted]');
    expect(logged.req.headers.cookie).toBe('[redacted]');
    expect(logged.req.headers['content-type']).toBe('application/json');
    expect(lines.join('\n')).not.toContain('secret-part');
    expect(lines.join('\n')).not.toContain('also-secret');
  });
});
