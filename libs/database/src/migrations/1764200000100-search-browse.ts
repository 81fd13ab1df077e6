import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Browsing (an empty search) pages through each document's original-language row, newest first. */
export class SearchBrowse1764200000100 implements MigrationInterface {
  name = 'SearchBrowse1764200000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX search_document_browse_idx`);
    await db.query(
      `CREATE INDEX search_document_browse_idx ON search_document (published_at DESC, doc_id) WHERE locale = original_locale`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX search_document_browse_idx`);
    await db.query(
      `CREATE INDEX search_document_browse_idx ON search_document (published_at DESC, doc_type, doc_id)`,
    );
  }
}
