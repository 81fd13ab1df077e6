export interface PollingLoopOptions {
  /** One round of work; resolves to true when there is more to do at once (a full batch). */
  round: () => Promise<boolean>;
  /** The wait before the next round when the last one left nothing to do. */
  idleMs: number;
  /** The longest wait after failed rounds (each failure doubles it from idleMs); default 30 s. */
  maxBackoffMs?: number;
  /** Told of a failed round and when the next one starts. */
  onError: (error: unknown, retryInMs: number) => void;
}

/**
 * The background loop of a worker that polls the database (the outbox, the mail queue): one round at
 * a time, the next at once after a full batch, after `idleMs` otherwise, and after a growing wait
 * while rounds fail (the database is down), so that nothing is hammered. Work done outside the loop
 * (`exclusive`, e.g. a test's drain) never runs beside a round. `stop` ends it after the round under
 * way, so a worker can be stopped before the database closes.
 */
export class PollingLoop {
  private timer?: NodeJS.Timeout;
  /** The round or exclusive task under way: the next one starts after it. */
  private work: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private failures = 0;

  constructor(private readonly options: PollingLoopOptions) {}

  /** Runs a round after `delay` ms (instead of any already scheduled). */
  schedule(delay = 0): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.work = this.work.then(() => this.tick());
    }, delay);
  }

  /** Runs `task` once no round is under way, and keeps rounds from starting until it is done. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.work.then(task);
    this.work = result.catch(() => undefined);
    return result;
  }

  /** Stops scheduling and waits for the round under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.work;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const more = await this.options.round();
      this.failures = 0;
      this.schedule(more ? 0 : this.options.idleMs);
    } catch (error) {
      this.failures += 1;
      const { idleMs, maxBackoffMs = 30_000 } = this.options;
      const backoff = Math.max(idleMs, Math.min(maxBackoffMs, idleMs * 2 ** this.failures));
      this.options.onError(error, backoff);
      this.schedule(backoff);
    }
  }
}
