import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';
import { clientNetwork } from './client-network';

/** The account as login finds it (AccountsService.login folds the email before both). */
const accountKey = (email: string) => `login:account:${email}`;
const addressKey = (address: string) => `login:address:${clientNetwork(address)}`;

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
        { key: addressKey(address), limit: perAddress },
      ],
      windowSeconds,
    );
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds);
  }

  /**
   * The right password: the account's counter starts afresh, and the attempt is given back to the
   * address, whose budget is for guessing. Counted, people signing in one after another behind one
   * address (a workshop's Wi-Fi, an office, a village on one mobile network) locked each other out.
   */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.counter.reset(accountKey(email)), this.counter.release(addressKey(address))]);
  }
}
