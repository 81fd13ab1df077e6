import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentions left unread are e-mailed (unless the person turns it off): `mention_mail_mark` remembers,
 * per room and person, the last message a mail covered, so each mention is mailed at most once.
 */
export class MentionMail1764600000100 implements MigrationInterface {
  name = 'MentionMail1764600000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE app_user ADD COLUMN mention_mail boolean NOT NULL DEFAULT true`);
    await db.query(`
      CREATE TABLE mention_mail_mark (
        room_id uuid NOT NULL REFERENCES room (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        seq bigint NOT NULL CHECK (seq > 0),
        PRIMARY KEY (room_id, user_id)
      )`);
    await db.query(
      `CREATE INDEX room_message_mention_time_idx ON room_message (created_at) WHERE mentions <> '{}'`,
    );
    // Mentions written before this release were never promised a mail: without these marks the first
    // run would mail a week of them at once.
    await db.query(`
      INSERT INTO mention_mail_mark (room_id, user_id, seq)
      SELECT m.room_id, mentioned.user_id, max(m.seq)
        FROM room_message m CROSS JOIN LATERAL unnest(m.mentions) AS mentioned (user_id)
        JOIN app_user u ON u.id = mentioned.user_id
       GROUP BY m.room_id, mentioned.user_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX room_message_mention_time_idx`);
    await db.query(`DROP TABLE mention_mail_mark`);
    await db.query(`ALTER TABLE app_user DROP COLUMN mention_mail`);
  }
}
