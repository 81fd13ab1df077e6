import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The languages' text-search configurations as they were when this migration was written. */
const CONFIGS = ['english', 'russian', 'spanish', 'dutch'];

/**
 * Highlighting configurations: each language's own, with `unaccent` before its stemmer. The index
 * analyses an unaccented copy of the text (`ashar_unaccent`), but snippets are made from the text as
 * written, where the stemmer alone reads "Defensoría" as another word than the query's `defensoria`
 * and nothing was marked. Reading the original through `unaccent` first gives the index's lexemes.
 */
export class SearchHighlight1764200000500 implements MigrationInterface {
  name = 'SearchHighlight1764200000500';

  async up(db: QueryRunner): Promise<void> {
    for (const config of CONFIGS) {
      await db.query(`CREATE TEXT SEARCH CONFIGURATION ashar_${config} (COPY = pg_catalog.${config})`);
      await db.query(
        `ALTER TEXT SEARCH CONFIGURATION ashar_${config}
           ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.${config}_stem`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const config of CONFIGS) await db.query(`DROP TEXT SEARCH CONFIGURATION ashar_${config}`);
  }
}
