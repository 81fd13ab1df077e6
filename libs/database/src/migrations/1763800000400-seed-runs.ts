import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Records which named content seeds (demo data) have run, so each runs once per database. */
export class SeedRuns1763800000400 implements MigrationInterface {
  name = 'SeedRuns1763800000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE TABLE seed_run (name varchar(100) PRIMARY KEY, ran_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE seed_run`);
  }
}
