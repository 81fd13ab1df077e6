import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event's place and region in each language it is translated into ("Бишкек, Дом дружбы" read as
 * "Bishkek, House of Friendship"). Empty in a translation means the original's place and region,
 * which stay on the event itself.
 */
export class EventPlaceTranslation1764500000000 implements MigrationInterface {
  name = 'EventPlaceTranslation1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_translation ADD COLUMN place varchar, ADD COLUMN region varchar`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_translation DROP COLUMN place, DROP COLUMN region`);
  }
}
