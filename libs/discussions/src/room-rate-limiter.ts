import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError } from '@ashar/errors';

export type RoomAction = 'send' | 'typing';

interface Window {
  startedAt: number;
  count: number;
}

const MAX_TRACKED_KEYS = 50_000;

export const DEFAULT_ROOM_LIMITS = { sendsPerWindow: 30, typingPerWindow: 20, windowSeconds: 10 };

/**
 * Per-user fixed-window counters for sends and typing signals, kept in this process: each API instance
 * bounds what one account can push through it, which is what protects the rooms' other sockets.
 */
@Injectable()
export class RoomRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly limits: typeof DEFAULT_ROOM_LIMITS;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...config.roomLimits };
  }

  /** Counts one action; throws RATE_LIMITED (with seconds to wait) once the window's budget is spent. */
  hit(userId: string, action: RoomAction): void {
    const now = Date.now();
    const windowMs = this.limits.windowSeconds * 1000;
    const key = `${action}:${userId}`;
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      if (this.windows.size >= MAX_TRACKED_KEYS) this.evict(now, windowMs);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    const limit = action === 'send' ? this.limits.sendsPerWindow : this.limits.typingPerWindow;
    if (window.count >= limit) {
      const wait = Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000));
      throw new AppError('RATE_LIMITED', 'discussions:errors.sendingTooFast', { count: wait }, [], {
        retryAfter: wait,
      });
    }
    window.count += 1;
  }

  private evict(now: number, windowMs: number): void {
    for (const [key, window] of this.windows)
      if (now - window.startedAt >= windowMs) this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED_KEYS) this.windows.clear();
  }
}
