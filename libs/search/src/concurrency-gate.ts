/**
 * Lets at most `limit` tasks run at once; the others wait their turn, first come first served. On a
 * server whose cores are all busy, running more searches side by side only makes each slower and
 * all of them together slower too (docs/search.md); waiting in line keeps the throughput at its best.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a gate needs a limit of 1 or more, got ${limit}`);
  }

  /** Tasks waiting for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    // The task that finishes hands its place on: `running` stays as it is.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
