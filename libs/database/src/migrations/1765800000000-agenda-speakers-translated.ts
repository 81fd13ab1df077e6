import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agenda item's speakers in a translation: names written in another script, and roles ("Head of
 * the water users' association") in the reader's language. Null: the translation shows the
 * original's speakers as written.
 */
export class AgendaSpeakersTranslated1765800000000 implements MigrationInterface {
  name = 'AgendaSpeakersTranslated1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_agenda_item_translation ADD COLUMN speakers varchar[]`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_agenda_item_translation DROP COLUMN speakers`);
  }
}
