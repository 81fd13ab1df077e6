import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@ashar/database';
import { t } from '@ashar/i18n';
import { Client } from 'pg';

const root = join(__dirname, '..', '..', '..');

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

describe('command-line tools on the embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ashar-cli-spec-'));
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stop the embedded PostgreSQL they started when interrupted, so npm start can use it next', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(port),
      TS_NODE_SWC: 'true',
    };
    delete env.DATABASE_URL;
    // What `npm run migrate` or `npm run reindex` does first, then waits as a long reindex would.
    const script = `require('./tools/import/import-database').openKnowledge().then(() => console.log('open'))`;
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
      { cwd: root, env: { ...env, TS_NODE_PROJECT: join(root, 'tsconfig.base.json') } },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('open') && resolve());
      void exited.then(() => reject(new Error(`the command ended early:\n${output}`)));
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    expect(await answers(url)).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await answers(url)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('say in the chosen language that a file is missing, and refuse an unknown language', async () => {
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '-r',
            'ts-node/register/transpile-only',
            '-r',
            'tsconfig-paths/register',
            'tools/import/import.ts',
            ...args,
          ],
          { cwd: root, env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.base.json') } },
        );
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.once('exit', (code) => resolve({ code, output }));
      });
    const missing = await run('no-such-file.json', '--lang', 'es');
    expect(missing).toEqual({
      code: 1,
      output: `${t('es', 'knowledge:errors.fileNotFound', { file: 'no-such-file.json' })}\n`,
    });
    const unknown = await run('no-such-file.json', '--lang', 'xx');
    expect(unknown).toEqual({
      code: 1,
      output: `${t('en', 'knowledge:errors.unknownLanguage', { value: 'xx' })}\n`,
    });
  }, 60_000);
});
