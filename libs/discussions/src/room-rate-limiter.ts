import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';
import { RateCounter } from '@ashar/transport';

export type RoomAction = 'send' | 'typing';

export const DEFAULT_ROOM_LIMITS = { sendsPerWindow: 30, typingPerWindow: 20, windowSeconds: 10 };

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

  /** Counts one action; throws RATE_LIMITED (with seconds to wait) once the window's budget is spent. */
  async hit(userId: string, action: RoomAction): Promise<void> {
    const limit = action === 'send' ? this.limits.sendsPerWindow : this.limits.typingPerWindow;
    const verdict = await this.counter.hit(`room:${action}:${userId}`, limit, this.limits.windowSeconds);
    if (!verdict.allowed) {
      const wait = verdict.retryAfterSeconds;
      throw new AppError('RATE_LIMITED', 'discussions:errors.sendingTooFast', { count: wait }, [], {
        retryAfter: wait,
      });
    }
  }
}
