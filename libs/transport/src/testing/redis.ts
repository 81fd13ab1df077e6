import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '@ashar/database';
import Redis from 'ioredis';

/** Whether a Redis answers PING at `url` (within about a second). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // A socket that never connected keeps ioredis's disconnect timer (2 s by default) alive at close.
    disconnectTimeout: 200,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface TestRedis {
  /** Absent when no Redis could be found or started; `reason` then says why. */
  url?: string;
  reason?: string;
  /** Stops the Redis this started (once it has exited); nothing for one found running. */
  stop(): Promise<void>;
}

/**
 * The Redis at REDIS_URL or on 127.0.0.1:6379 when there is one, else our own redis-server, else none
 * (and why): a fresh machine may have no Redis, and tests needing one then skip with a message.
 */
export async function findRedis(): Promise<TestRedis> {
  for (const url of [process.env.REDIS_URL, 'redis://127.0.0.1:6379'])
    if (url && (await redisAnswers(url))) return { url, stop: async () => undefined };
  const started = await startRedis(await freePort());
  return started.url
    ? started
    : { ...started, reason: `no Redis at REDIS_URL or on 127.0.0.1:6379 and ${started.reason}` };
}

/** Our own redis-server on `port` (127.0.0.1, nothing saved), once it answers; or why there is none. */
export async function startRedis(port: number): Promise<TestRedis> {
  const binary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));
  if (!binary)
    return {
      reason: 'no redis-server binary to start',
      stop: async () => undefined,
    };
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: 'ignore',
  });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  const stop = () => {
    if (running) child.kill('SIGTERM');
    return exited;
  };
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50 && running; attempt++) {
    if (await redisAnswers(url)) return { url, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  return { reason: `the redis-server started on port ${port} did not answer`, stop: async () => undefined };
}
