import { createTestDatabase, type TestDatabase } from '@ashar/database/testing';
import { testConfig } from '@ashar/transport/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../../bootstrap';

/** The value of an unlabelled (or exactly labelled) sample in Prometheus text, or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('GET /metrics: queues and connections', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig();
    // Workers off: the rows below must stay where the test puts them.
    app = await createApp(
      { ...config, mail: { ...config.mail, worker: false }, search: { ...config.search, indexer: false } },
      db.url,
      pino({ level: 'silent' }),
    );
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const sql = (text: string) => app.get(DataSource).query(text);
  const scrape = async () => (await fetch(`${url}/metrics`)).text();

  it('reports the mail queue, the search backlog and this instance’s sockets', async () => {
    const before = await scrape();
    expect(sample(before, 'ashar_mail_queue_pending')).toBe(0);
    expect(sample(before, 'ashar_mail_queue_failed')).toBe(0);
    expect(sample(before, 'ashar_mail_queue_oldest_pending_seconds')).toBe(0);
    expect(sample(before, 'ashar_mail_queue_overdue_seconds')).toBe(0);
    expect(sample(before, 'ashar_search_outbox_pending')).toBe(0);
    expect(sample(before, 'ashar_socket_connections')).toBe(0);

    await sql(
      // One waits for a retry (due in five minutes), one is 40 seconds late: no worker is sending here.
      `INSERT INTO mail_queue (recipient, subject, sealed, created_at, next_attempt_at)
       VALUES ('a@example.org', 'one', '\\x00', now() - interval '120 seconds', now() + interval '300 seconds'),
              ('b@example.org', 'two', '\\x00', now() - interval '40 seconds', now() - interval '40 seconds')`,
    );
    await sql(
      `INSERT INTO mail_queue (recipient, subject, sealed, failed_at, last_error)
       VALUES ('c@example.org', 'three', NULL, now(), '550 no such user')`,
    );
    await sql(
      `INSERT INTO outbox (topic, aggregate_type, aggregate_id, created_at, processed_at)
       VALUES ('case-study.changed', 'case_study', 'x', now() - interval '300 seconds', NULL),
              ('case-study.changed', 'case_study', 'y', now(), NULL),
              ('case-study.changed', 'case_study', 'z', now() - interval '900 seconds', now())`,
    );
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 2; i += 1) {
        const socket = io(url, { transports: ['websocket'], reconnection: false });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the shared reading's second
      const after = await scrape();
      expect(sample(after, 'ashar_mail_queue_pending')).toBe(2);
      expect(sample(after, 'ashar_mail_queue_failed')).toBe(1);
      expect(sample(after, 'ashar_mail_queue_oldest_pending_seconds')).toBeGreaterThanOrEqual(120);
      expect(sample(after, 'ashar_mail_queue_oldest_pending_seconds')).toBeLessThan(600);
      expect(sample(after, 'ashar_mail_queue_overdue_seconds')).toBeGreaterThanOrEqual(40);
      expect(sample(after, 'ashar_mail_queue_overdue_seconds')).toBeLessThan(300);
      expect(sample(after, 'ashar_search_outbox_pending')).toBe(2);
      expect(sample(after, 'ashar_search_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(300);
      expect(sample(after, 'ashar_search_outbox_oldest_pending_seconds')).toBeLessThan(900);
      expect(sample(after, 'ashar_socket_connections')).toBe(2);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
  });

  it('shows a queue it cannot read as NaN and still answers the scrape', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // The database refuses the mail queue's question (as when it is down), not the outbox's.
    await sql(`ALTER TABLE mail_queue RENAME TO mail_queue_away`);
    try {
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(sample(text, 'ashar_mail_queue_pending')).toBeNaN();
      expect(sample(text, 'ashar_search_outbox_pending')).toBe(2);
      expect(text).toContain('http_request_duration_seconds');
    } finally {
      await sql(`ALTER TABLE mail_queue_away RENAME TO mail_queue`);
    }
  });
});
