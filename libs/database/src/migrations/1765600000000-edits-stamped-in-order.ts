import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The records people edit in forms, whose `updated_at` an edit sends back as `expectedUpdatedAt`. */
const EDITED = ['case_study', 'event', 'organisation', 'material'];

/**
 * An edit is refused when the record's `updated_at` is no longer the one its editor loaded. Saves
 * stamped `now()` — the time their transaction began — could stamp a later save with the time of an
 * earlier one, or before it, when it had waited for the row: an editor holding the earlier stamp then
 * passed over the later save. A save now stamps the clock's time, and always later than the stamp
 * it replaces, by a millisecond at least (the API hands stamps out to the millisecond). Only a
 * statement that sets `updated_at` stamps: other updates of a row leave it as it is.
 */
export class EditsStampedInOrder1765600000000 implements MigrationInterface {
  name = 'EditsStampedInOrder1765600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION stamp_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.updated_at IS DISTINCT FROM OLD.updated_at THEN
          NEW.updated_at := GREATEST(clock_timestamp(), OLD.updated_at + interval '1 millisecond');
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of EDITED)
      await db.query(
        `CREATE TRIGGER ${table}_stamp_edit BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION stamp_edit()`,
      );
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of EDITED) await db.query(`DROP TRIGGER ${table}_stamp_edit ON ${table}`);
    await db.query(`DROP FUNCTION stamp_edit()`);
  }
}
