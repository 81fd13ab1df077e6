import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account the steering group or an admin has suspended: it cannot sign in, and every token it held
 * stopped working when it was suspended (its token version was raised in the same statement). What
 * the person wrote stays. `suspended_by` and the reason are for those who may lift the suspension.
 */
export class AccountSuspension1764700000000 implements MigrationInterface {
  name = 'AccountSuspension1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE app_user
        ADD COLUMN suspended_at timestamptz,
        ADD COLUMN suspended_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        ADD COLUMN suspension_reason varchar(500) CHECK (char_length(trim(suspension_reason)) > 0),
        ADD CHECK (suspended_at IS NOT NULL OR (suspended_by IS NULL AND suspension_reason IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE app_user DROP COLUMN suspension_reason, DROP COLUMN suspended_by, DROP COLUMN suspended_at`,
    );
  }
}
