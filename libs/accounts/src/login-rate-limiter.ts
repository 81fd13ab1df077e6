import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';
import { clientNetwork } from './client-network';

/** The account as login finds it (AccountsService.login folds the email before both). */
const accountKey = (email: string) => `login:account:${email}`;

/**
 * Fixed-window limits on login attempts per account and per address (an IPv6 client by its /64,
 * `clientNetwork`), counted by the RateCounter: in this process, or across all instances when Redis
 * is configured.
 */
@Injectable()
export class LoginRateLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly counter: RateCounter,
  ) {}

  /** Counts an attempt, or throws RATE_LIMITED when either key is over its limit (then neither counts). */
  async hit(email: string, address: string): Promise<void> {
    const { perAccount, perAddress, windowSeconds } = this.config.loginRateLimit;
    const verdict = await this.counter.hitAll(
      [
        { key: accountKey(email), limit: perAccount },
        { key: `login:address:${clientNetwork(address)}`, limit: perAddress },
      ],
      windowSeconds,
    );
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds);
  }

  /** A successful login clears the account's counter (not the address's). */
  reset(email: string): Promise<void> {
    return this.counter.reset(accountKey(email));
  }
}
