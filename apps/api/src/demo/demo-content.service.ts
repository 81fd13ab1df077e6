import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DemoStep } from './demo-step';
import { discussionsDemo } from './discussions.demo';
import { eventsDemo } from './events.demo';
import { knowledgeDemo } from './knowledge.demo';
import { DEMO_ACCOUNTS, networkDemo } from './network.demo';

/** In the order they must run: later steps use what earlier ones created. */
export const DEMO_STEPS: DemoStep[] = [networkDemo, knowledgeDemo, discussionsDemo, eventsDemo];

/**
 * Loads demo content on start (demo mode only). Each step runs once per database, inside a lock so
 * that several instances starting together do not load it twice. Only into a database that is new
 * (no accounts) or already holds demo content: the demo's accounts have a published password, and a
 * real database started in demo mode by mistake, say just after a restore, must not get them.
 */
@Injectable()
export class DemoContentService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoContent');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly modules: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  async load(steps: DemoStep[] = DEMO_STEPS): Promise<string[]> {
    const ran: string[] = [];
    const lock = this.db.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('ashar:demo-content'))`);
      const done = new Set(
        (await this.db.query<{ name: string }[]>(`SELECT name FROM seed_run`)).map((row) => row.name),
      );
      const [{ accounts, others }] = await this.db.query<{ accounts: number; others: number }[]>(
        `SELECT count(*)::int AS accounts, (count(*) FILTER (WHERE lower(email) <> ALL($1::text[])))::int AS others
           FROM app_user`,
        [DEMO_ACCOUNTS.map((account) => account.email)],
      );
      if (done.size === 0 && accounts > 0) {
        this.logger.warn(
          others > 0
            ? `Demo content not loaded: this database holds ${others} accounts and no demo content. Set DEMO_CONTENT=false for it.`
            : 'Demo content not loaded: an earlier load stopped half-way. Start the demo from an empty DATA_DIR.',
        );
        return ran;
      }
      for (const step of steps) {
        if (done.has(step.name)) continue;
        await step.run(this.modules);
        await this.db.query(`INSERT INTO seed_run (name) VALUES ($1)`, [step.name]);
        ran.push(step.name);
      }
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('ashar:demo-content'))`).catch(() => undefined);
      await lock.release();
    }
    return ran;
  }
}
