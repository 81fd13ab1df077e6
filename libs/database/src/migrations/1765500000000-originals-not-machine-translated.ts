import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The text in a record's original language is what translations are made from: it is never a machine
 * translation, and the API and imports now refuse to mark it as one. Originals marked so before lose
 * the mark, so that their readers are no longer told the original was machine-translated.
 */
export class OriginalsNotMachineTranslated1765500000000 implements MigrationInterface {
  name = 'OriginalsNotMachineTranslated1765500000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [record, key] of [
      ['case_study', 'case_study_id'],
      ['lesson', 'lesson_id'],
      ['result_indicator', 'result_indicator_id'],
    ])
      await db.query(
        `UPDATE ${record}_translation t SET machine_translated = false
           FROM ${record} r
          WHERE r.id = t.${key} AND t.locale = r.original_locale AND t.machine_translated`,
      );
  }

  async down(): Promise<void> {
    // Which originals were marked before is not kept: nothing to undo.
  }
}
