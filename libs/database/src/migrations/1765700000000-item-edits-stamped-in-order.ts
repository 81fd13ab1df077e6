import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A case study's results and lessons, whose texts the item translation page saves one by one. */
const ITEMS = ['result_indicator', 'lesson'];

/**
 * A translation of a result or lesson now sends the item's `updated_at` back as `expectedUpdatedAt`,
 * so the item's saves are stamped in order as the records' are (EditsStampedInOrder1765600000000,
 * whose `stamp_edit()` this reuses).
 */
export class ItemEditsStampedInOrder1765700000000 implements MigrationInterface {
  name = 'ItemEditsStampedInOrder1765700000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ITEMS)
      await db.query(
        `CREATE TRIGGER ${table}_stamp_edit BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION stamp_edit()`,
      );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ITEMS) await db.query(`DROP TRIGGER ${table}_stamp_edit ON ${table}`);
  }
}
