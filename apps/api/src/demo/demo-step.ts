import type { ModuleRef } from '@nestjs/core';

/** One named, run-once piece of demo content; bump the name's version to run a changed step again. */
export interface DemoStep {
  name: string;
  run(modules: ModuleRef): Promise<void>;
}

export const DEMO_PASSWORD = 'ashar-demo-2026';
