/**
 * `npm run bench:rooms` — N socket.io clients in one room over loopback; some of them send at a fixed
 * total rate. Measures delivered messages per second and send→receive latency (p50/p95/p99) against
 * a real Ashar instance (auth, validation, PostgreSQL commit, then broadcast), then against a bare
 * socket.io broadcast server with the same clients and load as the ceiling, and writes the ratios to
 * docs/benchmarks.md. Each server runs in its own process; the clients share this one.
 *
 *   --clients 500   --rate 20 (messages/s in total)   --senders 20   --seconds 20   --warmup 3
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';
import { machineLine, percentile, writeBenchmarkSection } from './report';

interface Options {
  clients: number;
  rate: number;
  senders: number;
  seconds: number;
  warmup: number;
}

interface Ready {
  url: string;
  roomId: string;
  threadId: string;
  senderTokens?: string[];
  readerTokens?: string[];
}

interface Result {
  sent: number;
  failedSends: number;
  expected: number;
  delivered: number;
  deliveredPerSecond: number;
  latencies: number[];
}

function options(argv: string[]): Options {
  const value = (name: string, fallback: number, min: number, max: number) => {
    const index = argv.indexOf(`--${name}`);
    const parsed = index >= 0 ? Number(argv[index + 1]) : fallback;
    if (!Number.isFinite(parsed) || parsed < min || parsed > max)
      throw new Error(`--${name} must be a number between ${min} and ${max}`);
    return parsed;
  };
  const clients = value('clients', 500, 2, 5000);
  return {
    clients,
    rate: value('rate', 20, 1, 1000),
    senders: Math.min(value('senders', 20, 1, 500), clients),
    seconds: value('seconds', 20, 2, 300),
    warmup: value('warmup', 3, 0, 60),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startServer(
  script: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(
    process.execPath,
    ['-r', join(__dirname, '..', '..', '..', 'tools', 'dist-paths.cjs'), join(__dirname, script)],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 180 s`)), 180_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve({ child, ready: JSON.parse(line.slice(6)) as Ready });
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function connectClient(url: string, token: string | undefined): Promise<Socket> {
  const socket = io(url, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function run(name: string, ready: Ready, opts: Options): Promise<Result> {
  const sockets: Socket[] = [];
  const sentAt = new Map<string, number>();
  const measured = new Set<string>();
  const latencies: number[] = [];
  let delivered = 0;
  const tokenFor = (index: number) =>
    index < opts.senders
      ? ready.senderTokens?.[index]
      : ready.readerTokens?.[(index - opts.senders) % (ready.readerTokens?.length || 1)];

  for (let start = 0; start < opts.clients; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, opts.clients - start) }, (_, i) =>
        connectClient(ready.url, tokenFor(start + i)),
      ),
    );
    await Promise.all(
      batch.map(async (socket) => {
        const joined = (await socket
          .timeout(30_000)
          .emitWithAck('room:join', { roomId: ready.roomId, limit: 1 })) as {
          ok: boolean;
        };
        if (!joined.ok) throw new Error(`${name}: a client could not join: ${JSON.stringify(joined)}`);
        socket.on('message:new', (message: { clientId: string }) => {
          const at = sentAt.get(message.clientId);
          if (at === undefined || !measured.has(message.clientId)) return;
          delivered++;
          latencies.push(performance.now() - at);
        });
      }),
    );
    sockets.push(...batch);
  }
  process.stdout.write(
    `${name}: ${sockets.length} clients joined; warming up ${opts.warmup} s, measuring ${opts.seconds} s\n`,
  );

  let sent = 0;
  let failedSends = 0;
  const interval = 1000 / opts.rate;
  const total = Math.round((opts.warmup + opts.seconds) * opts.rate);
  const warmupCount = Math.round(opts.warmup * opts.rate);
  const begin = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = begin + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const clientId = randomUUID();
    if (i >= warmupCount) measured.add(clientId);
    sentAt.set(clientId, performance.now());
    const sender = sockets[i % opts.senders];
    pending.push(
      sender
        .timeout(30_000)
        .emitWithAck('message:send', {
          roomId: ready.roomId,
          threadId: ready.threadId,
          body: `Benchmark message ${i}: how are the seed fairs going this season?`,
          clientId,
        })
        .then((answer: { ok: boolean }) => {
          if (i < warmupCount) return;
          if (answer.ok) sent++;
          else failedSends++;
        })
        .catch(() => {
          if (i >= warmupCount) failedSends++;
        }),
    );
  }
  await Promise.all(pending);
  const windowEnd = performance.now();
  // Let the last broadcasts arrive, within a bound.
  const expected = measured.size * sockets.length;
  for (let waited = 0; waited < 10_000 && delivered < expected; waited += 100) await sleep(100);
  for (const socket of sockets) socket.close();
  const seconds = (windowEnd - begin) / 1000 - opts.warmup;
  return { sent, failedSends, expected, delivered, deliveredPerSecond: delivered / seconds, latencies };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const results: Record<string, Result> = {};
  const servers: [string, string, Record<string, string>][] = [
    [
      'ashar',
      'rooms-server.js',
      { BENCH_SENDERS: String(opts.senders), BENCH_READER_ACCOUNTS: String(Math.min(50, opts.clients)) },
    ],
    ['ceiling', 'rooms-ceiling-server.js', {}],
  ];
  for (const [name, script, env] of servers) {
    process.stdout.write(`${name}: starting ${script}\n`);
    const { child, ready } = await startServer(script, env);
    try {
      results[name] = await run(name, ready, opts);
    } finally {
      await stopServer(child);
    }
  }

  const rows = Object.entries(results).map(([name, r]) => {
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(r.latencies, p));
    return { name, r, p50, p95, p99 };
  });
  const [ours, ceiling] = rows;
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
  const markdown = `
## Discussion rooms (\`npm run bench:rooms\`)

${machineLine()}

${opts.clients} socket.io clients (websocket transport) in one room over 127.0.0.1; ${opts.senders} of them send
${opts.rate} messages/s in total for ${opts.seconds} s after a ${opts.warmup} s warm-up. Every client receives every
message. "Ashar" is a real API instance in its own process: JWT handshake, payload validation, per-event
authorization, a PostgreSQL transaction that assigns the room's \`seq\`, then the broadcast (embedded
PostgreSQL, fsync off, as in tests). "Ceiling" is a bare socket.io server that rebroadcasts what it is
sent, with the same clients and load. Latency is from the sender's emit to each client's receipt.

| server | messages sent | deliveries expected | delivered | delivered msg/s | p50 ms | p95 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    ({ name, r, p50, p95, p99 }) =>
      `| ${name} | ${r.sent}${r.failedSends ? ` (+${r.failedSends} failed)` : ''} | ${r.expected} | ${r.delivered} | ${r.deliveredPerSecond.toFixed(0)} | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} |`,
  )
  .join('\n')}

Ashar / ceiling: delivered throughput **${ratio(ours.r.deliveredPerSecond, ceiling.r.deliveredPerSecond)}**,
p50 latency ${ratio(ours.p50, ceiling.p50)}×, p95 latency ${ratio(ours.p95, ceiling.p95)}×. Targets on 2 cores: p95 under
100 ms at the default load; delivered throughput at least 0.8 of the ceiling.
`;
  await writeBenchmarkSection('rooms', markdown);
  process.stdout.write(markdown);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
