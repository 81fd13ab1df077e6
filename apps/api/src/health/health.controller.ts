import { Controller, Get, Header, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Allow } from '@ashar/accounts';
import type { Response } from 'express';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';

const startedAt = Date.now();

@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Liveness and readiness in one: 200 with status ok when the database answers, 503 otherwise. */
  @Allow('GUEST')
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const began = process.hrtime.bigint();
    let database: { status: 'ok' | 'down'; latencyMs?: number };
    try {
      await this.db.query('SELECT 1');
      database = { status: 'ok', latencyMs: Number(process.hrtime.bigint() - began) / 1e6 };
    } catch {
      database = { status: 'down' };
    }
    const ok = database.status === 'ok';
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      database,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    });
  }

  /** Prometheus metrics; behind METRICS_TOKEN when one is configured. */
  @Allow('METRICS_SCRAPER')
  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
