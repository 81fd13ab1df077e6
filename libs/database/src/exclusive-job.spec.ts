import { DataSource, type EntityManager } from 'typeorm';
import { ExclusiveJob } from './exclusive-job';
import { createTestDatabase, type TestDatabase } from './testing';

/** Two instances' jobs on one database: one works, the other waits its turn doing nothing. */
describe('ExclusiveJob', () => {
  let database: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i++)
      sources.push(await new DataSource({ type: 'postgres', url: database.url }).initialize());
    await sources[0].query(`CREATE TABLE job_mark (n int)`);
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.destroy()));
    await database.drop();
  });

  /** A job whose run marks a row, then waits for `wait`. */
  class MarkingJob extends ExclusiveJob {
    constructor(
      db: DataSource,
      private readonly wait: () => Promise<void>,
    ) {
      super(db, { lock: 'exclusive-job-test', everyMs: 60_000, doing: 'testing', periodic: false });
    }

    protected async work(tx: EntityManager, now: Date): Promise<number> {
      await tx.query(`INSERT INTO job_mark VALUES (1)`);
      await this.wait();
      expect(now).toBeInstanceOf(Date);
      return 1;
    }
  }

  const job = (db: DataSource, wait: () => Promise<void>) => new MarkingJob(db, wait);

  it('does nothing while another instance runs, and its turn comes after', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = job(sources[0], async () => {
      started();
      await held;
    });
    const second = job(sources[1], async () => undefined);

    const firstRun = first.run();
    await running;
    expect(await second.run()).toBe(0);
    release();
    expect(await firstRun).toBe(1);
    expect(await second.run()).toBe(1);
    expect(await sources[0].query(`SELECT count(*)::int AS n FROM job_mark`)).toEqual([{ n: 2 }]);
  });

  it('rolls back what a failed run wrote', async () => {
    const failing = job(sources[0], async () => {
      throw new Error('boom');
    });
    await expect(failing.run()).rejects.toThrow('boom');
    expect(await sources[0].query(`SELECT count(*)::int AS n FROM job_mark`)).toEqual([{ n: 2 }]);
  });
});
