import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each account's token version, carried in its access tokens: raising it (a password change, "sign out
 * everywhere") makes every token issued before refused. Tokens issued before this column existed carry
 * no version and are read as 0, the default, so they keep working until the first change.
 */
export class TokenVersion1764300000000 implements MigrationInterface {
  name = 'TokenVersion1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN token_version`);
  }
}
