import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail waiting to be sent, written in the transaction of the change it tells about, so that neither
 * a restart nor a mail server that is down for hours loses it. The message is sealed (AES-GCM with a
 * key derived from the JWT secret): it may hold a live sign-up or reset link, which the database
 * otherwise keeps only as a hash. A row goes once its mail is sent; one that failed for good keeps the
 * recipient, subject and error for operators, without the message.
 */
export class MailQueue1764600000000 implements MigrationInterface {
  name = 'MailQueue1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_queue (
        id bigserial PRIMARY KEY,
        recipient varchar(254) NOT NULL,
        subject text NOT NULL,
        sealed bytea,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        failed_at timestamptz,
        last_error text,
        CHECK ((failed_at IS NULL) = (sealed IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX mail_queue_due_idx ON mail_queue (next_attempt_at, id) WHERE failed_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mail_queue`);
  }
}
