import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { PollingLoop } from '@ashar/database';
import { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import type { MailMessage } from './mail-message';
import { Mailer } from './mailer';

/** Messages one look sends at most, one after the other (each claimed just before it is sent). */
const BATCH = 10;
/** How often an idle worker looks for due mail. */
const IDLE_MS = 500;
/** Waits after the first, second, … failed try of a message the server could not take for now. */
export const RETRY_DELAYS_S = [10, 60, 300, 1_800, 7_200, 21_600];
/**
 * How long a claimed message is kept from other workers: far longer than one send may take (Mailer's
 * SMTP timeouts). A worker that dies while sending leaves the message due again then.
 */
const LEASE_S = 600;
const KEEP_FAILED_DAYS = 30;

/** Connection failures nodemailer reports (no SMTP reply at all): worth trying again. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS']);

/**
 * Whether a failed send may succeed later: the server could not be reached, or answered with a 4xx
 * reply ("try again later": busy, greylisting, mailbox temporarily unavailable). A 5xx reply, or
 * credentials the server refuses, will fail the same way again.
 */
function transient(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return code !== undefined && CONNECTION_ERRORS.has(code);
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Outcomes of this instance's send attempts, for /metrics (`sent`, `retry`, `failed`). */
const sendOutcomes = new Counter({
  name: 'ashar_mail_send_attempts_total',
  help: 'E-mails this instance tried to send, by outcome: sent, retry (tried again later) or failed (for good)',
  labelNames: ['outcome'] as const,
});

const addressOf = (to: MailMessage['to']) => (typeof to === 'string' ? to : to.address);

const IV_BYTES = 12;
const TAG_BYTES = 16;

class UnopenableMessage extends Error {
  constructor() {
    super('the queued message does not open with this JWT secret');
  }
}

export interface MailQueueStats {
  pending: number;
  failed: number;
  /** How long the oldest message not sent yet has waited, retries included. */
  oldestPendingSeconds: number;
  /** How far behind its time the most overdue message is: 0 while the workers keep up. */
  overdueSeconds: number;
}

interface ClaimedRow {
  id: string;
  sealed: Buffer;
  attempts: number;
}

/**
 * E-mail that survives restarts and mail servers that are down for hours. `enqueue` writes the message
 * to `mail_queue`, in the caller's transaction when given one (then it is sent if and only if the
 * change it tells about commits); every API instance runs a worker that claims due messages one at a
 * time (FOR UPDATE SKIP LOCKED, then a lease), sends them through `Mailer` and deletes them. A
 * message the server could not take for now is tried again after RETRY_DELAYS_S; one it refuses, or
 * that still fails after the last delay, is logged as an error and kept without its content
 * (recipient, subject and error) for 30 days.
 *
 * Messages may hold live sign-up and reset links, which the database otherwise keeps only as hashes,
 * so they are sealed (AES-256-GCM, key derived from the JWT secret): a copy of the database alone
 * does not open them. If a worker dies between sending and deleting, the message is sent again when
 * its lease ends: at least once, never lost.
 */
@Injectable()
export class MailQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailQueue');
  private readonly key: Buffer;
  private readonly loop = new PollingLoop({
    round: async () => {
      const claimed = await this.processBatch();
      await this.cleanup();
      return claimed === BATCH;
    },
    idleMs: IDLE_MS,
    // The database, not a mail server, failed: look again later.
    onError: (error, retryInMs) =>
      this.logger.error(`reading the mail queue failed (retrying in ${retryInMs} ms): ${reason(error)}`),
  });
  private lastCleanup = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, '', 'ashar mail queue', 32));
  }

  onApplicationBootstrap(): void {
    if (this.config.mail.worker) this.loop.schedule();
  }

  /**
   * Stops the worker after the message under way (none is claimed and left unsent), before the
   * database closes; what is still queued waits for the next start.
   */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    this.mailer.close();
  }

  /**
   * Queues a message through `manager`: the transaction of the change it tells about, so that both
   * commit or neither does. Outside a transaction the worker is woken at once; otherwise it finds the
   * message on its next look, within IDLE_MS of the commit. `null` queues nothing in the same
   * statement, for a caller whose answer must take as long whether or not there is a mail.
   */
  async enqueue(message: MailMessage | null, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO mail_queue (recipient, subject, sealed) SELECT $1, $2, $3 WHERE $4::boolean`,
      message
        ? [addressOf(message.to), message.subject, this.seal(message), true]
        : ['', '', Buffer.alloc(0), false],
    );
    if (message && this.config.mail.worker && !manager.queryRunner?.isTransactionActive) this.loop.schedule();
  }

  /**
   * What the queue holds (for /metrics): messages waiting to be sent, including those waiting for a
   * retry; messages that failed for good (kept KEEP_FAILED_DAYS days); how long the oldest waiting one
   * has waited; and how far behind its time the most overdue one is (a message claimed for sending
   * counts as due again only when its lease runs out).
   */
  async stats(): Promise<MailQueueStats> {
    const [row] = await this.db.query<MailQueueStats[]>(
      `SELECT count(*) FILTER (WHERE failed_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE failed_at IS NOT NULL)::int AS failed,
              COALESCE(extract(epoch FROM now() - min(created_at) FILTER (WHERE failed_at IS NULL)), 0)::float8
                AS "oldestPendingSeconds",
              GREATEST(COALESCE(extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE failed_at IS NULL)), 0), 0)::float8
                AS "overdueSeconds"
         FROM mail_queue`,
    );
    return row;
  }

  /** Sends every message that is due now, waiting for the worker's batch under way first. */
  drain(): Promise<number> {
    return this.loop.exclusive(async () => {
      let total = 0;
      for (let sent = await this.processBatch(); sent > 0; sent = await this.processBatch()) total += sent;
      return total;
    });
  }

  /**
   * Sends up to BATCH due messages, claiming each just before sending it, so that stopping leaves no
   * claimed message unsent; returns how many it claimed.
   */
  private async processBatch(): Promise<number> {
    let claimed = 0;
    while (claimed < BATCH && !this.loop.isStopped) {
      const [row] = await this.db.query<ClaimedRow[]>(
        `WITH claimed AS (
           UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $1)
            WHERE id = (SELECT id FROM mail_queue WHERE failed_at IS NULL AND next_attempt_at <= now()
                         ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, sealed, attempts)
         SELECT * FROM claimed`,
        [LEASE_S],
      );
      if (!row) break;
      claimed += 1;
      await this.deliver(row);
    }
    return claimed;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    try {
      await this.mailer.send(this.open(row.sealed));
    } catch (error) {
      const delay = RETRY_DELAYS_S[row.attempts - 1];
      // A message that does not open was sealed with another JWT secret; an instance that has the
      // right one (or this one, once configured alike) may still send it.
      const again = error instanceof UnopenableMessage || transient(error);
      if (again && delay !== undefined) {
        sendOutcomes.inc({ outcome: 'retry' });
        this.logger.warn(`sending an e-mail failed (${reason(error)}); trying again in ${delay} s`);
        await this.db.query(
          `UPDATE mail_queue SET next_attempt_at = now() + make_interval(secs => $3), last_error = $4
            WHERE id = $1 AND attempts = $2`,
          [row.id, row.attempts, delay, reason(error)],
        );
      } else {
        sendOutcomes.inc({ outcome: 'failed' });
        this.logger.error(`sending an e-mail failed: ${reason(error)}`);
        await this.db.query(
          `UPDATE mail_queue SET failed_at = now(), sealed = NULL, last_error = $3 WHERE id = $1 AND attempts = $2`,
          [row.id, row.attempts, reason(error)],
        );
      }
      return;
    }
    sendOutcomes.inc({ outcome: 'sent' });
    // `attempts` names this claim: a row whose lease ran out and that another worker claimed since is
    // that worker's to settle.
    await this.db.query(`DELETE FROM mail_queue WHERE id = $1 AND attempts = $2`, [row.id, row.attempts]);
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    await this.db.query(`DELETE FROM mail_queue WHERE failed_at < now() - make_interval(days => $1)`, [
      KEEP_FAILED_DAYS,
    ]);
  }

  private seal(message: MailMessage): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(sealed: Buffer): MailMessage {
    try {
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new UnopenableMessage();
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(body.toString('utf8')) as MailMessage;
    } catch {
      throw new UnopenableMessage();
    }
  }
}
