import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search now finds a case study by the names of its countries, in all four languages, and keeps
 * the places at the end of the text (a snippet used to run the region into the story). Every
 * published case study is announced once more for the indexer to rebuild its documents.
 */
export class SearchCountryNames1764900000000 implements MigrationInterface {
  name = 'SearchCountryNames1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
      SELECT 'case-study.changed', 'case_study', id::text, jsonb_build_object('slug', slug)
        FROM case_study WHERE status = 'PUBLISHED'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the documents are rebuilt from the case studies either way.
  }
}
