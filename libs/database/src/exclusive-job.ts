import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { PollingLoop } from './polling-loop';

export interface ExclusiveJobOptions {
  /** The advisory lock's name: one per job, the same on every instance. */
  lock: string;
  everyMs: number;
  /** What failed, for the log: "mailing unread mentions". */
  doing: string;
  /** Whether this instance runs the job periodically once the application has started. */
  periodic: boolean;
}

/**
 * A periodic job that every instance runs and one at a time does: each run is a transaction that
 * first tries a transaction-level advisory lock and does nothing (0) while another instance holds it.
 * What `work` writes commits with its marks, so a crash neither loses nor repeats it. A subclass is a
 * Nest provider: the runs start with the application (when `periodic`) and stop before it closes.
 */
export abstract class ExclusiveJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  protected constructor(
    private readonly db: DataSource,
    private readonly options: ExclusiveJobOptions,
  ) {
    const logger = new Logger(new.target.name);
    this.loop = new PollingLoop({
      round: async () => {
        await this.run();
        return false;
      },
      idleMs: options.everyMs,
      onError: (error) => logger.error(`${options.doing} failed: ${String(error)}`),
    });
  }

  /** One run's work at `now`, in the transaction holding the lock; resolves to how much it did. */
  protected abstract work(tx: EntityManager, now: Date): Promise<number>;

  /** Starts the periodic runs, the first after one period. */
  onApplicationBootstrap(): void {
    if (this.options.periodic) this.loop.schedule(this.options.everyMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** One run; resolves to what the work did, or 0 while another instance holds the lock. */
  run(now = new Date()): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [{ locked }] = await tx.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        [this.options.lock],
      );
      return locked ? this.work(tx, now) : 0;
    });
  }
}
