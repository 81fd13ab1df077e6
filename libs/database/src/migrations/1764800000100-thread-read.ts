import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far each person has read each thread. A room's `last_read_seq` (room_member) stays the floor:
 * everything up to it is read; a thread's mark reads that thread further. Reading one thread no longer
 * marks the messages (and mentions) of the room's other threads as read.
 */
export class ThreadRead1764800000100 implements MigrationInterface {
  name = 'ThreadRead1764800000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE room_thread_read (
        thread_id uuid NOT NULL REFERENCES room_thread (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        last_read_seq bigint NOT NULL CHECK (last_read_seq >= 0),
        PRIMARY KEY (thread_id, user_id)
      )`);
    await db.query(`CREATE INDEX room_thread_read_user_idx ON room_thread_read (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE room_thread_read`);
  }
}
