import { Inject, Injectable, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import Redis from 'ioredis';

/** One key's budget in a window: at most `limit` counted hits. */
export interface RateCheck {
  key: string;
  limit: number;
}

export interface RateVerdict {
  allowed: boolean;
  /** Whole seconds until the refusing key's window ends (at least 1); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Where fixed-window counters live. `hit` is all-or-nothing: when every key is under its limit each is
 * counted once, otherwise nothing is counted and the first refusing key's remaining window is returned.
 * A key's window starts at its first counted hit and lasts `windowMs`.
 */
export interface RateStore {
  hit(checks: readonly RateCheck[], windowMs: number): Promise<RateVerdict>;
  /** Gives back one counted hit of `key` in its current window, if it has any. */
  release(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

const toSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

interface Window {
  expiresAt: number;
  count: number;
}

export const MAX_TRACKED_KEYS = 100_000;

/** This process's own counters, in a map bounded to `maxKeys` (expired windows go first, then all). */
export class MemoryRateStore implements RateStore {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_TRACKED_KEYS,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  hit(checks: readonly RateCheck[], windowMs: number): Promise<RateVerdict> {
    const now = this.now();
    const windows = checks.map(({ key }) => this.current(key, now, windowMs));
    const refused = checks.findIndex(({ limit }, i) => windows[i].count >= limit);
    if (refused >= 0)
      return Promise.resolve({
        allowed: false,
        retryAfterSeconds: toSeconds(windows[refused].expiresAt - now),
      });
    for (const window of windows) window.count += 1;
    return Promise.resolve({ allowed: true, retryAfterSeconds: 0 });
  }

  release(key: string): Promise<void> {
    const window = this.windows.get(key);
    if (window && window.count > 0 && this.now() < window.expiresAt) window.count -= 1;
    return Promise.resolve();
  }

  reset(key: string): Promise<void> {
    this.windows.delete(key);
    return Promise.resolve();
  }

  private current(key: string, now: number, windowMs: number): Window {
    let window = this.windows.get(key);
    if (!window || now >= window.expiresAt) {
      if (this.windows.size >= this.maxKeys) this.evictExpired(now);
      window = { expiresAt: now + windowMs, count: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) if (now >= window.expiresAt) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}

/**
 * KEYS: the counters; ARGV[1]: window in ms; ARGV[1 + i]: KEYS[i]'s limit. Checks every key first and
 * counts only when all are under their limit, so a refused attempt costs nothing (as in memory).
 * Returns {1, 0} when counted, {0, ms left of the refusing key's window} when refused.
 */
const HIT_SCRIPT = `
local window = tonumber(ARGV[1])
for i = 1, #KEYS do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = window end
    return {0, ttl}
  end
end
for i = 1, #KEYS do
  redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], window) end
end
return {1, 0}
`;

/** KEYS[1]: a counter; one counted hit given back, never below none (an expired key stays gone). */
const RELEASE_SCRIPT = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

export const RATE_KEY_PREFIX = 'ashar:rate:';

type RateRedis = Redis & {
  rateHit(...args: (string | number)[]): Promise<[number, number]>;
  rateRelease(key: string): Promise<number>;
};

/**
 * Counters in Redis shared by every instance, each check one atomic script. Note for Redis Cluster: a
 * multi-key hit needs its keys in one slot.
 */
export class RedisRateStore implements RateStore {
  private readonly redis: RateRedis;

  constructor(
    redis: Redis,
    private readonly prefix = RATE_KEY_PREFIX,
  ) {
    if (!('rateHit' in redis)) redis.defineCommand('rateHit', { lua: HIT_SCRIPT });
    if (!('rateRelease' in redis))
      redis.defineCommand('rateRelease', { lua: RELEASE_SCRIPT, numberOfKeys: 1 });
    this.redis = redis as RateRedis;
  }

  async hit(checks: readonly RateCheck[], windowMs: number): Promise<RateVerdict> {
    const [allowed, ttl] = await this.redis.rateHit(
      checks.length,
      ...checks.map(({ key }) => this.prefix + key),
      Math.max(1, Math.round(windowMs)),
      ...checks.map(({ limit }) => limit),
    );
    return allowed === 1
      ? { allowed: true, retryAfterSeconds: 0 }
      : { allowed: false, retryAfterSeconds: toSeconds(ttl) };
  }

  async release(key: string): Promise<void> {
    await this.redis.rateRelease(this.prefix + key);
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

const WARN_EVERY_MS = 60_000;

/**
 * Fixed-window rate counting for the whole API: in this process's memory, or in Redis when REDIS_URL is
 * set so that n instances share one budget instead of granting n. When Redis fails, the call is counted
 * in memory instead (limits never take logins down) and a warning is logged at most once a minute.
 */
@Injectable()
export class RateCounter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('RateCounter');
  private readonly memory = new MemoryRateStore();
  private redis?: Redis;
  private shared?: RedisRateStore;
  private lastWarning = -Infinity;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Whether counts go to Redis (when it answers). */
  get isShared(): boolean {
    return this.shared !== undefined;
  }

  async onModuleInit(): Promise<void> {
    const url = this.config.redisUrl;
    if (!url) return;
    // No offline queue: while Redis is away a command fails at once and is counted in memory instead
    // of waiting; the timeout covers a connection that hangs.
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      // A socket that never connected keeps ioredis's disconnect timer (2 s by default) alive at close.
      disconnectTimeout: 200,
    });
    redis.on('error', (error: Error) => this.warn(`Redis: ${error.message}`));
    this.redis = redis;
    this.shared = new RedisRateStore(redis);
    await this.ready(redis, 2000);
  }

  async onModuleDestroy(): Promise<void> {
    const redis = this.redis;
    this.redis = undefined;
    this.shared = undefined;
    if (!redis) return;
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  }

  /** Counts one hit of `key`, unless it has already had `limit` in its current window. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateVerdict> {
    return this.hitAll([{ key, limit }], windowSeconds);
  }

  /** Counts one hit of every key only when none is over its limit (one refusal costs none of them). */
  async hitAll(checks: readonly RateCheck[], windowSeconds: number): Promise<RateVerdict> {
    const windowMs = windowSeconds * 1000;
    const shared = this.available();
    if (shared) {
      try {
        return await shared.hit(checks, windowMs);
      } catch (error) {
        this.warn(`Redis unavailable, counting in memory: ${(error as Error).message}`);
      }
    }
    return this.memory.hit(checks, windowMs);
  }

  /** Gives back one hit of `key` (an attempt that should not spend the budget after all), where hits are counted now. */
  async release(key: string): Promise<void> {
    const shared = this.available();
    if (shared) {
      try {
        return await shared.release(key);
      } catch (error) {
        this.warn(`Redis unavailable, could not release a rate counter's hit: ${(error as Error).message}`);
      }
    }
    await this.memory.release(key);
  }

  /** Starts `key` afresh. */
  async reset(key: string): Promise<void> {
    await this.memory.reset(key);
    const shared = this.available();
    if (shared) {
      try {
        await shared.reset(key);
      } catch (error) {
        this.warn(`Redis unavailable, could not reset a rate counter: ${(error as Error).message}`);
      }
    }
  }

  /** The Redis store when connected; while it is not, calls go straight to memory (with a warning). */
  private available(): RedisRateStore | undefined {
    if (!this.shared) return undefined;
    if (this.redis?.status === 'ready') return this.shared;
    this.warn(`Redis not connected (${this.redis?.status}), counting in memory`);
    return undefined;
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }

  /** Waits (briefly) for the first connection so the first hits go to Redis; never fails startup. */
  private ready(redis: Redis, timeoutMs: number): Promise<void> {
    if (redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      redis.once('ready', done);
    });
  }
}

/** Provides the one RateCounter; import it wherever something is rate-limited. */
@Module({ providers: [RateCounter], exports: [RateCounter] })
export class RateCounterModule {}
