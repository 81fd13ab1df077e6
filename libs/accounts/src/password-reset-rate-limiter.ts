import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';
import { clientNetwork } from './client-network';

/**
 * Fixed-window limits on password reset requests, in the login limits' window: per email address (so
 * nobody can fill someone's inbox), whether or not it has an account, and per client address (counted
 * like LoginRateLimiter's).
 */
@Injectable()
export class PasswordResetRateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counter: RateCounter,
  ) {}

  /** Counts a request for `email` (folded as login folds it), or throws RATE_LIMITED. */
  async hit(email: string, address: string): Promise<void> {
    const { perEmail, perAddress } = this.config.passwordResetLimit;
    const verdict = await this.counter.hitAll(
      [
        { key: `reset:email:${email}`, limit: perEmail },
        { key: `reset:address:${clientNetwork(address)}`, limit: perAddress },
      ],
      this.config.loginRateLimit.windowSeconds,
    );
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds);
  }
}
