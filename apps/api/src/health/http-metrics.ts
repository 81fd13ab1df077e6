import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';

let started = false;

const requestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Prometheus metrics: process defaults plus request durations. Routes are grouped to keep labels few. */
export function httpMetrics() {
  if (!started) {
    collectDefaultMetrics({ register });
    started = true;
  }
  return (req: Request, res: Response, next: NextFunction) => {
    const end = requestDuration.startTimer({ method: req.method });
    // Read now: middleware mounted at a path (Apollo at /graphql) leaves req.path relative to it.
    const path = req.path;
    res.on('finish', () => {
      const route = path.startsWith('/graphql')
        ? '/graphql'
        : (req.route?.path ?? (path.split('/')[1] ? `/${path.split('/')[1]}` : '/'));
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
}
