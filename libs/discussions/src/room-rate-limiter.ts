import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError, type RateLimitMessages } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';

export type RoomAction = 'send' | 'typing';

export const DEFAULT_ROOM_LIMITS = { sendsPerWindow: 30, typingPerWindow: 20, windowSeconds: 10 };

const SENDING_TOO_FAST: RateLimitMessages = {
  seconds: 'discussions:errors.sendingTooFast',
  minutes: 'discussions:errors.sendingTooFastMinutes',
  hours: 'discussions:errors.sendingTooFastHours',
};

/**
 * Per-user fixed-window budgets for sends and typing signals, which protect the rooms' other sockets;
 * counted by the RateCounter (in this process, or across all instances when Redis is configured).
 */
@Injectable()
export class RoomRateLimiter {
  private readonly limits: typeof DEFAULT_ROOM_LIMITS;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly counter: RateCounter,
  ) {
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...config.roomLimits };
  }

  /**
   * Counts one action; throws RATE_LIMITED once the window's budget is spent, with the seconds to wait
   * (`retryAfter`) and a message that tells them as `AppError.rateLimited` rounds them.
   */
  async hit(userId: string, action: RoomAction): Promise<void> {
    const limit = action === 'send' ? this.limits.sendsPerWindow : this.limits.typingPerWindow;
    const verdict = await this.counter.hit(`room:${action}:${userId}`, limit, this.limits.windowSeconds);
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds, SENDING_TOO_FAST);
  }
}
