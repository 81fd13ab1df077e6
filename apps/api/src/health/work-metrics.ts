import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RoomEvents } from '@ashar/discussions';
import { MailQueue, type MailQueueStats } from '@ashar/mail';
import { type IndexBacklog, SearchIndexer } from '@ashar/search';
import { Gauge } from 'prom-client';

/** What the gauges read at a scrape; a queue the database could not be asked about is missing. */
interface WorkReading {
  mail?: MailQueueStats;
  index?: IndexBacklog;
  sockets: number;
}

/** The application whose work the gauges report (one per process; tests start one after another). */
let current: (() => Promise<WorkReading>) | undefined;

/**
 * prom-client calls every gauge's `collect` at each scrape: they share one reading, so a scrape asks
 * the database once.
 */
let reading: { at: number; work: Promise<WorkReading | undefined> } | undefined;
function read(): Promise<WorkReading | undefined> {
  if (!reading || Date.now() - reading.at > 1_000)
    reading = { at: Date.now(), work: current?.() ?? Promise.resolve(undefined) };
  return reading.work;
}

/** A gauge of the current reading; NaN when its queue could not be read (the database is down). */
function gauge(name: string, help: string, pick: (work: WorkReading) => number | undefined): Gauge {
  return new Gauge({
    name,
    help,
    async collect() {
      const work = await read();
      this.set((work && pick(work)) ?? Number.NaN);
    },
  });
}

gauge(
  'ashar_mail_queue_pending',
  'E-mails waiting to be sent, including those waiting for a retry',
  (w) => w.mail?.pending,
);
gauge(
  'ashar_mail_queue_failed',
  'E-mails that could not be sent, kept 30 days (docs/operations.md)',
  (w) => w.mail?.failed,
);
gauge(
  'ashar_mail_queue_oldest_pending_seconds',
  'How long the oldest e-mail still waiting to be sent has waited',
  (w) => w.mail?.oldestPendingSeconds,
);
gauge(
  'ashar_mail_queue_overdue_seconds',
  'How far behind its time the most overdue e-mail is: above a few seconds, no worker is sending',
  (w) => w.mail?.overdueSeconds,
);
gauge(
  'ashar_search_outbox_pending',
  'Content changes not yet applied to the search index',
  (w) => w.index?.pending,
);
gauge(
  'ashar_search_outbox_oldest_pending_seconds',
  'How long the oldest content change not yet in the search index has waited: the index lags by about that much',
  (w) => w.index?.oldestPendingSeconds,
);
gauge('ashar_socket_connections', 'Real-time connections to this instance', (w) => w.sockets);

/**
 * Queue depths and connections for GET /metrics. The queues are shared by every instance, so each
 * instance reports the same depths; connections are this instance's own. A queue that cannot be read
 * (the database is down) shows as NaN rather than failing the scrape: /health tells why.
 */
@Injectable()
export class WorkMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WorkMetrics');

  constructor(
    private readonly mail: MailQueue,
    private readonly indexer: SearchIndexer,
    private readonly rooms: RoomEvents,
  ) {}

  private readonly reader = () => this.read();

  onModuleInit(): void {
    current = this.reader;
  }

  onModuleDestroy(): void {
    if (current === this.reader) current = undefined;
  }

  async read(): Promise<WorkReading> {
    const [mail, index] = await Promise.all([
      this.mail.stats().catch((error: unknown) => this.failed('mail queue', error)),
      this.indexer.backlog().catch((error: unknown) => this.failed('search outbox', error)),
    ]);
    return { mail, index, sockets: this.rooms.connections() };
  }

  private failed(what: string, error: unknown): undefined {
    this.logger.warn(`reading the ${what} for /metrics failed: ${String(error)}`);
    return undefined;
  }
}
