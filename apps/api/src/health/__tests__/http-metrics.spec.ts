import type { AddressInfo } from 'node:net';
import express from 'express';
import { register } from 'prom-client';
import { httpMetrics } from '../http-metrics';

describe('http_request_duration_seconds', () => {
  it('labels requests answered by middleware mounted at /graphql with that route', async () => {
    const app = express();
    app.use(httpMetrics());
    // Apollo is mounted like this: inside it, req.path is "/", not "/graphql".
    app.use('/graphql', (_req, res) => void res.json({ data: {} }));
    app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await (await fetch(`${url}/graphql`, { method: 'POST' })).text();
      await (await fetch(`${url}/health`)).text();
      const metrics = await register.getSingleMetricAsString('http_request_duration_seconds');
      expect(metrics).toContain(
        'http_request_duration_seconds_count{method="POST",route="/graphql",status="200"} 1',
      );
      expect(metrics).toContain(
        'http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1',
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
