import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@ashar/config';
import { createTestDatabase, type TestDatabase } from '@ashar/database/testing';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import type { MailMessage } from '../mail-message';
import { MailQueue, RETRY_DELAYS_S } from '../mail-queue';
import { Mailer } from '../mailer';
import { startSmtpInbox, type SmtpInbox } from '../testing';

const SECRET = 'q'.repeat(32);

const message = (subject: string): MailMessage => ({
  to: { name: 'Айгуль', address: 'aigul@example.org' },
  subject,
  text: `Откройте ссылку: http://localhost:3000/reset-password#token=live-${subject}`,
  html: `<p>live-${subject}</p>`,
  locale: 'ru',
});

interface QueueRow {
  recipient: string;
  subject: string;
  sealed: Buffer | null;
  attempts: number;
  due_in_s: number;
  failed: boolean;
  last_error: string | null;
}

describe('the mail queue', () => {
  let database: TestDatabase;
  let db: DataSource;
  let inbox: SmtpInbox;
  let dataDir: string;
  const queues: MailQueue[] = [];

  /** A queue as an API instance has it; `worker` on, it sends by itself, as `npm start` does. */
  function queue(options: { secret?: string; worker?: boolean } = {}) {
    const config = loadConfig({
      DATA_DIR: dataDir,
      JWT_SECRET: options.secret ?? SECRET,
      SMTP_URL: inbox.url,
      MAIL_FROM: 'no-reply@example.org',
      MAIL_WORKER: String(options.worker ?? false),
    });
    const created = new MailQueue(db, new Mailer(config), config);
    const log = { warn: [] as string[], error: [] as string[] };
    (created as unknown as { logger: object }).logger = {
      log: () => undefined,
      warn: (text: string) => log.warn.push(text),
      error: (text: string) => log.error.push(text),
    };
    created.onApplicationBootstrap();
    queues.push(created);
    return { queue: created, log };
  }

  const rows = () =>
    db.query<QueueRow[]>(
      `SELECT recipient, subject, sealed, attempts, failed_at IS NOT NULL AS failed, last_error,
              round(extract(epoch FROM next_attempt_at - now()))::int AS due_in_s
         FROM mail_queue ORDER BY id`,
    );

  /** This process's send outcomes so far, from the counter /metrics shows. */
  const outcomes = async () => {
    const metric = await register.getSingleMetric('ashar_mail_send_attempts_total')!.get();
    const count = (outcome: string) =>
      metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
    return { sent: count('sent'), retry: count('retry'), failed: count('failed') };
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    inbox = await startSmtpInbox();
    database = await createTestDatabase();
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-mail-queue-'));
    await db.query(`DELETE FROM mail_queue`);
    inbox.refuse(0, 0);
    inbox.received.length = 0;
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.onModuleDestroy()));
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
    await inbox.close();
  });

  it('sends a message only if the transaction that queued it commits, and keeps no readable copy', async () => {
    const { queue: mail } = queue();
    await db
      .transaction(async (tx) => {
        await mail.enqueue(message('rolled back'), tx);
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    await db.transaction((tx) => mail.enqueue(message('committed'), tx));
    await mail.enqueue(null); // queues nothing

    const [queued] = await rows();
    expect(await rows()).toHaveLength(1);
    expect(queued).toMatchObject({ recipient: 'aigul@example.org', subject: 'committed', attempts: 0 });
    // The link is in the message, not readable in the database.
    expect(queued.sealed?.includes('live-committed')).toBe(false);
    expect(queued.sealed?.includes(Buffer.from('Откройте'))).toBe(false);
    expect(Buffer.from(queued.sealed!.toString('utf8'), 'base64').includes('live-committed')).toBe(false);
    // Sealed afresh each time (a new nonce): the same message twice is stored as different bytes.
    await db.transaction((tx) => mail.enqueue(message('committed'), tx));
    const [, again] = await rows();
    expect(again.sealed!.equals(queued.sealed!)).toBe(false);
    await db.query(`DELETE FROM mail_queue WHERE id = (SELECT max(id) FROM mail_queue)`);

    expect(await mail.drain()).toBe(1);
    expect(inbox.received.map((received) => received.mail.subject)).toEqual(['committed']);
    expect(inbox.received[0].mail.text).toContain('#token=live-committed');
    expect(await rows()).toEqual([]);
  });

  it('sends by itself what was queued outside a transaction, and what is committed later', async () => {
    const { queue: mail } = queue({ worker: true });
    /** Waits up to 5 s for the inbox to hold `count` messages and the queue to be empty. */
    const delivered = async (count: number) => {
      for (let wait = 0; wait < 100; wait++) {
        if (inbox.received.length >= count && (await rows()).length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return inbox.received.map((received) => received.mail.subject);
    };
    await mail.enqueue(message('at once'));
    expect(await delivered(1)).toEqual(['at once']);
    await db.transaction((tx) => mail.enqueue(message('after commit'), tx));
    expect(await delivered(2)).toEqual(['at once', 'after commit']);
    expect(await rows()).toEqual([]);
  });

  it('keeps what was queued across a restart, and sends it from the next process', async () => {
    const first = queue();
    await first.queue.enqueue(message('before the restart'));
    await first.queue.onModuleDestroy();
    expect(inbox.received).toHaveLength(0);

    const second = queue();
    expect(await second.queue.drain()).toBe(1);
    expect(inbox.received.map((received) => received.mail.subject)).toEqual(['before the restart']);
  });

  it('tries again later a message the server could not take for now', async () => {
    const { queue: mail, log } = queue();
    const before = await outcomes();
    inbox.refuse(1, 451);
    await mail.enqueue(message('greylisted'));
    expect(await mail.stats()).toEqual({
      pending: 1,
      failed: 0,
      oldestPendingSeconds: expect.any(Number),
      overdueSeconds: expect.any(Number),
    });
    expect(await mail.drain()).toBe(1);
    expect(await outcomes()).toEqual({ ...before, retry: before.retry + 1 });
    // Waiting for its retry, it is not overdue.
    expect(await mail.stats()).toMatchObject({ pending: 1, failed: 0, overdueSeconds: 0 });
    expect(inbox.received).toHaveLength(0);
    const [waiting] = await rows();
    expect(waiting).toMatchObject({ attempts: 1, failed: false, due_in_s: RETRY_DELAYS_S[0] });
    expect(waiting.last_error).toMatch(/451/);
    expect(log.warn).toEqual([
      expect.stringMatching(/^sending an e-mail failed \(.*451.*\); trying again in 10 s$/),
    ]);
    // Not due yet: nothing is sent.
    expect(await mail.drain()).toBe(0);

    await db.query(`UPDATE mail_queue SET next_attempt_at = now()`);
    expect(await mail.drain()).toBe(1);
    expect(inbox.received.map((received) => received.mail.subject)).toEqual(['greylisted']);
    expect(await rows()).toEqual([]);
    expect(log.error).toEqual([]);
    expect(await outcomes()).toEqual({ ...before, retry: before.retry + 1, sent: before.sent + 1 });
    expect(await mail.stats()).toEqual({ pending: 0, failed: 0, oldestPendingSeconds: 0, overdueSeconds: 0 });
  });

  it('gives up on a message the server refuses, or that still fails after the last retry', async () => {
    const { queue: mail, log } = queue();
    const before = await outcomes();
    inbox.refuse(1, 550);
    await mail.enqueue(message('no such mailbox'));
    await mail.drain();

    await mail.enqueue(message('always busy'));
    await db.query(`UPDATE mail_queue SET attempts = $1 WHERE subject = 'always busy'`, [
      RETRY_DELAYS_S.length,
    ]);
    inbox.refuse(1, 421);
    await mail.drain();

    expect(inbox.received).toHaveLength(0);
    const failed = await rows();
    expect(failed).toEqual([
      expect.objectContaining({ subject: 'no such mailbox', failed: true, sealed: null, attempts: 1 }),
      expect.objectContaining({ subject: 'always busy', failed: true, sealed: null }),
    ]);
    expect(failed[0].last_error).toMatch(/550/);
    expect(failed[1].last_error).toMatch(/421/);
    expect(log.error).toEqual([
      expect.stringMatching(/^sending an e-mail failed: .*550/),
      expect.stringMatching(/^sending an e-mail failed: .*421/),
    ]);
    expect(await outcomes()).toEqual({ ...before, failed: before.failed + 2 });
    expect(await mail.stats()).toEqual({ pending: 0, failed: 2, oldestPendingSeconds: 0, overdueSeconds: 0 });
    // Failed messages are not tried again.
    await db.query(`UPDATE mail_queue SET next_attempt_at = now()`);
    expect(await mail.drain()).toBe(0);
  });

  it('leaves a message sealed with another secret for a process that has the right one', async () => {
    const { queue: mail } = queue();
    await mail.enqueue(message('sealed here'));
    const { queue: other, log } = queue({ secret: 'z'.repeat(32) });
    expect(await other.drain()).toBe(1);
    expect(inbox.received).toHaveLength(0);
    expect(log.warn).toEqual([expect.stringMatching(/does not open with this JWT secret/)]);
    expect(await rows()).toEqual([expect.objectContaining({ failed: false, attempts: 1 })]);

    await db.query(`UPDATE mail_queue SET next_attempt_at = now()`);
    expect(await mail.drain()).toBe(1);
    expect(inbox.received.map((received) => received.mail.subject)).toEqual(['sealed here']);
  });

  it('sends each message once when two processes share the queue', async () => {
    const a = queue().queue;
    const b = queue().queue;
    const subjects = Array.from({ length: 25 }, (_, i) => `message ${i}`);
    for (const subject of subjects) await a.enqueue(message(subject));
    const [sentByA, sentByB] = await Promise.all([a.drain(), b.drain()]);
    expect(sentByA + sentByB).toBe(25);
    expect(inbox.received.map((received) => received.mail.subject).sort()).toEqual([...subjects].sort());
    expect(await rows()).toEqual([]);
  });
});
