import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports of messages to a room's hosts and moderators: one row per message and person reporting it,
 * open until a moderator dismisses it (a deleted message takes its reports off the list). A report
 * outlives its reporter's account (`reporter_id` then null), so the queue loses nothing.
 */
export class MessageReport1764800000000 implements MigrationInterface {
  name = 'MessageReport1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE message_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES room_message (id) ON DELETE CASCADE,
        reporter_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        room_id uuid NOT NULL REFERENCES room (id) ON DELETE CASCADE,
        reason varchar(500) NOT NULL DEFAULT '',
        reported_at timestamptz NOT NULL DEFAULT now(),
        dismissed_at timestamptz,
        dismissed_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        CONSTRAINT message_report_once UNIQUE (message_id, reporter_id)
      )`);
    await db.query(
      `CREATE INDEX message_report_open_idx ON message_report (room_id, reported_at) WHERE dismissed_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE message_report`);
  }
}
