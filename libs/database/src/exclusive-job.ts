import type { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { PollingLoop } from './polling-loop';

export interface ExclusiveJobOptions {
  /** The advisory lock's name: one per job, the same on every instance. */
  lock: string;
  everyMs: number;
  /** One run's work at `now`, in the transaction holding the lock; resolves to how much it did. */
  work: (tx: EntityManager, now: Date) => Promise<number>;
  logger: Logger;
  /** What failed, for the log: "mailing unread mentions". */
  doing: string;
}

/**
 * A periodic job that every instance runs and one at a time does: each run is a transaction that
 * first tries a transaction-level advisory lock and does nothing (0) while another instance holds it.
 * What the work writes commits with its marks, so a crash neither loses nor repeats it.
 */
export class ExclusiveJob {
  private readonly loop: PollingLoop;

  constructor(
    private readonly db: DataSource,
    private readonly options: ExclusiveJobOptions,
  ) {
    this.loop = new PollingLoop({
      round: async () => {
        await this.run();
        return false;
      },
      idleMs: options.everyMs,
      onError: (error) => options.logger.error(`${options.doing} failed: ${String(error)}`),
    });
  }

  /** Starts the periodic runs, the first after one period. */
  start(): void {
    this.loop.schedule(this.options.everyMs);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One run; resolves to what the work did, or 0 while another instance holds the lock. */
  run(now = new Date()): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        [this.options.lock],
      );
      return locked ? this.options.work(tx, now) : 0;
    });
  }
}
