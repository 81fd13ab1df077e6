import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Events1764100000000 implements MigrationInterface {
  name = 'Events1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(24) NOT NULL
          CHECK (kind IN ('WORKSHOP', 'VIDEOCONFERENCE', 'KNOWLEDGE_FORUM', 'NATIONAL_CONSULTATION')),
        status varchar(12) NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'CANCELLED')),
        visibility varchar(8) NOT NULL DEFAULT 'PUBLIC' CHECK (visibility IN ('PUBLIC', 'MEMBERS')),
        original_locale varchar(2) NOT NULL CHECK (original_locale IN ('en', 'ru', 'es', 'nl')),
        country_codes varchar(2)[] NOT NULL DEFAULT '{}',
        region varchar(200),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        series_ends_at timestamptz NOT NULL,
        time_zone varchar(64) NOT NULL,
        place varchar(300),
        online_url varchar(500),
        capacity integer CHECK (capacity > 0),
        recurrence jsonb,
        room_id uuid,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (series_ends_at >= ends_at),
        CHECK (cardinality(country_codes) > 0 OR region IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX event_starts_at_idx ON event (starts_at, id)`);
    await db.query(`CREATE INDEX event_series_ends_at_idx ON event (series_ends_at)`);
    await db.query(`CREATE INDEX event_country_codes_idx ON event USING gin (country_codes)`);
    await db.query(`
      CREATE TABLE event_translation (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale IN ('en', 'ru', 'es', 'nl')),
        title varchar(300) NOT NULL,
        description text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, locale)
      )`);
    await db.query(`
      CREATE TABLE event_agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        position smallint NOT NULL CHECK (position >= 0),
        starts_at timestamptz NOT NULL,
        speakers varchar(200)[] NOT NULL DEFAULT '{}',
        UNIQUE (event_id, position)
      )`);
    await db.query(`
      CREATE TABLE event_agenda_item_translation (
        item_id uuid NOT NULL REFERENCES event_agenda_item (id) ON DELETE CASCADE,
        locale varchar(2) NOT NULL CHECK (locale IN ('en', 'ru', 'es', 'nl')),
        title varchar(300) NOT NULL,
        PRIMARY KEY (item_id, locale)
      )`);
    await db.query(`
      CREATE TABLE event_facilitator (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, user_id)
      )`);
    await db.query(`CREATE INDEX event_facilitator_user_idx ON event_facilitator (user_id)`);
    await db.query(`
      CREATE TABLE event_registration (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, user_id)
      )`);
    await db.query(`CREATE INDEX event_registration_user_idx ON event_registration (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_registration`);
    await db.query(`DROP TABLE event_facilitator`);
    await db.query(`DROP TABLE event_agenda_item_translation`);
    await db.query(`DROP TABLE event_agenda_item`);
    await db.query(`DROP TABLE event_translation`);
    await db.query(`DROP TABLE event`);
  }
}
