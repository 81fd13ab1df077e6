import type { EntityManager } from 'typeorm';

export interface OutboxEvent {
  /** What happened, e.g. `case-study.changed`. */
  topic: string;
  /** The kind of record, e.g. `case_study`. */
  aggregateType: string;
  aggregateId: string;
  payload?: Record<string, unknown>;
}

/**
 * Appends events to the transactional outbox through `manager`, which must be the transaction that
 * writes the content: the content and its events commit (or roll back) together, and a worker
 * delivers them afterwards. Several events go in one statement.
 */
export async function appendOutbox(
  manager: EntityManager,
  events: OutboxEvent | OutboxEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::jsonb[])`,
    [
      list.map((e) => e.topic),
      list.map((e) => e.aggregateType),
      list.map((e) => e.aggregateId),
      list.map((e) => JSON.stringify(e.payload ?? {})),
    ],
  );
}
