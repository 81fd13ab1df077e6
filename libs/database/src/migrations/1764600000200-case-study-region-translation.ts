import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case study's region in a translation's language (`Иссык-Кульская область` for `Issyk-Kul
 * Region`). Empty in the original's own row: the original's region is `case_study.region`. Search
 * now finds a case study by its region's name, so case studies with a region are announced once more
 * for the indexer to rebuild their documents.
 */
export class CaseStudyRegionTranslation1764600000200 implements MigrationInterface {
  name = 'CaseStudyRegionTranslation1764600000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE case_study_translation ADD COLUMN region varchar(200) CHECK (char_length(trim(region)) > 0)`,
    );
    await db.query(`
      INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload)
      SELECT 'case-study.changed', 'case_study', id::text, jsonb_build_object('slug', slug)
        FROM case_study WHERE region IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE case_study_translation DROP COLUMN region`);
  }
}
