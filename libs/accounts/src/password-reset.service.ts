import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { MailQueue } from '@ashar/mail';
import { DataSource } from 'typeorm';
import { AccountsService } from './accounts.service';
import type { AuthPayload } from './dto/user.model';
import { digest, newLinkToken } from './link-token';
import { hashPassword } from './password';
import { accountMail, type MailRecipient } from './account-mail';
import { PasswordResetRateLimiter } from './password-reset-rate-limiter';

/** How long a reset link works. */
export const RESET_TOKEN_MINUTES = 60;

const invalidResetToken = () =>
  new AppError('BAD_USER_INPUT', 'errors:invalidResetToken', {}, [{ path: 'token', code: 'invalid' }]);

/** A token of this digest that is neither used nor expired. */
const LIVE = `token_hash = $1 AND used_at IS NULL AND expires_at > now()`;

/**
 * "Forgot your password?": a link with a single-use token, sent to the account's address, lets its
 * owner choose a new password, which signs them out everywhere else.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly limiter: PasswordResetRateLimiter,
    private readonly mail: MailQueue,
  ) {}

  /**
   * Replaces the account's earlier tokens with a new one and queues the mail with its link, in one
   * transaction. The answer is the same, and takes the same statements, whether or not an account has
   * this address; the mail leaves after it.
   */
  async request(email: string, address: string): Promise<boolean> {
    // Folded by PostgreSQL, as login folds it and as the unique index on emails is.
    const [{ folded }] = await this.db.query<{ folded: string }[]>(`SELECT lower($1) AS folded`, [email]);
    await this.limiter.hit(folded, address);
    const token = newLinkToken();
    await this.db.transaction(async (tx) => {
      const [owner] = await tx.query<MailRecipient[]>(
        `WITH owner AS (SELECT id, email, display_name, preferred_locale FROM app_user WHERE lower(email) = $1),
            replaced AS (DELETE FROM password_reset WHERE user_id IN (SELECT id FROM owner)),
            issued AS (
              INSERT INTO password_reset (user_id, token_hash, expires_at)
              SELECT id, $2, now() + $3::int * interval '1 minute' FROM owner
            )
       SELECT email, display_name AS "displayName", preferred_locale AS "preferredLocale" FROM owner`,
        [folded, digest(token), RESET_TOKEN_MINUTES],
      );
      await this.mail.enqueue(
        owner
          ? accountMail('passwordResetMail', owner, this.link(token, owner), {
              expiry: { count: RESET_TOKEN_MINUTES },
            })
          : null,
        tx,
      );
    });
    return true;
  }

  /**
   * Sets the password of the token's account, uses the token up and revokes every token the person
   * holds, in one transaction; the answer signs them in. BAD_USER_INPUT on `token` when the token is
   * unknown, used or expired.
   */
  async reset(token: string, newPassword: string): Promise<AuthPayload> {
    const hash = digest(token);
    // Checked before hashing the password, so that made-up tokens cost no hash.
    const [found] = await this.db.query<{ userId: string }[]>(
      `SELECT user_id AS "userId" FROM password_reset WHERE ${LIVE}`,
      [hash],
    );
    if (!found) throw invalidResetToken();
    const passwordHash = await hashPassword(newPassword);
    await this.accounts.revokeTokens(found.userId, { passwordHash }, async (tx) => {
      // A suspended account's password stays as it was, and the link unused, all in one transaction.
      await this.accounts.refuseSuspended(tx, found.userId);
      // Of two requests with one token, the second waits for the first's row lock, then finds it used.
      const used = await tx.query<unknown[]>(
        `WITH used AS (UPDATE password_reset SET used_at = now() WHERE ${LIVE} RETURNING id) SELECT id FROM used`,
        [hash],
      );
      if (used.length === 0) throw invalidResetToken();
    });
    return this.accounts.signedIn(found.userId);
  }

  /**
   * The web client's reset page, in the person's language. The token travels in the fragment, which
   * browsers never send: it stays out of the server's request log and any Referer.
   */
  private link(token: string, owner: MailRecipient): string {
    return `${this.config.publicUrl}/reset-password?lang=${owner.preferredLocale}#token=${token}`;
  }
}
