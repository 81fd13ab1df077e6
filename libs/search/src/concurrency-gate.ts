/**
 * Lets at most `limit` tasks run at once; the others wait their turn, first come first served, up to
 * `maxQueued` of them. On a server whose cores are all busy, running more searches side by side only
 * makes each slower and all of them together slower too (docs/search.md); waiting in line keeps the
 * throughput at its best, and a bounded line keeps the wait bounded when more arrive than it serves.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `refuse` makes the error of a task that finds `maxQueued` others already waiting. */
  constructor(
    readonly limit: number,
    readonly maxQueued: number,
    private readonly refuse: () => Error,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a gate needs a limit of 1 or more, got ${limit}`);
    if (!Number.isInteger(maxQueued) || maxQueued < 0)
      throw new Error(`a gate's line holds 0 or more, got ${maxQueued}`);
  }

  /** Tasks waiting for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when its turn comes; refuses it at once (`refuse`) when the line is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit && this.waiting.length >= this.maxQueued) throw this.refuse();
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
