import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail addresses are read composed (Unicode NFC, `Composed()`), so an address stored decomposed (an
 * "e" followed by a combining accent, as one client sent it) no longer matched the address its owner
 * types to sign in. Stored addresses are composed too: accounts, pending sign-ups and invitations. One
 * that would then share its address with another row stays as it is, for an administrator to settle.
 * Invitations that then name an account are accepted.
 */
export class ComposedEmailAddresses1765400000000 implements MigrationInterface {
  name = 'ComposedEmailAddresses1765400000000';

  async up(db: QueryRunner): Promise<void> {
    // Only addresses beyond ASCII can change (more bytes than characters in UTF-8).
    const beyondAscii = `octet_length(email) <> char_length(email)`;
    for (const table of ['app_user', 'registration']) {
      const rows: { id: string; email: string }[] = await db.query(
        `SELECT id, email FROM ${table} WHERE ${beyondAscii}`,
      );
      for (const row of rows.filter((r) => r.email !== r.email.normalize('NFC')))
        await db.query(
          `UPDATE ${table} SET email = $2
            WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE lower(o.email) = lower($2::varchar))`,
          [row.id, row.email.normalize('NFC')],
        );
    }
    const invitations: { organisation_id: string; email: string }[] = await db.query(
      `SELECT organisation_id, email FROM organisation_invitation WHERE ${beyondAscii}`,
    );
    for (const row of invitations.filter((r) => r.email !== r.email.normalize('NFC')))
      await db.query(
        `UPDATE organisation_invitation SET email = $3
          WHERE organisation_id = $1 AND email = $2
            AND NOT EXISTS (SELECT 1 FROM organisation_invitation o WHERE o.organisation_id = $1 AND o.email = $3)`,
        [row.organisation_id, row.email, row.email.normalize('NFC')],
      );
    // An invitation written for the composed address while the account's was stored decomposed (the
    // account was not found then) names that account now: it is accepted, as creating the account would.
    await db.query(
      `INSERT INTO membership (organisation_id, user_id, added_by)
       SELECT i.organisation_id, u.id, i.invited_by
         FROM organisation_invitation i JOIN app_user u ON lower(u.email) = i.email
        WHERE i.expires_at > now()
       ON CONFLICT DO NOTHING`,
    );
    await db.query(`DELETE FROM organisation_invitation i USING app_user u WHERE lower(u.email) = i.email`);
  }

  async down(): Promise<void> {
    // Composed addresses are the same addresses: nothing to undo.
  }
}
