import { freePort } from '@ashar/database';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Without DATABASE_URL a benchmark runs on its own throw-away embedded cluster (never the demo data):
 * DATA_DIR and EMBEDDED_PG_PORT are pointed at a fresh directory and port. Returns a cleanup.
 */
export async function useScratchCluster(name: string): Promise<() => void> {
  if (process.env.DATABASE_URL) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), `ashar-bench-${name}-`));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as another account that must enter it
  process.env.DATA_DIR = dir;
  process.env.EMBEDDED_PG_PORT = String(await freePort());
  return () => rmSync(dir, { recursive: true, force: true });
}
