import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The languages as they were when this migration was written (a migration never follows later code). */
const LOCALES = ['en', 'ru', 'es', 'nl'];

const CONFIG = `CASE locale WHEN 'ru' THEN 'russian'::regconfig WHEN 'es' THEN 'spanish'::regconfig
  WHEN 'nl' THEN 'dutch'::regconfig ELSE 'english'::regconfig END`;

/**
 * Bounded search work: matching reads at most a window of rows, title hits first. Titles get their own
 * tsvector, and both tsvectors are indexed per language (partial GIN indexes), so a query in one
 * language's configuration never walks another language's rows.
 */
export class SearchWindow1764200000200 implements MigrationInterface {
  name = 'SearchWindow1764200000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE search_document ADD COLUMN tsv_title tsvector
        GENERATED ALWAYS AS (to_tsvector(${CONFIG}, ashar_unaccent(coalesce(title, '')))) STORED`);
    await db.query(`DROP INDEX search_document_tsv_idx`);
    for (const locale of LOCALES) {
      await db.query(
        `CREATE INDEX search_document_tsv_${locale}_idx ON search_document USING gin (tsv) WHERE locale = '${locale}'`,
      );
      await db.query(
        `CREATE INDEX search_document_title_${locale}_idx ON search_document USING gin (tsv_title)
           WHERE locale = '${locale}' AND title IS NOT NULL`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const locale of LOCALES) {
      await db.query(`DROP INDEX search_document_title_${locale}_idx`);
      await db.query(`DROP INDEX search_document_tsv_${locale}_idx`);
    }
    await db.query(`CREATE INDEX search_document_tsv_idx ON search_document USING gin (tsv)`);
    await db.query(`ALTER TABLE search_document DROP COLUMN tsv_title`);
  }
}
