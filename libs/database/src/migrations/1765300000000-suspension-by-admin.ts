import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a suspension was made by an admin is kept with it. Only admins change or lift such a
 * suspension; it was read from the suspender's roles at the time of asking, so once that admin lost
 * the role, the steering group could lift it. Existing suspensions take what their suspender's roles
 * say now, the best that is known of them.
 */
export class SuspensionByAdmin1765300000000 implements MigrationInterface {
  name = 'SuspensionByAdmin1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN suspended_by_admin boolean NOT NULL DEFAULT false`);
    await db.query(
      `UPDATE app_user u SET suspended_by_admin = true
        WHERE u.suspended_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.suspended_by AND r.role = 'ADMIN')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user DROP COLUMN suspended_by_admin`);
  }
}
