import { randomUUID } from 'node:crypto';
import { Role } from '@ashar/accounts';
import { MailQueue } from '@ashar/mail';
import { readMailFiles, recipientsOf } from '@ashar/mail/testing';
import { startTestApp, testConfig, type TestApp } from '@ashar/transport/testing';
import { DataSource } from 'typeorm';
import { DiscussionsModule } from '../discussions.module';
import { ReportMailer } from '../report-mailer';
import { person, type Person } from './room-test-kit';

describe('e-mail to a room’s moderators about reports left open', () => {
  let t: TestApp;
  let db: DataSource;
  let coordinator: Person;
  let host: Person;
  let moderator: Person;
  let alice: Person;
  let bob: Person;
  let steering: Person;

  beforeAll(async () => {
    // No background workers: the test runs each step itself.
    t = await startTestApp([DiscussionsModule], { mail: { ...testConfig().mail, worker: false } });
    db = t.app.get(DataSource);
    coordinator = await person(t.app, 'Nurlan', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }]);
    host = await person(t.app, 'Hostess', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'TJ' }]);
    moderator = await person(t.app, 'Mira');
    alice = await person(t.app, 'Alice');
    bob = await person(t.app, 'Bob');
    steering = await person(t.app, 'Sten', [{ role: Role.STEERING_GROUP, countryCode: null }]);
    for (const who of [coordinator, moderator])
      expect(
        (
          await t.gql(
            `mutation { updateProfile(input: { preferredLocale: "${who === coordinator ? 'ru' : 'es'}" }) { id } }`,
            {},
            { token: who.token },
          )
        ).errors,
      ).toBeUndefined();
  });
  afterAll(() => t.close());

  /** A Kyrgyz country room made by `host` (its named HOST), with Mira as MODERATOR, and a thread. */
  async function room(title: string) {
    const created = await t.gql<{ createRoom: { id: string } }>(
      `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
      { input: { scope: 'COUNTRY', countryCode: 'KG', visibility: 'MEMBERS', originalLocale: 'en', title } },
      { token: steering.token },
    );
    expect(created.errors).toBeUndefined();
    const roomId = created.data!.createRoom.id;
    for (const [who, role] of [
      [host, 'HOST'],
      [moderator, 'MODERATOR'],
    ] as const) {
      const added = await t.gql(
        `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
        { input: { roomId, userId: who.user.id, role } },
        { token: steering.token },
      );
      expect(added.errors).toBeUndefined();
    }
    // The steering group member who made it is its named host too, and mailed as such.
    const thread = await t.gql<{ createThread: { id: string } }>(
      `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId, title: 'Pumps' } },
      { token: steering.token },
    );
    return { roomId, threadId: thread.data!.createThread.id };
  }

  async function post(by: Person, where: { roomId: string; threadId: string }, body: string) {
    const posted = await t.gql<{ postMessage: { id: string } }>(
      `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      { input: { ...where, body, clientId: randomUUID() } },
      { token: by.token },
    );
    expect(posted.errors).toBeUndefined();
    return posted.data!.postMessage.id;
  }

  async function report(by: Person, messageId: string) {
    const reported = await t.gql(
      `mutation ($input: ReportMessageInput!) { reportMessage(input: $input) }`,
      { input: { messageId, reason: 'Spam' } },
      { token: by.token },
    );
    expect(reported.errors).toBeUndefined();
  }

  /** Makes every report of the room `minutes` old. */
  const age = (roomId: string, minutes: number) =>
    db.query(`UPDATE message_report SET reported_at = now() - make_interval(mins => $2) WHERE room_id = $1`, [
      roomId,
      minutes,
    ]);

  /** Runs the mailer, sends what it queued, and returns the mails about `roomId` so far, by recipient. */
  async function mails(roomId: string) {
    const queued = await t.app.get(ReportMailer).run();
    await t.app.get(MailQueue).drain();
    const about = (await readMailFiles(t.config.mail.fileDir)).filter((mail) =>
      mail.text?.includes(`/rooms/${roomId}?reports=open`),
    );
    const to = (who: Person) => about.filter((mail) => recipientsOf(mail).includes(who.user.email));
    return { queued, to, all: about };
  }

  it('mails the room’s hosts, moderators and coordinators once a report has waited 10 minutes, once, in their language', async () => {
    const where = await room('Water committees');
    const spam = await post(alice, where, 'Cheap watches');
    await report(bob, spam);
    await age(where.roomId, 5);
    expect((await mails(where.roomId)).queued).toBe(0); // not yet 10 minutes

    await age(where.roomId, 11);
    const first = await mails(where.roomId);
    expect(first.queued).toBe(4);
    expect(first.to(coordinator).map((mail) => mail.subject)).toEqual([
      '1 сообщение с жалобой ждёт в обсуждении «Water committees»',
    ]);
    expect(first.to(moderator).map((mail) => mail.subject)).toEqual([
      '1 mensaje denunciado espera en la sala Water committees',
    ]);
    const [toHost] = first.to(host);
    expect(toHost.subject).toBe('1 reported message waits in Water committees');
    expect(toHost.text).toContain(`/rooms/${where.roomId}?reports=open&lang=en`);
    expect(first.to(steering)).toHaveLength(1);
    // Neither the author nor the reporter is mailed.
    for (const who of [alice, bob]) expect(first.to(who)).toEqual([]);

    // Mailed once: the next run finds nothing new.
    expect((await mails(where.roomId)).queued).toBe(0);

    // Two more reported messages: one mail each, counting every message that waits.
    for (const body of ['More watches', 'Even more']) await report(bob, await post(alice, where, body));
    await age(where.roomId, 11);
    const second = await mails(where.roomId);
    expect(second.queued).toBe(4);
    expect(second.to(coordinator).at(-1)?.subject).toBe(
      '3 сообщения с жалобами ждут в обсуждении «Water committees»',
    );
    expect(second.to(host).at(-1)?.subject).toBe('3 reported messages wait in Water committees');
  });

  it('mails nobody about dismissed reports or deleted messages, and no one about their own message', async () => {
    const where = await room('Pasture rotation');
    const dismissed = await post(alice, where, 'Unkind words');
    const deleted = await post(alice, where, 'Spam link');
    const own = await post(moderator, where, 'A moderator’s own message');
    for (const message of [dismissed, deleted, own]) await report(bob, message);
    const act = async (query: string, variables: Record<string, unknown>) =>
      expect((await t.gql(query, variables, { token: coordinator.token })).errors).toBeUndefined();
    await act(`mutation ($messageId: ID!) { dismissReports(messageId: $messageId) }`, {
      messageId: dismissed,
    });
    await act(`mutation ($id: ID!) { deleteMessage(id: $id) { id } }`, { id: deleted });
    await age(where.roomId, 11);
    const run = await mails(where.roomId);
    // Only the moderator's own message is still open: the others review it, and she is not told.
    expect(run.to(moderator)).toEqual([]);
    expect(run.to(host).map((mail) => mail.subject)).toEqual([
      '1 reported message waits in Pasture rotation',
    ]);
    expect(run.to(coordinator)).toHaveLength(1);
  });

  it('stops mailing someone who no longer moderates the room', async () => {
    const where = await room('Seed funds');
    // Mira is made a plain member again; the TJ coordinator named host stays one (a country room
    // asks no role of its named hosts).
    const demoted = await t.gql(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
      { input: { roomId: where.roomId, userId: moderator.user.id, role: 'MEMBER' } },
      { token: steering.token },
    );
    expect(demoted.errors).toBeUndefined();
    await report(bob, await post(alice, where, 'Off topic'));
    await age(where.roomId, 11);
    const run = await mails(where.roomId);
    expect(run.to(moderator)).toEqual([]);
    expect(run.to(host)).toHaveLength(1);
  });
});
