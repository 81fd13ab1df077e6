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
import { DataSource, type EntityManager } from 'typeorm';
import { SEARCH_SOURCES, type SearchSource } from './search-document';
import { SEARCH_ENGINE, type SearchEngine } from './search-engine';
import { indexable } from './snippet';

const BATCH = 200;
const IDLE_MS = 250;
const KEEP_PROCESSED_HOURS = 24;

export interface IndexBacklog {
  pending: number;
  oldestPendingSeconds: number;
}

interface OutboxRow {
  id: string;
  aggregate_type: string;
  aggregate_id: string;
}

/**
 * Two instances' workers can hold different outbox rows of one aggregate (it changed twice), and a
 * reindex can read it while a worker applies a change. Each reads it afresh, but the one that read
 * first could write last and leave the older state in the index (an archived case study still found).
 * A lock per aggregate, taken in one order and held until commit, makes the later one read only after
 * the earlier one has written.
 */
async function lockAggregates(
  tx: EntityManager,
  aggregates: Pick<OutboxRow, 'aggregate_type' | 'aggregate_id'>[],
): Promise<void> {
  await tx.query(
    `SELECT pg_advisory_xact_lock(key) FROM (
       SELECT DISTINCT hashtextextended(aggregate, 0) AS key FROM unnest($1::text[]) AS aggregate ORDER BY key
     ) AS aggregates`,
    [aggregates.map((row) => `${row.aggregate_type}:${row.aggregate_id}`)],
  );
}

/**
 * The outbox worker: applies committed content changes to the search engine. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (several instances share the work), the aggregate's current documents are
 * read afresh and replace whatever the engine held, and the rows are marked processed only after
 * the engine accepted them. A crash anywhere in between leaves the rows pending, so they are applied
 * again: replacing is idempotent, so nothing is lost and nothing is duplicated.
 */
@Injectable()
export class SearchIndexer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SearchIndexer');
  private readonly sources: Map<string, SearchSource>;
  private readonly loop = new PollingLoop({
    round: async () => {
      const processed = await this.processBatch();
      await this.cleanup();
      return processed === BATCH;
    },
    idleMs: IDLE_MS,
    onError: (error, retryInMs) =>
      this.logger.error(`indexing failed (retrying in ${retryInMs} ms): ${String(error)}`),
  });
  private lastCleanup = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    @Inject(SEARCH_SOURCES) sources: SearchSource[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sources = new Map(sources.map((source) => [source.aggregateType, source]));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.prepare();
    if (this.config.search.indexer) this.loop.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Applies every pending change now; returns how many outbox rows it processed. */
  drain(): Promise<number> {
    return this.loop.exclusive(async () => {
      let total = 0;
      for (let processed = await this.processBatch(); processed > 0; processed = await this.processBatch())
        total += processed;
      return total;
    });
  }

  /**
   * Changes not yet applied to the engine (for /metrics), and how long the oldest has waited: the
   * index lags the database by about that much.
   */
  async backlog(): Promise<IndexBacklog> {
    const [row] = await this.db.query<IndexBacklog[]>(
      `SELECT count(*)::int AS pending,
              COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS "oldestPendingSeconds"
         FROM outbox WHERE processed_at IS NULL`,
    );
    return row;
  }

  /** Rebuilds the engine's index from the database; `progress` also gets the total, counted first. */
  async reindex(progress?: (done: number, aggregateType: string, total: number) => void): Promise<number> {
    await this.engine.prepare();
    const total = progress ? await this.countAggregates() : 0;
    await this.engine.clear();
    let done = 0;
    for (const source of this.sources.values()) {
      // Each batch is read and written in a transaction holding the worker's per-aggregate locks, so
      // a change the worker of a running API applies meanwhile is never overwritten with what was read
      // before it. Two batches run at once, each on its own: a batch holding locks must never wait
      // for the other, or a worker holding locks of both would close a circle the database cannot see.
      const write = (ids: string[]) =>
        this.db
          .transaction(async (tx) => {
            await lockAggregates(
              tx,
              ids.map((id) => ({ aggregate_type: source.aggregateType, aggregate_id: id })),
            );
            await this.engine.replace(source.aggregateType, indexable(await source.documents(ids)));
          })
          .then(() => {
            done += ids.length;
            progress?.(done, source.aggregateType, Math.max(total, done));
          });
      let writing: Promise<void> = Promise.resolve();
      let after: string | null = null;
      for (;;) {
        const ids = await source.aggregateIds(after, 200);
        if (ids.length === 0) break;
        const previous = writing;
        writing = write(ids);
        writing.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled
        try {
          await previous;
        } catch (error) {
          await writing.catch(() => undefined); // leave nothing running behind a failed reindex
          throw error;
        }
        after = ids[ids.length - 1];
      }
      await writing;
    }
    return done;
  }

  private async countAggregates(): Promise<number> {
    let count = 0;
    for (const source of this.sources.values())
      for (let after: string | null = null; ;) {
        const ids = await source.aggregateIds(after, 10_000);
        count += ids.length;
        if (ids.length < 10_000) break;
        after = ids[ids.length - 1];
      }
    return count;
  }

  private async processBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<OutboxRow[]>(
        `SELECT id, aggregate_type, aggregate_id FROM outbox
          WHERE processed_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await lockAggregates(tx, rows);
      for (const [aggregateType, source] of this.sources) {
        const ids = [
          ...new Set(
            rows.filter((row) => row.aggregate_type === aggregateType).map((row) => row.aggregate_id),
          ),
        ];
        if (ids.length > 0) await this.engine.replace(aggregateType, indexable(await source.documents(ids)));
      }
      // Rows of other aggregate kinds (e.g. lessons) are covered by their owner's event.
      await tx.query(`UPDATE outbox SET processed_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 3_600_000) return;
    this.lastCleanup = Date.now();
    await this.db.query(
      `DELETE FROM outbox WHERE processed_at < now() - interval '${KEEP_PROCESSED_HOURS} hours'`,
    );
  }
}
