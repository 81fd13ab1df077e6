import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version number for the PostgreSQL search index, bumped in the transaction of every change to it.
 * Browse counts (every published document by theme, country, type and language: about 1.4 s of one
 * core at 100,000 case studies) were counted again every 30 seconds per filter combination, in case
 * another instance had changed the index; under browse traffic that took a core for seconds at a time
 * even when nothing had changed. An instance now reads this one row and counts again only if it moved.
 */
export class SearchIndexVersion1764400000100 implements MigrationInterface {
  name = 'SearchIndexVersion1764400000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE search_index_version (
        one boolean PRIMARY KEY DEFAULT true CHECK (one),
        version bigint NOT NULL DEFAULT 0
      )`);
    await db.query(`INSERT INTO search_index_version DEFAULT VALUES`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE search_index_version`);
  }
}
