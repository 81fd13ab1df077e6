import { AccountsService, Role } from '@ashar/accounts';
import { MailQueue } from '@ashar/mail';
import { readMailFiles, recipientsOf } from '@ashar/mail/testing';
import { startTestApp, testConfig, type TestApp } from '@ashar/transport/testing';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { DiscussionsModule } from '../discussions.module';
import { MentionMailer } from '../mention-mailer';
import { ack, connect, person, type Person } from './room-test-kit';

const CREATE_ROOM = `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`;
const CREATE_THREAD = `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`;

describe('e-mail about mentions left unread', () => {
  let t: TestApp;
  let db: DataSource;
  let coordinator: Person;
  let alice: Person;
  let bob: Person;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // No background workers: the test runs each step itself.
    t = await startTestApp([DiscussionsModule], {
      mail: { ...testConfig().mail, worker: false },
      roomLimits: { sendsPerWindow: 60, typingPerWindow: 3, windowSeconds: 60 },
    });
    db = t.app.get(DataSource);
    coordinator = await person(t.app, 'Nurlan', [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }]);
    alice = await person(t.app, 'Alice');
    bob = await person(t.app, 'Bob');
    const russian = await t.gql(
      `mutation { updateProfile(input: { preferredLocale: "ru" }) { id } }`,
      {},
      {
        token: bob.token,
      },
    );
    expect(russian.errors).toBeUndefined();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(() => t.close());

  async function room(visibility: string, title: string) {
    const created = await t.gql<{ createRoom: { id: string } }>(
      CREATE_ROOM,
      { input: { scope: 'COUNTRY', countryCode: 'KG', visibility, originalLocale: 'ru', title } },
      { token: coordinator.token },
    );
    expect(created.errors).toBeUndefined();
    const roomId = created.data!.createRoom.id;
    const thread = await t.gql<{ createThread: { id: string } }>(
      CREATE_THREAD,
      { input: { roomId, title: 'Pumps' } },
      { token: coordinator.token },
    );
    return { roomId, threadId: thread.data!.createThread.id };
  }

  async function say(
    who: Person,
    where: { roomId: string; threadId: string },
    body: string,
    mentions: Person[],
  ) {
    const socket = await connect(t.url, { token: who.token });
    sockets.push(socket);
    const sent = await ack(socket, 'message:send', {
      ...where,
      body,
      clientId: `${Date.now()}-${Math.random()}`,
      mentions: mentions.map((p) => p.user.id),
    });
    expect(sent.ok).toBe(true);
    return sent.message as { id: string; seq: number };
  }

  /**
   * Marks the room (or one thread of it) read up to `seq` for `who` (opening it does: it gives them a
   * standing there).
   */
  async function read(who: Person, roomId: string, seq: number, threadId?: string) {
    const marked = await t.gql(
      `mutation ($roomId: ID!, $seq: Int!, $threadId: ID) { markRead(roomId: $roomId, seq: $seq, threadId: $threadId) { id } }`,
      { roomId, seq, threadId },
      { token: who.token },
    );
    expect(marked.errors).toBeUndefined();
  }

  /** Makes every message of the room `minutes` old. */
  const age = (roomId: string, minutes: number) =>
    db.query(`UPDATE room_message SET created_at = now() - make_interval(mins => $2) WHERE room_id = $1`, [
      roomId,
      minutes,
    ]);

  /** Runs the mention mailer, sends what it queued, and returns the mails to `who` so far. */
  async function mailsTo(who: Person) {
    const queued = await t.app.get(MentionMailer).run();
    await t.app.get(MailQueue).drain();
    const mails = (await readMailFiles(t.config.mail.fileDir)).filter((mail) =>
      recipientsOf(mail).includes(who.user.email),
    );
    return { queued, mails };
  }

  it('mails a person the mentions they have not read for 10 minutes, once, in their language', async () => {
    const where = await room('PUBLIC', 'Водные комитеты');
    await read(bob, where.roomId, 0); // Bob opened the room once
    await say(alice, where, 'Bob, do you have the pump figures?', [bob]);
    await say(alice, where, 'Also **<b>the</b>** invoices & [receipts](https://example.org/r),\n\n@Bob', [
      bob,
    ]);

    // The rooms list counts them for Bob: two unread messages, both mentioning him.
    const counts = async (who: Person) =>
      (
        await t.gql<{ room: { unreadCount: number; unreadMentions: number } }>(
          `query ($id: ID!) { room(id: $id) { unreadCount unreadMentions } }`,
          { id: where.roomId },
          { token: who.token },
        )
      ).data?.room;
    expect(await counts(bob)).toEqual({ unreadCount: 2, unreadMentions: 2 });
    expect(await counts(coordinator)).toEqual({ unreadCount: 2, unreadMentions: 0 });

    await age(where.roomId, 5);
    expect((await mailsTo(bob)).queued).toBe(0); // not yet 10 minutes

    await age(where.roomId, 11);
    const { queued, mails } = await mailsTo(bob);
    expect(queued).toBe(1);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe('2 непрочитанных упоминания в обсуждении «Водные комитеты»');
    expect(mail.text).toContain('Вас упомянули 2 раза в обсуждении «Водные комитеты» в Ашаре');
    expect(mail.text).toContain('Автор последнего упоминания — Alice:');
    // Quoted as plain text: the Markdown's words, not its syntax (nor the link's address).
    expect(mail.text).toContain('> Also <b>the</b> invoices & receipts,\n> @Bob');
    expect(mail.text).not.toContain('example.org/r');
    expect(mail.text).toContain(`/rooms/${where.roomId}?thread=${where.threadId}&lang=ru`);
    // Someone's words reach the HTML as text only.
    expect(mail.html).toContain('Also &lt;b&gt;the&lt;/b&gt; invoices &amp; receipts,');
    expect(mail.html).not.toContain('<b>the</b>');

    // Mailed once: the next run finds nothing new.
    expect((await mailsTo(bob)).mails).toHaveLength(1);

    // A later mention Bob reads in time is not mailed; the one after, unread, is, on its own.
    const thanks = await say(alice, where, 'Thanks, got them', [bob]);
    await age(where.roomId, 11);
    await read(bob, where.roomId, thanks.seq, where.threadId); // read in its thread
    expect((await mailsTo(bob)).queued).toBe(0);
    await say(coordinator, where, 'Bob, one more question', [bob]);
    await age(where.roomId, 11);
    const later = await mailsTo(bob);
    expect(later.mails).toHaveLength(2);
    expect(later.mails[1].subject).toBe('Nurlan упоминает вас в обсуждении «Водные комитеты»');
  });

  it('mails each mention once it has waited 10 minutes, even while newer ones keep coming', async () => {
    const where = await room('PUBLIC', 'Pasture rotation');
    await read(bob, where.roomId, 0);
    const first = await say(alice, where, 'Bob: first question', [bob]);
    const second = await say(alice, where, 'Bob: second question', [bob]);
    const third = await say(alice, where, 'Bob: third question', [bob]);
    const setAge = (message: { id: string }, minutes: number) =>
      db.query(`UPDATE room_message SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [
        message.id,
        minutes,
      ]);
    await setAge(first, 25);
    await setAge(second, 15);
    await setAge(third, 3);
    const before = (await readMailFiles(t.config.mail.fileDir)).filter((mail) =>
      recipientsOf(mail).includes(bob.user.email),
    ).length;
    const now = await mailsTo(bob);
    expect(now.queued).toBe(1);
    expect(now.mails).toHaveLength(before + 1);
    expect(now.mails[now.mails.length - 1].text).toContain('> Bob: second question');
    expect(now.mails[now.mails.length - 1].subject).toBe(
      '2 непрочитанных упоминания в обсуждении «Pasture rotation»',
    );
    // The third, once it has waited as long, on its own.
    await setAge(third, 11);
    const then = await mailsTo(bob);
    expect(then.mails).toHaveLength(before + 2);
    expect(then.mails[then.mails.length - 1].text).toContain('> Bob: third question');
  });

  it('mails nobody who turned it off, who may not read the room, whose account is suspended, or about a deleted message', async () => {
    const carol = await person(t.app, 'Carol');
    const dave = await person(t.app, 'Dave');
    const off = await t.gql<{ updateProfile: { mentionMail: boolean } }>(
      `mutation { updateProfile(input: { mentionMail: false }) { mentionMail } }`,
      {},
      { token: carol.token },
    );
    expect(off.data).toEqual({ updateProfile: { mentionMail: false } });
    const me = await t.gql(`{ me { mentionMail } }`, {}, { token: dave.token });
    expect(me.data).toEqual({ me: { mentionMail: true } });

    const erin = await person(t.app, 'Erin');
    // Dave is mentioned in a room he had opened, but was banned from since.
    const closed = await room('MEMBERS', 'Steering notes');
    await read(dave, closed.roomId, 0);
    await say(coordinator, closed, 'Should we ask Dave?', [dave]);
    const banned = await t.gql(
      `mutation ($input: BanMemberInput!) { banMember(input: $input) { __typename } }`,
      { input: { roomId: closed.roomId, userId: dave.user.id } },
      { token: coordinator.token },
    );
    expect(banned.errors).toBeUndefined();
    const open = await room('PUBLIC', 'Open questions');
    const frank = await person(t.app, 'Frank');
    for (const who of [carol, dave, alice, frank]) await read(who, open.roomId, 0);
    await say(alice, open, 'Carol, any news?', [carol]);
    await say(alice, open, 'Frank, are you there?', [frank]);
    const admin = await person(t.app, 'Admin', [{ role: Role.ADMIN, countryCode: null }]);
    await t.app.get(AccountsService).suspendAccount(admin.user, { userId: frank.user.id });
    const gone = await say(alice, open, 'Dave, ignore this', [dave]);
    await say(alice, open, 'Note to self, @Alice', [alice]);
    // Erin never opened the room: naming her carries nobody's words to her inbox.
    await say(alice, open, 'Erin, buy our fertiliser at example.com', [erin]);
    const socket = await connect(t.url, { token: alice.token });
    sockets.push(socket);
    expect((await ack(socket, 'message:delete', { messageId: gone.id })).ok).toBe(true);
    // Who a removed message named is gone with its words, for every reader.
    const history = await t.gql<{ messages: { id: string; deleted: boolean; mentions: { id: string }[] }[] }>(
      `query ($threadId: ID!) { messages(threadId: $threadId) { id deleted mentions { id } } }`,
      { threadId: open.threadId },
    );
    expect(history.data?.messages.find((message) => message.id === gone.id)).toEqual({
      id: gone.id,
      deleted: true,
      mentions: [],
    });
    await age(closed.roomId, 11);
    await age(open.roomId, 11);

    expect((await mailsTo(carol)).mails).toEqual([]);
    expect((await mailsTo(dave)).mails).toEqual([]);
    expect((await mailsTo(alice)).mails).toEqual([]);
    expect((await mailsTo(erin)).mails).toEqual([]);
    expect((await mailsTo(frank)).mails).toEqual([]);
  });
});
