import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The language's text-search configuration, usable in indexes and generated columns (IMMUTABLE). */
const CONFIG = `CASE locale WHEN 'ru' THEN 'russian'::regconfig WHEN 'es' THEN 'spanish'::regconfig
  WHEN 'nl' THEN 'dutch'::regconfig ELSE 'english'::regconfig END`;

const vector = (column: string, weight: string) =>
  `setweight(to_tsvector(${CONFIG}, ashar_unaccent(coalesce(${column}, ''))), '${weight}')`;

/**
 * The PostgreSQL search engine's index: one row per published document and language, fed by the
 * outbox worker, with a weighted tsvector analysed in that row's own language. Plus the vocabulary
 * that typo-tolerant matching looks words up in by trigram similarity.
 */
export class Search1764200000000 implements MigrationInterface {
  name = 'Search1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE search_document (
        doc_type varchar(16) NOT NULL CHECK (doc_type IN ('CASE_STUDY', 'LESSON', 'MATERIAL')),
        doc_id uuid NOT NULL,
        locale varchar(2) NOT NULL CHECK (locale IN ('en', 'ru', 'es', 'nl')),
        aggregate_type varchar(50) NOT NULL,
        aggregate_id varchar(100) NOT NULL,
        slug varchar(200) NOT NULL,
        original_locale varchar(2) NOT NULL,
        display_title text NOT NULL,
        title text,
        summary text,
        body text,
        themes varchar(64)[] NOT NULL DEFAULT '{}',
        countries varchar(2)[] NOT NULL DEFAULT '{}',
        locales varchar(2)[] NOT NULL DEFAULT '{}',
        year_from smallint,
        year_to smallint,
        facts jsonb NOT NULL DEFAULT '{}',
        published_at timestamptz NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (${vector('title', 'A')} || ${vector('summary', 'B')} || ${vector('body', 'C')}) STORED,
        PRIMARY KEY (doc_type, doc_id, locale)
      )`);
    await db.query(`CREATE INDEX search_document_tsv_idx ON search_document USING gin (tsv)`);
    await db.query(`CREATE INDEX search_document_themes_idx ON search_document USING gin (themes)`);
    await db.query(`CREATE INDEX search_document_countries_idx ON search_document USING gin (countries)`);
    await db.query(
      `CREATE INDEX search_document_aggregate_idx ON search_document (aggregate_type, aggregate_id)`,
    );
    await db.query(
      `CREATE INDEX search_document_browse_idx ON search_document (published_at DESC, doc_type, doc_id)`,
    );

    await db.query(`CREATE TABLE search_word (word varchar(100) PRIMARY KEY)`);
    await db.query(`CREATE INDEX search_word_trgm_idx ON search_word USING gin (word gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE search_word`);
    await db.query(`DROP TABLE search_document`);
  }
}
