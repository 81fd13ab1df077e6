import type { MigrationInterface, QueryRunner } from 'typeorm';

const AUDIT_FOREIGN_KEYS: [table: string, column: string][] = [
  ['case_study_translation', 'updated_by'],
  ['result_indicator', 'created_by'],
  ['result_indicator', 'updated_by'],
  ['result_indicator_translation', 'updated_by'],
  ['lesson', 'created_by'],
  ['lesson', 'updated_by'],
  ['lesson_translation', 'updated_by'],
];

/**
 * Import speed (docs/benchmarks.md): per-row foreign-key checks were about two thirds of the cost of a
 * bulk import. So
 * - the countries and themes of a case study, and the themes of a lesson, become arrays on the row
 *   (GIN-indexed for filters and facets), checked against `country` and `theme` by one set-based
 *   statement trigger per INSERT/UPDATE instead of one foreign-key lookup per link row;
 * - the audit columns of nested records (results, lessons, translations) lose their foreign keys:
 *   they still record who changed what, and the case study row keeps its own checked
 *   `created_by`/`updated_by`.
 * Foreign keys that carry meaning (a translation's record, a result's or lesson's case study, an
 * organisation's role) stay.
 */
export class KnowledgeTags1763900000100 implements MigrationInterface {
  name = 'KnowledgeTags1763900000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE case_study
        ADD COLUMN countries char(2)[] NOT NULL DEFAULT '{}',
        ADD COLUMN themes varchar(64)[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      UPDATE case_study cs SET
        countries = COALESCE((SELECT array_agg(c.country_code ORDER BY c.country_code) FROM case_study_country c
                               WHERE c.case_study_id = cs.id), '{}'),
        themes = COALESCE((SELECT array_agg(t.theme_key ORDER BY t.theme_key) FROM case_study_theme t
                            WHERE t.case_study_id = cs.id), '{}')`);
    await db.query(`ALTER TABLE lesson ADD COLUMN themes varchar(64)[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      UPDATE lesson l SET themes = COALESCE((SELECT array_agg(t.theme_key ORDER BY t.theme_key)
                                             FROM lesson_theme t WHERE t.lesson_id = l.id), '{}')`);
    await db.query(`DROP TABLE case_study_country`);
    await db.query(`DROP TABLE case_study_theme`);
    await db.query(`DROP TABLE lesson_theme`);
    await db.query(`CREATE INDEX case_study_countries_idx ON case_study USING gin (countries)`);
    await db.query(`CREATE INDEX case_study_themes_idx ON case_study USING gin (themes)`);
    await db.query(`CREATE INDEX lesson_themes_idx ON lesson USING gin (themes)`);

    await db.query(`
      CREATE FUNCTION knowledge_check_tags() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad text;
      BEGIN
        IF TG_TABLE_NAME = 'case_study' THEN
          SELECT u.cc INTO bad FROM changed_rows r, unnest(r.countries) AS u(cc)
           WHERE NOT EXISTS (SELECT 1 FROM country c WHERE c.code = u.cc) LIMIT 1;
          IF bad IS NOT NULL THEN
            RAISE EXCEPTION 'unknown country %', bad
              USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'case_study_countries_check';
          END IF;
        END IF;
        SELECT u.tk INTO bad FROM changed_rows r, unnest(r.themes) AS u(tk)
         WHERE NOT EXISTS (SELECT 1 FROM theme t WHERE t.key = u.tk) LIMIT 1;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'unknown theme %', bad
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = TG_TABLE_NAME || '_themes_check';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['case_study', 'lesson'])
      for (const event of ['INSERT', 'UPDATE'])
        await db.query(`
          CREATE TRIGGER ${table}_tags_${event.toLowerCase()} AFTER ${event} ON ${table}
          REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION knowledge_check_tags()`);

    for (const [table, column] of AUDIT_FOREIGN_KEYS)
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_fkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of AUDIT_FOREIGN_KEYS)
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_fkey FOREIGN KEY (${column}) REFERENCES app_user (id) ON DELETE SET NULL`,
      );
    for (const table of ['case_study', 'lesson'])
      for (const event of ['insert', 'update'])
        await db.query(`DROP TRIGGER ${table}_tags_${event} ON ${table}`);
    await db.query(`DROP FUNCTION knowledge_check_tags()`);
    await db.query(`
      CREATE TABLE case_study_country (
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        country_code char(2) NOT NULL REFERENCES country (code),
        PRIMARY KEY (case_study_id, country_code)
      )`);
    await db.query(`
      CREATE TABLE case_study_theme (
        case_study_id uuid NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
        theme_key varchar(64) NOT NULL REFERENCES theme (key),
        PRIMARY KEY (case_study_id, theme_key)
      )`);
    await db.query(`
      CREATE TABLE lesson_theme (
        lesson_id uuid NOT NULL REFERENCES lesson (id) ON DELETE CASCADE,
        theme_key varchar(64) NOT NULL REFERENCES theme (key),
        PRIMARY KEY (lesson_id, theme_key)
      )`);
    await db.query(`INSERT INTO case_study_country SELECT id, unnest(countries) FROM case_study`);
    await db.query(`INSERT INTO case_study_theme SELECT id, unnest(themes) FROM case_study`);
    await db.query(`INSERT INTO lesson_theme SELECT id, unnest(themes) FROM lesson`);
    await db.query(`ALTER TABLE case_study DROP COLUMN countries, DROP COLUMN themes`);
    await db.query(`ALTER TABLE lesson DROP COLUMN themes`);
  }
}
