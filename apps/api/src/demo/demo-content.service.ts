import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DemoStep } from './demo-step';
import { discussionsDemo } from './discussions.demo';
import { eventsDemo } from './events.demo';
import { knowledgeDemo } from './knowledge.demo';
import { networkDemo } from './network.demo';

/** In the order they must run: later steps use what earlier ones created. */
export const DEMO_STEPS: DemoStep[] = [networkDemo, knowledgeDemo, discussionsDemo, eventsDemo];

/**
 * Loads demo content on start (demo mode only). Each step runs once per database, inside a lock so
 * that several instances starting together do not load it twice.
 */
@Injectable()
export class DemoContentService implements OnApplicationBootstrap {
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
      for (const step of steps) {
        const done = await this.db.query(`SELECT 1 FROM seed_run WHERE name = $1`, [step.name]);
        if (done.length > 0) continue;
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
