import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns a search reads for every matching row (ranking, filters, facets, de-duplication). */
const ROW_COLUMNS = [
  'doc_type',
  'locale',
  'aggregate_type',
  'aggregate_id',
  'slug',
  'original_locale',
  'display_title',
  'title',
  'themes',
  'countries',
  'locales',
  'facts',
  'tsv_title',
];

/**
 * Search rows keep what every search reads inline and uncompressed. PostgreSQL shrinks a row once it
 * passes about 2 kB: it compresses and moves out the summary and body first, then, if the row is still
 * too big, moves out every other value it may (themes, countries, title, …) and last compresses the
 * `tsv` (storage MAIN). Russian text takes two bytes a letter, so at 100,000 case studies almost every
 * Russian row went past that: a quarter had their themes in the TOAST table (a second index lookup per
 * row for the facets) and, once those stay, the `tsv` was compressed (decompressed for each match,
 * rank and summary check). A row may now grow to 4 kB before PostgreSQL shrinks it, and the small
 * columns are never moved out before the `tsv` is compressed. Measured on the benchmark corpus: the
 * search for `воды` took 24 ms to execute, now 16 ms; English searches gain a little. Rows take the new
 * layout when written again, so every indexed record is announced once more.
 */
export class SearchRowStorage1764400000000 implements MigrationInterface {
  name = 'SearchRowStorage1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE search_document ${ROW_COLUMNS.map((column) => `ALTER COLUMN ${column} SET STORAGE MAIN`).join(', ')}`,
    );
    await db.query(`ALTER TABLE search_document SET (toast_tuple_target = 4080)`);
    await db.query(`
      INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
      SELECT 'material.changed', 'material', id::text, '{"type": "MATERIAL"}'::jsonb FROM material
      UNION ALL
      SELECT 'case-study.changed', 'case_study', id::text, jsonb_build_object('slug', slug) FROM case_study`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE search_document RESET (toast_tuple_target)`);
    await db.query(
      `ALTER TABLE search_document ${ROW_COLUMNS.map((column) => `ALTER COLUMN ${column} SET STORAGE EXTENDED`).join(', ')}`,
    );
  }
}
