import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations to an organisation for an e-mail address no account uses yet, for 30 days. The account
 * that comes to use the address meanwhile (signing up proves it is read there; an administrator's is
 * trusted) joins every organisation it was invited to in the statement that creates it, whatever path
 * creates it; expired invitations go then too.
 */
export class OrganisationInvitation1764500000100 implements MigrationInterface {
  name = 'OrganisationInvitation1764500000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organisation_invitation (
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        email varchar(254) NOT NULL CHECK (email = lower(email)),
        invited_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (organisation_id, email)
      )`);
    await db.query(`CREATE INDEX organisation_invitation_email_idx ON organisation_invitation (email)`);
    await db.query(`
      CREATE FUNCTION accept_organisation_invitations() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The lock inviteMember takes for the address: an invitation being written waits for this
        -- account (and then finds it), or this account waits for the invitation (and then takes it).
        PERFORM pg_advisory_xact_lock(hashtext('invitation:' || lower(NEW.email)));
        INSERT INTO membership (organisation_id, user_id, added_by)
        SELECT organisation_id, NEW.id, invited_by FROM organisation_invitation
         WHERE email = lower(NEW.email) AND expires_at > now()
        ON CONFLICT DO NOTHING;
        DELETE FROM organisation_invitation WHERE email = lower(NEW.email);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER app_user_accepts_invitations AFTER INSERT ON app_user
      FOR EACH ROW EXECUTE FUNCTION accept_organisation_invitations()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER app_user_accepts_invitations ON app_user`);
    await db.query(`DROP FUNCTION accept_organisation_invitations()`);
    await db.query(`DROP TABLE organisation_invitation`);
  }
}
