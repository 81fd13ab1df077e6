import { freePort } from '@ashar/database';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@ashar/database/testing';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'web');

/** Debian's chromium (installed by .ci/run), or the one CHROMIUM_PATH names; never a download. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter(Boolean) as string[];
  return candidates.find((path) => existsSync(path));
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The test run (one `jest` invocation): its template database is named after it (global setup). */
const testRun = () => process.env.ASHAR_TEST_TEMPLATE ?? `pid-${process.pid}`;

const readOrNull = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/**
 * Builds the API (SWC) and the web client exactly as `npm start` does, unless told the build is fresh,
 * once per test run: the browser test files run in parallel workers, and a second build emptying
 * dist/ under the first file's server made its pages lose their scripts halfway through a test. The
 * first caller builds; the others wait for it. A lock left by an earlier run is taken over.
 */
export async function buildPlatform(): Promise<void> {
  if (process.env.ASHAR_E2E_SKIP_BUILD === '1' && existsSync(join(REPO_ROOT, 'dist/apps/web/index.html')))
    return;
  const run = testRun();
  const dist = join(REPO_ROOT, 'dist');
  const built = join(dist, '.e2e-built');
  const lock = join(dist, '.e2e-build.lock');
  mkdirSync(dist, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  while (readOrNull(built) !== run) {
    if (Date.now() > deadline) throw new Error('Another test file did not finish building the platform');
    try {
      mkdirSync(lock);
    } catch {
      // Being built by another worker of this run, or left behind by an earlier run.
      const owner = readOrNull(join(lock, 'run'));
      if (owner !== null && owner !== run) rmSync(lock, { recursive: true, force: true });
      await new Promise((done) => setTimeout(done, 500));
      continue;
    }
    try {
      writeFileSync(join(lock, 'run'), run);
      const script = (name: string) =>
        execFileSync('npm', ['run', '--silent', name], {
          cwd: REPO_ROOT,
          // jest sets NODE_ENV=test, which would make Vite bundle React's development build.
          env: { ...process.env, NODE_ENV: 'production' },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
      script('build:api');
      script('build:web');
      writeFileSync(built, run);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface RunningServer {
  url: string;
  /** Where the server, which has no SMTP server, writes the e-mail it sends (.eml files). */
  mailDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the built platform the way `npm start` runs it, on a free port, with a fresh database cloned
 * from the test template and the demo content loaded, serving the built web client at `/`.
 */
export async function startServer(): Promise<RunningServer> {
  const db: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ashar-web-e2e-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  // One log per test file's server (the files run in parallel workers).
  const logPath = join(ARTIFACTS, `server-${process.pid}.log`);
  const log = createWriteStream(logPath);
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', './tools/dist-paths.cjs', 'dist/apps/api/src/main.js'],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        JWT_SECRET: 'browser-test-secret-that-is-long-enough-0123456789',
        DEMO_CONTENT: 'true',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        WEB_DIR: join(REPO_ROOT, 'dist/apps/web'),
        // No SMTP_URL: mail goes to DATA_DIR/mail, with links to this server.
        SMTP_URL: '',
        PUBLIC_URL: url,
        // Every test signs its people in from 127.0.0.1; the per-address limit (50 in 15 minutes) is
        // tested against the API, and would otherwise depend on how many browser tests there are.
        LOGIN_LIMIT_PER_ADDRESS: '1000',
        // Tests fill rooms with threads and messages in bursts; the room limits are tested against the API.
        ROOM_SEND_LIMIT: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((done) => child.once('exit', done));

  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await Promise.race([
      fetch(`${url}/health`).then(
        (response) => response.status,
        () => 0,
      ),
      exited.then(() => -1),
    ]);
    if (status === 200) break;
    if (status === -1) throw new Error(`The API exited while starting; see ${logPath}`);
    if (Date.now() > deadline) throw new Error('The API did not become healthy within two minutes');
    await new Promise((done) => setTimeout(done, 250));
  }

  return {
    url,
    mailDir: join(dataDir, 'mail'),
    async stop() {
      child.kill('SIGTERM');
      await exited;
      log.end();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** Saves the page at phone and desktop width (test-artifacts/web/<name>-360.png, -desktop.png). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`), fullPage: true });
  if (original) await page.setViewportSize(original);
}
