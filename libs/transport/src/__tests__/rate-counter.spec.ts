import { randomUUID } from 'node:crypto';
import { findRedis, testConfig, type TestRedis } from '../testing';
import Redis from 'ioredis';
import { MemoryRateStore, RATE_KEY_PREFIX, RateCounter, RedisRateStore } from '../rate-counter';

describe('MemoryRateStore', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('allows `limit` hits per window, then says how long until the window ends', async () => {
    const store = new MemoryRateStore(clock);
    for (let i = 0; i < 3; i++)
      expect(await store.hit([{ key: 'k', limit: 3 }], 10_000)).toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
    now += 2_500;
    expect(await store.hit([{ key: 'k', limit: 3 }], 10_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 8,
    });
    now += 7_400;
    expect(await store.hit([{ key: 'k', limit: 3 }], 10_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    now += 100;
    expect((await store.hit([{ key: 'k', limit: 3 }], 10_000)).allowed).toBe(true);
  });

  it('counts keys apart, counts nothing when one key refuses, and resets a key', async () => {
    const store = new MemoryRateStore(clock);
    const both = [
      { key: 'account', limit: 5 },
      { key: 'address', limit: 1 },
    ];
    expect((await store.hit(both, 60_000)).allowed).toBe(true);
    for (let i = 0; i < 10; i++) expect((await store.hit(both, 60_000)).allowed).toBe(false);
    // The refused attempts did not use the account's budget: 4 of 5 are left.
    for (let i = 0; i < 4; i++)
      expect((await store.hit([{ key: 'account', limit: 5 }], 60_000)).allowed).toBe(true);
    expect((await store.hit([{ key: 'account', limit: 5 }], 60_000)).allowed).toBe(false);
    await store.reset('account');
    expect((await store.hit([{ key: 'account', limit: 5 }], 60_000)).allowed).toBe(true);
    expect((await store.hit([{ key: 'address', limit: 1 }], 60_000)).allowed).toBe(false);
  });

  it('gives back a counted hit, never more than were counted, and not into a new window', async () => {
    let now = 0;
    const store = new MemoryRateStore(() => now);
    const check = [{ key: 'k', limit: 2 }];
    await store.release('k'); // nothing counted: nothing to give back
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(false);
    await store.release('k');
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(false);
    for (let i = 0; i < 5; i++) await store.release('k');
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(false);
    now = 1_000;
    await store.release('k');
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(true);
    expect((await store.hit(check, 1_000)).allowed).toBe(false);
  });

  it('keeps its map bounded: expired windows go first, and everything when none has expired', async () => {
    const store = new MemoryRateStore(clock, 3);
    await store.hit([{ key: 'old', limit: 9 }], 1_000);
    await store.hit([{ key: 'a', limit: 9 }], 60_000);
    await store.hit([{ key: 'b', limit: 9 }], 60_000);
    now += 2_000;
    await store.hit([{ key: 'c', limit: 9 }], 60_000);
    expect(store.size).toBe(3); // 'old' was evicted
    await store.hit([{ key: 'd', limit: 9 }], 60_000);
    expect(store.size).toBe(1); // nothing had expired: the map was cleared
  });
});

describe('RateCounter without Redis', () => {
  it('counts in memory', async () => {
    const counter = new RateCounter(testConfig());
    await counter.onModuleInit();
    expect(counter.isShared).toBe(false);
    expect(await counter.hit('x', 1, 60)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await counter.hit('x', 1, 60)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    await counter.onModuleDestroy();
  });

  it('falls back to memory when the configured Redis does not answer', async () => {
    const counter = new RateCounter(testConfig({ redisUrl: 'redis://127.0.0.1:1' }));
    await counter.onModuleInit();
    expect(counter.isShared).toBe(true);
    expect((await counter.hit('y', 2, 60)).allowed).toBe(true);
    expect((await counter.hit('y', 2, 60)).allowed).toBe(true);
    expect((await counter.hit('y', 2, 60)).allowed).toBe(false);
    await counter.onModuleDestroy();
  });
});

describe('RateCounter with Redis', () => {
  let redis: TestRedis;
  const counters: RateCounter[] = [];

  beforeAll(async () => {
    redis = await findRedis();
  });
  afterAll(async () => {
    await Promise.all(counters.map((counter) => counter.onModuleDestroy()));
    await redis?.stop();
  });

  async function instance(): Promise<RateCounter> {
    const counter = new RateCounter(testConfig({ redisUrl: redis.url }));
    counters.push(counter);
    await counter.onModuleInit();
    return counter;
  }

  it('gives two instances one shared budget, with the window from Redis, and resets it for both', async () => {
    if (!redis.url) {
      console.warn(`Skipped the shared rate limit test: ${redis.reason}.`);
      return;
    }
    const [a, b] = [await instance(), await instance()];
    const key = `test:${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await (i % 2 ? b : a).hit(key, 4, 30)).allowed);
    expect(results).toEqual([true, true, true, true, false, false]);
    const refused = await b.hit(key, 4, 30);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);

    const direct = new Redis(redis.url);
    try {
      expect(await direct.get(RATE_KEY_PREFIX + key)).toBe('4'); // refused hits are not counted
      const ttl = await direct.pttl(RATE_KEY_PREFIX + key);
      expect(ttl).toBeGreaterThan(28_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      direct.disconnect();
    }

    await a.release(key);
    expect((await b.hit(key, 4, 30)).allowed).toBe(true);
    expect((await a.hit(key, 4, 30)).allowed).toBe(false);

    await a.reset(key);
    expect((await b.hit(key, 4, 30)).allowed).toBe(true);
    const direct2 = new Redis(redis.url);
    try {
      await b.release(key);
      await b.release(key); // never below none
      expect(await direct2.get(RATE_KEY_PREFIX + key)).toBe('0');
      await direct2.del(RATE_KEY_PREFIX + key);
      await a.release(key); // an expired or reset key is not brought back
      expect(await direct2.exists(RATE_KEY_PREFIX + key)).toBe(0);
    } finally {
      direct2.disconnect();
    }
  });

  it('checks several keys at once and counts none of them when one refuses', async () => {
    if (!redis.url) {
      console.warn(`Skipped the shared rate limit test: ${redis.reason}.`);
      return;
    }
    const client = new Redis(redis.url);
    try {
      const store = new RedisRateStore(client, `ashar:rate:test:${randomUUID()}:`);
      const both = [
        { key: 'account', limit: 5 },
        { key: 'address', limit: 1 },
      ];
      expect((await store.hit(both, 60_000)).allowed).toBe(true);
      expect(await store.hit(both, 60_000)).toEqual({ allowed: false, retryAfterSeconds: 60 });
      for (let i = 0; i < 4; i++)
        expect((await store.hit([{ key: 'account', limit: 5 }], 60_000)).allowed).toBe(true);
      expect((await store.hit([{ key: 'account', limit: 5 }], 60_000)).allowed).toBe(false);
    } finally {
      client.disconnect();
    }
  });
});
