import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Materials link to events, case studies (by slug) and rooms without foreign keys: those rows belong
 * to other domains, which may not exist yet, and a link must not block their deletion.
 */
export class Materials1764100000100 implements MigrationInterface {
  name = 'Materials1764100000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE material (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(24) NOT NULL CHECK (kind IN
          ('PRESENTATION', 'AGENDA', 'REPORT', 'NATIONAL_ACTION_PLAN', 'TRAINING_GUIDE', 'OTHER')),
        status varchar(12) NOT NULL DEFAULT 'PUBLISHED' CHECK (status IN ('PROPOSED', 'PUBLISHED')),
        visibility varchar(8) NOT NULL DEFAULT 'PUBLIC' CHECK (visibility IN ('PUBLIC', 'MEMBERS')),
        original_locale varchar(2) NOT NULL CHECK (original_locale IN ('en', 'ru', 'es', 'nl')),
        country_codes varchar(2)[] NOT NULL DEFAULT '{}',
        themes varchar(100)[] NOT NULL DEFAULT '{}',
        event_ids uuid[] NOT NULL DEFAULT '{}',
        case_study_slugs varchar(200)[] NOT NULL DEFAULT '{}',
        room_ids uuid[] NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX material_created_idx ON material (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX material_themes_idx ON material USING gin (themes)`);
    await db.query(`CREATE INDEX material_event_ids_idx ON material USING gin (event_ids)`);
    await db.query(`CREATE INDEX material_case_study_slugs_idx ON material USING gin (case_study_slugs)`);
    await db.query(`
      CREATE TABLE material_translation (
        material_id uuid NOT NULL REFERENCES material (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale IN ('en', 'ru', 'es', 'nl')),
        title varchar(300) NOT NULL,
        description text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (material_id, locale)
      )`);
    await db.query(`
      CREATE TABLE material_file (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        material_id uuid NOT NULL REFERENCES material (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale IN ('en', 'ru', 'es', 'nl')),
        version integer NOT NULL CHECK (version > 0),
        storage_key varchar(300) NOT NULL UNIQUE,
        filename varchar(255) NOT NULL,
        content_type varchar(120) NOT NULL,
        size bigint NOT NULL CHECK (size > 0),
        sha256 char(64) NOT NULL,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (material_id, locale, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE material_file`);
    await db.query(`DROP TABLE material_translation`);
    await db.query(`DROP TABLE material`);
  }
}
