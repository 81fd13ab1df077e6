import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';
import { clientNetwork } from './client-network';

/**
 * Fixed-window limits on sign-ups, in the login limits' window: per client address (each costs a
 * password hash; counted like LoginRateLimiter's) and per email address (each sends that address a
 * mail, so nobody can fill someone's inbox with them).
 */
@Injectable()
export class RegisterRateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counter: RateCounter,
  ) {}

  /** Counts a sign-up for `email` (folded as login folds it), or throws RATE_LIMITED. */
  async hit(email: string, address: string): Promise<void> {
    const verdict = await this.counter.hitAll(
      [
        { key: `register:email:${email}`, limit: this.config.registerLimit.perEmail },
        { key: `register:address:${clientNetwork(address)}`, limit: this.config.registerLimit.perAddress },
      ],
      this.config.loginRateLimit.windowSeconds,
    );
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds);
  }
}
