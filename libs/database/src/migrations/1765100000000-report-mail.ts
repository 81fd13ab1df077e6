import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports still open after a while are e-mailed to the room's hosts and moderators:
 * `report_mail_mark` remembers, per room and person, the latest report a mail covered, so each report
 * is mailed to each of them at most once.
 */
export class ReportMail1765100000000 implements MigrationInterface {
  name = 'ReportMail1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE report_mail_mark (
        room_id uuid NOT NULL REFERENCES room (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (room_id, user_id)
      )`);
    // Reports filed before this release were never promised a mail: the first run starts after them.
    await db.query(`
      INSERT INTO report_mail_mark (room_id, user_id, reported_at)
      SELECT r.room_id, people.user_id, max(r.reported_at)
        FROM message_report r
        JOIN room ON room.id = r.room_id
        CROSS JOIN LATERAL (
          SELECT rm.user_id FROM room_member rm WHERE rm.room_id = r.room_id
          UNION
          SELECT ur.user_id FROM user_role ur
           WHERE ur.role = 'NATIONAL_COORDINATOR' AND ur.country_code = room.country_code) people
       GROUP BY r.room_id, people.user_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE report_mail_mark`);
  }
}
