import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1763800000200 implements MigrationInterface {
  name = 'Accounts1763800000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        display_name varchar(100) NOT NULL,
        password_hash varchar(100) NOT NULL,
        preferred_locale varchar(2) NOT NULL DEFAULT 'en' CHECK (preferred_locale IN ('en', 'ru', 'es', 'nl')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email))`);
    await db.query(`
      CREATE TABLE user_role (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        role varchar(32) NOT NULL
          CHECK (role IN ('ADMIN', 'STEERING_GROUP', 'NATIONAL_COORDINATOR', 'FACILITATOR', 'MEMBER')),
        country_code char(2) REFERENCES country (code),
        granted_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        granted_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'NATIONAL_COORDINATOR') = (country_code IS NOT NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX user_role_key ON user_role (user_id, role, coalesce(country_code, ''))`,
    );
    await db.query(
      `CREATE INDEX user_role_country_idx ON user_role (country_code) WHERE country_code IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE user_role`);
    await db.query(`DROP TABLE app_user`);
  }
}
