import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import Redis from 'ioredis';
import type { Server } from 'socket.io';

/**
 * Joins this instance's socket.io server to the others through Redis pub/sub when REDIS_URL is set, so
 * a message stored by instance A reaches sockets connected to instance B. Without it, one instance
 * works alone with socket.io's in-memory adapter.
 */
/** Subscriptions to make again when they failed. */
const RENEWED_COMMANDS = new Set(['subscribe', 'psubscribe']);
const UNAWAITED_COMMANDS = new Set([
  'publish',
  'subscribe',
  'psubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
]);

@Injectable()
export class RoomRedisAdapter implements OnApplicationShutdown {
  private readonly logger = new Logger('RoomRedisAdapter');
  private clients: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Joins the others when REDIS_URL is set; says whether it did. */
  attach(server: Server): boolean {
    const url = this.config.redisUrl;
    if (!url) return false;
    // A socket that never connected keeps ioredis's disconnect timer (2 s by default) alive at close.
    const pub = new Redis(url, { maxRetriesPerRequest: 3, disconnectTimeout: 200 });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    }
    this.clients = [pub, sub];
    server.adapter(
      createAdapter(this.tolerant(pub), this.tolerant(sub), {
        key: this.config.roomRedisChannel ?? 'ashar-rooms',
        requestsTimeout: 2000,
      }),
    );
    return true;
  }

  /**
   * The adapter subscribes (at start), publishes and unsubscribes (when closing) without awaiting;
   * while Redis is away those promises would reject unhandled and take the process down. Broadcasts
   * are best effort (clients catch up by seq), so these failures are logged instead. A subscription
   * that failed (Redis not up yet when the instance started) is made again once Redis is ready:
   * ioredis renews on reconnection only the subscriptions that had succeeded.
   */
  private tolerant(client: Redis): Redis {
    const proxy: Redis = new Proxy(client, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        if (typeof property === 'string' && UNAWAITED_COMMANDS.has(property))
          return (...args: unknown[]) =>
            (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((error: Error) => {
              this.logger.warn(`Redis ${property} failed: ${error.message}`);
              if (RENEWED_COMMANDS.has(property) && this.clients.includes(target))
                target.once('ready', () =>
                  (proxy[property as keyof Redis] as (...a: unknown[]) => unknown)(...args),
                );
              return 0;
            });
        return value.bind(target);
      },
    });
    return proxy;
  }

  /** Leaves the Redis channel (at shutdown; tests also use it to cut an instance off). */
  async close(): Promise<void> {
    const clients = this.clients;
    this.clients = [];
    // A client that is not connected (Redis away) is dropped at once: quitting would wait on retries.
    await Promise.all(
      clients.map((client) =>
        client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
      ),
    );
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
