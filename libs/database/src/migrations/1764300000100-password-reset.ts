import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset links sent by e-mail. Only the SHA-256 of a link's token is kept, so that a copy of
 * the database opens no account; a token works until `expires_at`, once (`used_at`). A new request
 * replaces the person's earlier tokens.
 */
export class PasswordReset1764300000100 implements MigrationInterface {
  name = 'PasswordReset1764300000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_reset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await db.query(`CREATE INDEX password_reset_user_idx ON password_reset (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE password_reset`);
  }
}
