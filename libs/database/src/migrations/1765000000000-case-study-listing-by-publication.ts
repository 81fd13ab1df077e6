import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `caseStudies` lists newest first by first publication (a draft by its creation), as search browses:
 * the listing index follows.
 */
export class CaseStudyListingByPublication1765000000000 implements MigrationInterface {
  name = 'CaseStudyListingByPublication1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX case_study_listing_idx`);
    await db.query(
      `CREATE INDEX case_study_listing_idx ON case_study (status, (coalesce(published_at, created_at)) DESC, id DESC)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX case_study_listing_idx`);
    await db.query(`CREATE INDEX case_study_listing_idx ON case_study (status, created_at DESC, id DESC)`);
  }
}
