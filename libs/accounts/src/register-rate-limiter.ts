import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';
import { clientNetwork } from './client-network';

/**
 * A fixed-window limit on registrations per client address, in the login limits' window: each attempt
 * costs a password hash and tells whether an email has an account. Counted like LoginRateLimiter's.
 */
@Injectable()
export class RegisterRateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counter: RateCounter,
  ) {}

  /** Counts an attempt, or throws RATE_LIMITED when the address has had its share of this window. */
  async hit(address: string): Promise<void> {
    const verdict = await this.counter.hit(
      `register:address:${clientNetwork(address)}`,
      this.config.registerLimitPerAddress,
      this.config.loginRateLimit.windowSeconds,
    );
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds);
  }
}
