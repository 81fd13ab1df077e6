import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { format } from 'prettier';

// Benchmarks run compiled from dist/tools/bench, one level deeper than the sources in tools/bench.
const ROOT = join(__dirname, '..', '..', ...(basename(join(__dirname, '..', '..')) === 'dist' ? ['..'] : []));
const FILE = join(ROOT, 'docs', 'benchmarks.md');

const HEADER = `# Benchmarks

Numbers measured by the \`npm run bench:*\` scripts on the machine named in each section. Each script
rewrites only its own section. Timed assertions do not belong in tests; these numbers are the record.
`;

/** One line naming the machine and date, for the top of a section. */
export function machineLine(): string {
  const cpu = cpus();
  return `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}.`;
}

/**
 * Replaces (or appends) the section `name` of docs/benchmarks.md with `markdown`, formatted the way
 * `npm run format:check` expects so that a fresh benchmark run never breaks CI.
 */
export async function writeBenchmarkSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  const next = pattern.test(current)
    ? current.replace(pattern, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, await format(next, { parser: 'markdown', filepath: FILE }));
}

/** Percentile of an unsorted list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
