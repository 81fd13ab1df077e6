import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What search indexes changed after some content was written: materials became searchable (their
 * earlier outbox rows were marked done while no search source read them), and case studies are now
 * indexed with their result labels and as prose without Markdown syntax. Announcing every material
 * and case study once more lets the indexer rebuild their documents; it reads each afresh, so this is
 * safe on any database.
 */
export class SearchReannounce1764200000300 implements MigrationInterface {
  name = 'SearchReannounce1764200000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
      SELECT 'material.changed', 'material', id::text, '{"type": "MATERIAL"}'::jsonb FROM material
      UNION ALL
      SELECT 'case-study.changed', 'case_study', id::text, jsonb_build_object('slug', slug) FROM case_study`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the rows are announcements, processed and cleaned up by the indexer.
  }
}
