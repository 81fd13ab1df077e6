import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Extensions1763800000000 implements MigrationInterface {
  name = 'Extensions1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    // unaccent() is only STABLE (it reads a dictionary), so indexes and generated columns need an
    // IMMUTABLE wrapper that names the dictionary explicitly.
    await db.query(`
      CREATE OR REPLACE FUNCTION ashar_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS ashar_unaccent(text)`);
  }
}
