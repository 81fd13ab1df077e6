import { randomUUID } from 'node:crypto';
import { Role } from '@ashar/accounts';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { DiscussionsModule } from '../discussions.module';
import { ack, collect, connect, next, person, type Person } from './room-test-kit';

const REPORT = `mutation ($input: ReportMessageInput!) { reportMessage(input: $input) }`;
const REPORTED = `query ($roomId: ID!) { reportedMessages(roomId: $roomId) {
  message { id body author { id } } reports { reporter { id displayName } reason reportedAt } } }`;
const DISMISS = `mutation ($messageId: ID!) { dismissReports(messageId: $messageId) }`;
const OPEN_REPORTS = `query ($id: ID!) { room(id: $id) { openReports } }`;

describe('reporting messages to a room’s moderators', () => {
  let t: TestApp;
  let coordinator: Person;
  let alice: Person;
  let bob: Person;
  let oscar: Person;
  let dana: Person;
  let steering: Person;

  async function room(visibility: string) {
    const created = await t.gql<{ createRoom: { id: string } }>(
      `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
      { input: { scope: 'COUNTRY', countryCode: 'KG', visibility, originalLocale: 'en' } },
      { token: coordinator.token },
    );
    const roomId = created.data!.createRoom.id;
    const thread = await t.gql<{ createThread: { id: string } }>(
      `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId, title: 'Water committees' } },
      { token: coordinator.token },
    );
    return { roomId, threadId: thread.data!.createThread.id };
  }

  async function post(by: Person, roomId: string, threadId: string, body: string): Promise<string> {
    const posted = await t.gql<{ postMessage: { id: string } }>(
      `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      { input: { roomId, threadId, body, clientId: randomUUID() } },
      { token: by.token },
    );
    expect(posted.errors).toBeUndefined();
    return posted.data!.postMessage.id;
  }

  const report = (by: Person, messageId: string, reason?: string, lang?: string) =>
    t.gql<{ reportMessage: boolean }>(REPORT, { input: { messageId, reason } }, { token: by.token, lang });

  async function openReports(by: Person, id: string): Promise<number | null> {
    const answer = await t.gql<{ room: { openReports: number | null } }>(
      OPEN_REPORTS,
      { id },
      { token: by.token },
    );
    return answer.data!.room.openReports;
  }

  beforeAll(async () => {
    t = await startTestApp([DiscussionsModule]);
    coordinator = await person(t.app, 'Nurlan', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }]);
    alice = await person(t.app, 'Alice');
    bob = await person(t.app, 'Bob');
    oscar = await person(t.app, 'Oscar');
    dana = await person(t.app, 'Dana');
    steering = await person(t.app, 'Sten', [{ role: Role.STEERING_GROUP, countryCode: null }]);
  });
  afterAll(() => t.close());

  it('puts reported messages before the room’s moderators, latest first, one report per person', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const rude = await post(alice, roomId, threadId, 'Buy cheap watches here');
    const later = await post(alice, roomId, threadId, 'And here');
    expect(await openReports(coordinator, roomId)).toBe(0);

    expect((await report(bob, rude, 'Advertising')).data?.reportMessage).toBe(true);
    // Reporting again while the report is open changes its reason, not the count.
    expect((await report(bob, rude, 'Advertising, twice now')).data?.reportMessage).toBe(true);
    expect((await report(oscar, rude)).data?.reportMessage).toBe(true);
    expect((await report(oscar, later, 'Spam')).data?.reportMessage).toBe(true);

    expect(await openReports(coordinator, roomId)).toBe(2);
    expect(await openReports(bob, roomId)).toBeNull();
    const listed = await t.gql<{
      reportedMessages: {
        message: { id: string; body: string };
        reports: { reporter: { id: string }; reason: string }[];
      }[];
    }>(REPORTED, { roomId }, { token: coordinator.token });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.reportedMessages.map((r) => r.message.id)).toEqual([later, rude]);
    expect(listed.data!.reportedMessages[1]).toMatchObject({
      message: { body: 'Buy cheap watches here' },
      reports: [
        { reporter: { id: oscar.user.id }, reason: '' },
        { reporter: { id: bob.user.id }, reason: 'Advertising, twice now' },
      ],
    });
  });

  it('lets only moderators see and dismiss reports, and a dismissed report stays closed', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const message = await post(alice, roomId, threadId, 'Something unkind');
    await report(bob, message, 'Unkind');

    const peek = await t.gql(REPORTED, { roomId }, { token: bob.token });
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const meddle = await t.gql(DISMISS, { messageId: message }, { token: bob.token });
    expect(meddle.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const dismissed = await t.gql<{ dismissReports: number }>(
      DISMISS,
      { messageId: message },
      { token: coordinator.token },
    );
    expect(dismissed.data?.dismissReports).toBe(1);
    expect(await openReports(coordinator, roomId)).toBe(0);
    const again = await report(bob, message, 'Still unkind', 'ru');
    expect(again.errors?.[0]).toMatchObject({
      message: 'Ведущие комнаты уже рассмотрели вашу жалобу на это сообщение.',
      extensions: { code: 'CONFLICT' },
    });
    // Someone else's report puts it back on the list.
    expect((await report(oscar, message)).data?.reportMessage).toBe(true);
    expect(await openReports(coordinator, roomId)).toBe(1);
    // Dismissing closes only the reports the moderator was shown: one made since stays open.
    // (as the list gives the time: to the millisecond, while PostgreSQL keeps microseconds)
    const list = await t.gql<{ reportedMessages: { reports: { reportedAt: string }[] }[] }>(
      REPORTED,
      { roomId },
      { token: coordinator.token },
    );
    const shown = list.data!.reportedMessages[0].reports[0].reportedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await report(dana, message, 'Later');
    const partly = await t.gql<{ dismissReports: number }>(
      `mutation ($messageId: ID!, $seenUntil: DateTime) { dismissReports(messageId: $messageId, seenUntil: $seenUntil) }`,
      { messageId: message, seenUntil: shown },
      { token: coordinator.token },
    );
    expect(partly.data?.dismissReports).toBe(1);
    expect(await openReports(coordinator, roomId)).toBe(1);
    // A new reason after the list was read is news too: that report stays open.
    const before = await t.gql<{ reportedMessages: { reports: { reportedAt: string }[] }[] }>(
      REPORTED,
      { roomId },
      { token: coordinator.token },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    await report(dana, message, 'Later, and it is a threat');
    const kept = await t.gql<{ dismissReports: number }>(
      `mutation ($messageId: ID!, $seenUntil: DateTime) { dismissReports(messageId: $messageId, seenUntil: $seenUntil) }`,
      { messageId: message, seenUntil: before.data!.reportedMessages[0].reports[0].reportedAt },
      { token: coordinator.token },
    );
    expect(kept.data?.dismissReports).toBe(0);
    await t.gql(DISMISS, { messageId: message }, { token: coordinator.token });

    // Edited since it was dismissed, the message may be reported again by the same person.
    const edited = await t.gql(
      `mutation ($input: EditMessageInput!) { editMessage(input: $input) { id } }`,
      { input: { messageId: message, body: 'Something unkind, and worse' } },
      { token: alice.token },
    );
    expect(edited.errors).toBeUndefined();
    expect((await report(bob, message)).data?.reportMessage).toBe(true);
    const reopened = await t.gql<{
      reportedMessages: { reports: { reporter: { id: string }; reason: string }[] }[];
    }>(REPORTED, { roomId }, { token: coordinator.token });
    // Reported again without a reason, the earlier reason stays.
    expect(reopened.data?.reportedMessages[0].reports).toEqual([
      expect.objectContaining({ reporter: expect.objectContaining({ id: bob.user.id }), reason: 'Unkind' }),
    ]);
  });

  it('leaves the reports of a moderator’s own message to the room’s other moderators', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const own = await post(coordinator, roomId, threadId, 'The committee meets on Friday');
    await report(bob, own, 'Wrong day');
    expect(await openReports(coordinator, roomId)).toBe(0);
    const listed = await t.gql<{ reportedMessages: unknown[] }>(
      REPORTED,
      { roomId },
      { token: coordinator.token },
    );
    expect(listed.data?.reportedMessages).toEqual([]);
    const dismissed = await t.gql(DISMISS, { messageId: own }, { token: coordinator.token });
    expect(dismissed.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // The network's steering group sees it.
    expect(await openReports(steering, roomId)).toBe(1);
  });

  it('takes a deleted message off the list and refuses reports of it', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const message = await post(alice, roomId, threadId, 'Gone soon');
    await report(bob, message);
    expect(await openReports(coordinator, roomId)).toBe(1);
    const deleted = await t.gql(
      `mutation ($id: ID!) { deleteMessage(id: $id) { id } }`,
      { id: message },
      { token: coordinator.token },
    );
    expect(deleted.errors).toBeUndefined();
    expect(await openReports(coordinator, roomId)).toBe(0);
    const listed = await t.gql<{ reportedMessages: unknown[] }>(
      REPORTED,
      { roomId },
      { token: coordinator.token },
    );
    expect(listed.data?.reportedMessages).toEqual([]);
    expect((await report(oscar, message)).errors?.[0].extensions?.code).toBe('CONFLICT');
    const dismissed = await t.gql(DISMISS, { messageId: message }, { token: coordinator.token });
    expect(dismissed.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('tells the room’s moderators, and only them, at once when its reports change', async () => {
    const { roomId, threadId } = await room('MEMBERS');
    const message = await post(alice, roomId, threadId, 'Cheap watches, again');
    const own = await post(coordinator, roomId, threadId, 'A word from the host');
    const setRole = (who: Person, role: string) =>
      t.gql(
        `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
        { input: { roomId, userId: who.user.id, role } },
        { token: coordinator.token },
      );
    expect((await setRole(dana, 'MODERATOR')).errors).toBeUndefined();
    const sockets = await Promise.all(
      [coordinator, steering, dana, bob].map((who) => connect(t.url, { token: who.token })),
    );
    const [host, network, demoted, member] = sockets;
    try {
      for (const socket of sockets) expect((await ack(socket, 'room:join', { roomId })).ok).toBe(true);
      const toHost = collect(host, 'reports');
      const toNetwork = collect(network, 'reports');
      const toDemoted = collect(demoted, 'reports');
      const toMember = collect(member, 'reports');
      const told = (socket = network) => next<{ roomId: string }>(socket, 'reports');

      let news = Promise.all([told(host), told(network), told(demoted)]);
      await report(bob, message, 'Spam');
      expect(await news).toEqual([{ roomId }, { roomId }, { roomId }]);
      // The same report again is no news; a new reason is.
      await report(bob, message, 'Spam');
      news = Promise.all([told(host), told(network), told(demoted)]);
      await report(bob, message, 'Spam, and rude');
      await news;
      expect(toHost).toHaveLength(2);

      // Dana is no longer a moderator: she is not told any more, though her socket joined as one.
      expect((await setRole(dana, 'MEMBER')).errors).toBeUndefined();
      let both = Promise.all([told(host), told()]);
      expect(
        (await t.gql(DISMISS, { messageId: message }, { token: steering.token })).errors,
      ).toBeUndefined();
      await both;
      // A report of the host's own message is for the room's other moderators: not the host.
      const alone = told();
      await report(oscar, own, 'Off topic');
      await alone;
      both = Promise.all([told(host), told()]);
      await report(oscar, message);
      await both;
      both = Promise.all([told(host), told()]);
      await t.gql(
        `mutation ($id: ID!) { deleteMessage(id: $id) { id } }`,
        { id: message },
        { token: alice.token },
      );
      await both;

      // A message sent after the last news reaches everyone after it: what was not told by then never is.
      const arrived = Promise.all([member, demoted, host].map((socket) => next(socket, 'message:new')));
      await post(alice, roomId, threadId, 'Sorry');
      await arrived;
      expect(toMember).toEqual([]);
      expect(toDemoted).toHaveLength(2);
      expect(toHost).toHaveLength(5);
      expect(toNetwork).toHaveLength(6);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('refuses reports of one’s own message, of unknown ones, from outside a private room, and bad reasons', async () => {
    const open = await room('MEMBERS');
    const own = await post(alice, open.roomId, open.threadId, 'Mine');
    expect((await report(alice, own)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await report(bob, randomUUID())).errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const closed = await room('PRIVATE');
    const secret = await post(coordinator, closed.roomId, closed.threadId, 'Members only');
    expect((await report(oscar, secret)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const long = await report(bob, own, 'x'.repeat(501));
    expect(long.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.reason' }],
    });
    const blank = await report(bob, own, '   ');
    expect(blank.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.reason' }],
    });
    const guest = await t.gql(REPORT, { input: { messageId: own } });
    expect(guest.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await openReports(coordinator, open.roomId)).toBe(0);

    // Each report tells the moderators: reporting over and over is refused like sending too fast.
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 40 && !codes.includes('RATE_LIMITED'); i++)
      codes.push((await report(dana, own, `Again ${i}`)).errors?.[0].extensions?.code as string | undefined);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
    expect(codes.slice(0, -1).every((code) => code === undefined)).toBe(true);
  });
});
