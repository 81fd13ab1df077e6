import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discussion rooms, their threads and messages. `room.last_seq` is the per-room message counter: it is
 * bumped in the same transaction that inserts the message, so committed messages have gap-free seqs.
 * Event and case-study keys carry no foreign key: those tables belong to other domains.
 */
export class Discussions1764000000000 implements MigrationInterface {
  name = 'Discussions1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE room (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope varchar(16) NOT NULL CHECK (scope IN ('NETWORK', 'COUNTRY', 'THEME', 'EVENT', 'CASE_STUDY')),
        scope_key varchar(200),
        country_code char(2) REFERENCES country (code),
        visibility varchar(8) NOT NULL CHECK (visibility IN ('PUBLIC', 'MEMBERS', 'PRIVATE')),
        title varchar(200),
        description varchar(2000),
        original_locale varchar(2) NOT NULL CHECK (original_locale IN ('en', 'ru', 'es', 'nl')),
        last_seq bigint NOT NULL DEFAULT 0,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scope = 'COUNTRY') = (country_code IS NOT NULL)),
        CHECK ((scope IN ('THEME', 'EVENT', 'CASE_STUDY')) = (scope_key IS NOT NULL))
      )`);
    // An event or a case study has exactly one room ("discuss this project"), created on first use.
    await db.query(
      `CREATE UNIQUE INDEX room_scope_key ON room (scope, scope_key) WHERE scope IN ('EVENT', 'CASE_STUDY')`,
    );
    await db.query(`CREATE INDEX room_country_idx ON room (country_code) WHERE country_code IS NOT NULL`);
    await db.query(`CREATE INDEX room_created_idx ON room (created_at, id)`);

    await db.query(`
      CREATE TABLE room_member (
        room_id uuid NOT NULL REFERENCES room (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        role varchar(10) NOT NULL DEFAULT 'MEMBER' CHECK (role IN ('HOST', 'MODERATOR', 'MEMBER')),
        invited boolean NOT NULL DEFAULT false,
        muted_until timestamptz,
        banned_at timestamptz,
        banned_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        last_read_seq bigint NOT NULL DEFAULT 0 CHECK (last_read_seq >= 0),
        added_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (room_id, user_id)
      )`);
    await db.query(`CREATE INDEX room_member_user_idx ON room_member (user_id)`);

    await db.query(`
      CREATE TABLE room_thread (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES room (id) ON DELETE CASCADE,
        title varchar(300) NOT NULL CHECK (char_length(btrim(title)) > 0),
        lesson_key varchar(200),
        pinned boolean NOT NULL DEFAULT false,
        locked boolean NOT NULL DEFAULT false,
        message_count integer NOT NULL DEFAULT 0,
        last_message_at timestamptz,
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX room_thread_room_idx ON room_thread (room_id, pinned DESC, created_at DESC, id)`,
    );

    await db.query(`
      CREATE TABLE room_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES room (id) ON DELETE CASCADE,
        thread_id uuid NOT NULL REFERENCES room_thread (id) ON DELETE CASCADE,
        seq bigint NOT NULL CHECK (seq > 0),
        author_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        client_id varchar(100) NOT NULL CHECK (char_length(client_id) > 0),
        reply_to_id uuid REFERENCES room_message (id) ON DELETE SET NULL,
        body text NOT NULL CHECK (char_length(body) <= 10000),
        body_html text NOT NULL,
        mentions uuid[] NOT NULL DEFAULT '{}',
        edited_at timestamptz,
        deleted_at timestamptz,
        deleted_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT room_message_seq_key UNIQUE (room_id, seq),
        CONSTRAINT room_message_client_key UNIQUE (room_id, author_id, client_id)
      )`);
    await db.query(`CREATE INDEX room_message_thread_idx ON room_message (thread_id, seq)`);
    await db.query(`CREATE INDEX room_message_mentions_idx ON room_message USING gin (mentions)`);

    await db.query(`
      CREATE TABLE room_message_version (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES room_message (id) ON DELETE CASCADE,
        body text NOT NULL,
        edited_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        replaced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX room_message_version_idx ON room_message_version (message_id, id)`);

    await db.query(`
      CREATE TABLE room_message_reaction (
        message_id uuid NOT NULL REFERENCES room_message (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        emoji varchar(32) NOT NULL CHECK (char_length(emoji) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, user_id, emoji)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE room_message_reaction`);
    await db.query(`DROP TABLE room_message_version`);
    await db.query(`DROP TABLE room_message`);
    await db.query(`DROP TABLE room_thread`);
    await db.query(`DROP TABLE room_member`);
    await db.query(`DROP TABLE room`);
  }
}
