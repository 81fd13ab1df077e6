import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError, requireText } from '@ashar/errors';
import type { Locale } from '@ashar/i18n';
import { MailQueue } from '@ashar/mail';
import { DataSource } from 'typeorm';
import { accountMail, type MailRecipient } from './account-mail';
import { AccountsService } from './accounts.service';
import type { RegisterInput } from './dto/register.input';
import type { AuthPayload } from './dto/user.model';
import { digest, newLinkToken } from './link-token';
import { hashPassword } from './password';
import { RegisterRateLimiter } from './register-rate-limiter';
import { Role } from './role';

/** How long a sign-up link works. */
export const REGISTRATION_LINK_HOURS = 24;

const invalidRegistrationToken = () =>
  new AppError('BAD_USER_INPUT', 'errors:invalidRegistrationToken', {}, [{ path: 'token', code: 'invalid' }]);

/**
 * Signing up by e-mail link. `register` keeps the details (the password hashed) and e-mails a link to
 * the address; `confirm`, with the link's token, creates the account and signs its owner in. The
 * answer to `register` is the same, and takes as long, whether or not the address has an account:
 * its owner then gets a mail saying so instead of a link, so nobody learns from the form who is on
 * Ashar, and nobody gets an account for an address they cannot read.
 */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly limiter: RegisterRateLimiter,
    private readonly mail: MailQueue,
  ) {}

  async register(input: RegisterInput, locale: Locale, address: string): Promise<boolean> {
    const displayName = requireText(input.displayName, 'input.displayName');
    const email = input.email.trim();
    // Folded by PostgreSQL, as login folds it and as the unique index on emails is.
    const [{ folded }] = await this.db.query<{ folded: string }[]>(`SELECT lower($1) AS folded`, [email]);
    await this.limiter.hit(folded, address);
    const preferredLocale = input.preferredLocale ?? locale;
    // Hashed whether or not the address is taken, so that both answers take as long.
    const passwordHash = await hashPassword(input.password);
    const token = newLinkToken();
    await this.db.transaction(async (tx) => {
      const [{ owner }] = await tx.query<{ owner: MailRecipient | null }[]>(
        `WITH owner AS (
              SELECT email, display_name AS "displayName", preferred_locale AS "preferredLocale"
                FROM app_user WHERE lower(email) = $1),
            -- Sign-ups whose link expired (this address's is replaced below, not deleted: a row is
            -- written once per statement), and any for an address that has an account by now.
            dropped AS (
              DELETE FROM registration
               WHERE (expires_at <= now() AND lower(email) <> $1)
                  OR (lower(email) = $1 AND EXISTS (SELECT 1 FROM owner))),
            -- One per address: a new sign-up replaces the earlier one (its link stops working), also
            -- when two arrive at once.
            pending AS (
              INSERT INTO registration (email, display_name, password_hash, preferred_locale, token_hash, expires_at)
              SELECT $2, $3, $4, $5, $6, now() + $7::int * interval '1 hour'
               WHERE NOT EXISTS (SELECT 1 FROM owner)
              ON CONFLICT ((lower(email))) DO UPDATE
                 SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
                     password_hash = EXCLUDED.password_hash, preferred_locale = EXCLUDED.preferred_locale,
                     token_hash = EXCLUDED.token_hash, created_at = now(), expires_at = EXCLUDED.expires_at)
       SELECT (SELECT to_jsonb(owner) FROM owner) AS owner`,
        [folded, email, displayName, passwordHash, preferredLocale, digest(token), REGISTRATION_LINK_HOURS],
      );
      const { publicUrl } = this.config;
      // The token travels in the fragment, which browsers never send: it stays out of request logs.
      const message = owner
        ? accountMail('alreadyRegisteredMail', owner, `${publicUrl}/sign-in?lang=${owner.preferredLocale}`)
        : accountMail(
            'registrationMail',
            { email, displayName, preferredLocale },
            `${publicUrl}/confirm-registration?lang=${preferredLocale}#token=${token}`,
            { expiry: { count: REGISTRATION_LINK_HOURS } },
          );
      await this.mail.enqueue(message, tx);
    });
    return true;
  }

  /**
   * Creates the account a sign-up link stands for and uses the link up, in one transaction; the answer
   * signs its owner in. BAD_USER_INPUT on `token` when the link is unknown, used, replaced or expired;
   * CONFLICT when the address got an account meanwhile.
   */
  async confirm(token: string): Promise<AuthPayload> {
    const id = await this.db.transaction(async (tx) => {
      // Of two requests with one link, the second waits for the first's delete, then finds nothing.
      const [pending] = await tx.query<
        { email: string; displayName: string; passwordHash: string; preferredLocale: Locale }[]
      >(
        `WITH used AS (
                DELETE FROM registration WHERE token_hash = $1 AND expires_at > now()
                RETURNING email, display_name AS "displayName", password_hash AS "passwordHash",
                          preferred_locale AS "preferredLocale")
         SELECT * FROM used`,
        [digest(token)],
      );
      if (!pending) throw invalidRegistrationToken();
      // Expired sign-ups (their password hashes included) go whenever anyone signs up or confirms.
      await tx.query(`DELETE FROM registration WHERE expires_at <= now()`);
      return this.accounts.insertUser(tx, { ...pending, grants: [{ role: Role.MEMBER, countryCode: null }] });
    });
    return this.accounts.signedIn(id);
  }
}
