import { PollingLoop } from './polling-loop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (at most 2 s) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 2_000; waited += 5) await sleep(5);
  expect(done()).toBe(true);
}

describe('PollingLoop', () => {
  it('runs full batches back to back, then waits idleMs between rounds', async () => {
    const starts: number[] = [];
    let batches = 3; // three full batches, then nothing to do
    const loop = new PollingLoop({
      round: async () => {
        starts.push(Date.now());
        return batches-- > 0;
      },
      idleMs: 400,
      onError: () => undefined,
    });
    loop.schedule();
    await until(() => starts.length >= 5);
    await loop.stop();
    const gaps = starts.slice(1).map((at, i) => at - starts[i]);
    expect(gaps.slice(0, 3).every((gap) => gap < 200)).toBe(true); // at once after a full batch
    expect(gaps[3]).toBeGreaterThanOrEqual(395); // idle after the empty one
  });

  it('waits longer after each failed round, up to the cap, and as before once a round succeeds', async () => {
    const waits: number[] = [];
    let failing = 4;
    let rounds = 0;
    const loop = new PollingLoop({
      round: async () => {
        rounds += 1;
        if (failing-- > 0) throw new Error('database down');
        return false;
      },
      idleMs: 5,
      maxBackoffMs: 30,
      onError: (error, retryInMs) => {
        expect(String(error)).toContain('database down');
        waits.push(retryInMs);
      },
    });
    loop.schedule();
    await until(() => rounds >= 6);
    await loop.stop();
    expect(waits).toEqual([10, 20, 30, 30]);
  });

  it('never runs a round beside exclusive work, and stops after the round under way', async () => {
    let inside = 0;
    let overlapped = false;
    let rounds = 0;
    const busy = async () => {
      inside += 1;
      overlapped ||= inside > 1;
      await sleep(20);
      inside -= 1;
    };
    const loop = new PollingLoop({
      round: async () => {
        rounds += 1;
        await busy();
        return true; // always more: rounds run back to back
      },
      idleMs: 5,
      onError: () => undefined,
    });
    loop.schedule();
    await until(() => rounds >= 1);
    const results = await Promise.all([1, 2, 3].map((n) => loop.exclusive(async () => (await busy(), n))));
    expect(results).toEqual([1, 2, 3]);
    await expect(loop.exclusive(() => Promise.reject(new Error('drain failed')))).rejects.toThrow(
      'drain failed',
    );
    await until(() => rounds >= 3); // a failed exclusive task does not stop the loop

    await until(() => inside === 1); // stop while a round is under way
    const stopping = loop.stop();
    expect(loop.isStopped).toBe(true);
    expect(inside).toBe(1);
    await stopping;
    expect(inside).toBe(0); // the round under way finished before stop returned
    const after = rounds;
    await sleep(50);
    expect(rounds).toBe(after);
    expect(overlapped).toBe(false);
    loop.schedule(); // a stopped loop stays stopped
    await sleep(20);
    expect(rounds).toBe(after);
  });
});
