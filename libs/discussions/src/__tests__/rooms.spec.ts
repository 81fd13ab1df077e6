import { randomUUID } from 'node:crypto';
import { Role } from '@ashar/accounts';
import { MIGRATIONS } from '@ashar/database';
import { CaseStudyImportService } from '@ashar/knowledge';
import { waitForMailFile } from '@ashar/mail/testing';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { DiscussionsModule } from '../discussions.module';
import { RoomScope, RoomVisibility } from '../room-kinds';
import { RoomRateLimiter } from '../room-rate-limiter';
import { RoomScopeRegistry } from '../room-scope-registry';
import { RoomService } from '../room.service';
import {
  ack,
  collect,
  connect,
  next,
  person,
  send,
  type Ack,
  type Person,
  type WireMessage,
} from './room-test-kit';

const CREATE_ROOM = `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id title visibility canModerate } }`;
const CREATE_THREAD = `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`;

describe('discussion rooms over socket.io and GraphQL', () => {
  let t: TestApp;
  let coordinator: Person;
  let alice: Person;
  let bob: Person;
  let outsider: Person;
  const sockets: Socket[] = [];

  async function client(who?: Person, lang?: string): Promise<Socket> {
    const socket = await connect(t.url, { token: who?.token, lang });
    sockets.push(socket);
    return socket;
  }

  async function room(visibility: string, by: Person = coordinator, extra: Record<string, unknown> = {}) {
    const created = await t.gql<{ createRoom: { id: string } }>(
      CREATE_ROOM,
      { input: { scope: 'COUNTRY', countryCode: 'KG', visibility, originalLocale: 'ru', ...extra } },
      { token: by.token },
    );
    expect(created.errors).toBeUndefined();
    const roomId = created.data!.createRoom.id;
    const thread = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Water committees' } },
      { token: by.token },
    );
    expect(thread.errors).toBeUndefined();
    return { roomId, threadId: thread.data!.createThread.id };
  }

  /** Opens a published case study's room as Alice, with one thread in it. */
  async function caseStudyRoom(slug: string) {
    const opened = await t.gql<{ roomForScope: { id: string } }>(
      `mutation ($key: String!) { roomForScope(scope: CASE_STUDY, key: $key) { id } }`,
      { key: slug },
      { token: alice.token },
    );
    const roomId = opened.data!.roomForScope.id;
    const thread = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Maintenance' } },
      { token: alice.token },
    );
    expect(thread.errors).toBeUndefined();
    return { roomId, threadId: thread.data!.createThread.id };
  }

  beforeAll(async () => {
    t = await startTestApp([DiscussionsModule], {
      roomLimits: { sendsPerWindow: 60, typingPerWindow: 3, windowSeconds: 60 },
    });
    coordinator = await person(t.app, 'Nurlan', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }]);
    alice = await person(t.app, 'Alice');
    bob = await person(t.app, 'Bob');
    outsider = await person(t.app, 'Oscar');
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  it('lets two clients see each other’s messages, stored before they are told', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    const b = await client(bob);
    expect((await ack(a, 'room:join', { roomId })).ok).toBe(true);
    const joined = await ack(b, 'room:join', { roomId });
    expect(joined).toMatchObject({ ok: true, messages: [], hasMore: false });
    expect((joined.present as { id: string }[]).map((p) => p.id).sort()).toEqual(
      [alice.user.id, bob.user.id].sort(),
    );

    const arriving = next<WireMessage>(b, 'message:new');
    const sent = await send(a, roomId, threadId, 'Salam from **Ak-Suu**');
    expect(sent.ok).toBe(true);
    const received = await arriving;
    expect(received).toEqual(sent.message);
    expect(received).toMatchObject({ seq: 1, author: { id: alice.user.id }, edited: false, deleted: false });
    expect(received.bodyHtml).toContain('<strong>Ak-Suu</strong>');

    const back = next<WireMessage>(a, 'message:new');
    expect((await send(b, roomId, threadId, 'Привет!')).ok).toBe(true);
    expect(await back).toMatchObject({ seq: 2, body: 'Привет!', author: { id: bob.user.id } });

    const stored = await t.gql<{ messages: { seq: number; body: string }[] }>(
      `query ($threadId: ID!) { messages(threadId: $threadId) { seq body } }`,
      { threadId },
      { token: alice.token },
    );
    expect(stored.data?.messages).toEqual([
      { seq: 1, body: 'Salam from **Ak-Suu**' },
      { seq: 2, body: 'Привет!' },
    ]);
  });

  it('resumes a reconnecting client from its last seq: exactly what it missed, in order', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    const b = await client(bob);
    await ack(a, 'room:join', { roomId });
    await ack(b, 'room:join', { roomId });
    const seenByB = collect<WireMessage>(b, 'message:new');
    for (let i = 1; i <= 3; i++) expect((await send(a, roomId, threadId, `before ${i}`)).ok).toBe(true);
    await next(b, 'message:new', (m: WireMessage) => m.seq === 3).catch(() => undefined);
    const lastSeen = Math.max(...seenByB.map((m) => m.seq));
    expect(lastSeen).toBe(3);
    b.close();

    for (let i = 1; i <= 5; i++) expect((await send(a, roomId, threadId, `missed ${i}`)).ok).toBe(true);

    const again = await client(bob);
    const rejoined = await ack(again, 'room:join', { roomId, sinceSeq: lastSeen });
    const missed = rejoined.messages as WireMessage[];
    expect(missed.map((m) => m.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(missed.map((m) => m.body)).toEqual(['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5']);

    // Many missed messages come in pages: ask again from the last one received.
    const first = await ack(again, 'room:join', { roomId, sinceSeq: 0, limit: 5 });
    expect((first.messages as WireMessage[]).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(first.hasMore).toBe(true);
    const rest = await ack(again, 'room:join', { roomId, sinceSeq: 5, limit: 5 });
    expect((rest.messages as WireMessage[]).map((m) => m.seq)).toEqual([6, 7, 8]);
    expect(rest.hasMore).toBe(false);
  });

  it('returns the stored message for a repeated clientId and broadcasts nothing new', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    const b = await client(bob);
    await ack(a, 'room:join', { roomId });
    await ack(b, 'room:join', { roomId });
    const seenByB = collect<WireMessage>(b, 'message:new');
    const clientId = `c-${randomUUID()}`;
    const first = await send(a, roomId, threadId, 'only once', clientId);
    const second = await send(a, roomId, threadId, 'only once', clientId);
    const [third, fourth] = await Promise.all([
      send(a, roomId, threadId, 'only once', clientId),
      send(a, roomId, threadId, 'only once', clientId),
    ]);
    const overGraphql = await t.gql<{ postMessage: { id: string; seq: number } }>(
      `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id seq } }`,
      { input: { roomId, threadId, body: 'only once', clientId } },
      { token: alice.token },
    );
    const id = (first.message as WireMessage).id;
    expect(first.duplicate).toBe(false);
    expect(second).toMatchObject({ ok: true, duplicate: true, message: { id, seq: 1 } });
    expect([third, fourth].map((r) => (r.message as WireMessage).id)).toEqual([id, id]);
    expect(overGraphql.data?.postMessage).toEqual({ id, seq: 1 });

    // A later message arrives with the next seq, and is the only other thing b was told.
    expect((await send(a, roomId, threadId, 'marker')).ok).toBe(true);
    await next(b, 'message:new', (m: WireMessage) => m.body === 'marker').catch(() => undefined);
    expect(seenByB.map((m) => [m.seq, m.body])).toEqual([
      [1, 'only once'],
      [2, 'marker'],
    ]);
  });

  it('refuses joins and sends in a private room to the uninvited and to guests, in their language', async () => {
    const { roomId, threadId } = await room('PRIVATE');
    const stranger = await client(outsider, 'ru');
    const refused = await ack(stranger, 'room:join', { roomId });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Это закрытая комната: входить могут только приглашённые участники.',
      },
    });
    const sent = await send(stranger, roomId, threadId, 'let me in');
    expect(sent.error?.code).toBe('FORBIDDEN');
    const guest = await client(undefined, 'es');
    const asGuest = await ack(guest, 'room:join', { roomId });
    expect(asGuest.error).toEqual({ code: 'UNAUTHENTICATED', message: 'Inicie sesión para leer esta sala.' });
    expect((await send(guest, roomId, threadId, 'hola')).error?.code).toBe('UNAUTHENTICATED');

    const invited = await t.gql(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
      { input: { roomId, userId: alice.user.id } },
      { token: coordinator.token },
    );
    expect(invited.errors).toBeUndefined();
    const a = await client(alice);
    expect((await ack(a, 'room:join', { roomId })).ok).toBe(true);
    expect((await send(a, roomId, threadId, 'thanks for the invitation')).ok).toBe(true);

    const listed = await t.gql<{ rooms: { edges: { node: { id: string } }[] } }>(
      `{ rooms(first: 100) { edges { node { id } } } }`,
      {},
      { token: outsider.token },
    );
    expect(listed.data?.rooms.edges.map((e) => e.node.id)).not.toContain(roomId);
    expect(
      (await t.gql(`query ($id: ID!) { room(id: $id) { id } }`, { id: roomId }, { token: outsider.token }))
        .errors?.[0].extensions.code,
    ).toBe('FORBIDDEN');
    const messages = await t.gql(`query ($id: ID!) { messages(threadId: $id) { id } }`, { id: threadId });
    expect(messages.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('tells the room that someone came or went once, however many tabs they have open', async () => {
    const { roomId } = await room('MEMBERS');
    const watcher = await client(bob);
    await ack(watcher, 'room:join', { roomId });
    const seen = collect<{ joined?: { id: string }; left?: { id: string } }>(watcher, 'presence');
    const first = await client(alice);
    const second = await client(alice);
    await ack(first, 'room:join', { roomId });
    await ack(second, 'room:join', { roomId });
    second.close();
    // A later arrival's news, and a moment more: a wrong "left" for Alice would have come by then.
    const arrived = next<{ joined?: { id: string } }>(
      watcher,
      'presence',
      (event) => event.joined?.id === coordinator.user.id,
    );
    const carol = await client(coordinator);
    await ack(carol, 'room:join', { roomId });
    await arrived;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.filter((event) => event.joined?.id === alice.user.id)).toHaveLength(1);
    expect(seen.filter((event) => event.left?.id === alice.user.id)).toHaveLength(0);
    const gone = next<{ left?: { id: string } }>(
      watcher,
      'presence',
      (event) => event.left?.id === alice.user.id,
    );
    first.close();
    expect((await gone).left?.id).toBe(alice.user.id);
  });

  it('refuses a banned member at join and on every later event, and stops telling them', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const b = await client(bob);
    const a = await client(alice);
    await ack(b, 'room:join', { roomId });
    await ack(a, 'room:join', { roomId });
    const seenByBanned = collect<WireMessage>(b, 'message:new');
    // The banned person's page is told at once, and the others see them leave.
    const removed = next<{ roomId: string }>(b, 'removed');
    const left = next<{ roomId: string; left?: { id: string } }>(a, 'presence', (event) => !!event.left);

    const banned = await t.gql<{ banMember: { banned: boolean } }>(
      `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
      { input: { roomId, userId: bob.user.id } },
      { token: coordinator.token },
    );
    expect(banned.data?.banMember.banned).toBe(true);
    expect(await removed).toEqual({ roomId });
    expect(await left).toEqual({ roomId, left: { id: bob.user.id, displayName: bob.user.displayName } });

    // Already joined, but the next send is checked again.
    const sent = await send(b, roomId, threadId, 'still here?');
    expect(sent.error).toEqual({ code: 'FORBIDDEN', message: 'You have been banned from this room.' });
    expect((await ack(b, 'room:join', { roomId })).error?.code).toBe('FORBIDDEN');
    expect((await ack(b, 'typing', { roomId, threadId })).error?.code).toBe('BAD_USER_INPUT');

    const host = await client(coordinator);
    await ack(host, 'room:join', { roomId });
    const toHost = next<WireMessage>(host, 'message:new');
    expect((await send(a, roomId, threadId, 'after the ban')).ok).toBe(true);
    await toHost; // the broadcast has gone out to everyone still in the room
    const rejoined = await ack(a, 'room:join', { roomId, sinceSeq: 0 });
    expect((rejoined.messages as WireMessage[]).map((m) => m.body)).toEqual(['after the ban']);
    expect(seenByBanned).toEqual([]);

    // Lifting the ban tells the member's pages, which join again and read what they missed.
    const restored = next<{ roomId: string }>(b, 'restored');
    const lifted = await t.gql(
      `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
      { input: { roomId, userId: bob.user.id, banned: false } },
      { token: coordinator.token },
    );
    expect(lifted.data).toEqual({ banMember: { banned: false } });
    expect(await restored).toEqual({ roomId });
    const rejoinedAfter = await ack(b, 'room:join', { roomId, sinceSeq: 0 });
    expect((rejoinedAfter.messages as WireMessage[]).map((m) => m.body)).toEqual(['after the ban']);

    // A banned member cannot ban back, and the coordinator cannot be banned.
    const back = await t.gql(
      `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
      { input: { roomId, userId: coordinator.user.id } },
      { token: alice.token },
    );
    expect(back.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lets a message sent as its sender is banned land before the ban or not at all', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const b = await client(bob);
    expect((await send(b, roomId, threadId, 'first')).ok).toBe(true);
    // The ban commits after the send was checked and before it is written (the rate limiter is the
    // step in between; it still counts the send).
    const limiter = t.app.get(RoomRateLimiter);
    const hit = limiter.hit.bind(limiter);
    jest.spyOn(limiter, 'hit').mockImplementationOnce(async (...args) => {
      const banned = await t.gql(
        `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
        { input: { roomId, userId: bob.user.id } },
        { token: coordinator.token },
      );
      expect(banned.errors).toBeUndefined();
      return hit(...args);
    });
    const sent = await send(b, roomId, threadId, 'sent as the ban lands');
    expect(sent.error).toEqual({ code: 'FORBIDDEN', message: 'You have been banned from this room.' });
    const [state] = await t.app
      .get(DataSource)
      .query(
        `SELECT r.last_seq, t.message_count FROM room r JOIN room_thread t ON t.room_id = r.id WHERE t.id = $1`,
        [threadId],
      );
    expect([Number(state.last_seq), state.message_count]).toEqual([1, 1]);
    const host = await client(coordinator);
    const joined = await ack(host, 'room:join', { roomId, sinceSeq: 0 });
    expect((joined.messages as WireMessage[]).map((m) => m.body)).toEqual(['first']);
  });

  it('lets an edit or a reaction sent as its sender is banned land before the ban or not at all', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const b = await client(bob);
    const sent = await send(b, roomId, threadId, 'first draft');
    expect(sent.ok).toBe(true);
    const messageId = (sent.message as WireMessage).id;
    // The ban commits after the write's rules were checked on what was read, before it is written.
    const rooms = t.app.get(RoomService);
    const read = rooms.postingContext.bind(rooms);
    const banAfterReading = () =>
      jest.spyOn(rooms, 'postingContext').mockImplementationOnce(async (...args) => {
        const context = await read(...args);
        const banned = await t.gql(
          `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
          { input: { roomId, userId: bob.user.id } },
          { token: coordinator.token },
        );
        expect(banned.errors).toBeUndefined();
        return context;
      });
    const unban = async () =>
      expect(
        (
          await t.gql(
            `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
            { input: { roomId, userId: bob.user.id, banned: false } },
            { token: coordinator.token },
          )
        ).errors,
      ).toBeUndefined();

    banAfterReading();
    const edited = await t.gql(
      `mutation ($input: EditMessageInput!) { editMessage(input: $input) { body } }`,
      { input: { messageId, body: 'edited as the ban lands' } },
      { token: bob.token },
    );
    expect(edited.errors?.[0].extensions.code).toBe('FORBIDDEN');
    await unban();
    banAfterReading();
    const reacted = await t.gql(
      `mutation ($input: ReactionInput!) { toggleReaction(input: $input) { emoji } }`,
      { input: { messageId, emoji: '👍' } },
      { token: bob.token },
    );
    expect(reacted.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const db = t.app.get(DataSource);
    const [message] = await db.query(`SELECT body, edited_at FROM room_message WHERE id = $1`, [messageId]);
    expect(message).toEqual({ body: 'first draft', edited_at: null });
    const [{ versions, reactions }] = await db.query(
      `SELECT (SELECT count(*)::int FROM room_message_version WHERE message_id = $1) AS versions,
              (SELECT count(*)::int FROM room_message_reaction WHERE message_id = $1) AS reactions`,
      [messageId],
    );
    expect({ versions, reactions }).toEqual({ versions: 0, reactions: 0 });
  });

  it('keeps muted members, locked threads and fast senders from posting', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const b = await client(bob, 'nl');
    const written = await send(b, roomId, threadId, 'before the mute');
    const mute = (minutes: number) =>
      t.gql<{ muteMember: { mutedUntil: string | null } }>(
        `mutation ($input: MuteMemberInput!) { muteMember(input: $input) { mutedUntil } }`,
        { input: { roomId, userId: bob.user.id, minutes } },
        { token: coordinator.token },
      );
    // Their open page is told at once, with the mute's end.
    const told = next<{ roomId: string; until: string | null }>(b, 'muted');
    const muted = await mute(30);
    expect(muted.errors).toBeUndefined();
    expect(await told).toEqual({ roomId, until: muted.data?.muteMember.mutedUntil });
    const standing = `query ($id: ID!) { room(id: $id) { canPost myMutedUntil } }`;
    expect((await t.gql(standing, { id: roomId }, { token: bob.token })).data).toEqual({
      room: { canPost: false, myMutedUntil: muted.data?.muteMember.mutedUntil },
    });
    // The time as Dutch writes a date ("3 dec 2026, 14:02"), in UTC, which it names.
    expect((await send(b, roomId, threadId, 'hello')).error?.message).toMatch(
      /^U kunt in deze ruimte niet schrijven tot \d{1,2} \S+ \d{4},? \d{2}:\d{2} UTC\.$/,
    );
    // Deleting their own message is refused for the same reason, and says so.
    const removal = await ack(b, 'message:delete', { messageId: (written.message as WireMessage).id });
    expect(removal.error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^U kunt in deze ruimte niet schrijven tot/),
    });
    // Lifting the mute is told too, and they write again.
    const lifted = next<{ roomId: string; until: string | null }>(b, 'muted');
    expect((await mute(0)).data).toEqual({ muteMember: { mutedUntil: null } });
    expect(await lifted).toEqual({ roomId, until: null });
    expect((await t.gql(standing, { id: roomId }, { token: bob.token })).data).toEqual({
      room: { canPost: true, myMutedUntil: null },
    });
    expect((await send(b, roomId, threadId, 'thanks')).ok).toBe(true);

    // Those in the room are told at once, so that their pages take the message box away.
    expect((await ack(b, 'room:join', { roomId })).ok).toBe(true);
    const lockTold = next<{ roomId: string; threadId: string }>(b, 'thread:changed');
    const locked = await t.gql(
      `mutation ($id: ID!) { lockThread(threadId: $id) { locked } }`,
      { id: threadId },
      { token: coordinator.token },
    );
    expect(locked.data).toEqual({ lockThread: { locked: true } });
    expect(await lockTold).toEqual({ roomId, threadId });
    const a = await client(alice);
    expect((await send(a, roomId, threadId, 'closed?')).error?.code).toBe('FORBIDDEN');
    // Moderators still may.
    const host = await client(coordinator);
    expect((await send(host, roomId, threadId, 'Тема закрыта, спасибо всем.')).ok).toBe(true);

    const fast = await person(t.app, 'Speedy');
    const speedy = await client(fast, 'ru');
    const open = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Open thread' } },
      { token: fast.token },
    );
    const results = [];
    for (let i = 0; i < 62; i++)
      results.push(await send(speedy, roomId, open.data!.createThread.id, `message ${i}`));
    // 60 a window, the thread started above among them.
    expect(results.filter((r) => r.ok)).toHaveLength(59);
    const limited = results[61];
    expect(limited.error?.code).toBe('RATE_LIMITED');
    expect(limited.error?.message).toMatch(/^Вы отправляете слишком часто/);
    // Edits, reactions and new threads draw on the same budget: each is broadcast to the room.
    const earlier = results[0].message as { id: string };
    expect((await ack(speedy, 'message:edit', { messageId: earlier.id, body: 'edited' })).error?.code).toBe(
      'RATE_LIMITED',
    );
    expect((await ack(speedy, 'reaction:toggle', { messageId: earlier.id, emoji: '👍' })).error?.code).toBe(
      'RATE_LIMITED',
    );
    const another = await t.gql(CREATE_THREAD, { input: { roomId, title: 'Spam' } }, { token: fast.token });
    expect(another.errors?.[0].extensions.code).toBe('RATE_LIMITED');

    const typingLimited = [];
    await ack(speedy, 'room:join', { roomId });
    const openId = open.data!.createThread.id;
    for (let i = 0; i < 4; i++) typingLimited.push(await ack(speedy, 'typing', { roomId, threadId: openId }));
    expect(typingLimited.map((r) => r.ok)).toEqual([true, true, true, false]);
  });

  it('treats reacting and typing as speaking (refused when muted or in a locked thread), but not reading', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const sam = await person(t.app, 'Sam');
    const mira = await person(t.app, 'Mira');
    const a = await client(sam);
    const b = await client(mira, 'nl');
    const host = await client(coordinator);
    for (const socket of [a, b, host]) expect((await ack(socket, 'room:join', { roomId })).ok).toBe(true);
    const message = (await send(a, roomId, threadId, 'Budget for the pump')).message as WireMessage;
    const open = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Still open' } },
      { token: coordinator.token },
    );
    const openId = open.data!.createThread.id;
    const typedToHost = collect<{ person: { id: string } }>(host, 'typing');

    // A muted member neither reacts nor is announced as typing; they may still mark the room read.
    await t.gql(
      `mutation ($input: MuteMemberInput!) { muteMember(input: $input) { mutedUntil } }`,
      { input: { roomId, userId: mira.user.id, minutes: 30 } },
      { token: coordinator.token },
    );
    const mutedReaction = await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👍' });
    expect(mutedReaction.error?.code).toBe('FORBIDDEN');
    expect(mutedReaction.error?.message).toMatch(/^U kunt in deze ruimte niet schrijven tot/);
    expect((await ack(b, 'typing', { roomId, threadId: openId })).error?.code).toBe('FORBIDDEN');
    expect((await ack(b, 'typing', { roomId })).error?.code).toBe('FORBIDDEN');
    const read = await t.gql<{ markRead: { unreadCount: number } }>(
      `mutation ($id: ID!) { markRead(roomId: $id, seq: 1) { unreadCount } }`,
      { id: roomId },
      { token: mira.token },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.markRead.unreadCount).toBe(0);

    // In a locked thread, an unmuted member neither reacts nor types; moderators still do.
    await t.gql(
      `mutation ($id: ID!) { lockThread(threadId: $id) { locked } }`,
      { id: threadId },
      { token: coordinator.token },
    );
    const lockedReaction = await t.gql(
      `mutation ($input: ReactionInput!) { toggleReaction(input: $input) { emoji } }`,
      { input: { messageId: message.id, emoji: '🎉' } },
      { token: sam.token },
    );
    expect(lockedReaction.errors?.[0]).toMatchObject({
      message: 'This thread is locked: no new messages can be posted.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await ack(a, 'typing', { roomId, threadId })).error?.code).toBe('FORBIDDEN');
    expect((await ack(host, 'reaction:toggle', { messageId: message.id, emoji: '🎉' })).ok).toBe(true);
    // A thread of another room is not this room's.
    const elsewhere = await room('MEMBERS');
    expect((await ack(a, 'typing', { roomId, threadId: elsewhere.threadId })).error?.code).toBe('NOT_FOUND');

    // Only allowed typing is broadcast: the host sees Sam typing in the open thread, nothing else.
    const announced = next<{ person: { id: string }; threadId: string }>(host, 'typing');
    expect((await ack(a, 'typing', { roomId, threadId: openId })).ok).toBe(true);
    expect(await announced).toMatchObject({ person: { id: sam.user.id }, threadId: openId });
    expect(typedToHost.map((e) => e.person.id)).toEqual([sam.user.id]);
  });

  it('answers malformed and unknown events with an error ack, without disturbing anyone else', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const a = await client(alice);
    const b = await client(bob);
    await ack(b, 'room:join', { roomId });

    expect((await ack(a, 'room:explode', { roomId })).error).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'The server does not know the event "room:explode".',
    });
    a.emit('no:ack', { whatever: true }); // dropped: nothing to answer to
    for (const payload of [null, 'text', 42, [roomId], { roomId: 'not-a-uuid' }, { roomId, body: {} }]) {
      const answer = await ack(a, 'message:send', payload);
      expect(answer.ok).toBe(false);
      expect(answer.error?.code).toBe('BAD_USER_INPUT');
    }
    const missingFields = await ack(a, 'message:send', { roomId, threadId });
    expect([...new Set(missingFields.error?.fields?.map((f) => f.path))].sort()).toEqual([
      'body',
      'clientId',
    ]);
    expect((await ack(a, 'room:join')).error?.code).toBe('BAD_USER_INPUT');
    expect((await ack(a, 'room:join', { roomId: randomUUID() })).error?.code).toBe('NOT_FOUND');
    const huge = await send(a, roomId, threadId, 'x'.repeat(10_001));
    expect(huge.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'A message may be at most 10,000 characters long.',
    });
    expect((await send(a, roomId, threadId, 'y'.repeat(10_000))).ok).toBe(true);

    // A frame over the transport limit costs only its own socket its connection.
    const greedy = await client(outsider);
    const closed = new Promise((resolve) => greedy.once('disconnect', resolve));
    greedy.emit('message:send', { roomId, threadId, body: 'z'.repeat(600_000), clientId: 'big' });
    await closed;

    const arriving = next<WireMessage>(b, 'message:new', (m) => m.body === 'still fine');
    expect((await send(a, roomId, threadId, 'still fine')).ok).toBe(true);
    expect((await arriving).seq).toBe(2);
  });

  it('renders Markdown safely: no script, no raw HTML, no javascript: links', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const a = await client(alice);
    const body =
      '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) ' +
      '[ok](https://example.org) **bold** ![pixel](https://evil.example/t.png) ![x](javascript:alert(4))';
    const html = ((await send(a, roomId, threadId, body)).message as WireMessage).bodyHtml ?? '';
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
    // An image is a link to it, never loaded, and leaves no stray "!" behind.
    expect(html).toContain(
      ' <a href="https://evil.example/t.png" rel="nofollow noopener noreferrer" target="_blank">pixel</a> ',
    );
    expect(html).toContain('![x](javascript:alert(4))');
    // A linked image is one link; bare addresses are links only with their scheme, as on the web.
    const more = '[![logo](https://a.example/l.png)](https://b.example) example.org a@b.org www.c.example';
    const linked = ((await send(a, roomId, threadId, more)).message as WireMessage).bodyHtml ?? '';
    expect(linked).toBe(
      '<p><a href="https://b.example" rel="nofollow noopener noreferrer" target="_blank">logo</a> example.org a@b.org www.c.example</p>\n',
    );
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain(
      '<a href="https://example.org" rel="nofollow noopener noreferrer" target="_blank">ok</a>',
    );
    expect(html).toContain('<strong>bold</strong>');
  });

  it('lets guests read public rooms live but never post; refuses forged tokens at the handshake', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const guest = await client(undefined);
    expect((await ack(guest, 'room:join', { roomId })).ok).toBe(true);
    const arriving = next<WireMessage>(guest, 'message:new');
    const a = await client(alice);
    await send(a, roomId, threadId, 'for everyone');
    expect((await arriving).body).toBe('for everyone');
    expect((await send(guest, roomId, threadId, 'me too')).error?.code).toBe('UNAUTHENTICATED');

    const forged = await connect(t.url, { token: 'not.a.jwt', lang: 'ru' }).catch(
      (e: Error & { data?: unknown }) => e,
    );
    expect((forged as { data?: unknown }).data).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Сеанс недействителен или истёк. Войдите снова.',
    });

    const guestRooms = await t.gql<{ rooms: { edges: { node: { visibility: string } }[] } }>(
      `{ rooms(first: 100) { edges { node { visibility } } } }`,
    );
    expect(new Set(guestRooms.data?.rooms.edges.map((e) => e.node.visibility))).toEqual(new Set(['PUBLIC']));
  });

  it('edits keep earlier versions for moderators; deletes are soft; reactions toggle; everyone is told', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    const b = await client(bob);
    await ack(a, 'room:join', { roomId });
    await ack(b, 'room:join', { roomId });
    const message = (await send(a, roomId, threadId, 'first draft')).message as WireMessage;

    const updated = next<WireMessage>(b, 'message:updated');
    expect((await ack(a, 'message:edit', { messageId: message.id, body: 'second draft' })).ok).toBe(true);
    expect(await updated).toMatchObject({
      id: message.id,
      body: 'second draft',
      edited: true,
      seq: message.seq,
    });
    expect((await ack(b, 'message:edit', { messageId: message.id, body: 'not mine' })).error?.code).toBe(
      'FORBIDDEN',
    );

    const versions = `query ($id: ID!) { messageVersions(messageId: $id) { body } }`;
    expect((await t.gql(versions, { id: message.id }, { token: coordinator.token })).data).toEqual({
      messageVersions: [{ body: 'first draft' }],
    });
    expect(
      (await t.gql(versions, { id: message.id }, { token: bob.token })).errors?.[0].extensions.code,
    ).toBe('FORBIDDEN');

    const reacted = next<{ reactions: unknown[] }>(a, 'reaction:updated');
    expect((await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👍' })).ok).toBe(true);
    expect((await reacted).reactions).toEqual([{ emoji: '👍', count: 1, userIds: [bob.user.id] }]);
    expect((await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👍' })).reactions).toEqual([]);
    // One emoji is one reaction: two side by side are not a new one; a family joined by ZWJ is one.
    expect((await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👍👍' })).error?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👩‍👩‍👧' })).ok).toBe(true);
    expect((await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👩‍👩‍👧' })).ok).toBe(true);
    expect((await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '<b>' })).error?.code).toBe(
      'BAD_USER_INPUT',
    );

    expect((await ack(b, 'message:delete', { messageId: message.id })).error?.code).toBe('FORBIDDEN');
    const deleted = next<{ id: string }>(b, 'message:deleted');
    expect((await ack(a, 'message:delete', { messageId: message.id })).message).toMatchObject({
      deleted: true,
      body: null,
      bodyHtml: null,
    });
    expect((await deleted).id).toBe(message.id);

    // Moderators still read what was said: every edit, then the text as it read when deleted.
    const history = await t.gql<{ messageVersions: unknown[] }>(
      `query ($id: ID!) { messageVersions(messageId: $id) { body deleted editedBy editor { id } } }`,
      { id: message.id },
      { token: coordinator.token },
    );
    expect(history.data?.messageVersions).toEqual([
      { body: 'first draft', deleted: false, editedBy: alice.user.id, editor: { id: alice.user.id } },
      { body: 'second draft', deleted: true, editedBy: alice.user.id, editor: { id: alice.user.id } },
    ]);
  });

  it('counts one vote per person per emoji as it shows, however the sender wrote it', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const voter = await person(t.app, 'Vera');
    const a = await client(alice);
    const b = await client(voter);
    await ack(a, 'room:join', { roomId });
    const message = (await send(a, roomId, threadId, 'vote here')).message as WireMessage;
    const toggle = (emoji: string) => ack(b, 'reaction:toggle', { messageId: message.id, emoji });
    const shown = (answer: Ack) =>
      (answer.reactions as WireMessage['reactions']).map((r) => [r.emoji, r.count]);

    // The same thumb, written three ways, is one vote: cast, taken back, cast again.
    expect(shown(await toggle('👍'))).toEqual([['👍', 1]]);
    expect(shown(await toggle('👍\ufe0f'))).toEqual([]);
    expect(shown(await toggle('👍\ufe0f'))).toEqual([['👍', 1]]);
    // Text-default characters are stored with VS16, so "❤" and "❤️" are one heart.
    const told = next<{ reactions: WireMessage['reactions'] }>(a, 'reaction:updated');
    expect(shown(await toggle('❤'))).toEqual([
      ['👍', 1],
      ['❤️', 1],
    ]);
    expect((await told).reactions.map((r) => r.emoji)).toEqual(['👍', '❤️']);
    expect(shown(await toggle('❤️'))).toEqual([['👍', 1]]);
    expect(shown(await toggle('©'))).toEqual([
      ['👍', 1],
      ['©️', 1],
    ]);
    expect(shown(await toggle('©️'))).toEqual([['👍', 1]]);
    expect(shown(await toggle('#\u20e3'))).toEqual([
      ['👍', 1],
      ['#️⃣', 1],
    ]);
    const overGraphql = await t.gql<{ toggleReaction: { emoji: string; count: number }[] }>(
      `mutation ($input: ReactionInput!) { toggleReaction(input: $input) { emoji count } }`,
      { input: { messageId: message.id, emoji: '#\ufe0f\u20e3' } },
      { token: voter.token },
    );
    expect(overGraphql.data?.toggleReaction).toEqual([{ emoji: '👍', count: 1 }]);

    // What could only pass for another emoji is refused, and stores nothing.
    for (const emoji of [
      '👍\ufe0f\ufe0f',
      '👍\u200d',
      '👍\u200d\u200d',
      '👍\ufe0f\u200d',
      '👍🏻🏻',
      '#\ufe0f\u20e3\u20e3',
      '\u20e3',
    ]) {
      const answer = await toggle(emoji);
      expect({ emoji, error: answer.error }).toEqual({
        emoji,
        error: expect.objectContaining({
          code: 'BAD_USER_INPUT',
          fields: [expect.objectContaining({ path: 'emoji', code: 'matches' })],
        }),
      });
    }
    const stored = await t.app
      .get(DataSource)
      .query(`SELECT user_id, emoji FROM room_message_reaction WHERE message_id = $1`, [message.id]);
    expect(stored).toEqual([{ user_id: voter.user.id, emoji: '👍' }]);
  });

  it('stores the reactions written before in one form per emoji, and drops those that are none', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    const message = (await send(a, roomId, threadId, 'voted on before the repair')).message as WireMessage;
    const db = t.app.get(DataSource);
    const vote = (userId: string, emoji: string, at: string) =>
      db.query(
        `INSERT INTO room_message_reaction (message_id, user_id, emoji, created_at) VALUES ($1, $2, $3, $4)`,
        [message.id, userId, emoji, at],
      );
    await vote(bob.user.id, '❤️', '2030-01-01T10:02:00Z');
    await vote(bob.user.id, '❤', '2030-01-01T10:01:00Z');
    await vote(bob.user.id, '👍\ufe0f', '2030-01-01T10:03:00Z');
    await vote(bob.user.id, '👍\u200d', '2030-01-01T10:04:00Z');
    await vote(bob.user.id, '👍🏻🏻', '2030-01-01T10:05:00Z');
    await vote(alice.user.id, '👍', '2030-01-01T10:00:00Z');
    await vote(alice.user.id, '#\ufe0f\u20e3\u20e3', '2030-01-01T10:06:00Z');
    await vote(alice.user.id, '©', '2030-01-01T10:07:00Z');

    const repair = MIGRATIONS.find(
      (migration) => migration.name === 'RoomTitleAndReactionEmoji1765200000000',
    );
    expect(repair).toBeDefined();
    const runner = db.createQueryRunner();
    try {
      await new repair!().up(runner);
    } finally {
      await runner.release();
    }
    const rows = await db.query(
      `SELECT user_id, emoji, created_at FROM room_message_reaction WHERE message_id = $1 ORDER BY created_at`,
      [message.id],
    );
    expect(rows).toEqual([
      { user_id: alice.user.id, emoji: '👍', created_at: new Date('2030-01-01T10:00:00Z') },
      { user_id: bob.user.id, emoji: '❤️', created_at: new Date('2030-01-01T10:01:00Z') },
      { user_id: bob.user.id, emoji: '👍', created_at: new Date('2030-01-01T10:03:00Z') },
      { user_id: alice.user.id, emoji: '©️', created_at: new Date('2030-01-01T10:07:00Z') },
    ]);
    // Bob takes his thumb back as he sees it.
    const b = await client(bob);
    const taken = await ack(b, 'reaction:toggle', { messageId: message.id, emoji: '👍' });
    expect(taken.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [alice.user.id] },
      { emoji: '❤️', count: 1, userIds: [bob.user.id] },
      { emoji: '©️', count: 1, userIds: [alice.user.id] },
    ]);
  });

  it('reads one thread without marking the mentions in the room’s other threads read', async () => {
    const { roomId, threadId: first } = await room('MEMBERS');
    const second = (
      await t.gql<{ createThread: { id: string } }>(
        CREATE_THREAD,
        { input: { roomId, title: 'Budgets' } },
        { token: coordinator.token },
      )
    ).data!.createThread.id;
    const a = await client(alice);
    await send(a, roomId, first, 'Old news');
    const mention = await ack(a, 'message:send', {
      roomId,
      threadId: second,
      body: '@Bob please look at the budget',
      clientId: randomUUID(),
      mentions: [bob.user.id],
    });
    expect(mention.ok).toBe(true);
    await send(a, roomId, first, 'Newer news in the first thread');
    const COUNTS = `query ($id: ID!) { room(id: $id) { unreadCount unreadMentions } }`;
    const counts = async () =>
      (await t.gql<{ room: object }>(COUNTS, { id: roomId }, { token: bob.token })).data?.room;
    expect(await counts()).toEqual({ unreadCount: 3, unreadMentions: 1 });

    // Bob reads the first thread to its end (seq 3, past the mention's seq 2): the mention stays unread.
    const READ = `mutation ($id: ID!, $thread: ID!, $seq: Int!) { markRead(roomId: $id, threadId: $thread, seq: $seq) { unreadCount unreadMentions } }`;
    const read = await t.gql(READ, { id: roomId, thread: first, seq: 3 }, { token: bob.token });
    expect(read.data).toEqual({ markRead: { unreadCount: 1, unreadMentions: 1 } });
    // The thread list says where: the second thread holds it.
    // Each count says up to which seq of the room it counted: a client adds live messages after it.
    const listed = await t.gql<{
      threads: {
        edges: { node: { id: string; unreadCount: number; unreadMentions: number; unreadUpTo: number } }[];
      };
    }>(
      `query ($id: ID!) { threads(roomId: $id, first: 10) { edges { node { id unreadCount unreadMentions unreadUpTo } } } }`,
      { id: roomId },
      { token: bob.token },
    );
    expect(
      Object.fromEntries(
        listed.data!.threads.edges.map(({ node }) => [
          node.id,
          [node.unreadCount, node.unreadMentions, node.unreadUpTo],
        ]),
      ),
    ).toEqual({ [first]: [0, 0, 3], [second]: [1, 1, 3] });
    const alices = await t.gql<{ threads: { edges: { node: { unreadUpTo: number | null } }[] } }>(
      `query ($id: ID!) { threads(roomId: $id, first: 10) { edges { node { unreadUpTo } } } }`,
      { id: roomId },
      { token: alice.token },
    );
    expect(alices.data!.threads.edges.every(({ node }) => node.unreadUpTo === 3)).toBe(true);
    // A thread of another room is not one of this room's.
    const elsewhere = await room('MEMBERS');
    const wrong = await t.gql(READ, { id: roomId, thread: elsewhere.threadId, seq: 3 }, { token: bob.token });
    expect(wrong.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // Reading the second thread reads the mention; marking the whole room read still works.
    expect((await t.gql(READ, { id: roomId, thread: second, seq: 2 }, { token: bob.token })).data).toEqual({
      markRead: { unreadCount: 0, unreadMentions: 0 },
    });
    // Every thread read: the room's own mark has followed, and the threads' marks are no longer kept.
    const marks = await t.app.get(DataSource).query(
      `SELECT (SELECT last_read_seq::int FROM room_member WHERE room_id = $1 AND user_id = $2) AS floor,
                (SELECT count(*)::int FROM room_thread_read r JOIN room_thread t ON t.id = r.thread_id
                  WHERE t.room_id = $1 AND r.user_id = $2) AS threads`,
      [roomId, bob.user.id],
    );
    expect(marks).toEqual([{ floor: 3, threads: 0 }]);
    await send(a, roomId, second, 'One more');
    await t.gql(
      `mutation ($id: ID!) { markRead(roomId: $id, seq: 4) { id } }`,
      { id: roomId },
      { token: bob.token },
    );
    expect(await counts()).toEqual({ unreadCount: 0, unreadMentions: 0 });
  });

  it('counts unread messages per member until markRead, lists pinned threads first and pages messages', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    for (let i = 1; i <= 4; i++) await send(a, roomId, threadId, `news ${i}`);
    const ROOM = `query ($id: ID!) { room(id: $id) { unreadCount lastSeq title country { code } hosts { id } } }`;
    expect((await t.gql(ROOM, { id: roomId }, { token: bob.token })).data).toEqual({
      room: {
        unreadCount: 4,
        lastSeq: 4,
        title: 'Kyrgyzstan national network',
        country: { code: 'KG' },
        hosts: [{ id: coordinator.user.id }],
      },
    });
    expect(
      (await t.gql<{ room: { unreadCount: number } }>(ROOM, { id: roomId }, { token: alice.token })).data
        ?.room.unreadCount,
    ).toBe(0);
    const read = await t.gql(
      `mutation ($id: ID!) { markRead(roomId: $id, seq: 3) { unreadCount } }`,
      { id: roomId },
      { token: bob.token },
    );
    expect(read.data).toEqual({ markRead: { unreadCount: 1 } });
    // The read position never moves before the start.
    const backwards = await t.gql(
      `mutation ($id: ID!) { markRead(roomId: $id, seq: -5) { unreadCount } }`,
      { id: roomId },
      { token: bob.token },
    );
    expect(backwards.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'seq', code: 'min' }],
    });
    const ru = await t.gql<{ room: { title: string } }>(
      ROOM,
      { id: roomId },
      { token: bob.token, lang: 'ru' },
    );
    expect(ru.data?.room.title).toBe('Национальная сеть: Киргизия');

    const older = await t.gql<{ messages: { seq: number }[] }>(
      `query ($id: ID!) { messages(threadId: $id, beforeSeq: 4, first: 2) { seq } }`,
      { id: threadId },
      { token: bob.token },
    );
    expect(older.data?.messages.map((m) => m.seq)).toEqual([2, 3]);
    const newer = await t.gql<{ messages: { seq: number }[] }>(
      `query ($id: ID!) { messages(threadId: $id, afterSeq: 2) { seq } }`,
      { id: threadId },
      { token: bob.token },
    );
    expect(newer.data?.messages.map((m) => m.seq)).toEqual([3, 4]);
    // The ones a reply answers, by id, read where they are (only in this thread).
    const all = await t.gql<{ messages: { id: string; seq: number }[] }>(
      `query ($id: ID!) { messages(threadId: $id) { id seq } }`,
      { id: threadId },
      { token: bob.token },
    );
    const [first, , third] = all.data!.messages;
    const byIds = (id: string, ids: string[]) =>
      t.gql<{ messages: { seq: number }[] }>(
        `query ($id: ID!, $ids: [ID!]!) { messages(threadId: $id, ids: $ids) { seq } }`,
        { id, ids },
        { token: bob.token },
      );
    expect((await byIds(threadId, [third.id, first.id])).data?.messages.map((m) => m.seq)).toEqual([
      first.seq,
      third.seq,
    ]);
    expect((await byIds(threadId, ['not-an-id'])).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const second = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Announcements' } },
      { token: coordinator.token },
    );
    // Messages of another thread are not read through this one.
    expect((await byIds(second.data!.createThread.id, [first.id])).data?.messages).toEqual([]);
    await t.gql(
      `mutation ($id: ID!) { pinThread(threadId: $id) { pinned } }`,
      { id: threadId },
      { token: coordinator.token },
    );
    expect(
      (
        await t.gql(
          `mutation ($id: ID!) { pinThread(threadId: $id) { pinned } }`,
          { id: threadId },
          { token: bob.token },
        )
      ).errors?.[0].extensions.code,
    ).toBe('FORBIDDEN');
    const threads = await t.gql<{
      threads: { edges: { node: { id: string; pinned: boolean } }[]; pageInfo: { endCursor: string } };
    }>(
      `query ($id: ID!) { threads(roomId: $id, first: 1) { edges { node { id pinned } } pageInfo { endCursor } } }`,
      { id: roomId },
      { token: bob.token },
    );
    expect(threads.data?.threads.edges.map((e) => e.node)).toEqual([{ id: threadId, pinned: true }]);
    const page2 = await t.gql<{ threads: { edges: { node: { id: string } }[] } }>(
      `query ($id: ID!, $after: String) { threads(roomId: $id, first: 1, after: $after) { edges { node { id } } } }`,
      { id: roomId, after: threads.data?.threads.pageInfo.endCursor },
      { token: bob.token },
    );
    expect(page2.data?.threads.edges.map((e) => e.node.id)).toEqual([second.data?.createThread.id]);
  });

  it('opens one "discuss this project" room per readable, published case study, set up by the case study', async () => {
    const caseStudy = async (slug: string, publish: boolean) => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
        {
          input: {
            slug,
            originalLocale: 'ru',
            title: 'Водопровод в селе',
            countries: ['KG'],
            themes: ['water-sanitation'],
          },
        },
        { token: coordinator.token },
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createCaseStudy.id;
      if (!publish) return id;
      const published = await t.gql(
        `mutation ($id: ID!) { publishCaseStudy(id: $id) { status } }`,
        { id },
        { token: coordinator.token },
      );
      expect(published.errors).toBeUndefined();
      return id;
    };
    const peru = await caseStudy('peru-southern-highlands', true);
    const english = await t.gql(
      `mutation ($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { id } }`,
      { id: peru, input: { locale: 'en', title: 'Piped water for the village' } },
      { token: coordinator.token },
    );
    expect(english.errors).toBeUndefined();
    await caseStudy('kg-water-published', true);
    await caseStudy('a-draft-case-study', false);

    const FOR_SCOPE = `mutation ($key: String!) { roomForScope(scope: CASE_STUDY, key: $key) { id title visibility } }`;
    const [x, y] = await Promise.all([
      t.gql<{ roomForScope: { id: string } }>(
        FOR_SCOPE,
        { key: 'peru-southern-highlands' },
        { token: alice.token },
      ),
      t.gql<{ roomForScope: { id: string } }>(
        FOR_SCOPE,
        { key: 'peru-southern-highlands' },
        { token: bob.token },
      ),
    ]);
    expect(x.errors).toBeUndefined();
    // Listed under the case study's title, in the reader's language where it has one.
    expect(x.data?.roomForScope).toEqual({
      id: y.data?.roomForScope.id,
      title: 'Piped water for the village',
      visibility: 'PUBLIC',
    });
    const inRussian = await t.gql<{ room: { title: string } }>(
      `query ($id: ID!) { room(id: $id) { title } }`,
      { id: x.data?.roomForScope.id },
      { token: alice.token, lang: 'ru' },
    );
    expect(inRussian.data?.room.title).toBe('Водопровод в селе');
    const thread = await t.gql(
      CREATE_THREAD,
      {
        input: {
          roomId: x.data?.roomForScope.id,
          title: 'About the lesson on local contributions',
          lessonKey: 'lesson-3',
        },
      },
      { token: alice.token },
    );
    expect(thread.errors).toBeUndefined();

    // Slugs that name nothing, and drafts the caller may not read, get no room, by either mutation.
    for (const key of ['no-such-case-study', 'a-draft-case-study']) {
      const hidden = await t.gql(FOR_SCOPE, { key }, { token: alice.token, lang: 'nl' });
      expect(hidden.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const created = await t.gql(
        CREATE_ROOM,
        { input: { scope: 'CASE_STUDY', scopeKey: key } },
        { token: alice.token },
      );
      expect(created.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    // A draft its coordinator may read gets its room once it is published.
    const draft = await t.gql(
      FOR_SCOPE,
      { key: 'a-draft-case-study' },
      { token: coordinator.token, lang: 'es' },
    );
    expect(draft.errors?.[0]).toMatchObject({
      message: 'Este estudio de caso aún no está publicado: su sala de debate se abrirá cuando se publique.',
      extensions: { code: 'CONFLICT' },
    });
    const listed = await t.gql<{ rooms: { totalCount: number } }>(
      `{ rooms(first: 1, filter: { scope: CASE_STUDY, scopeKey: "a-draft-case-study" }) { totalCount } }`,
      {},
      { token: coordinator.token },
    );
    expect(listed.data?.rooms.totalCount).toBe(0);

    // The first caller of createRoom picks neither the visibility nor the title (asking is refused,
    // not ignored), and does not host it.
    const asked = await t.gql(
      CREATE_ROOM,
      {
        input: {
          scope: 'CASE_STUDY',
          scopeKey: 'kg-water-published',
          visibility: 'PRIVATE',
          title: 'My room',
          originalLocale: 'en',
        },
      },
      { token: alice.token, lang: 'nl' },
    );
    expect(asked.errors?.[0]).toMatchObject({
      message:
        'De ruimte van een evenement of casestudy wordt door het record zelf ingericht: laat visibility, title, description en originalLocale weg.',
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [
          { path: 'input.visibility', code: 'invalid' },
          { path: 'input.title', code: 'invalid' },
          { path: 'input.originalLocale', code: 'invalid' },
        ],
      },
    });
    const first = await t.gql<{ createRoom: { id: string } }>(
      CREATE_ROOM,
      { input: { scope: 'CASE_STUDY', scopeKey: 'kg-water-published' } },
      { token: alice.token },
    );
    expect(first.data?.createRoom).toMatchObject({
      title: 'Водопровод в селе',
      visibility: 'PUBLIC',
      canModerate: false,
    });
    const opened = await t.gql<{ room: { hosts: unknown[]; myRole: string | null } }>(
      `query ($id: ID!) { room(id: $id) { hosts { id } myRole } }`,
      { id: first.data?.createRoom.id },
      { token: alice.token },
    );
    expect(opened.data?.room).toEqual({ hosts: [], myRole: null });
    const addByOpener = await t.gql(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
      { input: { roomId: first.data?.createRoom.id, userId: bob.user.id, role: 'HOST' } },
      { token: alice.token },
    );
    expect(addByOpener.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const notSingle = await t.gql(
      `mutation { roomForScope(scope: THEME, key: "health") { id } }`,
      {},
      { token: alice.token },
    );
    expect(notSingle.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const memberCreates = await t.gql(
      CREATE_ROOM,
      { input: { scope: 'NETWORK', visibility: 'PUBLIC', originalLocale: 'en' } },
      { token: alice.token },
    );
    expect(memberCreates.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // Other rooms still need both.
    const unset = await t.gql(
      CREATE_ROOM,
      { input: { scope: 'THEME', scopeKey: 'health' } },
      { token: coordinator.token },
    );
    expect(unset.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.visibility', code: 'isDefined' },
        { path: 'input.originalLocale', code: 'isDefined' },
      ],
    });
    const otherCountry = await t.gql(
      CREATE_ROOM,
      { input: { scope: 'COUNTRY', countryCode: 'PE', visibility: 'PUBLIC', originalLocale: 'es' } },
      { token: coordinator.token },
    );
    expect(otherCountry.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('takes a case study’s room away with its publication: once archived, no listing, reading, joining or writing', async () => {
    const admin = await person(t.app, 'Ada', [{ role: Role.ADMIN, countryCode: null }]);
    const slug = `kg-archived-${randomUUID().slice(0, 8)}`;
    const created = await t.gql<{ createCaseStudy: { id: string } }>(
      `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'en',
          title: 'Wells',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      { token: coordinator.token },
    );
    const caseStudyId = created.data!.createCaseStudy.id;
    const setStatus = async (mutation: string) =>
      expect(
        (
          await t.gql(
            `mutation ($id: ID!) { ${mutation}(id: $id) { status } }`,
            { id: caseStudyId },
            {
              token: coordinator.token,
            },
          )
        ).errors,
      ).toBeUndefined();
    await setStatus('publishCaseStudy');
    const { roomId, threadId } = await caseStudyRoom(slug);
    const guest = await client();
    const a = await client(alice);
    expect((await ack(guest, 'room:join', { roomId })).ok).toBe(true);
    expect((await ack(a, 'room:join', { roomId })).ok).toBe(true);
    expect((await send(a, roomId, threadId, 'Who repairs the pumps?')).ok).toBe(true);
    const LIST = `query ($key: String) { rooms(first: 50, filter: { scope: CASE_STUDY, scopeKey: $key }) { totalCount edges { node { id scopeKey } } } }`;
    const listed = (token?: string) =>
      t.gql<{ rooms: { totalCount: number; edges: { node: { id: string; scopeKey: string } }[] } }>(
        LIST,
        { key: slug },
        { token },
      );
    expect((await listed()).data?.rooms.totalCount).toBe(1);

    await setStatus('archiveCaseStudy');

    // Guests and members no longer find it, its slug included, by any query or socket event.
    for (const token of [undefined, alice.token, bob.token]) {
      expect((await listed(token)).data?.rooms).toEqual({ totalCount: 0, edges: [] });
      const all = await t.gql<{ rooms: { edges: { node: { id: string } }[] } }>(
        `{ rooms(first: 100) { edges { node { id } } } }`,
        {},
        { token },
      );
      expect(all.data?.rooms.edges.map((e) => e.node.id)).not.toContain(roomId);
      for (const [query, variables] of [
        [`query ($id: ID!) { room(id: $id) { id } }`, { id: roomId }],
        [`query ($id: ID!) { threads(roomId: $id, first: 5) { totalCount } }`, { id: roomId }],
        [`query ($id: ID!) { messages(threadId: $id) { body } }`, { id: threadId }],
      ] as const) {
        const refused = await t.gql(query, variables, { token, lang: 'es' });
        expect(refused.errors?.[0]).toMatchObject({
          message: 'Esta sala de debate no existe.',
          extensions: { code: 'NOT_FOUND' },
        });
      }
    }
    expect((await ack(guest, 'room:join', { roomId })).error?.code).toBe('NOT_FOUND');
    expect((await ack(a, 'room:join', { roomId })).error?.code).toBe('NOT_FOUND');
    expect((await send(a, roomId, threadId, 'still open?')).error?.code).toBe('NOT_FOUND');
    // Archiving removed Alice's socket from the room: typing there is refused as for any room not joined.
    expect((await ack(a, 'typing', { roomId, threadId })).error?.code).toBe('BAD_USER_INPUT');
    for (const [mutation, variables] of [
      [
        `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
        { input: { roomId, threadId, body: 'hello?', clientId: 'after-archive' } },
      ],
      [
        `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
        {
          input: { roomId, title: 'New topic' },
        },
      ],
      [`mutation ($id: ID!) { markRead(roomId: $id, seq: 1) { id } }`, { id: roomId }],
    ] as const)
      expect((await t.gql(mutation, variables, { token: alice.token })).errors?.[0].extensions.code).toBe(
        'NOT_FOUND',
      );

    // Those who may still read the archived case study (its coordinator, network-wide roles) still
    // see its room; a mention there tells only people who may see it too.
    expect((await listed(admin.token)).data?.rooms.edges).toEqual([{ node: { id: roomId, scopeKey: slug } }]);
    expect((await listed(coordinator.token)).data?.rooms.totalCount).toBe(1);
    const toAlice = collect<WireMessage>(a, 'mention');
    const adminSocket = await client(admin);
    const toAdmin = next<WireMessage>(adminSocket, 'mention');
    // The sockets that were in the room when it was archived left it then: nothing more reaches them.
    const inRoomForAlice = collect<WireMessage>(a, 'message:new');
    const inRoomForGuest = collect<WireMessage>(guest, 'message:new');
    expect((await ack(adminSocket, 'room:join', { roomId })).ok).toBe(true);
    const inRoomForAdmin = next<WireMessage>(adminSocket, 'message:new');
    const host = await client(coordinator);
    const mentioned = await ack(host, 'message:send', {
      roomId,
      threadId,
      body: '@Alice @Ada archived, kept for the record',
      clientId: 'archived-mention',
      mentions: [alice.user.id, admin.user.id],
    });
    expect(mentioned.ok).toBe(true);
    await toAdmin;
    await inRoomForAdmin;
    expect(toAlice).toEqual([]);
    expect(inRoomForAlice).toEqual([]);
    expect(inRoomForGuest).toEqual([]);
  });

  it('empties a case study’s room just the same when an import archives it', async () => {
    const admin = await person(t.app, 'Ines', [{ role: Role.ADMIN, countryCode: null }]);
    const slug = `kg-imported-${randomUUID().slice(0, 8)}`;
    const importAs = async (status: string) =>
      expect(
        (
          await t.app.get(CaseStudyImportService).import(
            {
              caseStudies: [
                {
                  slug,
                  status,
                  originalLocale: 'en',
                  countries: ['KG'],
                  themes: ['water-sanitation'],
                  translations: { en: { title: 'Pumps', summary: 'Village pumps.', body: '' } },
                },
              ],
            },
            { actorId: admin.user.id, locale: 'en' },
          )
        ).failed,
      ).toEqual([]);
    await importAs('PUBLISHED');
    const { roomId, threadId } = await caseStudyRoom(slug);
    const a = await client(alice);
    expect((await ack(a, 'room:join', { roomId })).ok).toBe(true);
    expect((await ack(a, 'typing', { roomId, threadId })).ok).toBe(true);

    await importAs('ARCHIVED');
    // Alice's socket left the room with the import's commit: typing there is refused as for any room not joined.
    expect((await ack(a, 'typing', { roomId, threadId })).error?.code).toBe('BAD_USER_INPUT');
  });

  it('broadcasts a GraphQL postMessage like a socket send, and refuses guests and bad input cleanly', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const b = await client(bob);
    await ack(b, 'room:join', { roomId });
    const arriving = next<WireMessage>(b, 'message:new');
    const POST = `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id seq bodyHtml } }`;
    const posted = await t.gql<{ postMessage: { id: string; seq: number } }>(
      POST,
      { input: { roomId, threadId, body: 'From the *web form*', clientId: 'web-1' } },
      { token: alice.token },
    );
    expect(posted.errors).toBeUndefined();
    expect((await arriving).id).toBe(posted.data?.postMessage.id);

    const asGuest = await t.gql(POST, { input: { roomId, threadId, body: 'hi', clientId: 'g-1' } });
    expect(asGuest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const tooLong = await t.gql(
      POST,
      { input: { roomId, threadId, body: 'x'.repeat(10_001), clientId: 'long-1' } },
      { token: alice.token, lang: 'es' },
    );
    expect(tooLong.errors?.[0]).toMatchObject({
      message: 'Un mensaje puede tener como máximo 10.000 caracteres.',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    const badIds = await t.gql(
      POST,
      { input: { roomId: 'nope', threadId, body: 'hi', clientId: 'has spaces' } },
      { token: alice.token },
    );
    expect(badIds.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const unknownRoom = await t.gql(
      POST,
      { input: { roomId: randomUUID(), threadId, body: 'hi', clientId: 'u-1' } },
      { token: alice.token },
    );
    expect(unknownRoom.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const otherThread = await room('PUBLIC');
    const wrongThread = await t.gql(
      POST,
      { input: { roomId, threadId: otherThread.threadId, body: 'hi', clientId: 'w-1' } },
      { token: alice.token },
    );
    expect(wrongThread.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const stored = await t.gql<{ room: { lastSeq: number } }>(
      `query ($id: ID!) { room(id: $id) { lastSeq } }`,
      {
        id: roomId,
      },
    );
    expect(stored.data?.room.lastSeq).toBe(1);
  });

  it('tells the room who joins, types and leaves', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    await ack(a, 'room:join', { roomId });
    const joined = next<{ joined?: { id: string } }>(a, 'presence', (p) => !!p.joined);
    const b = await client(bob);
    await ack(b, 'room:join', { roomId });
    expect((await joined).joined?.id).toBe(bob.user.id);

    const typing = next<{ person: { id: string }; threadId: string }>(a, 'typing');
    expect((await ack(b, 'typing', { roomId, threadId })).ok).toBe(true);
    expect(await typing).toMatchObject({ person: { id: bob.user.id }, threadId });

    const left = next<{ left?: { id: string } }>(a, 'presence', (p) => !!p.left);
    expect((await ack(b, 'room:leave', { roomId })).ok).toBe(true);
    expect((await left).left?.id).toBe(bob.user.id);
  });

  it('notifies mentioned people who may read the room, and never an outsider of a private room', async () => {
    const { roomId, threadId } = await room('PRIVATE');
    await t.gql(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
      { input: { roomId, userId: alice.user.id } },
      { token: coordinator.token },
    );
    await t.gql(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
      { input: { roomId, userId: bob.user.id } },
      { token: coordinator.token },
    );
    const b = await client(bob);
    const stranger = await client(outsider);
    const toOutsider = collect<WireMessage>(stranger, 'mention');
    const toBob = next<WireMessage & { mentions: { id: string }[] }>(b, 'mention');
    const a = await client(alice);
    const sent = await ack(a, 'message:send', {
      roomId,
      threadId,
      body: '@Bob @Oscar what do you think?',
      clientId: 'mention-1',
      mentions: [bob.user.id, outsider.user.id],
    });
    expect(sent.ok).toBe(true);
    const mention = await toBob;
    expect(mention.mentions.map((p) => p.id).sort()).toEqual([bob.user.id, outsider.user.id].sort());
    // Bob was told through his own channel; the same broadcast step would have reached Oscar by now.
    const host = await client(coordinator);
    await ack(host, 'room:join', { roomId });
    expect((await send(a, roomId, threadId, 'next')).ok).toBe(true);
    expect(toOutsider).toEqual([]);
    const unknown = await ack(a, 'message:send', {
      roomId,
      threadId,
      body: 'hello @nobody',
      clientId: 'mention-2',
      mentions: [randomUUID()],
    });
    expect(unknown.error?.code).toBe('BAD_USER_INPUT');
  });

  it('moves a message’s mentions with its edits: the newly named are told, the unnamed stop counting it', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const a = await client(alice);
    const b = await client(bob);
    const host = await client(coordinator);
    const sent = await ack(a, 'message:send', {
      roomId,
      threadId,
      body: '@Bob can you check the budget?',
      clientId: randomUUID(),
      mentions: [bob.user.id],
    });
    const messageId = (sent.message as WireMessage).id;
    const COUNTS = `query ($id: ID!) { room(id: $id) { unreadMentions } }`;
    const mentionsOf = async (who: Person) =>
      (await t.gql<{ room: { unreadMentions: number } }>(COUNTS, { id: roomId }, { token: who.token })).data
        ?.room.unreadMentions;
    expect(await mentionsOf(bob)).toBe(1);

    // Left out, the mentions stay as they were (an edit of the wording only).
    expect((await ack(a, 'message:edit', { messageId, body: '@Bob could you check the budget?' })).ok).toBe(
      true,
    );
    expect(await mentionsOf(bob)).toBe(1);

    const toHost = next<WireMessage>(host, 'mention');
    const toBob = collect<WireMessage>(b, 'mention');
    const edited = await ack(a, 'message:edit', {
      messageId,
      body: '@Coordinator can you check the budget?',
      mentions: [coordinator.user.id],
    });
    expect((edited.message as WireMessage & { mentions: { id: string }[] }).mentions).toEqual([
      expect.objectContaining({ id: coordinator.user.id }),
    ]);
    expect((await toHost).id).toBe(messageId);
    expect(await mentionsOf(bob)).toBe(0);
    expect(await mentionsOf(coordinator)).toBe(1);
    // The same people again: nothing new to tell anyone.
    const toHostAgain = collect<WireMessage>(host, 'mention');
    const again = await ack(a, 'message:edit', {
      messageId,
      body: '@Coordinator please check the budget',
      mentions: [coordinator.user.id],
    });
    expect(again.ok).toBe(true);
    const stored = await t.app
      .get(DataSource)
      .query(`SELECT mentions FROM room_message WHERE id = $1`, [messageId]);
    expect(stored).toEqual([{ mentions: [coordinator.user.id] }]);
    // A mention would have been sent before that ack; one more round trip lets it arrive.
    await ack(host, 'room:join', { roomId });
    expect(toHostAgain).toEqual([]);
    expect(toBob).toEqual([]);

    const unknown = await ack(a, 'message:edit', {
      messageId,
      body: 'hello @nobody',
      mentions: [randomUUID()],
    });
    expect(unknown.error?.code).toBe('BAD_USER_INPUT');
    const tooMany = await ack(a, 'message:edit', {
      messageId,
      body: 'everyone',
      mentions: Array.from({ length: 21 }, () => randomUUID()),
    });
    expect(tooMany.error?.code).toBe('BAD_USER_INPUT');
    const versions = await t.gql<{ messageVersions: { body: string }[] }>(
      `query ($id: ID!) { messageVersions(messageId: $id) { body } }`,
      { id: messageId },
      { token: coordinator.token },
    );
    expect(versions.data?.messageVersions.map((v) => v.body)).toEqual([
      '@Bob can you check the budget?',
      '@Bob could you check the budget?',
      '@Coordinator can you check the budget?',
    ]);

    // Mentions changed alone leave the text as it was: not marked edited, no version kept.
    const other = await ack(a, 'message:send', {
      roomId,
      threadId,
      body: 'Thanks all',
      clientId: randomUUID(),
      mentions: [bob.user.id],
    });
    expect(await mentionsOf(bob)).toBe(1);
    const untouched = await ack(a, 'message:edit', {
      messageId: (other.message as WireMessage).id,
      body: 'Thanks all',
      mentions: [],
    });
    expect(untouched.message).toMatchObject({ edited: false, mentions: [] });
    expect(await mentionsOf(bob)).toBe(0);
  });

  it('opens no event room without the events domain, and makes only the event’s facilitators its hosts', async () => {
    const FOR_EVENT = `mutation ($key: String!) { roomForScope(scope: EVENT, key: $key) { id canModerate visibility title } }`;
    const farida = await person(t.app, 'Farida', [{ role: Role.FACILITATOR, countryCode: null }]);
    const other = await person(t.app, 'Olga', [{ role: Role.FACILITATOR, countryCode: null }]);
    // No verifier for EVENT keys is registered here (the events module registers one): refused.
    const unverified = await t.gql(FOR_EVENT, { key: randomUUID() }, { token: farida.token });
    expect(unverified.errors?.[0].extensions.code).toBe('NOT_FOUND');

    const eventId = randomUUID();
    t.app.get(RoomScopeRegistry).register(RoomScope.EVENT, {
      visibleKeys: async (keys) => keys.filter((key) => key === eventId),
      roomRules: async () => ({
        visibility: RoomVisibility.MEMBERS,
        hostIds: [farida.user.id],
        title: 'Regional workshop',
      }),
    });
    // Another facilitator opens it first: the event decides, Farida hosts.
    const asking = await t.gql(
      CREATE_ROOM,
      { input: { scope: 'EVENT', scopeKey: eventId, visibility: 'PRIVATE' } },
      { token: other.token },
    );
    expect(asking.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.visibility', code: 'invalid' }],
    });
    const opened = await t.gql<{ createRoom: { id: string; canModerate: boolean } }>(
      CREATE_ROOM,
      { input: { scope: 'EVENT', scopeKey: eventId } },
      { token: other.token },
    );
    expect(opened.data?.createRoom).toMatchObject({
      title: 'Regional workshop',
      visibility: 'MEMBERS',
      canModerate: false,
    });
    const roomId = opened.data!.createRoom.id;
    const byHost = await t.gql<{ roomForScope: { id: string; canModerate: boolean } }>(
      FOR_EVENT,
      { key: eventId },
      { token: farida.token },
    );
    expect(byHost.data?.roomForScope).toMatchObject({ id: roomId, canModerate: true });
    const asMember = await t.gql<{ room: { canModerate: boolean; canPost: boolean } }>(
      `query ($id: ID!) { room(id: $id) { canModerate canPost hosts { id } } }`,
      { id: roomId },
      { token: alice.token },
    );
    expect(asMember.data?.room).toEqual({
      canModerate: false,
      canPost: true,
      hosts: [{ id: farida.user.id }],
    });
    // Holding the FACILITATOR role gives no power in other people's event rooms.
    const thread = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Logistics' } },
      { token: alice.token },
    );
    const lock = await t.gql(
      `mutation ($id: ID!) { lockThread(threadId: $id) { locked } }`,
      { id: thread.data?.createThread.id },
      { token: other.token },
    );
    expect(lock.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const members = await t.gql(
      `query ($id: ID!) { roomMembers(roomId: $id) { role } }`,
      { id: roomId },
      { token: other.token },
    );
    expect(members.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('opens and renames the room of an event whose title is as long as an event’s may be', async () => {
    const host = await person(t.app, 'Hanna', [{ role: Role.FACILITATOR, countryCode: null }]);
    // Cyrillic, so that characters are counted, not bytes; 300 is the longest event title.
    const titleOf = (length: number) =>
      'Семинар по водоснабжению в сёлах. '.repeat(10).slice(0, length - 1) + '!';
    const eventId = randomUUID();
    t.app.get(RoomScopeRegistry).register(RoomScope.EVENT, {
      visibleKeys: async (keys) => keys.filter((key) => key === eventId),
      roomRules: async () => ({
        visibility: RoomVisibility.PUBLIC,
        hostIds: [host.user.id],
        title: titleOf(250),
      }),
    });
    const opened = await t.gql<{ roomForScope: { id: string; title: string } }>(
      `mutation ($key: String!) { roomForScope(scope: EVENT, key: $key) { id title } }`,
      { key: eventId },
      { token: host.token },
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data?.roomForScope.title).toBe(titleOf(250));
    const roomId = opened.data!.roomForScope.id;

    // The event renamed to a title of 300 characters: its room follows.
    await expect(
      t.app.get(RoomService).updateScopeRoom(RoomScope.EVENT, eventId, { title: titleOf(300) }),
    ).resolves.toBe(roomId);
    const renamed = await t.gql<{ room: { title: string } }>(`query ($id: ID!) { room(id: $id) { title } }`, {
      id: roomId,
    });
    expect(renamed.data?.room.title).toBe(titleOf(300));

    // A room people name themselves still takes a title of at most 200 characters.
    const tooLong = await t.gql(
      CREATE_ROOM,
      {
        input: {
          scope: 'COUNTRY',
          countryCode: 'KG',
          visibility: 'PUBLIC',
          originalLocale: 'ru',
          title: titleOf(201),
        },
      },
      { token: coordinator.token },
    );
    expect(tooLong.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.title', code: 'maxLength' }],
    });
  });

  it('takes a revoked coordinator out of their country’s private room live, and keeps them where they still may read', async () => {
    const admin = await person(t.app, 'Ada', [{ role: Role.ADMIN, countryCode: null }]);
    const aida = await person(t.app, 'Aida', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }]);
    const closed = await room('PRIVATE');
    const open = await room('MEMBERS');
    const socket = await client(aida);
    for (const roomId of [closed.roomId, open.roomId])
      expect((await ack(socket, 'room:join', { roomId })).ok).toBe(true);
    expect((await send(socket, closed.roomId, closed.threadId, 'as a coordinator')).ok).toBe(true);
    const seen = collect<WireMessage>(socket, 'message:new');

    const revoked = await t.gql(
      `mutation ($input: RoleGrantInput!) { revokeRole(input: $input) { id } }`,
      { input: { userId: aida.user.id, role: 'NATIONAL_COORDINATOR', countryCode: 'KG' } },
      { token: admin.token },
    );
    expect(revoked.errors).toBeUndefined();
    const read = await t.gql(
      `query ($id: ID!) { room(id: $id) { id } }`,
      { id: closed.roomId },
      { token: aida.token },
    );
    expect(read.errors?.[0].extensions.code).toBe('FORBIDDEN');

    // The open socket reads her roles again: what she does next is refused at once, not seconds later.
    expect((await send(socket, closed.roomId, closed.threadId, 'still a coordinator?')).error?.code).toBe(
      'FORBIDDEN',
    );
    expect((await ack(socket, 'room:join', { roomId: closed.roomId })).error?.code).toBe('FORBIDDEN');

    const host = await client(coordinator);
    expect((await send(host, closed.roomId, closed.threadId, 'coordinators only')).ok).toBe(true);
    const marker = next<WireMessage>(socket, 'message:new', (m) => m.body === 'members welcome');
    expect((await send(host, open.roomId, open.threadId, 'members welcome')).ok).toBe(true);
    await marker; // sent after the private one: had she still been in the private room, it came first
    expect(seen.map((m) => m.body)).toEqual(['members welcome']);

    // Granted again, she may join at once on the same socket.
    const granted = await t.gql(
      `mutation ($input: RoleGrantInput!) { grantRole(input: $input) { id } }`,
      { input: { userId: aida.user.id, role: 'NATIONAL_COORDINATOR', countryCode: 'KG' } },
      { token: admin.token },
    );
    expect(granted.errors).toBeUndefined();
    expect((await ack(socket, 'room:join', { roomId: closed.roomId })).ok).toBe(true);
  });

  it('closes a person’s open sockets when they sign out everywhere, and refuses the old token at the handshake', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const zara = await person(t.app, 'Zara');
    const [phone, laptop] = [await client(zara), await client(zara)];
    expect((await ack(phone, 'room:join', { roomId })).ok).toBe(true);
    const closed = [phone, laptop].map(
      (socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)),
    );

    const out = await t.gql(`mutation { signOutEverywhere }`, {}, { token: zara.token });
    expect(out).toEqual({ data: { signOutEverywhere: true } });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    const again = await connect(t.url, { token: zara.token, lang: 'ru' }).catch(
      (e: Error & { data?: unknown }) => e,
    );
    expect((again as { data?: unknown }).data).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Сеанс недействителен или истёк. Войдите снова.',
    });
    // Signed in again, she is back at once.
    const login = await t.gql<{ login: { accessToken: string } }>(
      `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email: zara.user.email, password: 'a long enough password' } },
    );
    const back = await client({ ...zara, token: login.data!.login.accessToken });
    expect((await ack(back, 'room:join', { roomId })).ok).toBe(true);
    expect((await send(back, roomId, threadId, 'back again')).ok).toBe(true);
  });

  it('closes the sockets of the old password’s tokens when the password changes; the new token connects', async () => {
    const yusuf = await person(t.app, 'Yusuf');
    const old = await client(yusuf);
    const closed = new Promise<string>((resolve) => old.once('disconnect', resolve));
    const changed = await t.gql<{ changePassword: { accessToken: string } }>(
      `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`,
      { input: { currentPassword: 'a long enough password', newPassword: 'another long password' } },
      { token: yusuf.token },
    );
    expect(changed.errors).toBeUndefined();
    expect(await closed).toBe('io server disconnect');
    const renewed = await client({ ...yusuf, token: changed.data!.changePassword.accessToken });
    expect(renewed.connected).toBe(true);
  });

  it('closes a person’s sockets when they reset a forgotten password through the e-mailed link', async () => {
    const malika = await person(t.app, 'Malika');
    const old = await client(malika);
    const closed = new Promise<string>((resolve) => old.once('disconnect', resolve));
    const asked = await t.gql(`mutation ($email: String!) { requestPasswordReset(email: $email) }`, {
      email: malika.user.email,
    });
    expect(asked).toEqual({ data: { requestPasswordReset: true } });
    const mail = await waitForMailFile(t.config.mail.fileDir, malika.user.email);
    const [, token] = /#token=([\w-]+)/.exec(mail.text ?? '') ?? [];
    const reset = await t.gql<{ resetPassword: { accessToken: string } }>(
      `mutation ($token: String!) { resetPassword(token: $token, newPassword: "a brand new password") { accessToken } }`,
      { token },
    );
    expect(reset.errors).toBeUndefined();
    expect(await closed).toBe('io server disconnect');
    const renewed = await client({ ...malika, token: reset.data!.resetPassword.accessToken });
    expect(renewed.connected).toBe(true);
  });

  it('refuses blank titles and bodies as bad input on the field, in the caller’s language', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const blankThread = await t.gql(
      CREATE_THREAD,
      { input: { roomId, title: ' \t\n ' } },
      { token: coordinator.token, lang: 'ru' },
    );
    expect(blankThread.errors?.[0]).toMatchObject({
      message: 'Исправьте, пожалуйста, эти поля: input.title: не должно быть пустым',
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.title', code: 'isNotEmpty', message: 'не должно быть пустым' }],
      },
    });
    const blankRoom = await t.gql(
      CREATE_ROOM,
      {
        input: {
          scope: 'THEME',
          scopeKey: 'water',
          visibility: 'PUBLIC',
          originalLocale: 'es',
          title: '   ',
        },
      },
      { token: coordinator.token, lang: 'es' },
    );
    expect(blankRoom.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.title', code: 'isNotEmpty', message: 'no debe estar vacío' }],
    });

    const POST = `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id } }`;
    const blankPost = await t.gql(
      POST,
      { input: { roomId, threadId, body: '  \n ', clientId: 'blank-1' } },
      { token: alice.token },
    );
    expect(blankPost.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.body', code: 'isNotEmpty' }],
    });
    const a = await client(alice, 'nl');
    const blankSend = await send(a, roomId, threadId, ' \u00a0 ');
    expect(blankSend.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'body', code: 'isNotEmpty', message: 'mag niet leeg zijn' }],
    });
    const sent = await send(a, roomId, threadId, 'something');
    const blankEdit = await ack(a, 'message:edit', {
      messageId: (sent.message as WireMessage).id,
      body: '\n',
    });
    expect(blankEdit.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ code: 'isNotEmpty' }] });
  });

  it('refuses a NUL character in any socket payload as bad input, and stores nothing', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const a = await client(alice);
    const sent = await send(a, roomId, threadId, 'before');
    expect(sent.ok).toBe(true);
    const messageId = (sent.message as WireMessage).id;
    for (const [event, payload] of [
      ['message:send', { roomId, threadId, body: 'nul \u0000 here', clientId: 'nul-1' }],
      ['message:edit', { messageId, body: 'nul \u0000 here' }],
      ['room:join', { roomId: `${roomId}\u0000` }],
      ['reaction:toggle', { messageId, emoji: '👍\u0000' }],
    ] as const) {
      const answer = await ack(a, event, payload);
      expect({ event, code: answer.error?.code }).toEqual({ event, code: 'BAD_USER_INPUT' });
    }
    const stored = await t.gql<{ messages: { body: string }[] }>(
      `query ($threadId: ID!) { messages(threadId: $threadId) { body } }`,
      { threadId },
    );
    expect(stored.data?.messages).toEqual([{ body: 'before' }]);
  });

  it('lets only hosts name or change hosts and moderators; a moderator only invites members', async () => {
    const { roomId } = await room('PRIVATE');
    const ADD = `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role person { id } } }`;
    const [mod, otherMod, namedHost, newcomer] = await Promise.all(
      ['Mona', 'Max', 'Hana', 'Nils'].map((name) => person(t.app, name)),
    );
    for (const [who, role] of [
      [mod, 'MODERATOR'],
      [otherMod, 'MODERATOR'],
      [namedHost, 'HOST'],
    ] as const) {
      const named = await t.gql(
        ADD,
        { input: { roomId, userId: who.user.id, role } },
        { token: coordinator.token },
      );
      expect(named.errors).toBeUndefined();
    }
    const byModerator = (userId: string, role: string) =>
      t.gql(ADD, { input: { roomId, userId, role } }, { token: mod.token, lang: 'ru' });
    for (const [userId, role] of [
      [namedHost.user.id, 'MEMBER'], // demote a host
      [otherMod.user.id, 'MEMBER'], // demote another moderator
      [newcomer.user.id, 'MODERATOR'], // name a moderator
      [newcomer.user.id, 'HOST'], // name a host
    ]) {
      const refused = await byModerator(userId, role);
      expect(refused.errors?.[0]).toMatchObject({
        message:
          'Назначать ведущих и модераторов или менять их роль могут только ведущие комнаты; модераторы могут приглашать участников.',
        extensions: { code: 'FORBIDDEN' },
      });
    }
    // Inviting a member (also again) is what a moderator may do.
    expect((await byModerator(newcomer.user.id, 'MEMBER')).errors).toBeUndefined();
    expect((await byModerator(newcomer.user.id, 'MEMBER')).errors).toBeUndefined();
    // A named host may change a moderator's role.
    const demoted = await t.gql(
      ADD,
      { input: { roomId, userId: otherMod.user.id, role: 'MEMBER' } },
      { token: namedHost.token },
    );
    expect(demoted.errors).toBeUndefined();
    // A network admin who opened the room has a row as a member, yet moderates here by their role.
    const admin = await person(t.app, 'Aida', [{ role: Role.ADMIN, countryCode: null }]);
    await t.gql(
      `mutation ($id: ID!) { markRead(roomId: $id, seq: 0) { id } }`,
      { id: roomId },
      { token: admin.token },
    );
    const roles = await t.gql<{
      roomMembers: { role: string; moderates: boolean; person: { id: string } }[];
    }>(
      `query ($id: ID!) { roomMembers(roomId: $id) { role moderates person { id } } }`,
      { id: roomId },
      { token: coordinator.token },
    );
    const roleOf = new Map(roles.data?.roomMembers.map((m) => [m.person.id, [m.role, m.moderates]]));
    expect([mod, otherMod, namedHost, newcomer, admin].map((p) => roleOf.get(p.user.id))).toEqual([
      ['MODERATOR', true],
      ['MEMBER', false],
      ['HOST', true],
      ['MEMBER', false],
      ['MEMBER', true],
    ]);

    // Naming a muted and banned member moderator lifts both (nobody could lift them afterwards).
    for (const mutation of [
      'muteMember(input: { roomId: $roomId, userId: $userId, minutes: 60 }) { mutedUntil }',
      'banMember(input: { roomId: $roomId, userId: $userId }) { banned }',
    ]) {
      const answer = await t.gql(
        `mutation ($roomId: ID!, $userId: ID!) { ${mutation} }`,
        { roomId, userId: newcomer.user.id },
        { token: coordinator.token },
      );
      expect(answer.errors).toBeUndefined();
    }
    const newcomerPage = await client(newcomer);
    const toldFree = next<{ roomId: string; until: string | null }>(newcomerPage, 'muted');
    const promoted = await t.gql<{
      addRoomMember: { role: string; mutedUntil: string | null; banned: boolean };
    }>(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role mutedUntil banned } }`,
      { input: { roomId, userId: newcomer.user.id, role: 'MODERATOR' } },
      { token: coordinator.token },
    );
    expect(promoted.data?.addRoomMember).toEqual({ role: 'MODERATOR', mutedUntil: null, banned: false });
    // Their open page is told they may speak again.
    expect(await toldFree).toEqual({ roomId, until: null });
  });

  it('lists whom a writer may mention: hosts, moderators, the invited and writers, not silent readers or the banned', async () => {
    const { roomId, threadId } = await room('PRIVATE');
    const [invitedOnly, moderator, writer, quiet, troll] = await Promise.all(
      ['Inga', 'Mona', 'Wanda', 'Quentin', 'Troll'].map((name) => person(t.app, name)),
    );
    const ADD = `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`;
    for (const [who, role] of [
      [invitedOnly, 'MEMBER'],
      [moderator, 'MODERATOR'],
      [writer, 'MEMBER'],
      [troll, 'MEMBER'],
    ] as const)
      expect(
        (await t.gql(ADD, { input: { roomId, userId: who.user.id, role } }, { token: coordinator.token }))
          .errors,
      ).toBeUndefined();
    for (const who of [writer, troll]) {
      const socket = await client(who);
      expect((await send(socket, roomId, threadId, `hello from ${who.user.id}`)).ok).toBe(true);
    }
    const banned = await t.gql(
      `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
      { input: { roomId, userId: troll.user.id } },
      { token: coordinator.token },
    );
    expect(banned.errors).toBeUndefined();
    // A public room's reader who never wrote stays unlisted there too.
    const open = await room('MEMBERS');
    expect((await ack(await client(quiet), 'room:join', { roomId: open.roomId })).ok).toBe(true);

    const MENTIONABLE = `query ($id: ID!) { mentionable(roomId: $id) { id displayName } }`;
    const listed = async (who: Person, id = roomId) => {
      const answer = await t.gql<{ mentionable: { id: string }[] }>(
        MENTIONABLE,
        { id },
        { token: who.token },
      );
      expect(answer.errors).toBeUndefined();
      return answer.data!.mentionable.map((p) => p.id);
    };
    // The country's coordinators host its rooms (Nurlan and any an earlier test made): listed without
    // writing. The asker never is.
    const hosts = await t.gql<{ room: { hosts: { id: string }[] } }>(
      `query ($id: ID!) { room(id: $id) { hosts { id } } }`,
      { id: roomId },
      { token: coordinator.token },
    );
    const hostIds = hosts.data!.room.hosts.map((host) => host.id);
    expect(hostIds).toContain(coordinator.user.id);
    const otherHosts = (asker: Person) => hostIds.filter((id) => id !== asker.user.id);
    // Hosts first; then moderators and the invited, those who wrote most recently first; then writers.
    expect(await listed(writer)).toEqual([
      ...otherHosts(writer),
      ...[invitedOnly.user.id, moderator.user.id].sort(), // neither wrote: by id
    ]);
    expect((await listed(invitedOnly)).slice(hostIds.length)).toEqual([writer.user.id, moderator.user.id]);
    expect(await listed(coordinator, open.roomId)).toEqual(otherHosts(coordinator));
    // In an open room, writers by their latest message.
    const [first, second] = await Promise.all(['Fiona', 'Sam'].map((name) => person(t.app, name)));
    for (const who of [first, second, first, second]) {
      const socket = await client(who);
      expect((await send(socket, open.roomId, open.threadId, `hi from ${who.user.id}`)).ok).toBe(true);
    }
    const late = await person(t.app, 'Lena');
    expect((await send(await client(late), open.roomId, open.threadId, 'late')).ok).toBe(true);
    expect(await listed(first, open.roomId)).toEqual([...otherHosts(first), late.user.id, second.user.id]);

    // Only for those who may post there: not the banned, not outsiders, not guests.
    const refused = async (token: string | undefined, id = roomId) =>
      (await t.gql(MENTIONABLE, { id }, { token })).errors?.[0].extensions.code;
    expect(await refused(troll.token)).toBe('FORBIDDEN');
    expect(await refused(outsider.token)).toBe('FORBIDDEN');
    expect(await refused(undefined)).toBe('UNAUTHENTICATED');
    expect(await refused(writer.token, randomUUID())).toBe('NOT_FOUND');
    expect(await refused(writer.token, 'not-an-id')).toBe('BAD_USER_INPUT');
  });

  it('stores one socket’s messages in the order it sent them, even when it does not wait for acks', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const typist = await client(await person(t.app, 'Typist'));
    for (let round = 0; round < 3; round++) {
      const acks = await Promise.all(
        Array.from({ length: 8 }, (_, i) => send(typist, roomId, threadId, `round ${round} line ${i}`)),
      );
      const seqs = acks.map((a) => (a.message as WireMessage).seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it('keeps every replaced text as a version when one author’s edits race', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const author = await person(t.app, 'Editor');
    const devices = await Promise.all([client(author), client(author), client(author)]);
    const versions = `query ($id: ID!) { messageVersions(messageId: $id) { body } }`;
    for (let round = 0; round < 3; round++) {
      const sent = await send(devices[0], roomId, threadId, `original ${round}`);
      const messageId = (sent.message as WireMessage).id;
      const edits = ['A', 'B', 'C'].map((body) => `${body} ${round}`);
      const acks = await Promise.all(
        devices.map((device, i) => ack(device, 'message:edit', { messageId, body: edits[i] })),
      );
      expect(acks.every((a) => a.ok)).toBe(true);
      const kept = await t.gql<{ messageVersions: { body: string }[] }>(
        versions,
        { id: messageId },
        { token: coordinator.token },
      );
      const stored = await t.gql<{ messages: { id: string; body: string }[] }>(
        `query ($threadId: ID!) { messages(threadId: $threadId) { id body } }`,
        { threadId },
        { token: author.token },
      );
      const final = stored.data!.messages.find((m) => m.id === messageId)!.body;
      // Every text the message ever had: the original and each edit, the last one as the body.
      expect([...kept.data!.messageVersions.map((v) => v.body), final].sort()).toEqual(
        [`original ${round}`, ...edits].sort(),
      );
    }
  });

  it('ends two reaction toggles at once where it started', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const reader = await person(t.app, 'Reactor');
    const [one, two] = await Promise.all([client(reader), client(reader)]);
    const messageId = ((await send(one, roomId, threadId, 'react to me')).message as WireMessage).id;
    for (let round = 0; round < 4; round++) {
      await Promise.all([one, two].map((s) => ack(s, 'reaction:toggle', { messageId, emoji: '🎉' })));
      const stored = await t.gql<{ messages: { reactions: { count: number }[] }[] }>(
        `query ($threadId: ID!) { messages(threadId: $threadId) { reactions { count } } }`,
        { threadId },
        { token: reader.token },
      );
      expect(stored.data!.messages[0].reactions).toEqual([]);
    }
  });

  it('answers a resend after a mute with the stored message, and refuses a clientId reused for another message', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const other = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Another thread' } },
      { token: coordinator.token },
    );
    const sender = await person(t.app, 'Resender');
    const s = await client(sender, 'es');
    const clientId = `resend-${randomUUID()}`;
    const first = await send(s, roomId, threadId, 'said before the mute', clientId);
    expect(first.ok).toBe(true);
    const muted = await t.gql(
      `mutation ($input: MuteMemberInput!) { muteMember(input: $input) { mutedUntil } }`,
      { input: { roomId, userId: sender.user.id, minutes: 30 } },
      { token: coordinator.token },
    );
    expect(muted.errors).toBeUndefined();
    expect(await send(s, roomId, threadId, 'said before the mute', clientId)).toMatchObject({
      ok: true,
      duplicate: true,
      message: { id: (first.message as WireMessage).id },
    });
    expect((await send(s, roomId, threadId, 'a new message', `new-${randomUUID()}`)).error?.code).toBe(
      'FORBIDDEN',
    );
    for (const [thread, body] of [
      [threadId, 'something else entirely'],
      [other.data!.createThread.id, 'said before the mute'],
    ])
      expect((await send(s, roomId, thread, body, clientId)).error).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/^Este identificador de mensaje/),
        fields: [{ path: 'clientId' }],
      });
  });

  it('stores a message as written, and refuses broken text, binary payloads and out-of-range values, in the caller’s language', async () => {
    const { roomId, threadId } = await room('PUBLIC');
    const writer = await person(t.app, 'Writer');
    const s = await client(writer, 'ru');
    const code = '\n    const x = 1;\n    const y = 2;  \n\n';
    expect((await send(s, roomId, threadId, code)).message).toMatchObject({
      body: '    const x = 1;\n    const y = 2;',
    });

    const broken = await send(s, roomId, threadId, 'hi \ud83d there');
    expect(broken.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'body', code: 'wellFormed' }],
    });
    expect(broken.error?.message).toMatch(/повреждённый символ/);
    const overGraphql = await t.gql(
      `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      { input: { roomId, threadId, body: 'a\udc00b', clientId: 'broken-1' } },
      { token: writer.token },
    );
    expect(overGraphql.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.body', code: 'wellFormed' }],
    });
    const invisible = await send(s, roomId, threadId, '\u200b\u200d\ufeff');
    expect(invisible.error?.fields).toEqual([expect.objectContaining({ path: 'body', code: 'isNotEmpty' })]);

    const message = (await send(s, roomId, threadId, 'react here')).message as WireMessage;
    for (const [event, payload, path, rule, text] of [
      ['room:join', { roomId: 'nope' }, 'roomId', 'isUUID', 'должно быть действительным идентификатором'],
      [
        'reaction:toggle',
        { messageId: message.id, emoji: '123' },
        'emoji',
        'matches',
        'имеет недопустимый формат',
      ],
      ['room:join', { roomId, sinceSeq: 1e20 }, 'sinceSeq', 'max', ''],
      ['message:send', Buffer.from('binary'), 'payload', 'invalid', ''],
    ] as const) {
      const answer = await ack(s, event, payload);
      expect({ event, code: answer.error?.code, fields: answer.error?.fields }).toEqual({
        event,
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ path, code: rule, message: expect.stringContaining(text) })],
      });
    }
    const stored = await t.gql<{ messages: { body: string }[] }>(
      `query ($threadId: ID!) { messages(threadId: $threadId) { body } }`,
      { threadId },
    );
    const badFilter = await t.gql(
      `query ($filter: RoomFilter) { rooms(filter: $filter) { totalCount } }`,
      { filter: { countryCode: 'XXX', scopeKey: 'k'.repeat(201) } },
      { lang: 'ru' },
    );
    expect(badFilter.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'filter.countryCode', code: 'isISO31661Alpha2' },
        { path: 'filter.scopeKey', code: 'maxLength' },
      ],
    });
    expect(stored.data?.messages.map((m) => m.body)).toEqual([
      '    const x = 1;\n    const y = 2;',
      'react here',
    ]);
  });
});
