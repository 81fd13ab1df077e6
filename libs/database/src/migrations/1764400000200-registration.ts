import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-ups waiting for their e-mail link. Registering no longer creates an account at once (and so no
 * longer answers "this e-mail is taken", which told anyone who has an account): it keeps the details
 * here, the password already hashed, and e-mails a link; opening it creates the account. Only the
 * SHA-256 of a link's token is kept. A new sign-up for the same address replaces the earlier one.
 */
export class Registration1764400000200 implements MigrationInterface {
  name = 'Registration1764400000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE registration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        display_name varchar(100) NOT NULL,
        password_hash varchar(100) NOT NULL,
        preferred_locale varchar(2) NOT NULL CHECK (preferred_locale IN ('en', 'ru', 'es', 'nl')),
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    // One pending sign-up per address (compared as login compares it): a new one replaces it.
    await db.query(`CREATE UNIQUE INDEX registration_email_key ON registration (lower(email))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE registration`);
  }
}
