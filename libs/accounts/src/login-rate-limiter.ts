import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';

interface Window {
  startedAt: number;
  attempts: number;
}

const MAX_TRACKED_KEYS = 100_000;

/**
 * Fixed-window counters of login attempts per account and per address, kept in this process.
 * Each instance counts on its own, which bounds guessing per instance; that is enough for a small fleet.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Counts an attempt, or throws RATE_LIMITED when either key is over its limit. */
  hit(email: string, address: string): void {
    const { perAccount, perAddress } = this.config.loginRateLimit;
    const now = Date.now();
    const checks: [string, number][] = [
      [`account:${email.toLowerCase()}`, perAccount],
      [`address:${address}`, perAddress],
    ];
    for (const [key, limit] of checks) {
      const window = this.current(key, now);
      if (window.attempts >= limit) {
        throw AppError.rateLimited(Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000)));
      }
    }
    for (const [key] of checks) this.current(key, now).attempts += 1;
  }

  /** A successful login clears the account's counter (not the address's). */
  reset(email: string): void {
    this.windows.delete(`account:${email.toLowerCase()}`);
  }

  private get windowMs(): number {
    return this.config.loginRateLimit.windowSeconds * 1000;
  }

  private current(key: string, now: number): Window {
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      if (this.windows.size >= MAX_TRACKED_KEYS) this.evictExpired(now);
      window = { startedAt: now, attempts: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows)
      if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED_KEYS) this.windows.clear();
  }
}
