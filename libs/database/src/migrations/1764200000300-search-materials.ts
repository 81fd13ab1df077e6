import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Materials became searchable after some were written: their earlier outbox rows were marked done
 * while no search source read them. Announcing every material once more lets the indexer add the
 * published public ones (it reads each afresh, so this is safe to apply to any database).
 */
export class SearchMaterials1764200000300 implements MigrationInterface {
  name = 'SearchMaterials1764200000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
      SELECT 'material.changed', 'material', id::text, '{"type": "MATERIAL"}'::jsonb FROM material`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the rows are announcements, processed and cleaned up by the indexer.
  }
}
