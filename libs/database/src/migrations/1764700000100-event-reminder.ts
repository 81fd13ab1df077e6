import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which reminders went out: one row per person and occurrence of an event (its start), written in
 * the transaction that queues the mail, so that no reminder is lost or sent twice. A moved event's
 * new start is a new occurrence, reminded again.
 */
export class EventReminder1764700000100 implements MigrationInterface {
  name = 'EventReminder1764700000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_reminder (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, starts_at, user_id)
      )`);
    await db.query(`CREATE INDEX event_reminder_starts_at ON event_reminder (starts_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_reminder`);
  }
}
