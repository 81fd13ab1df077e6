import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Network1763800000300 implements MigrationInterface {
  name = 'Network1763800000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE national_network (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        country_code char(2) NOT NULL UNIQUE REFERENCES country (code),
        founded_year smallint CHECK (founded_year BETWEEN 1900 AND 2100),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('CBO', 'NGO', 'GOVERNMENT', 'DONOR', 'RESEARCH')),
        country_code char(2) REFERENCES country (code),
        region varchar(200),
        languages varchar(2)[] NOT NULL DEFAULT '{}',
        original_locale varchar(2) NOT NULL CHECK (original_locale IN ('en', 'ru', 'es', 'nl')),
        contact_email varchar(254),
        website varchar(500),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX organisation_name_key ON organisation (lower(name))`);
    await db.query(`CREATE INDEX organisation_country_idx ON organisation (country_code)`);
    await db.query(`
      CREATE TABLE organisation_translation (
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale IN ('en', 'ru', 'es', 'nl')),
        description text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, locale)
      )`);
    await db.query(`
      CREATE TABLE membership (
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        added_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, user_id)
      )`);
    await db.query(`CREATE INDEX membership_user_idx ON membership (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE membership`);
    await db.query(`DROP TABLE organisation_translation`);
    await db.query(`DROP TABLE organisation`);
    await db.query(`DROP TABLE national_network`);
  }
}
