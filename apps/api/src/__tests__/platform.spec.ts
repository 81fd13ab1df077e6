import { freePort } from '@ashar/database';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registrationToken } from '@ashar/accounts/testing';
import { loadConfig } from '@ashar/config';
import { waitForMailFile } from '@ashar/mail/testing';
import pino from 'pino';
import { startPlatform } from '../bootstrap';
import { DEMO_ACCOUNTS } from '../demo/network.demo';
import { DEMO_PASSWORD } from '../demo/demo-step';

async function gql(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** The `npm start` path: embedded PostgreSQL under DATA_DIR, migrations, demo content, HTTP. */
describe('the platform in demo mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ashar-platform-'));
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on embedded PostgreSQL, loads demo content once and keeps data across restarts', async () => {
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
    };
    const logger = pino({ level: 'silent' });

    const first = await startPlatform(loadConfig(env), logger);
    try {
      const url = `http://127.0.0.1:${env.PORT}`;
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-powered-by')).toBeNull(); // no framework banner for scanners
      expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'ok' } });

      const metrics = await fetch(`${url}/metrics`);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toContain('http_request_duration_seconds');

      for (const account of DEMO_ACCOUNTS) {
        const login = await gql(
          url,
          `mutation ($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { user { roles } } }`,
          {
            e: account.email,
            p: DEMO_PASSWORD,
          },
        );
        expect(login.data).toEqual({ login: { user: { roles: [account.role] } } });
      }
      // Signing up as on a fresh machine: the link arrives as an .eml file under DATA_DIR/mail.
      await gql(
        url,
        `mutation { register(input: { email: "kept@example.org", password: "kept across restarts", displayName: "Kept" }) }`,
      );
      const mail = await waitForMailFile(join(dataDir, 'mail'), 'kept@example.org');
      const confirmed = await gql(
        url,
        `mutation ($token: String!) { confirmRegistration(token: $token) { user { displayName } } }`,
        { token: registrationToken(mail.text) },
      );
      expect(confirmed).toEqual({ data: { confirmRegistration: { user: { displayName: 'Kept' } } } });

      // The demo knowledge base is searchable in all four languages once the indexer has caught up.
      const search = async (query: string, lang: string) => {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': lang },
          body: JSON.stringify({
            query: `query ($q: String!) { search(query: $q) { totalCount hits { slug locale snippet } } }`,
            variables: { q: query },
          }),
        });
        const body = (await response.json()) as {
          data: { search: { totalCount: number; hits: { slug: string; locale: string; snippet: string }[] } };
        };
        return body.data.search;
      };
      for (let attempt = 0; attempt < 100 && (await search('', 'en')).totalCount < 25; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      for (const [query, lang] of [
        ['participacion', 'es'],
        ['микропредприятий', 'ru'],
        ['boer', 'nl'],
        ['microent', 'en'],
        ['microenterprize', 'en'],
        ['ombusdman', 'en'],
      ]) {
        const found = await search(query, lang);
        expect({ query, found: found.totalCount > 0 }).toEqual({ query, found: true });
        expect(found.hits[0].snippet).toContain('<mark>');
      }
    } finally {
      await first.stop();
    }

    const second = await startPlatform(loadConfig({ ...env, METRICS_TOKEN: 'scrape-me' }), logger);
    try {
      const url = `http://127.0.0.1:${env.PORT}`;
      // With METRICS_TOKEN set, /metrics answers only that bearer token.
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer scrape-you' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${url}/metrics`, { headers: { authorization: 'bearer scrape-me' } });
      expect(right.status).toBe(200);
      const login = await gql(
        url,
        `mutation { login(input: { email: "kept@example.org", password: "kept across restarts" }) { user { displayName } } }`,
      );
      expect(login.data).toEqual({ login: { user: { displayName: 'Kept' } } });
      const networks = await gql(url, `{ nationalNetworks { totalCount } }`);
      expect(networks.data).toEqual({ nationalNetworks: { totalCount: 5 } });
    } finally {
      await second.stop();
    }
  });

  it('refuses to start with DATABASE_URL but no JWT_SECRET, and says why', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/ashar' })).toThrow(/JWT_SECRET/);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://localhost/ashar', JWT_SECRET: 'x'.repeat(32) }).demoContent,
    ).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir, DEMO_CONTENT: 'false' }).demoContent).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir }).trustProxy).toBe('loopback');
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, 10.0.0.0/8',
    );
  });

  it('listens on this machine only in demo mode (its accounts have a published password), unless HOST says', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).host).toBe('127.0.0.1');
    expect(loadConfig({ DATA_DIR: dataDir, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATA_DIR: dataDir, DEMO_CONTENT: 'false' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/ashar', JWT_SECRET: 'x'.repeat(32) }).host).toBe(
      '0.0.0.0',
    );
  });
});
