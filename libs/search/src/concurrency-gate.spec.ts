import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('runs at most its limit at once and the rest in the order they came, failures included', async () => {
    const gate = new ConcurrencyGate(2, 10, () => new Error('full'));
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 6 }, (_, i) =>
      gate.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (i === 1) throw new Error('task 1 failed');
        return i;
      }),
    );
    const settled = Promise.allSettled(tasks);
    // Release whichever tasks are running, one at a time, until all six have run.
    for (let released = 0; released < 6; released++) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(running).toBeLessThanOrEqual(2);
      releases.shift()?.();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([
      0,
      'failed',
      2,
      3,
      4,
      5,
    ]);
    expect(gate.queued).toBe(0);
    // Its places were all given back: two more start at once.
    const again = [gate.run(async () => 'a'), gate.run(async () => 'b')];
    expect(await Promise.all(again)).toEqual(['a', 'b']);
  });

  it('refuses a task that finds the line full, at once, and takes the next once it has room', async () => {
    const gate = new ConcurrencyGate(1, 2, () => new Error('the line is full'));
    const releases: (() => void)[] = [];
    const task = (value: string) => () =>
      new Promise<string>((resolve) => releases.push(() => resolve(value)));
    const first = gate.run(task('first'));
    const waiting = [gate.run(task('second')), gate.run(task('third'))];
    expect(gate.queued).toBe(2);
    let refusedTaskRan = false;
    await expect(
      gate.run(async () => {
        refusedTaskRan = true;
        return 'fourth';
      }),
    ).rejects.toThrow('the line is full');
    expect(refusedTaskRan).toBe(false);
    expect(gate.queued).toBe(2);
    releases.shift()?.(); // the first ends, the second takes its place: room for one in the line
    expect(await first).toBe('first');
    const fifth = gate.run(task('fifth'));
    expect(gate.queued).toBe(2);
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all([...waiting, fifth])).toEqual(['second', 'third', 'fifth']);
  });

  it('refuses a limit below one and a line below none', () => {
    const refuse = () => new Error('full');
    expect(() => new ConcurrencyGate(0, 1, refuse)).toThrow(/limit of 1 or more/);
    expect(() => new ConcurrencyGate(1, -1, refuse)).toThrow(/holds 0 or more/);
  });
});
