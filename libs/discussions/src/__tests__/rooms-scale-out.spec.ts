import { randomUUID } from 'node:crypto';
import type { Socket as TcpSocket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Role } from '@ashar/accounts';
import { ConfigModule, type AppConfig } from '@ashar/config';
import { DatabaseModule, freePort } from '@ashar/database';
import { GraphqlApiModule } from '@ashar/transport';
import { findRedis, startRedis, startTestApp, testConfig, type TestApp } from '@ashar/transport/testing';
import { DataSource } from 'typeorm';
import type { Socket } from 'socket.io-client';
import { DiscussionsModule } from '../discussions.module';
import { RoomRedisAdapter } from '../room-redis-adapter';
import { RoomService } from '../room.service';
import { RoomScope, RoomVisibility } from '../room-kinds';
import { ack, connect, next, person, send, type Person, type WireMessage } from './room-test-kit';

/** A second API instance on the same database, composed exactly like the first. */
async function startInstance(databaseUrl: string, config: AppConfig): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ url: databaseUrl, runMigrations: false, poolSize: 5 }),
      GraphqlApiModule.forRoot(),
      DiscussionsModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

const urlOf = (app: INestApplication) =>
  `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

describe('rooms across several API instances joined through Redis', () => {
  let redis: Awaited<ReturnType<typeof findRedis>>;
  let a: TestApp;
  let b: INestApplication;
  let speaker: Person;
  let listener: Person;
  let coordinator: Person;
  const connectionsToA = new Set<TcpSocket>();
  const sockets: Socket[] = [];

  beforeAll(async () => {
    redis = await findRedis();
    if (!redis.url) return;
    // Send budgets are shared through Redis too: one speaker's 30-odd sends across both instances fit.
    const shared = {
      redisUrl: redis.url,
      roomRedisChannel: `ashar-test-${randomUUID()}`,
      roomLimits: { sendsPerWindow: 1000, typingPerWindow: 1000, windowSeconds: 10 },
    };
    a = await startTestApp([DiscussionsModule], shared);
    a.app.getHttpServer().on('connection', (socket: TcpSocket) => connectionsToA.add(socket));
    b = await startInstance(a.db.url, testConfig(shared));
    coordinator = await person(a.app, 'Rosa', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'PE' }]);
    speaker = await person(a.app, 'Speaker');
    listener = await person(a.app, 'Listener');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  async function client(url: string, who: Person): Promise<Socket> {
    const socket = await connect(url, { token: who.token });
    sockets.push(socket);
    return socket;
  }

  async function room(visibility = RoomVisibility.MEMBERS) {
    const rooms = a.app.get(RoomService);
    const created = await rooms.createRoom(
      coordinator.user,
      {
        scope: RoomScope.COUNTRY,
        countryCode: 'PE',
        visibility,
        originalLocale: 'es',
      },
      'es',
    );
    const thread = await rooms.createThread(coordinator.user, {
      roomId: created.id,
      title: 'Ferias de semillas',
    });
    return { roomId: created.id, threadId: thread.id };
  }

  it('delivers a message sent to instance A to a client connected to instance B, and back', async () => {
    if (!redis.url) {
      console.warn(`Skipped the cross-instance test: ${redis.reason}.`);
      return;
    }
    const { roomId, threadId } = await room();
    const onA = await client(a.url, speaker);
    const onB = await client(urlOf(b), listener);
    await ack(onA, 'room:join', { roomId });
    const joined = await ack(onB, 'room:join', { roomId });
    expect((joined.present as { id: string }[]).map((p) => p.id).sort()).toEqual(
      [speaker.user.id, listener.user.id].sort(),
    );

    const toB = next<WireMessage>(onB, 'message:new');
    const sent = await send(onA, roomId, threadId, '¿Quién viene a la feria?');
    expect(await toB).toEqual(sent.message);
    const toA = next<WireMessage>(onA, 'message:new');
    const reply = await send(onB, roomId, threadId, 'Nosotros, desde Cusco.');
    expect(await toA).toEqual(reply.message);
  });

  it('removes sockets that may no longer read a room from it on every instance, and keeps the others', async () => {
    if (!redis.url) {
      console.warn(`Skipped the cross-instance eviction test: ${redis.reason}.`);
      return;
    }
    const { roomId, threadId } = await room();
    const db = a.app.get(DataSource);
    await db.query(`UPDATE room SET visibility = 'PUBLIC' WHERE id = $1`, [roomId]);
    const onA = await client(a.url, speaker);
    const onB = await client(urlOf(b), listener);
    const guestOnB = await connect(urlOf(b));
    sockets.push(guestOnB);
    for (const socket of [onA, onB, guestOnB])
      expect((await ack(socket, 'room:join', { roomId })).ok).toBe(true);
    const toGuest: unknown[] = [];
    guestOnB.on('message:new', (message) => toGuest.push(message));

    // The room becomes members-only; instance A asks every instance who is in it and removes the guest.
    await db.query(`UPDATE room SET visibility = 'MEMBERS' WHERE id = $1`, [roomId]);
    await a.app.get(RoomService).evictNonReaders(roomId);

    const toB = next<WireMessage>(onB, 'message:new');
    const sent = await send(onA, roomId, threadId, 'Solo para miembros');
    expect(await toB).toEqual(sent.message);
    expect((await ack(guestOnB, 'room:join', { roomId })).error?.code).toBe('UNAUTHENTICATED');
    expect(toGuest).toEqual([]);
  });

  it('takes a revoked coordinator’s sockets on another instance out of the rooms they may no longer read', async () => {
    if (!redis.url) {
      console.warn(`Skipped the cross-instance revocation test: ${redis.reason}.`);
      return;
    }
    const admin = await person(a.app, 'Admin', [{ role: Role.ADMIN, countryCode: null }]);
    const deputy = await person(a.app, 'Deputy', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'PE' }]);
    const closed = await room(RoomVisibility.PRIVATE);
    const open = await room();
    const onB = await client(urlOf(b), deputy);
    for (const roomId of [closed.roomId, open.roomId])
      expect((await ack(onB, 'room:join', { roomId })).ok).toBe(true);
    expect((await send(onB, closed.roomId, closed.threadId, 'como coordinadora')).ok).toBe(true);
    const seen: WireMessage[] = [];
    onB.on('message:new', (message: WireMessage) => seen.push(message));

    // Revoked through instance A: the socket on B leaves the private room and reads its roles again.
    const revoked = await a.gql(
      `mutation ($input: RoleGrantInput!) { revokeRole(input: $input) { id } }`,
      { input: { userId: deputy.user.id, role: 'NATIONAL_COORDINATOR', countryCode: 'PE' } },
      { token: admin.token },
    );
    expect(revoked.errors).toBeUndefined();
    expect((await send(onB, closed.roomId, closed.threadId, '¿todavía?')).error?.code).toBe('FORBIDDEN');

    const onA = await client(a.url, coordinator);
    expect((await send(onA, closed.roomId, closed.threadId, 'solo coordinación')).ok).toBe(true);
    const marker = next<WireMessage>(onB, 'message:new', (m) => m.body === 'para miembros');
    expect((await send(onA, open.roomId, open.threadId, 'para miembros')).ok).toBe(true);
    await marker;
    expect(seen.map((m) => m.body)).toEqual(['para miembros']);
  });

  it('disconnects a person’s sockets on every instance when they sign out everywhere', async () => {
    if (!redis.url) {
      console.warn(`Skipped the cross-instance sign-out test: ${redis.reason}.`);
      return;
    }
    const leaving = await person(a.app, 'Leaving');
    const onA = await client(a.url, leaving);
    const onB = await client(urlOf(b), leaving);
    const untouched = await client(urlOf(b), listener);
    const closed = [onA, onB].map(
      (socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)),
    );
    const out = await a.gql(`mutation { signOutEverywhere }`, {}, { token: leaving.token });
    expect(out).toEqual({ data: { signOutEverywhere: true } });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(untouched.connected).toBe(true);
  });

  it('loses no committed message when an instance dies mid-conversation and its clients reconnect to the other', async () => {
    if (!redis.url) {
      console.warn(`Skipped the instance-failure test: ${redis.reason}.`);
      return;
    }
    const { roomId, threadId } = await room();
    let talker = await client(a.url, speaker);
    let reader = await client(a.url, listener);
    await ack(talker, 'room:join', { roomId });
    await ack(reader, 'room:join', { roomId });
    const seenByReader = new Map<string, WireMessage>();
    const watch = (socket: Socket) => socket.on('message:new', (m: WireMessage) => seenByReader.set(m.id, m));
    watch(reader);

    const clientIds = Array.from({ length: 30 }, (_, i) => `talk-${i}`);
    const acked = new Map<string, WireMessage>();
    let killed = false;
    for (const [index, clientId] of clientIds.entries()) {
      const attempt = send(talker, roomId, threadId, `message ${index}`, clientId).catch(() => undefined);
      if (index === 12 && !killed) {
        // Cut A off while this send is in flight: its TCP connections, its HTTP server, its Redis link.
        killed = true;
        for (const socket of connectionsToA) socket.destroy();
        a.app.getHttpServer().close();
        await a.app.get(RoomRedisAdapter).close();
      }
      let result = await attempt;
      if (!result?.ok) {
        // The client does not know whether A stored it: it reconnects to B and sends the same clientId.
        if (!talker.connected) {
          talker = await client(urlOf(b), speaker);
          await ack(talker, 'room:join', { roomId });
        }
        result = await send(talker, roomId, threadId, `message ${index}`, clientId);
      }
      expect(result.ok).toBe(true);
      acked.set(clientId, result.message as WireMessage);
    }
    expect(killed).toBe(true);

    // The reader lost A too; it resumes on B from the last seq it saw without a gap.
    const seqs = [...seenByReader.values()].map((m) => m.seq).sort((x, y) => x - y);
    let contiguous = 0;
    while (seqs.includes(contiguous + 1)) contiguous++;
    reader = await client(urlOf(b), listener);
    const resumed = await ack(reader, 'room:join', { roomId, sinceSeq: contiguous });
    for (const message of resumed.messages as WireMessage[]) seenByReader.set(message.id, message);

    const everything = [...seenByReader.values()].sort((x, y) => x.seq - y.seq);
    expect(everything.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(everything.map((m) => m.clientId).sort()).toEqual([...clientIds].sort());
    expect(new Set([...acked.values()].map((m) => m.id))).toEqual(new Set(everything.map((m) => m.id)));
    const [{ count }] = await b
      .get(DataSource)
      .query(`SELECT count(*)::int AS count FROM room_message WHERE room_id = $1`, [roomId]);
    expect(count).toBe(30);
  });
});

describe('rooms configured for Redis while Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Port 1 on this machine: nothing listens, so every Redis command fails.
    t = await startTestApp([DiscussionsModule], { redisUrl: 'redis://127.0.0.1:1' });
  });
  afterAll(() => t?.close());

  it('still answers a grant and a revoke (the other instances cannot be told)', async () => {
    const admin = await person(t.app, 'Admin', [{ role: Role.ADMIN, countryCode: null }]);
    const deputy = await person(t.app, 'Deputy');
    const input = { userId: deputy.user.id, role: 'NATIONAL_COORDINATOR', countryCode: 'PE' };
    for (const mutation of ['grantRole', 'revokeRole']) {
      const result = await t.gql(
        `mutation ($input: RoleGrantInput!) { ${mutation}(input: $input) { id } }`,
        { input },
        { token: admin.token },
      );
      expect({ mutation, errors: result.errors }).toEqual({ mutation, errors: undefined });
    }
  }, 20_000);
});

describe('rooms across instances that start before Redis does', () => {
  let a: TestApp | undefined;
  let b: INestApplication | undefined;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('join each other once Redis answers (as when a container starts before Redis listens)', async () => {
    const port = await freePort();
    const shared = { redisUrl: `redis://127.0.0.1:${port}`, roomRedisChannel: `ashar-test-${randomUUID()}` };
    a = await startTestApp([DiscussionsModule], shared);
    b = await startInstance(a.db.url, testConfig(shared));
    // Nothing listens yet: the adapters' first subscriptions fail (ioredis gives a command up after
    // three reconnection attempts, about 0.3 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    redis = await startRedis(port);
    if (!redis.url) {
      console.warn(`Skipped the late-Redis test: ${redis.reason}.`);
      return;
    }
    const coordinator = await person(a.app, 'Rosa', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'PE' }]);
    const listener = await person(a.app, 'Listener');
    const rooms = a.app.get(RoomService);
    const created = await rooms.createRoom(
      coordinator.user,
      {
        scope: RoomScope.COUNTRY,
        countryCode: 'PE',
        visibility: RoomVisibility.PUBLIC,
        originalLocale: 'es',
      },
      'es',
    );
    const thread = await rooms.createThread(coordinator.user, { roomId: created.id, title: 'Tarde' });
    const onA = await connect(a.url, { token: coordinator.token });
    const onB = await connect(urlOf(b), { token: listener.token });
    sockets.push(onA, onB);
    await ack(onA, 'room:join', { roomId: created.id });
    await ack(onB, 'room:join', { roomId: created.id });
    const received: WireMessage[] = [];
    onB.on('message:new', (message: WireMessage) => received.push(message));
    // Once the clients are back, a message through A reaches B: send until one does (bounded).
    for (let attempt = 0; attempt < 40 && received.length === 0; attempt++) {
      await send(onA, created.id, thread.id, `intento ${attempt}`, `late-${attempt}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(received.length).toBeGreaterThan(0);
  }, 30_000);
});
