import ical, { type VEvent } from 'node-ical';
import { AccountsService, Role, TokenService, type RoleGrant } from '@ashar/accounts';
import { readMailFiles, recipientsOf, waitForMailFile } from '@ashar/mail/testing';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { EVENT_ROOMS, type EventRooms } from '../event-rooms';
import { EventReminders } from '../event-reminders';
import { EventsModule } from '../events.module';

const EVENT_FIELDS = `id kind status visibility title description locale availableLocales timeZone startsAt endsAt
  localStartsAt localEndsAt capacity registrationCount spotsLeft viewerRegistered calendarUrl
  countries { code } region place onlineUrl
  agenda { startsAt localStartsAt title locale speakers } facilitators { id displayName }
  recurrence { rrule count weekday ordinal }`;
const CREATE = `mutation ($input: EventInput!) { createEvent(input: $input) { ${EVENT_FIELDS} } }`;
const EVENT = `query ($id: ID!) { event(id: $id) { ${EVENT_FIELDS} } }`;
const REGISTER = `mutation ($id: ID!) { registerForEvent(eventId: $id) { id registrationCount spotsLeft viewerRegistered } }`;

interface EventData {
  id: string;
  title: string;
  locale: string;
  localStartsAt: string;
  localEndsAt: string;
  startsAt: string;
  timeZone: string;
  registrationCount: number;
  spotsLeft: number | null;
  viewerRegistered: boolean;
  agenda: { title: string; locale: string; localStartsAt: string; speakers: string[] }[];
  recurrence: { rrule: string } | null;
  calendarUrl: string;
}

describe('events: workshops, videoconferences and registration', () => {
  let t: TestApp;
  let counter = 0;
  const tokens: Record<string, string> = {};

  async function person(grants: RoleGrant[], name = `Person ${++counter}`): Promise<string> {
    const accounts = t.app.get(AccountsService);
    const user = await accounts.createUser({
      email: `person${++counter}@example.org`,
      password: 'a long enough password',
      displayName: name,
      preferredLocale: 'en',
      grants,
    });
    return t.app.get(TokenService).issue(user.id);
  }

  const workshop = (overrides: Record<string, unknown> = {}) => ({
    kind: 'WORKSHOP',
    originalLocale: 'en',
    title: 'Regional workshop on community-driven development',
    description: 'Two days on planning with villages, budgets, and follow-up.',
    countryCodes: ['KG', 'TJ'],
    region: 'Central Asia',
    startsAt: '2030-04-14T09:00:00+06:00',
    endsAt: '2030-04-15T17:00:00+06:00',
    timeZone: 'Asia/Bishkek',
    place: 'Cholpon-Ata, Issyk-Kul',
    capacity: 30,
    agenda: [
      { startsAt: '2030-04-14T09:30:00+06:00', title: 'Opening and introductions', speakers: ['Farida F.'] },
      {
        startsAt: '2030-04-14T11:00:00+06:00',
        title: 'Village action plans',
        speakers: ['Nurlan C.', 'Guest'],
      },
    ],
    ...overrides,
  });

  async function create(token: string, input: Record<string, unknown>): Promise<EventData> {
    const result = await t.gql<{ createEvent: EventData }>(CREATE, { input }, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.createEvent;
  }

  beforeAll(async () => {
    t = await startTestApp([EventsModule]);
    tokens.facilitator = await person([{ role: Role.FACILITATOR, countryCode: null }], 'Farida Facilitator');
    tokens.coordinatorKg = await person([{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }]);
    tokens.member = await person([{ role: Role.MEMBER, countryCode: null }]);
    tokens.otherFacilitator = await person([{ role: Role.FACILITATOR, countryCode: null }]);
    tokens.admin = await person([{ role: Role.ADMIN, countryCode: null }]);
  });

  async function idOf(token: string): Promise<string> {
    return (await t.gql<{ me: { id: string } }>(`{ me { id } }`, {}, { token })).data!.me.id;
  }

  const ROOM = `query ($id: ID!) { room(id: $id) { visibility canModerate hosts { id } } }`;
  const ROOM_OF = `query ($id: ID!) { event(id: $id) { roomId } }`;
  const ADD_MEMBER = `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`;
  const sockets: Socket[] = [];

  /** A real socket.io client of the rooms gateway (a guest without a token), connected. */
  async function connect(token?: string): Promise<Socket> {
    const socket = io(t.url, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }
  const ack = (socket: Socket, event: string, payload: unknown) =>
    socket.timeout(15_000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { code: string } }>;

  async function roomOf(eventId: string): Promise<string> {
    return (await t.gql<{ event: { roomId: string } }>(ROOM_OF, { id: eventId }, { token: tokens.admin }))
      .data!.event.roomId;
  }
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  const UPDATE = `mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id viewerCan { edit cancel } facilitators { id } } }`;
  afterAll(() => t.close());

  it('lists the people who may facilitate events, by name, to those who schedule them', async () => {
    const CANDIDATES = `query ($name: String, $first: Int) { eventFacilitatorCandidates(nameContains: $name, first: $first) { id displayName } }`;
    const names = async (variables: Record<string, unknown>, token = tokens.facilitator) => {
      const result = await t.gql<{ eventFacilitatorCandidates: { displayName: string }[] }>(
        CANDIDATES,
        variables,
        { token },
      );
      expect(result.errors).toBeUndefined();
      return result.data!.eventFacilitatorCandidates.map((p) => p.displayName);
    };
    await person([{ role: Role.NATIONAL_COORDINATOR, countryCode: 'PE' }], 'Rosa Quispe');
    await person([{ role: Role.MEMBER, countryCode: null }], 'Rosa Member');
    // Everyone holding a managing role, whatever the country, and nobody else.
    expect(await names({ name: 'ROSA' })).toEqual(['Rosa Quispe']);
    const everyone = await names({});
    expect(everyone).toContain('Farida Facilitator');
    expect(everyone).not.toContain('Rosa Member');
    expect(everyone).toEqual([...everyone].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await names({ first: 1 })).toHaveLength(1);
    expect(await names({ name: '%' })).toEqual([]);
    expect(await names({ name: 'farida' }, tokens.coordinatorKg)).toEqual(['Farida Facilitator']);

    const asMember = await t.gql(CANDIDATES, {}, { token: tokens.member });
    expect(asMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(CANDIDATES, {})).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const variables of [{ first: 0 }, { first: 101 }, { name: 'x'.repeat(101) }]) {
      const bad = await t.gql(CANDIDATES, variables, { token: tokens.facilitator });
      expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('lets a facilitator create a workshop with an agenda, shown in its own time zone', async () => {
    const event = await create(tokens.facilitator, workshop());
    expect(event.localStartsAt).toBe('2030-04-14T09:00:00+06:00');
    expect(event.startsAt).toBe('2030-04-14T03:00:00.000Z');
    expect(event.agenda.map((item) => [item.localStartsAt, item.title])).toEqual([
      ['2030-04-14T09:30:00+06:00', 'Opening and introductions'],
      ['2030-04-14T11:00:00+06:00', 'Village action plans'],
    ]);
    const viewer = await t.gql<{ event: { startsAtIn: string } }>(
      `query ($id: ID!) { event(id: $id) { startsAtIn(timeZone: "America/Lima") } }`,
      { id: event.id },
    );
    expect(viewer.data?.event.startsAtIn).toBe('2030-04-13T22:00:00-05:00');
  });

  it('opens a discussion room for a new event, hosted by its facilitators', async () => {
    const event = await create(tokens.facilitator, workshop());
    const read = await t.gql<{ event: { roomId: string } }>(
      `query ($id: ID!) { event(id: $id) { roomId } }`,
      { id: event.id },
    );
    expect(read.data?.event.roomId).toMatch(/^[0-9a-f-]{36}$/);
    const room = await t.gql<{ room: { id: string; scope: string; title: string } }>(
      `query ($id: ID!) { room(id: $id) { id scope title } }`,
      { id: read.data!.event.roomId },
      { token: tokens.member },
    );
    expect(room.data?.room).toEqual({ id: read.data!.event.roomId, scope: 'EVENT', title: event.title });

    // Renamed, the event takes its room's name along.
    const renamed = await t.gql(
      `mutation ($id: ID!) { updateEvent(id: $id, input: { title: "Regional CDD workshop, second round" }) { id } }`,
      { id: event.id },
      { token: tokens.facilitator },
    );
    expect(renamed.errors).toBeUndefined();
    const after = await t.gql<{ room: { title: string } }>(
      `query ($id: ID!) { room(id: $id) { title } }`,
      { id: read.data!.event.roomId },
      { token: tokens.member },
    );
    expect(after.data?.room.title).toBe('Regional CDD workshop, second round');
  });

  it('opens and renames the discussion room of an event whose title is longer than 200 characters', async () => {
    const titleOf = (length: number) =>
      'Regional workshop on community-driven development. '.repeat(7).slice(0, length - 1) + '!';
    const event = await create(tokens.facilitator, workshop({ title: titleOf(250) }));
    const roomId = (await t.gql<{ event: { roomId: string | null } }>(ROOM_OF, { id: event.id })).data?.event
      .roomId;
    expect(roomId).toMatch(/^[0-9a-f-]{36}$/);
    const opened = await t.gql<{ roomForScope: { id: string; title: string } }>(
      `mutation ($key: String!) { roomForScope(scope: EVENT, key: $key) { id title } }`,
      { key: event.id },
      { token: tokens.member },
    );
    expect(opened.data?.roomForScope).toEqual({ id: roomId, title: titleOf(250) });

    // Renamed to the longest title an event may have, the event is saved and its room follows.
    const renamed = await t.gql<{ updateEvent: { title: string } }>(
      `mutation ($id: ID!) { updateEvent(id: $id, input: { title: ${JSON.stringify(titleOf(300))} }) { title } }`,
      { id: event.id },
      { token: tokens.facilitator },
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data?.updateEvent.title).toBe(titleOf(300));
    const [room] = await t.app.get(DataSource).query(`SELECT title FROM room WHERE id = $1`, [roomId]);
    expect(room.title).toBe(titleOf(300));
  });

  it.each([
    ['Asia/Bishkek', '2030-06-02T10:00:00+06:00', '2030-06-02T04:00:00.000Z'],
    ['Asia/Dushanbe', '2030-06-02T10:00:00+05:00', '2030-06-02T05:00:00.000Z'],
    ['Asia/Tashkent', '2030-06-02T10:00:00+05:00', '2030-06-02T05:00:00.000Z'],
    ['Asia/Baku', '2030-06-02T10:00:00+04:00', '2030-06-02T06:00:00.000Z'],
    ['America/Lima', '2030-06-02T10:00:00-05:00', '2030-06-02T15:00:00.000Z'],
  ])('round-trips a start at 10:00 in %s', async (timeZone, local, instant) => {
    const created = await create(
      tokens.facilitator,
      workshop({ timeZone, startsAt: local, endsAt: local.replace('T10:', 'T12:'), agenda: [] }),
    );
    const read = await t.gql<{ event: EventData }>(EVENT, { id: created.id });
    expect(read.data?.event.localStartsAt).toBe(local);
    expect(read.data?.event.localEndsAt).toBe(local.replace('T10:', 'T12:'));
    expect(read.data?.event.startsAt).toBe(instant);
    const calendar = ical.sync.parseICS(await (await fetch(`${t.url}${created.calendarUrl}`)).text());
    const vevent = Object.values(calendar).find((c) => c.type === 'VEVENT') as VEvent;
    expect(new Date(vevent.start).toISOString()).toBe(instant);
  });

  it('refuses an unknown time zone, an end before the start and agenda items outside the event', async () => {
    const zone = await t.gql(
      CREATE,
      { input: workshop({ timeZone: 'Asia/Atlantis' }) },
      { token: tokens.facilitator, lang: 'ru' },
    );
    expect(zone.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(zone.errors?.[0].extensions.fields?.[0].path).toBe('input.timeZone');
    const backwards = await t.gql(
      CREATE,
      { input: workshop({ endsAt: '2030-04-13T09:00:00+06:00' }) },
      { token: tokens.facilitator, lang: 'es' },
    );
    expect(backwards.errors?.[0].message).toBe('El evento debe terminar después de empezar.');
    // A real date, but its year is out of the range events may have (year 0 is not a date at all).
    const ancient = await t.gql(
      CREATE,
      { input: workshop({ startsAt: '1800-06-01T10:00:00Z', endsAt: '1800-06-01T12:00:00Z' }) },
      { token: tokens.facilitator, lang: 'nl' },
    );
    expect(ancient.errors?.[0].message).toBe('Een evenement moet beginnen tussen de jaren 1900 en 2200.');
    expect(ancient.errors?.[0].extensions.fields?.[0].path).toBe('input.startsAt');
    const outside = await t.gql(
      CREATE,
      { input: workshop({ agenda: [{ startsAt: '2030-05-01T09:00:00+06:00', title: 'Late' }] }) },
      { token: tokens.facilitator },
    );
    expect(outside.errors?.[0].extensions.fields?.[0].path).toBe('input.agenda.0.startsAt');
    // A zone is kept by its current name, in IANA's spelling, whichever name or case it was given by.
    for (const [given, kept] of [
      ['europe/kiev', 'Europe/Kyiv'],
      ['Asia/Kolkata', 'Asia/Kolkata'],
      ['Asia/Katmandu', 'Asia/Kathmandu'],
      ['asia/bishkek', 'Asia/Bishkek'],
    ]) {
      const event = await create(tokens.facilitator, workshop({ timeZone: given, agenda: [] }));
      expect(event.timeZone).toBe(kept);
      expect(await (await fetch(`${t.url}/events/${event.id}.ics`)).text()).toContain(`TZID:${kept}`);
    }
  });

  it('serves the title and agenda in the reader’s language once translated, else the original', async () => {
    const event = await create(tokens.facilitator, workshop());
    const translated = await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      {
        id: event.id,
        input: {
          locale: 'ru',
          title: 'Региональный семинар по развитию, управляемому сообществами',
          agendaTitles: ['Открытие и знакомство', 'Планы действий сёл'],
        },
      },
      { token: tokens.facilitator },
    );
    expect(translated.errors).toBeUndefined();
    const ru = await t.gql<{ event: EventData }>(EVENT, { id: event.id }, { lang: 'ru' });
    expect(ru.data?.event.locale).toBe('ru');
    expect(ru.data?.event.agenda.map((a) => a.title)).toEqual([
      'Открытие и знакомство',
      'Планы действий сёл',
    ]);
    const nl = await t.gql<{ event: EventData }>(EVENT, { id: event.id }, { lang: 'nl' });
    expect(nl.data?.event.locale).toBe('en');
    expect(nl.data?.event.agenda[0].title).toBe('Opening and introductions');
    // The Russian translation has no description: its readers get the original's, marked as English.
    const described = async (lang: string) =>
      (
        await t.gql<{ event: { description: string; descriptionLocale: string } }>(
          `query ($id: ID!) { event(id: $id) { description descriptionLocale } }`,
          { id: event.id },
          { lang },
        )
      ).data?.event;
    expect(await described('ru')).toEqual({
      description: 'Two days on planning with villages, budgets, and follow-up.',
      descriptionLocale: 'en',
    });
    await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      {
        id: event.id,
        input: {
          locale: 'ru',
          title: 'Региональный семинар по развитию, управляемому сообществами',
          description: 'Два дня о планировании с сёлами.',
        },
      },
      { token: tokens.facilitator },
    );
    expect(await described('ru')).toEqual({
      description: 'Два дня о планировании с сёлами.',
      descriptionLocale: 'ru',
    });

    // Its discussion room is listed under the event's title in the reader's language as well.
    const roomTitle = async (lang: string) => {
      const read = await t.gql<{ event: { roomId: string } }>(
        `query ($id: ID!) { event(id: $id) { roomId } }`,
        { id: event.id },
      );
      const room = await t.gql<{ room: { title: string } }>(
        `query ($id: ID!) { room(id: $id) { title } }`,
        { id: read.data!.event.roomId },
        { token: tokens.member, lang },
      );
      return room.data?.room.title;
    };
    expect(await roomTitle('ru')).toBe('Региональный семинар по развитию, управляемому сообществами');
    expect(await roomTitle('nl')).toBe(event.title);
  });

  it('serves agenda speakers as a translation writes them, else as the original names them', async () => {
    const event = await create(tokens.facilitator, workshop());
    const TRANSLATE = `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`;
    const SPEAKERS = `query ($id: ID!) { event(id: $id) { agenda { speakers speakersLocale }
      en: translation(locale: "en") { agendaSpeakers } ru: translation(locale: "ru") { agendaSpeakers } } }`;
    type Spoken = {
      agenda: { speakers: string[]; speakersLocale: string }[];
      en: { agendaSpeakers: (string[] | null)[] };
      ru: { agendaSpeakers: (string[] | null)[] } | null;
    };
    const read = async (lang: string) =>
      (await t.gql<{ event: Spoken }>(SPEAKERS, { id: event.id }, { lang })).data!.event;
    const titles = ['Открытие и знакомство', 'Планы действий сёл'];
    const translate = (input: Record<string, unknown>) =>
      t.gql(
        TRANSLATE,
        { id: event.id, input: { locale: 'ru', title: 'Семинар', ...input } },
        { token: tokens.facilitator },
      );
    // The first item's speaker in Cyrillic; the second item's names stay as written (an empty list).
    expect(
      (await translate({ agendaTitles: titles, agendaSpeakers: [['  Фарида Ф. ', ' '], []] })).errors,
    ).toBeUndefined();
    // Each list says which language it is written in: the second item's are still the original's.
    expect((await read('ru')).agenda).toEqual([
      { speakers: ['Фарида Ф.'], speakersLocale: 'ru' },
      { speakers: ['Nurlan C.', 'Guest'], speakersLocale: 'en' },
    ]);
    expect((await read('nl')).agenda.map((item) => item.speakers)).toEqual([
      ['Farida F.'],
      ['Nurlan C.', 'Guest'],
    ]);
    expect(await read('en')).toMatchObject({
      en: { agendaSpeakers: [['Farida F.'], ['Nurlan C.', 'Guest']] },
      ru: { agendaSpeakers: [['Фарида Ф.'], null] },
    });
    // Twenty names are the most; blank ones are left out, not counted.
    const twenty = Array.from({ length: 20 }, (_, i) => `Докладчик ${i + 1}`);
    expect(
      (await translate({ agendaTitles: titles, agendaSpeakers: [[...twenty, ' '], []] })).errors,
    ).toBeUndefined();
    expect((await read('ru')).agenda[0].speakers).toEqual(twenty);
    expect(
      (await translate({ agendaTitles: titles, agendaSpeakers: [['  Фарида Ф. '], []] })).errors,
    ).toBeUndefined();
    // Titles saved again without speakers keep them.
    expect((await translate({ agendaTitles: titles })).errors).toBeUndefined();
    expect((await read('ru')).agenda[0].speakers).toEqual(['Фарида Ф.']);

    // Speakers without titles, a list per item missing, too many or too long names, a direction control:
    // each refused with its field, and nothing written.
    const refused = async (input: Record<string, unknown>) =>
      (await translate(input)).errors?.[0].extensions as {
        code: string;
        fields: { path: string; code: string }[];
      };
    expect(await refused({ agendaSpeakers: [['A'], ['B']] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.agendaSpeakers' }],
    });
    expect(await refused({ agendaTitles: titles, agendaSpeakers: [['A']] })).toMatchObject({
      fields: [{ path: 'input.agendaSpeakers' }],
    });
    expect(
      await refused({
        agendaTitles: titles,
        agendaSpeakers: [
          Array.from({ length: 21 }, (_, i) => `Speaker ${i}`),
          ['x'.repeat(201), '\u202eБишкек'],
        ],
      }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.agendaSpeakers.0', code: 'arrayMaxSize' },
        { path: 'input.agendaSpeakers.1.0', code: 'maxLength' },
        { path: 'input.agendaSpeakers.1.1', code: 'noBidiControls' },
      ],
    });
    expect((await read('ru')).agenda.map((item) => item.speakers)).toEqual([
      ['Фарида Ф.'],
      ['Nurlan C.', 'Guest'],
    ]);
  });

  it('serves the place and region in the reader’s language once translated, else the original’s', async () => {
    const event = await create(tokens.facilitator, workshop());
    const TRANSLATE = `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`;
    const PLACE = `query ($id: ID!) { event(id: $id) { place region ru: translation(locale: "ru") { place region } } }`;
    type Placed = { place: string; region: string; ru: { place: string | null; region: string | null } };
    const placed = async (lang: string) =>
      (await t.gql<{ event: Placed }>(PLACE, { id: event.id }, { lang })).data?.event;
    const translated = await t.gql(
      TRANSLATE,
      {
        id: event.id,
        input: {
          locale: 'ru',
          title: 'Региональный семинар',
          place: ' Чолпон-Ата, Иссык-Куль ',
          region: 'Центральная Азия',
        },
      },
      { token: tokens.facilitator },
    );
    expect(translated.errors).toBeUndefined();
    expect(await placed('ru')).toEqual({
      place: 'Чолпон-Ата, Иссык-Куль',
      region: 'Центральная Азия',
      ru: { place: 'Чолпон-Ата, Иссык-Куль', region: 'Центральная Азия' },
    });
    expect(await placed('en')).toMatchObject({ place: 'Cholpon-Ata, Issyk-Kul', region: 'Central Asia' });
    // A form reads the original's place as written in its language, whatever the page is read in.
    const asWritten = await t.gql<{ event: { en: { place: string; region: string } } }>(
      `query ($id: ID!) { event(id: $id) { en: translation(locale: "en") { place region } } }`,
      { id: event.id },
      { lang: 'ru' },
    );
    expect(asWritten.data?.event.en).toEqual({ place: 'Cholpon-Ata, Issyk-Kul', region: 'Central Asia' });

    // Translating the title again leaves the place as it was; an empty place means the original's.
    await t.gql(
      TRANSLATE,
      { id: event.id, input: { locale: 'ru', title: 'Семинар' } },
      { token: tokens.facilitator },
    );
    expect((await placed('ru'))?.place).toBe('Чолпон-Ата, Иссык-Куль');
    await t.gql(
      TRANSLATE,
      { id: event.id, input: { locale: 'ru', title: 'Семинар', place: '  ' } },
      { token: tokens.facilitator },
    );
    expect(await placed('ru')).toMatchObject({ place: 'Cholpon-Ata, Issyk-Kul', ru: { place: null } });

    // null is the same as empty.
    await t.gql(
      TRANSLATE,
      { id: event.id, input: { locale: 'ru', title: 'Семинар', place: 'Чолпон-Ата', region: null } },
      { token: tokens.facilitator },
    );
    expect(await placed('ru')).toMatchObject({ place: 'Чолпон-Ата', region: 'Central Asia' });
    // A new place for the event drops the translated old one; the region's translation stays.
    await t.gql(
      TRANSLATE,
      { id: event.id, input: { locale: 'ru', title: 'Семинар', region: 'Центральная Азия' } },
      { token: tokens.facilitator },
    );
    const moved = await t.gql(
      `mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }`,
      { id: event.id, input: { place: 'Bishkek' } },
      { token: tokens.facilitator },
    );
    expect(moved.errors).toBeUndefined();
    expect(await placed('ru')).toEqual({
      place: 'Bishkek',
      region: 'Центральная Азия',
      ru: { place: null, region: 'Центральная Азия' },
    });

    // The original's place is the event's own, changed through updateEvent.
    const original = await t.gql(
      TRANSLATE,
      { id: event.id, input: { locale: 'en', title: event.title, place: 'Bishkek' } },
      { token: tokens.facilitator, lang: 'ru' },
    );
    expect(original.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.locale' }],
    });
    expect(original.errors?.[0].message).toBe(
      'Место и регион на языке оригинала меняются через updateEvent.',
    );
    const byMember = await t.gql(
      TRANSLATE,
      { id: event.id, input: { locale: 'es', title: 'Taller', place: 'x' } },
      { token: tokens.member },
    );
    expect(byMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('gives a form the texts of one language as written, whatever language the page is read in', async () => {
    const event = await create(tokens.facilitator, workshop());
    await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      { id: event.id, input: { locale: 'es', title: 'Taller regional' } },
      { token: tokens.facilitator },
    );
    const TEXTS = `query ($id: ID!) { event(id: $id) {
      title
      en: translation(locale: "en") { locale title description agendaTitles }
      es: translation(locale: "es") { title agendaTitles }
      nl: translation(locale: "nl") { title }
    } }`;
    const read = await t.gql<{
      event: {
        title: string;
        en: { locale: string; title: string; description: string; agendaTitles: string[] };
        es: { title: string; agendaTitles: (string | null)[] };
        nl: null;
      };
    }>(TEXTS, { id: event.id }, { lang: 'es' });
    expect(read.errors).toBeUndefined();
    expect(read.data!.event.title).toBe('Taller regional');
    expect(read.data!.event.en).toEqual({
      locale: 'en',
      title: 'Regional workshop on community-driven development',
      description: 'Two days on planning with villages, budgets, and follow-up.',
      agendaTitles: ['Opening and introductions', 'Village action plans'],
    });
    expect(read.data!.event.es).toEqual({ title: 'Taller regional', agendaTitles: [null, null] });
    expect(read.data!.event.nl).toBeNull();

    const unknown = await t.gql(
      `query ($id: ID!) { event(id: $id) { translation(locale: "xx") { title } } }`,
      {
        id: event.id,
      },
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'locale', code: 'isLocale' }],
    });

    // A description left out stays as it was, in a translation and in the original alike.
    const TRANSLATE = `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`;
    for (const input of [
      { locale: 'es', title: 'Taller regional', description: 'Dos días con las aldeas.' },
      { locale: 'es', title: 'Taller regional de DIC' },
      { locale: 'en', title: 'Regional CDD workshop' },
    ])
      expect(
        (await t.gql(TRANSLATE, { id: event.id, input }, { token: tokens.facilitator })).errors,
      ).toBeUndefined();
    const kept = await t.gql<{
      event: { en: { title: string; description: string }; es: { description: string } };
    }>(
      `query ($id: ID!) { event(id: $id) { en: translation(locale: "en") { title description }
        es: translation(locale: "es") { description } } }`,
      { id: event.id },
    );
    expect(kept.data?.event).toEqual({
      en: {
        title: 'Regional CDD workshop',
        description: 'Two days on planning with villages, budgets, and follow-up.',
      },
      es: { description: 'Dos días con las aldeas.' },
    });
  });

  it('refuses an edit or translation begun before another save, and writes none of it', async () => {
    const event = await create(tokens.facilitator, workshop());
    const SAVED = `query ($id: ID!) { event(id: $id) { title place updatedAt } }`;
    const read = async (lang = 'en') =>
      (
        await t.gql<{ event: { title: string; place: string; updatedAt: string } }>(
          SAVED,
          { id: event.id },
          { lang },
        )
      ).data!.event;
    const EDIT = `mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { updatedAt } }`;
    const TRANSLATE = `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { updatedAt } }`;
    const opened = await read();
    const first = await t.gql<{ updateEvent: { updatedAt: string } }>(
      EDIT,
      { id: event.id, input: { place: 'Bishkek', expectedUpdatedAt: opened.updatedAt } },
      { token: tokens.facilitator },
    );
    expect(first.errors).toBeUndefined();
    const saved = first.data!.updateEvent.updatedAt;
    for (const [query, input] of [
      [EDIT, { place: 'Osh', startsAt: '2030-04-15T09:00:00+06:00', expectedUpdatedAt: opened.updatedAt }],
      [TRANSLATE, { locale: 'ru', title: 'Семинар', expectedUpdatedAt: opened.updatedAt }],
    ] as const) {
      const refused = await t.gql(query, { id: event.id, input }, { token: tokens.admin, lang: 'es' });
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        updatedAt: saved,
        fields: [{ path: 'input.expectedUpdatedAt', code: 'stale' }],
      });
      expect(refused.errors?.[0].message).toContain('Otra persona guardó cambios');
    }
    expect(await read()).toEqual({ title: event.title, place: 'Bishkek', updatedAt: saved });
    expect((await read('ru')).title).toBe(event.title);

    // A translation is a new state of the event: an edit begun before it is refused as well.
    const translated = await t.gql<{ translateEvent: { updatedAt: string } }>(
      TRANSLATE,
      { id: event.id, input: { locale: 'ru', title: 'Семинар', expectedUpdatedAt: saved } },
      { token: tokens.admin },
    );
    expect(translated.errors).toBeUndefined();
    const after = translated.data!.translateEvent.updatedAt;
    expect(after).not.toBe(saved);
    const late = await t.gql(
      EDIT,
      { id: event.id, input: { place: 'Osh', expectedUpdatedAt: saved } },
      { token: tokens.admin },
    );
    expect(late.errors?.[0].extensions.code).toBe('CONFLICT');
    const current = await t.gql(
      EDIT,
      { id: event.id, input: { place: 'Osh', expectedUpdatedAt: after } },
      { token: tokens.admin },
    );
    expect(current.errors).toBeUndefined();
    expect(await read()).toMatchObject({ place: 'Osh' });
  });

  it('lets coordinators manage events in their own countries only, and members none', async () => {
    const member = await t.gql(CREATE, { input: workshop() }, { token: tokens.member });
    expect(member.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const foreign = await t.gql(
      CREATE,
      { input: workshop({ countryCodes: ['PE'] }) },
      { token: tokens.coordinatorKg },
    );
    expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const own = await create(
      tokens.coordinatorKg,
      workshop({ kind: 'NATIONAL_CONSULTATION', countryCodes: ['KG'] }),
    );
    const byFacilitator = await create(tokens.facilitator, workshop());
    const update = `mutation ($id: ID!) { updateEvent(id: $id, input: { place: "Bishkek" }) { place } }`;
    expect((await t.gql(update, { id: own.id }, { token: tokens.coordinatorKg })).errors).toBeUndefined();
    // KG is one of the workshop's countries, so its coordinator may manage it too.
    expect(
      (await t.gql(update, { id: byFacilitator.id }, { token: tokens.coordinatorKg })).errors,
    ).toBeUndefined();
    const stranger = await t.gql(update, { id: byFacilitator.id }, { token: tokens.otherFacilitator });
    expect(stranger.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // Nor may a coordinator make their country's event a region-only one, out of their own hands.
    const regionOnly = await t.gql(
      `mutation ($id: ID!) { updateEvent(id: $id, input: { countryCodes: [], region: "Central Asia" }) { id } }`,
      { id: own.id },
      { token: tokens.coordinatorKg },
    );
    expect(regionOnly.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // An id that cannot be one is named by its argument.
    const badId = await t.gql(REGISTER, { id: 'not-a-uuid' }, { token: tokens.member });
    expect(badId.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'eventId', code: 'isUUID' }),
    ]);
  });

  it('never overbooks: of eight members registering at once for three seats, exactly three get in', async () => {
    const event = await create(tokens.facilitator, workshop({ capacity: 3 }));
    const members = await Promise.all(
      Array.from({ length: 8 }, () => person([{ role: Role.MEMBER, countryCode: null }])),
    );
    const results = await Promise.all(
      members.map((token) =>
        t.gql<{ registerForEvent: EventData }>(REGISTER, { id: event.id }, { token, lang: 'ru' }),
      ),
    );
    const accepted = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(accepted).toHaveLength(3);
    expect(refused.map((r) => r.errors?.[0].extensions.code)).toEqual(Array(5).fill('CONFLICT'));
    expect(refused[0].errors?.[0].message).toBe('Свободных мест нет (всего 3 места).');
    const read = await t.gql<{ event: EventData }>(EVENT, { id: event.id });
    expect(read.data?.event.registrationCount).toBe(3);
    expect(read.data?.event.spotsLeft).toBe(0);
    // Registering again is harmless, and a cancellation frees a seat.
    const again = await t.gql<{ registerForEvent: EventData }>(
      REGISTER,
      { id: event.id },
      { token: members[results.indexOf(accepted[0])] },
    );
    expect(again.data?.registerForEvent.registrationCount).toBe(3);
    const leaver = members[results.indexOf(accepted[1])];
    const left = await t.gql<{ cancelRegistration: EventData }>(
      `mutation ($id: ID!) { cancelRegistration(eventId: $id) { registrationCount viewerRegistered } }`,
      { id: event.id },
      { token: leaver },
    );
    expect(left.data?.cancelRegistration).toEqual({ registrationCount: 2, viewerRegistered: false });
    const late = members[results.indexOf(refused[0])];
    expect((await t.gql(REGISTER, { id: event.id }, { token: late })).errors).toBeUndefined();
  });

  it('closes registration when the event is cancelled, and asks guests to sign in', async () => {
    const event = await create(tokens.facilitator, workshop());
    const guest = await t.gql(REGISTER, { id: event.id });
    expect(guest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const cancelled = await t.gql(
      `mutation ($id: ID!) { cancelEvent(id: $id) { status viewerCan { edit cancel } } }`,
      { id: event.id },
      { token: tokens.facilitator },
    );
    expect(cancelled.data).toEqual({
      cancelEvent: { status: 'CANCELLED', viewerCan: { edit: true, cancel: false } },
    });
    const late = await t.gql(REGISTER, { id: event.id }, { token: tokens.member, lang: 'nl' });
    expect(late.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(late.errors?.[0].message).toBe('Dit evenement is afgelast; inschrijven is gesloten.');
  });

  it('says whether registration is still open: not for an event that is over, still for a series with dates ahead', async () => {
    const open = async (id: string) =>
      (
        await t.gql<{ event: { registrationOpen: boolean } }>(
          `query ($id: ID!) { event(id: $id) { registrationOpen } }`,
          { id },
          { token: tokens.member },
        )
      ).data?.event.registrationOpen;
    const past = { startsAt: '2025-01-10T09:00:00+06:00', endsAt: '2025-01-10T11:00:00+06:00', agenda: [] };
    const over = await create(tokens.facilitator, workshop(past));
    expect(await open(over.id)).toBe(false);
    const refused = await t.gql(REGISTER, { id: over.id }, { token: tokens.member, lang: 'ru' });
    expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
    // Begun two months ago, with monthly dates for a year: open, and registering works.
    const begun = new Date();
    begun.setUTCMonth(begun.getUTCMonth() - 2, 10);
    begun.setUTCHours(3, 0, 0, 0);
    const series = await create(
      tokens.facilitator,
      workshop({
        startsAt: begun.toISOString(),
        endsAt: new Date(begun.getTime() + 2 * 3600_000).toISOString(),
        agenda: [],
        recurrence: { monthDay: 10, count: 12 },
      }),
    );
    expect(await open(series.id)).toBe(true);
    expect((await t.gql(REGISTER, { id: series.id }, { token: tokens.member })).errors).toBeUndefined();
    const ahead = await create(tokens.facilitator, workshop());
    expect(await open(ahead.id)).toBe(true);
    await t.gql(
      `mutation ($id: ID!) { cancelEvent(id: $id) { id } }`,
      { id: ahead.id },
      { token: tokens.facilitator },
    );
    expect(await open(ahead.id)).toBe(false);
  });

  it('tells those registered, in their language, when the event moves or is cancelled, and nobody else', async () => {
    const aigul = await t.app.get(AccountsService).createUser({
      email: 'aigul.notices@example.org',
      password: 'a long enough password',
      displayName: 'Aigul',
      preferredLocale: 'ru',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    const memberEmail = (
      await t.gql<{ me: { email: string } }>(`{ me { email } }`, {}, { token: tokens.member })
    ).data!.me.email;
    const event = await create(tokens.facilitator, workshop({ title: 'Workshop on village budgets' }));
    await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      { id: event.id, input: { locale: 'ru', title: 'Семинар о бюджетах сёл' } },
      { token: tokens.facilitator },
    );
    for (const token of [t.app.get(TokenService).issue(aigul.id), tokens.member, tokens.facilitator])
      expect((await t.gql(REGISTER, { id: event.id }, { token })).errors).toBeUndefined();
    const update = async (input: Record<string, unknown>) =>
      expect(
        (await t.gql(UPDATE, { id: event.id, input }, { token: tokens.facilitator })).errors,
      ).toBeUndefined();
    const mailsTo = async (email: string) =>
      (await readMailFiles(t.config.mail.fileDir)).filter((mail) => recipientsOf(mail).includes(email));

    // A calendar file downloaded again after a change carries a higher SEQUENCE, so calendars take it.
    // As if made ten minutes ago: stamped by hand, past the trigger that only moves stamps forward.
    await t.app.get(DataSource).transaction(async (tx) => {
      await tx.query(`ALTER TABLE event DISABLE TRIGGER event_stamp_edit`);
      await tx.query(
        `UPDATE event SET created_at = created_at - interval '10 minutes', updated_at = created_at - interval '10 minutes'
            WHERE id = $1`,
        [event.id],
      );
      await tx.query(`ALTER TABLE event ENABLE TRIGGER event_stamp_edit`);
    });
    const sequence = async () =>
      Number(/SEQUENCE:(\d+)/.exec(await (await fetch(`${t.url}${event.calendarUrl}`)).text())?.[1]);
    expect(await sequence()).toBe(0);
    // A new description is no news; a new day and place are, with the start in the event's own zone.
    await update({ description: 'Two days on budgets, with the village councils.' });
    await update({
      startsAt: '2030-04-21T09:00:00+06:00',
      endsAt: '2030-04-22T17:00:00+06:00',
      place: 'Bishkek, Ala-Too square',
      // Renamed in the same change: the mail names it by its new title.
      title: 'Workshop on village budgets, moved',
    });
    const moved = await waitForMailFile(t.config.mail.fileDir, aigul.email);
    expect(moved.subject).toBe('Изменено: Семинар о бюджетах сёл');
    expect(moved.text).toContain('Farida Facilitator изменил(а) мероприятие «Семинар о бюджетах сёл»');
    expect(moved.text).toContain('Новое время начала: воскресенье, 21 апреля 2030 г. в 9:00 (Киргизия).');
    expect(moved.text).toContain('Теперь оно проходит здесь: Bishkek, Ala-Too square.');
    expect(moved.text).toContain(`/events/${event.id}?lang=ru`);
    expect(await sequence()).toBeGreaterThanOrEqual(600);
    const inEnglish = await waitForMailFile(t.config.mail.fileDir, memberEmail);
    expect(inEnglish.subject).toBe('Changed: Workshop on village budgets, moved');
    expect(inEnglish.text).toContain('It now starts on Sunday, April 21, 2030 at 9:00 AM (Kyrgyzstan Time).');

    const cancel = `mutation ($id: ID!) { cancelEvent(id: $id) { status } }`;
    expect((await t.gql(cancel, { id: event.id }, { token: tokens.facilitator })).errors).toBeUndefined();
    const cancelled = await waitForMailFile(t.config.mail.fileDir, aigul.email, 10_000, (mail) =>
      mail.subject!.startsWith('Отменено'),
    );
    expect(cancelled.text).toContain('Начало было назначено на это время: воскресенье, 21 апреля 2030 г.');
    // Cancelling again, or changing a cancelled event, tells nobody anything more.
    await t.gql(cancel, { id: event.id }, { token: tokens.facilitator });
    await update({ place: 'Osh' });
    await waitForMailFile(t.config.mail.fileDir, memberEmail, 10_000, (mail) =>
      mail.subject!.startsWith('Cancelled'),
    );
    expect((await mailsTo(aigul.email)).map((mail) => mail.subject)).toEqual([
      'Изменено: Семинар о бюджетах сёл',
      'Отменено: Семинар о бюджетах сёл',
    ]);
    // The facilitator who made the changes is not told of them.
    const facilitatorEmail = (
      await t.gql<{ me: { email: string } }>(`{ me { email } }`, {}, { token: tokens.facilitator })
    ).data!.me.email;
    expect(await mailsTo(facilitatorEmail)).toEqual([]);

    // A series that began a year ago: its news name its next meeting, not its first, and say it is one.
    const lastYear = new Date().getUTCFullYear() - 1;
    const series = await create(tokens.facilitator, {
      ...workshop({ title: 'Monthly budget call', agenda: [] }),
      kind: 'VIDEOCONFERENCE',
      startsAt: `${lastYear}-01-15T10:00:00+06:00`,
      endsAt: `${lastYear}-01-15T11:00:00+06:00`,
      recurrence: { monthDay: 15, count: 60 },
    });
    expect(
      (await t.gql(REGISTER, { id: series.id }, { token: t.app.get(TokenService).issue(aigul.id) })).errors,
    ).toBeUndefined();
    expect(
      (
        await t.gql(
          UPDATE,
          {
            id: series.id,
            input: {
              startsAt: `${lastYear}-01-15T11:00:00+06:00`,
              endsAt: `${lastYear}-01-15T12:00:00+06:00`,
            },
          },
          { token: tokens.facilitator },
        )
      ).errors,
    ).toBeUndefined();
    const seriesMoved = await waitForMailFile(t.config.mail.fileDir, aigul.email, 10_000, (mail) =>
      mail.subject!.includes('Monthly budget call'),
    );
    expect(seriesMoved.text).toMatch(
      /Новое время следующей встречи: .+ 15 .+ в 11:00 \(Киргизия\); дальнейшие встречи/,
    );
    expect(seriesMoved.text).not.toContain(`15 января ${lastYear}`);
    await t.gql(cancel, { id: series.id }, { token: tokens.facilitator });
    const seriesCancelled = await waitForMailFile(
      t.config.mail.fileDir,
      aigul.email,
      10_000,
      (mail) => mail.subject === 'Отменено: Monthly budget call',
    );
    expect(seriesCancelled.text).toContain('Следующих встреч серии тоже не будет.');
    expect(seriesCancelled.text).not.toContain(`15 января ${lastYear}`);
  });

  it('reminds those registered a day before each occurrence, once, in their language', async () => {
    const reminders = t.app.get(EventReminders);
    const files = t.config.mail.fileDir;
    const zarina = await t.app.get(AccountsService).createUser({
      email: 'zarina.reminders@example.org',
      password: 'a long enough password',
      displayName: 'Zarina',
      preferredLocale: 'ru',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    const zarinaToken = t.app.get(TokenService).issue(zarina.id);
    const late = await t.app.get(AccountsService).createUser({
      email: 'late.reminders@example.org',
      password: 'a long enough password',
      displayName: 'Late',
      preferredLocale: 'en',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    const mailsTo = async (email: string) =>
      (await readMailFiles(files)).filter((mail) => recipientsOf(mail).includes(email));

    // A workshop at 09:00 in Bishkek (03:00 UTC) on 2 March 2031.
    const event = await create(
      tokens.facilitator,
      workshop({
        title: 'Workshop to be reminded of',
        startsAt: '2031-03-02T09:00:00+06:00',
        endsAt: '2031-03-02T17:00:00+06:00',
        agenda: [],
      }),
    );
    for (const token of [zarinaToken, t.app.get(TokenService).issue(late.id)])
      expect((await t.gql(REGISTER, { id: event.id }, { token })).errors).toBeUndefined();
    // Registered the evening before, an hour after the reminder was due: no reminder needed.
    await t.app
      .get(DataSource)
      .query(
        `UPDATE event_registration SET created_at = '2031-03-01T04:00:00Z' WHERE event_id = $1 AND user_id = $2`,
        [event.id, late.id],
      );

    expect(await reminders.run(new Date('2031-03-01T02:00:00Z'))).toBe(0); // 25 hours before
    expect(await reminders.run(new Date('2031-03-01T06:00:00Z'))).toBe(1);
    expect(await reminders.run(new Date('2031-03-01T06:05:00Z'))).toBe(0);
    const reminder = await waitForMailFile(files, zarina.email);
    expect(reminder.subject).toBe('Напоминание: Workshop to be reminded of');
    expect(reminder.text).toContain('Начало: воскресенье, 2 марта 2031 г. в 9:00 (Киргизия).');
    expect(reminder.text).toContain('Место: Cholpon-Ata, Issyk-Kul.');
    expect(await mailsTo(late.email)).toEqual([]);

    // Translated into Russian, with the place as Russian readers write it: the next reminder reads so.
    const translated = await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      {
        id: event.id,
        input: { locale: 'ru', title: 'Семинар с напоминанием', place: 'Чолпон-Ата, Иссык-Куль' },
      },
      { token: tokens.facilitator },
    );
    expect(translated.errors).toBeUndefined();
    // Moved two hours later, it is reminded again for its new start, now also to the one who registered
    // 25 hours before it; cancelled, never again.
    await t.gql(
      UPDATE,
      { id: event.id, input: { startsAt: '2031-03-02T11:00:00+06:00', endsAt: '2031-03-02T17:00:00+06:00' } },
      { token: tokens.facilitator },
    );
    expect(await reminders.run(new Date('2031-03-01T06:10:00Z'))).toBe(2);
    const again = await waitForMailFile(files, zarina.email, 10_000, (mail) =>
      mail.text!.includes('в 11:00 (Киргизия). Место'),
    );
    expect(again.subject).toBe('Напоминание: Семинар с напоминанием');
    expect(again.text).toContain('Место: Чолпон-Ата, Иссык-Куль.');
    const lateReminder = await waitForMailFile(files, late.email);
    expect(lateReminder.text).toContain('Cholpon-Ata, Issyk-Kul');
    await t.gql(
      `mutation ($id: ID!) { cancelEvent(id: $id) { id } }`,
      { id: event.id },
      { token: tokens.facilitator },
    );
    await t.gql(
      UPDATE,
      { id: event.id, input: { startsAt: '2031-03-02T12:00:00+06:00', endsAt: '2031-03-02T17:00:00+06:00' } },
      { token: tokens.facilitator },
    );
    expect(await reminders.run(new Date('2031-03-01T06:15:00Z'))).toBe(0);

    // A monthly series is reminded before each occurrence, with that occurrence's time and its link.
    const series = await create(tokens.facilitator, {
      kind: 'VIDEOCONFERENCE',
      originalLocale: 'en',
      title: 'Monthly call to be reminded of',
      countryCodes: ['KG'],
      startsAt: '2032-01-13T15:00:00+06:00',
      endsAt: '2032-01-13T16:00:00+06:00',
      timeZone: 'Asia/Bishkek',
      onlineUrl: 'https://meet.example.org/reminded',
      recurrence: { weekday: 'TU', ordinal: 2, count: 3 },
    });
    expect((await t.gql(REGISTER, { id: series.id }, { token: zarinaToken })).errors).toBeUndefined();
    expect(await reminders.run(new Date('2032-02-09T12:00:00Z'))).toBe(1);
    expect(await reminders.run(new Date('2032-03-08T12:00:00Z'))).toBe(1);
    await waitForMailFile(files, zarina.email, 10_000, (mail) => mail.text!.includes('9 марта 2032'));
    const monthly = (await mailsTo(zarina.email)).filter((mail) => mail.subject!.includes('Monthly call'));
    expect(monthly.map((mail) => /Начало: (.+?)\. Ссылка/.exec(mail.text!)?.[1])).toEqual([
      'вторник, 10 февраля 2032 г. в 15:00 (Киргизия)',
      'вторник, 9 марта 2032 г. в 15:00 (Киргизия)',
    ]);
    expect(monthly[0].text).toContain('Ссылка для подключения: https://meet.example.org/reminded');
  });

  it('shows guests public events only', async () => {
    const hidden = await create(
      tokens.facilitator,
      workshop({ visibility: 'MEMBERS', title: 'Members-only planning call' }),
    );
    const guest = await t.gql(EVENT, { id: hidden.id });
    expect(guest.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await fetch(`${t.url}/events/${hidden.id}.ics`)).status).toBe(404);
    const member = await t.gql<{ event: EventData }>(EVENT, { id: hidden.id }, { token: tokens.member });
    expect(member.data?.event.title).toBe('Members-only planning call');
    const list = `{ events(first: 100) { totalCount edges { node { id } } } }`;
    const guestList = await t.gql<{ events: { edges: { node: { id: string } }[] } }>(list);
    expect(guestList.data?.events.edges.map((e) => e.node.id)).not.toContain(hidden.id);
    const memberList = await t.gql<{ events: { edges: { node: { id: string } }[] } }>(
      list,
      {},
      { token: tokens.member },
    );
    expect(memberList.data?.events.edges.map((e) => e.node.id)).toContain(hidden.id);
  });

  it('lists events by dates, countries and kinds, page by page', async () => {
    const conference = await create(
      tokens.facilitator,
      workshop({
        kind: 'VIDEOCONFERENCE',
        countryCodes: ['AZ'],
        startsAt: '2031-01-10T10:00:00+04:00',
        endsAt: '2031-01-10T12:00:00+04:00',
        timeZone: 'Asia/Baku',
        agenda: [],
      }),
    );
    const query = `query ($filter: EventFilter, $after: String) { events(filter: $filter, first: 1, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id kind } } } }`;
    const byKind = await t.gql<{ events: { totalCount: number; edges: { node: { id: string } }[] } }>(query, {
      filter: {
        kinds: ['VIDEOCONFERENCE'],
        countries: ['AZ'],
        from: '2031-01-01T00:00:00Z',
        to: '2031-02-01T00:00:00Z',
      },
    });
    expect(byKind.data?.events.totalCount).toBe(1);
    expect(byKind.data?.events.edges[0].node.id).toBe(conference.id);
    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result: {
        data?: {
          events: {
            pageInfo: { hasNextPage: boolean; endCursor: string };
            edges: { node: { id: string } }[];
          };
        } | null;
      } = await t.gql(query, { filter: { countries: ['KG'] }, after });
      for (const edge of result.data!.events.edges) seen.add(edge.node.id);
      if (!result.data!.events.pageInfo.hasNextPage) break;
      after = result.data!.events.pageInfo.endCursor;
    }
    const total = await t.gql<{ events: { totalCount: number } }>(query, { filter: { countries: ['KG'] } });
    expect(seen.size).toBe(total.data?.events.totalCount);
    expect(seen.has(conference.id)).toBe(false);
  });

  it('finds events by part of their title in any language, whatever the case and accents', async () => {
    const event = await create(
      tokens.facilitator,
      workshop({ originalLocale: 'es', title: 'Taller de participación 100% comunal', agenda: [] }),
    );
    const translated = await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      { id: event.id, input: { locale: 'ru', title: 'Семинар об участии общин' } },
      { token: tokens.facilitator },
    );
    expect(translated.errors).toBeUndefined();
    const found = async (search: string) =>
      (
        await t.gql<{ events: { edges: { node: { id: string } }[] } }>(
          `query ($filter: EventFilter) { events(filter: $filter, first: 100) { edges { node { id } } } }`,
          { filter: { search } },
        )
      ).data!.events.edges.map((edge) => edge.node.id);
    for (const search of ['PARTICIPACION', '  de particip ', 'УЧАСТИИ', '100%'])
      expect(await found(search)).toEqual([event.id]);
    // % and _ are the characters typed, not wildcards.
    expect(await found('100_')).toEqual([]);
    expect(await found('%')).toEqual([event.id]);
    expect(await found('participación rural')).toEqual([]);
  });

  it('runs a monthly videoconference series on the second Tuesday and lists its upcoming occurrences', async () => {
    const series = await create(tokens.facilitator, {
      kind: 'VIDEOCONFERENCE',
      originalLocale: 'ru',
      title: 'Ежемесячная видеоконференция сети',
      countryCodes: ['KG', 'TJ', 'UZ', 'AZ'],
      startsAt: '2030-01-08T15:00:00+06:00',
      endsAt: '2030-01-08T16:30:00+06:00',
      timeZone: 'Asia/Bishkek',
      onlineUrl: 'https://meet.example.org/ashar-monthly',
      recurrence: { weekday: 'TU', ordinal: 2, count: 6 },
    });
    expect(series.recurrence?.rrule).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=6');
    const occurrences = await t.gql<{ event: { occurrences: { localStartsAt: string }[] } }>(
      `query ($id: ID!) { event(id: $id) { occurrences(first: 10, from: "2030-02-01T00:00:00Z") { localStartsAt } } }`,
      { id: series.id },
    );
    expect(occurrences.data?.event.occurrences.map((o) => o.localStartsAt)).toEqual([
      '2030-02-12T15:00:00+06:00',
      '2030-03-12T15:00:00+06:00',
      '2030-04-09T15:00:00+06:00',
      '2030-05-14T15:00:00+06:00',
      '2030-06-11T15:00:00+06:00',
    ]);
    // A series shows up in a date filter for any month it runs in.
    const june = await t.gql<{ events: { edges: { node: { id: string } }[] } }>(
      `{ events(first: 100, filter: { from: "2030-06-01T00:00:00Z", to: "2030-06-30T00:00:00Z", kinds: [VIDEOCONFERENCE] }) { edges { node { id } } } }`,
    );
    expect(june.data?.events.edges.map((e) => e.node.id)).toContain(series.id);
    const mismatch = await t.gql(
      CREATE,
      {
        input: workshop({
          kind: 'VIDEOCONFERENCE',
          startsAt: '2030-01-09T15:00:00+06:00',
          endsAt: '2030-01-09T16:00:00+06:00',
          agenda: [],
          recurrence: { weekday: 'TU', ordinal: 2, count: 6 },
        }),
      },
      { token: tokens.facilitator },
    );
    expect(mismatch.errors?.[0].extensions.fields?.[0].path).toBe('input.startsAt');

    // Every twelfth month 120 times (119 years) is refused, as an end date after ten years is.
    const centuries = await t.gql(
      CREATE,
      {
        input: workshop({
          kind: 'VIDEOCONFERENCE',
          startsAt: '2030-01-08T15:00:00+06:00',
          endsAt: '2030-01-08T16:00:00+06:00',
          agenda: [],
          recurrence: { weekday: 'TU', ordinal: 2, interval: 12, count: 120 },
        }),
      },
      { token: tokens.facilitator, lang: 'nl' },
    );
    expect(centuries.errors?.[0]).toMatchObject({
      message: 'Een reeks mag hoogstens tien jaar duren: minder bijeenkomsten, of dichter bij elkaar.',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.recurrence.count' }] },
    });
  });

  it('moves a series with its rule when only its start moves: the same day, or weekday, of the month', async () => {
    const series = (startsAt: string, endsAt: string, recurrence: Record<string, unknown>) =>
      create(tokens.facilitator, {
        ...workshop({ kind: 'VIDEOCONFERENCE', agenda: [], timeZone: 'Asia/Bishkek' }),
        startsAt,
        endsAt,
        recurrence,
      });
    const move = async (id: string, startsAt: string, endsAt: string) => {
      const moved = await t.gql<{ updateEvent: { id: string } }>(
        UPDATE,
        { id, input: { startsAt, endsAt } },
        { token: tokens.facilitator },
      );
      expect(moved.errors).toBeUndefined();
      return (await t.gql<{ event: EventData }>(EVENT, { id })).data!.event.recurrence?.rrule;
    };
    const onDay = await series('2030-01-15T15:00:00+06:00', '2030-01-15T16:00:00+06:00', { count: 6 });
    expect(onDay.recurrence?.rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6');
    expect(await move(onDay.id, '2030-01-20T15:00:00+06:00', '2030-01-20T16:00:00+06:00')).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=20;COUNT=6',
    );
    const secondTuesday = await series('2030-01-08T15:00:00+06:00', '2030-01-08T16:00:00+06:00', {
      weekday: 'TU',
      ordinal: 2,
      count: 6,
    });
    // 16 January 2030 is the third Wednesday; 30 January the fifth, so the last.
    expect(await move(secondTuesday.id, '2030-01-16T15:00:00+06:00', '2030-01-16T16:00:00+06:00')).toBe(
      'FREQ=MONTHLY;BYDAY=3WE;COUNT=6',
    );
    expect(await move(secondTuesday.id, '2030-01-30T15:00:00+06:00', '2030-01-30T16:00:00+06:00')).toBe(
      'FREQ=MONTHLY;BYDAY=-1WE;COUNT=6',
    );
    const lastMonday = await series('2030-03-25T15:00:00+06:00', '2030-03-25T16:00:00+06:00', {
      weekday: 'MO',
      ordinal: -1,
      count: 3,
    });
    // 28 January 2030 is both the fourth and the last Monday: a "last" series stays the last.
    expect(await move(lastMonday.id, '2030-01-28T15:00:00+06:00', '2030-01-28T16:00:00+06:00')).toBe(
      'FREQ=MONTHLY;BYDAY=-1MO;COUNT=3',
    );
  });

  it('serves an iCalendar file a real parser imports, with escaping, folding and the series rule', async () => {
    const base = {
      kind: 'VIDEOCONFERENCE',
      originalLocale: 'en',
      title: 'Monthly call; budgets, audits \\ and "what went wrong"',
      description:
        'Line one, with a comma.\nLine two; with a semicolon. '.repeat(4) +
        'Кириллица тоже: общественный контроль.',
      region: 'Central Asia and the Caucasus',
      timeZone: 'Asia/Tashkent',
      onlineUrl: 'https://meet.example.org/monthly',
      recurrence: { ordinal: -1, weekday: 'MO', until: '2030-12-31T00:00:00Z' },
    };
    // 31 March 2030 is a Sunday, so a "last Monday" series cannot start then.
    const sunday = await t.gql(
      CREATE,
      { input: { ...base, startsAt: '2030-03-31T14:00:00+05:00', endsAt: '2030-03-31T15:00:00+05:00' } },
      { token: tokens.facilitator },
    );
    expect(sunday.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const event = await create(tokens.facilitator, {
      ...base,
      startsAt: '2030-03-25T14:00:00+05:00',
      endsAt: '2030-03-25T15:00:00+05:00',
    });
    const response = await fetch(`${t.url}/events/${event.id}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\r|\n/);
    expect(text).toContain('RRULE:FREQ=MONTHLY;BYDAY=-1MO;UNTIL=20301231T000000Z');
    expect(text).toMatch(/^UID:.+@ashar\r$/m);
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    expect(text).toContain('DTSTART;TZID=Asia/Tashkent:20300325T140000');

    const parsed = ical.sync.parseICS(text);
    const vevent = Object.values(parsed).find((c) => c.type === 'VEVENT') as VEvent;
    expect(vevent.uid).toBe(`${event.id}@ashar`);
    expect(vevent.summary).toBe('Monthly call; budgets, audits \\ and "what went wrong"');
    expect(vevent.description).toBe(
      'Line one, with a comma.\nLine two; with a semicolon. '.repeat(4) +
        'Кириллица тоже: общественный контроль.',
    );
    expect(new Date(vevent.start).toISOString()).toBe('2030-03-25T09:00:00.000Z');
    // Control characters, which a calendar's text may not hold, are left out of it.
    const bell = await create(tokens.facilitator, {
      ...workshop(),
      title: 'Bell\u0007 and escape\u001b[31m',
    });
    const bellText = await (await fetch(`${t.url}/events/${bell.id}.ics`)).text();
    expect(bellText).toContain('SUMMARY:Bell and escape[31m');
    expect([...bellText].filter((c) => c < ' ' && !'\r\n\t'.includes(c))).toEqual([]);
    expect(new Date(vevent.end).toISOString()).toBe('2030-03-25T10:00:00.000Z');
    const dates = vevent.rrule!.between(new Date('2030-01-01'), new Date('2031-01-01'));
    expect(dates).toHaveLength(10);
    expect(dates.map((d) => d.getUTCDate())).toEqual([25, 29, 27, 24, 29, 26, 30, 28, 25, 30]);
  });

  it('reads a local time that happens twice or not at all as RFC 5545 does, in the API and the .ics alike', async () => {
    const OCCURRENCES = `query ($id: ID!) { event(id: $id) { occurrences(first: 10, from: "2027-01-01T00:00:00Z") { startsAt localStartsAt } } }`;
    const occurrences = async (id: string) =>
      (
        await t.gql<{ event: { occurrences: { startsAt: string; localStartsAt: string }[] } }>(OCCURRENCES, {
          id,
        })
      ).data!.event.occurrences;
    const calendar = async (id: string) => {
      const text = await (await fetch(`${t.url}/events/${id}.ics`)).text();
      const vevent = Object.values(ical.sync.parseICS(text)).find((c) => c.type === 'VEVENT') as VEvent;
      return { text, start: new Date(vevent.start).toISOString(), end: new Date(vevent.end).toISOString() };
    };
    const amsterdam = (overrides: Record<string, unknown>) =>
      workshop({
        kind: 'VIDEOCONFERENCE',
        countryCodes: ['NL'],
        timeZone: 'Europe/Amsterdam',
        agenda: [],
        ...overrides,
      });

    // 31 October 2027, clocks go back at 03:00 CEST: 02:30 is 00:30Z (+02:00) and then 01:30Z (+01:00).
    for (const recurrence of [
      { weekday: 'SU', ordinal: -1, count: 3 },
      { monthDay: 31, count: 3 },
    ]) {
      const series = await create(
        tokens.facilitator,
        amsterdam({ startsAt: '2027-10-31T00:30:00Z', endsAt: '2027-10-31T02:30:00Z', recurrence }),
      );
      expect(series.startsAt).toBe('2027-10-31T00:30:00.000Z');
      expect(series.localStartsAt).toBe('2027-10-31T02:30:00+02:00');
      const starts = (await occurrences(series.id)).map((o) => o.startsAt);
      expect(starts[0]).toBe('2027-10-31T00:30:00.000Z');
      expect(starts.slice(1)).toEqual(
        recurrence.weekday
          ? ['2027-11-28T01:30:00.000Z', '2027-12-26T01:30:00.000Z']
          : ['2027-12-31T01:30:00.000Z', '2028-01-31T01:30:00.000Z'],
      );
      const exported = await calendar(series.id);
      expect(exported.text).toContain('DTSTART;TZID=Europe/Amsterdam:20271031T023000');
      expect(exported.start).toBe(series.startsAt);
    }
    // The second 02:30 cannot start a series: calendars would read its local time as the first one.
    const second = await t.gql(
      CREATE,
      {
        input: amsterdam({
          startsAt: '2027-10-31T01:30:00Z',
          endsAt: '2027-10-31T02:30:00Z',
          recurrence: { weekday: 'SU', ordinal: -1, count: 3 },
        }),
      },
      { token: tokens.facilitator, lang: 'nl' },
    );
    expect(second.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.startsAt', code: 'invalid' }],
    });
    expect(second.errors?.[0].message).toMatch(/^Deze lokale tijd komt die dag twee keer voor/);
    // A single event may, and its .ics then names that instant in UTC rather than an hour off.
    const single = await create(
      tokens.facilitator,
      amsterdam({ startsAt: '2027-10-31T01:30:00Z', endsAt: '2027-10-31T02:30:00Z' }),
    );
    expect(single.localStartsAt).toBe('2027-10-31T02:30:00+01:00');
    expect(await calendar(single.id)).toMatchObject({
      start: '2027-10-31T01:30:00.000Z',
      end: '2027-10-31T02:30:00.000Z',
    });

    // 26 March 2028, clocks go forward at 02:00 CET: 02:30 does not exist and is read as 03:30 CEST.
    const spring = await create(
      tokens.facilitator,
      amsterdam({
        startsAt: '2028-02-27T02:30:00+01:00',
        endsAt: '2028-02-27T03:30:00+01:00',
        recurrence: { weekday: 'SU', ordinal: -1, count: 3 },
      }),
    );
    expect((await occurrences(spring.id)).map((o) => o.localStartsAt)).toEqual([
      '2028-02-27T02:30:00+01:00',
      '2028-03-26T03:30:00+02:00',
      '2028-04-30T02:30:00+02:00',
    ]);
    expect((await calendar(spring.id)).text).toContain('DTSTART;TZID=Europe/Amsterdam:20280227T023000');
  });

  it('refuses a malformed events filter with the field it concerns, not an internal error', async () => {
    const query = `query ($filter: EventFilter) { events(filter: $filter) { totalCount } }`;
    // Dates are refused by the DateTime scalar itself, on the field, in the caller's language.
    for (const [filter, path] of [
      [{ from: 'yesterday' }, 'filter.from'],
      [{ from: 1e20 }, 'filter.from'],
      [{ to: 'not a date' }, 'filter.to'],
    ] as const) {
      const [error] = (await t.gql(query, { filter }, { lang: 'es' })).errors ?? [];
      expect({ filter, code: error?.extensions.code }).toEqual({ filter, code: 'BAD_USER_INPUT' });
      expect(error.message).toBe(`Corrija estos campos: ${path}: debe ser una fecha`);
      expect(error.extensions.fields).toEqual([{ path, code: 'isDate', message: 'debe ser una fecha' }]);
    }
    const country = await t.gql(query, { filter: { countries: ['XX'] } }, { lang: 'es' });
    expect(country.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'filter.countries', code: 'isISO31661Alpha2' }],
    });
    const literal = await t.gql(`{ events(filter: { from: "yesterday" }) { totalCount } }`);
    expect(literal.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await t.gql(`{ events { totalCount } }`)).errors).toBeUndefined();
  });

  it('moves the agenda along when the event moves, keeping each item’s local distance from the start', async () => {
    const MOVE = `mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { ${EVENT_FIELDS} } }`;
    const move = (id: string, input: Record<string, unknown>, lang = 'en') =>
      t.gql<{ updateEvent: EventData }>(MOVE, { id, input }, { token: tokens.facilitator, lang });
    const event = await create(tokens.facilitator, workshop());
    const moved = await move(event.id, {
      startsAt: '2030-05-14T09:00:00+06:00',
      endsAt: '2030-05-15T17:00:00+06:00',
    });
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.updateEvent.agenda.map((item) => [item.localStartsAt, item.title])).toEqual([
      ['2030-05-14T09:30:00+06:00', 'Opening and introductions'],
      ['2030-05-14T11:00:00+06:00', 'Village action plans'],
    ]);
    // An agenda the move leaves outside the event is refused, the event unchanged.
    const cut = await move(
      event.id,
      { startsAt: '2030-05-14T10:00:00+06:00', endsAt: '2030-05-14T11:00:00+06:00' },
      'ru',
    );
    expect(cut.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.agenda.1.startsAt', code: 'invalid' }],
    });
    expect(cut.errors?.[0].message).toBe('Каждый пункт программы должен начинаться во время мероприятия.');
    const kept = await t.gql<{ event: EventData }>(EVENT, { id: event.id });
    expect(kept.data?.event.localStartsAt).toBe('2030-05-14T09:00:00+06:00');
    expect(kept.data?.event.agenda[0].localStartsAt).toBe('2030-05-14T09:30:00+06:00');
    // So is a given agenda outside the moved event.
    const given = await move(event.id, {
      startsAt: '2030-06-14T09:00:00+06:00',
      endsAt: '2030-06-14T17:00:00+06:00',
      agenda: [{ startsAt: '2030-05-14T09:30:00+06:00', title: 'Opening' }],
    });
    expect(given.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.agenda.0.startsAt' }),
    ]);

    // Across a change of the clocks: the second morning's 09:30 stays the second morning's 09:30.
    const overDst = await create(
      tokens.facilitator,
      workshop({
        countryCodes: ['NL'],
        timeZone: 'Europe/Amsterdam',
        startsAt: '2030-03-30T09:00:00+01:00',
        endsAt: '2030-03-31T17:00:00+02:00',
        agenda: [{ startsAt: '2030-03-31T09:30:00+02:00', title: 'Day two' }],
      }),
    );
    const week = await move(overDst.id, {
      startsAt: '2030-04-06T09:00:00+02:00',
      endsAt: '2030-04-07T17:00:00+02:00',
    });
    expect(week.data?.updateEvent.agenda.map((item) => item.localStartsAt)).toEqual([
      '2030-04-07T09:30:00+02:00',
    ]);
  });

  it('refuses titles that are only spaces, naming each such field', async () => {
    const blank = await t.gql(
      CREATE,
      {
        input: workshop({
          title: '   ',
          agenda: [{ startsAt: '2030-04-14T09:30:00+06:00', title: ' \u200b ' }],
        }),
      },
      { token: tokens.facilitator },
    );
    expect(blank.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.title', code: 'isNotEmpty' },
        { path: 'input.agenda.0.title', code: 'isNotEmpty' },
      ],
    });
    const event = await create(tokens.facilitator, workshop());
    const renamed = await t.gql(
      UPDATE,
      { id: event.id, input: { title: '    ' } },
      { token: tokens.facilitator },
    );
    expect(renamed.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.title', code: 'isNotEmpty' }),
    ]);
    const translated = await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      { id: event.id, input: { locale: 'ru', title: '  ', agendaTitles: ['  ', 'Планы действий сёл'] } },
      { token: tokens.facilitator, lang: 'ru' },
    );
    expect(translated.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.title', code: 'isNotEmpty' },
        { path: 'input.agendaTitles.0', code: 'isNotEmpty' },
      ],
    });
    const read = await t.gql<{ event: EventData }>(EVENT, { id: event.id }, { lang: 'ru' });
    expect(read.data?.event).toMatchObject({ title: event.title, locale: 'en' });
  });

  it('reads a region, place or speaker that shows nothing as none, and needs a country or a region to stay', async () => {
    const invisible = await t.gql(
      CREATE,
      { input: workshop({ countryCodes: [], region: '\u200b\u200b' }) },
      { token: tokens.facilitator },
    );
    expect(invisible.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.countryCodes', code: 'isDefined' }],
    });
    const event = await create(
      tokens.facilitator,
      workshop({
        countryCodes: [],
        place: '\u200b\u2060',
        agenda: [
          { startsAt: '2030-04-14T09:30:00+06:00', title: 'Opening', speakers: ['\u200b', 'Farida F.'] },
        ],
      }),
    );
    expect(event).toMatchObject({ region: 'Central Asia', place: null });
    expect(event.agenda[0].speakers).toEqual(['Farida F.']);
    // Taking the only region away from an event with no country is refused on the field, whichever way.
    for (const input of [{ region: null }, { region: '' }, { countryCodes: [], region: null }]) {
      const cleared = await t.gql(UPDATE, { id: event.id, input }, { token: tokens.facilitator, lang: 'es' });
      expect(cleared.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.countryCodes', code: 'isDefined' }],
      });
    }
    const kept = await t.gql<{ event: { region: string } }>(EVENT, { id: event.id });
    expect(kept.data?.event.region).toBe('Central Asia');
  });

  it('refuses texts that would read reversed, and titles too short once trimmed, in every field shown', async () => {
    const rlo = '\u202e';
    const created = await t.gql(
      CREATE,
      { input: workshop({ title: ' a ', place: `${rlo}Bishkek`, region: `Central Asia${rlo}` }) },
      { token: tokens.facilitator },
    );
    expect(created.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.title', code: 'minLength' },
        { path: 'input.region', code: 'noBidiControls' },
        { path: 'input.place', code: 'noBidiControls' },
      ],
    });
    const event = await create(tokens.facilitator, workshop());
    const translated = await t.gql(
      `mutation ($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      {
        id: event.id,
        input: {
          locale: 'ru',
          title: 'Семинар',
          agendaTitles: ['Открытие', `${rlo}Планы`],
          place: `${rlo}Бишкек`,
          region: `${rlo}Азия`,
        },
      },
      { token: tokens.facilitator },
    );
    expect(translated.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        { path: 'input.agendaTitles', code: 'noBidiControls' },
        { path: 'input.place', code: 'noBidiControls' },
        { path: 'input.region', code: 'noBidiControls' },
      ],
    });
    const read = await t.gql<{ event: EventData }>(EVENT, { id: event.id }, { lang: 'ru' });
    expect(read.data?.event).toMatchObject({ title: event.title, locale: 'en' });
  });

  it('says which bound the number of occurrences asked for breaks', async () => {
    const event = await create(tokens.facilitator, workshop({ agenda: [] }));
    for (const [first, code, words] of [
      [0, 'min', 'must be at least 1'],
      [121, 'max', 'must be at most 120'],
    ] as const) {
      const result = await t.gql(
        `query ($id: ID!, $first: Int!) { event(id: $id) { occurrences(first: $first) { startsAt } } }`,
        { id: event.id, first },
      );
      expect(result.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'first', code }],
      });
      expect(result.errors?.[0].message).toContain(words);
    }
    // A rule with numbered choices names them.
    const ordinal = await t.gql(
      CREATE,
      { input: workshop({ agenda: [], recurrence: { weekday: 'WE', ordinal: 0, count: 2 } }) },
      { token: tokens.facilitator },
    );
    expect(ordinal.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.recurrence.ordinal', code: 'isIn', message: 'must be one of: 1, 2, 3, 4, -1' }],
    });
  });

  it('answers a bad id on the calendar route with a translated 400 and an unknown one with 404', async () => {
    const bad = await fetch(`${t.url}/events/not-an-id.ics`, { headers: { 'accept-language': 'ru' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    const unknown = await fetch(`${t.url}/events/00000000-0000-4000-8000-000000000000.ics`, {
      headers: { 'accept-language': 'es' },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'Este evento no existe o usted no tiene acceso a él.' },
    });
  });
  it('accepts as facilitators only people who may manage events, and says who may manage truthfully', async () => {
    const [memberId, facilitatorId, otherId, coordinatorId] = await Promise.all(
      [tokens.member, tokens.facilitator, tokens.otherFacilitator, tokens.coordinatorKg].map(idOf),
    );
    const refused = await t.gql(
      CREATE,
      { input: workshop({ facilitatorIds: [facilitatorId, memberId] }) },
      { token: tokens.facilitator, lang: 'ru' },
    );
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(refused.errors?.[0].message).toMatch(/^Person \d+ не может вести мероприятия/);
    expect(refused.errors?.[0].extensions.fields?.[0].path).toBe('input.facilitatorIds.1');

    // A coordinator may facilitate an event outside their countries, and then manages it.
    const event = await create(
      tokens.facilitator,
      workshop({ countryCodes: ['PE'], facilitatorIds: [facilitatorId, otherId, coordinatorId] }),
    );
    const byCoordinator = await t.gql<{ updateEvent: { viewerCan: { edit: boolean; cancel: boolean } } }>(
      UPDATE,
      { id: event.id, input: { place: 'Lima' } },
      { token: tokens.coordinatorKg },
    );
    expect(byCoordinator.data?.updateEvent.viewerCan).toEqual({ edit: true, cancel: true });
    const asMember = await t.gql(
      UPDATE,
      { id: event.id, input: { facilitatorIds: [memberId] } },
      { token: tokens.facilitator, lang: 'es' },
    );
    expect(asMember.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(asMember.errors?.[0].message).toMatch(/^Person \d+ no puede facilitar eventos/);
    // Nobody at all would leave its room without a host.
    for (const [query, variables] of [
      [CREATE, { input: workshop({ facilitatorIds: [] }) }],
      [UPDATE, { id: event.id, input: { facilitatorIds: [] } }],
    ] as const) {
      const nobody = await t.gql(query, variables, { token: tokens.facilitator });
      expect(nobody.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.facilitatorIds', code: 'arrayMinSize' }],
      });
    }

    // Someone who loses the role still stands on the event, but may no longer manage it: said so.
    const revoked = await t.gql(
      `mutation ($input: RoleGrantInput!) { revokeRole(input: $input) { id } }`,
      { input: { userId: otherId, role: 'FACILITATOR' } },
      { token: tokens.admin },
    );
    expect(revoked.errors).toBeUndefined();
    const seen = await t.gql<{ event: { viewerCan: { edit: boolean; cancel: boolean } } }>(
      `query ($id: ID!) { event(id: $id) { viewerCan { edit cancel } } }`,
      { id: event.id },
      { token: tokens.otherFacilitator },
    );
    expect(seen.data?.event.viewerCan).toEqual({ edit: false, cancel: false });
    const tried = await t.gql(
      UPDATE,
      { id: event.id, input: { place: 'Cusco' } },
      { token: tokens.otherFacilitator },
    );
    expect(tried.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('makes an event room’s hosts its own facilitators, and carries visibility and facilitators over to it', async () => {
    const facilitatorId = await idOf(tokens.facilitator);
    const second = await person([{ role: Role.FACILITATOR, countryCode: null }], 'Second Facilitator');
    const secondId = await idOf(second);
    const event = await create(tokens.facilitator, workshop({ facilitatorIds: [facilitatorId] }));
    const { roomId } = (
      await t.gql<{ event: { roomId: string } }>(`query ($id: ID!) { event(id: $id) { roomId } }`, {
        id: event.id,
      })
    ).data!.event;
    const room = (token?: string) =>
      t.gql<{ room: { visibility: string; canModerate: boolean; hosts: { id: string }[] } }>(
        ROOM,
        { id: roomId },
        { token },
      );
    expect((await room(tokens.facilitator)).data?.room).toEqual({
      visibility: 'PUBLIC',
      canModerate: true,
      hosts: [{ id: facilitatorId }],
    });
    // Holding the FACILITATOR role does not make someone host of every event room.
    expect((await room(second)).data?.room.canModerate).toBe(false);

    const updated = await t.gql(
      UPDATE,
      { id: event.id, input: { visibility: 'MEMBERS', facilitatorIds: [secondId] } },
      { token: tokens.facilitator },
    );
    expect(updated.errors).toBeUndefined();
    // Guests cannot see a members-only event, so its room does not exist for them either.
    expect((await room()).errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect((await room(second)).data?.room).toEqual({
      visibility: 'MEMBERS',
      canModerate: true,
      hosts: [{ id: secondId }],
    });
    // The former facilitator (still the creator, so still managing the event) no longer hosts the room.
    expect((await room(tokens.facilitator)).data?.room.canModerate).toBe(false);

    // A room opened later by someone else (here: after the first one was lost) is set up by the event.
    await t.app.get(DataSource).query(`DELETE FROM room WHERE id = $1`, [roomId]);
    const reopened = await t.gql<{
      roomForScope: { visibility: string; canModerate: boolean; title: string };
    }>(
      `mutation ($key: String!) { roomForScope(scope: EVENT, key: $key) { visibility canModerate title } }`,
      { key: event.id },
      { token: tokens.otherFacilitator },
    );
    expect(reopened.data?.roomForScope).toEqual({
      visibility: 'MEMBERS',
      canModerate: false,
      title: event.title,
    });
    // A key that is no event's id, however much it looks like one, is NOT_FOUND.
    for (const key of ['-'.repeat(36), 'f'.repeat(36), '00000000-0000-4000-8000-000000000000']) {
      const unknown = await t.gql(
        `mutation ($key: String!) { roomForScope(scope: EVENT, key: $key) { id } }`,
        { key },
        { token: tokens.otherFacilitator },
      );
      expect({ key, code: unknown.errors?.[0].extensions.code }).toEqual({ key, code: 'NOT_FOUND' });
    }
  });
  it('removes guests from an event’s room live when the event becomes members-only; members stay', async () => {
    const event = await create(tokens.facilitator, workshop({ agenda: [] }));
    const roomId = await roomOf(event.id);
    const threadId = (
      await t.gql<{ createThread: { id: string } }>(
        `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
        { input: { roomId, title: 'Travel' } },
        { token: tokens.member },
      )
    ).data!.createThread.id;
    const guest = await connect();
    const member = await connect(tokens.member);
    const host = await connect(tokens.facilitator);
    for (const socket of [guest, member, host])
      expect((await ack(socket, 'room:join', { roomId })).ok).toBe(true);
    const toGuest: string[] = [];
    for (const event of ['message:new', 'typing', 'presence']) guest.on(event, () => toGuest.push(event));

    const updated = await t.gql(
      UPDATE,
      { id: event.id, input: { visibility: 'MEMBERS' } },
      { token: tokens.facilitator },
    );
    expect(updated.errors).toBeUndefined();

    const typing = new Promise((resolve) => host.once('typing', resolve));
    expect((await ack(member, 'typing', { roomId, threadId })).ok).toBe(true);
    await typing;
    const arriving = new Promise<{ body: string }>((resolve) => member.once('message:new', resolve));
    const posted = await t.gql(
      `mutation ($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      { input: { roomId, threadId, body: 'Members only from now on', clientId: 'members-only-1' } },
      { token: tokens.facilitator },
    );
    expect(posted.errors).toBeUndefined();
    expect((await arriving).body).toBe('Members only from now on');
    // Everything sent to the guest before this answer has arrived by now: nothing was.
    expect((await ack(guest, 'room:join', { roomId })).error?.code).toBe('NOT_FOUND');
    expect(toGuest).toEqual([]);
  });

  it('hosts an event’s room only while holding a role that may manage events, and keeps hosts the room named', async () => {
    const grant = (mutation: 'grantRole' | 'revokeRole', userId: string) =>
      t.gql(
        `mutation ($input: RoleGrantInput!) { ${mutation}(input: $input) { id } }`,
        { input: { userId, role: 'FACILITATOR' } },
        { token: tokens.admin },
      );
    const lead = await person([{ role: Role.FACILITATOR, countryCode: null }], 'A Lead');
    const helper = await person([{ role: Role.FACILITATOR, countryCode: null }], 'B Helper');
    const coordinator = await person(
      [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'TJ' }],
      'C Coordinator',
    );
    const [leadId, helperId, coordinatorId, memberId] = await Promise.all(
      [lead, helper, coordinator, tokens.member].map(idOf),
    );
    const event = await create(lead, workshop({ agenda: [], facilitatorIds: [leadId, helperId] }));
    const roomId = await roomOf(event.id);
    const room = async (token: string) =>
      (
        await t.gql<{ room: { canModerate: boolean; hosts: { id: string }[] } }>(
          `query ($id: ID!) { room(id: $id) { canModerate hosts { id } } }`,
          { id: roomId },
          { token },
        )
      ).data!.room;

    // The admin names the coordinator host in the room, who later facilitates the event for a while.
    const named = await t.gql(
      ADD_MEMBER,
      { input: { roomId, userId: coordinatorId, role: 'HOST' } },
      {
        token: tokens.admin,
      },
    );
    expect(named.errors).toBeUndefined();
    for (const facilitatorIds of [[leadId, helperId, coordinatorId], [leadId]]) {
      const changed = await t.gql(UPDATE, { id: event.id, input: { facilitatorIds } }, { token: lead });
      expect(changed.errors).toBeUndefined();
    }
    // The helper hosted as a facilitator and no longer does; the coordinator was named by the room.
    expect(await room(helper)).toMatchObject({ canModerate: false });
    expect(await room(coordinator)).toMatchObject({ canModerate: true });
    expect((await room(lead)).hosts).toEqual([{ id: leadId }, { id: coordinatorId }]);

    // Losing the role ends hosting, as it ends managing the event; getting it back restores both.
    const threadId = (
      await t.gql<{ createThread: { id: string } }>(
        `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
        { input: { roomId, title: 'Agenda' } },
        { token: lead },
      )
    ).data!.createThread.id;
    expect((await grant('revokeRole', leadId)).errors).toBeUndefined();
    const managing = `query ($id: ID!) { event(id: $id) { viewerCan { edit cancel } } }`;
    expect((await t.gql(managing, { id: event.id }, { token: lead })).data).toEqual({
      event: { viewerCan: { edit: false, cancel: false } },
    });
    expect(await room(lead)).toEqual({ canModerate: false, hosts: [{ id: coordinatorId }] });
    const lock = await t.gql(
      `mutation ($id: ID!) { lockThread(threadId: $id) { locked } }`,
      { id: threadId },
      {
        token: lead,
      },
    );
    expect(lock.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // …and, no longer a host, the lead can be muted like any member.
    const muted = await t.gql(
      `mutation ($input: MuteMemberInput!) { muteMember(input: $input) { mutedUntil } }`,
      { input: { roomId, userId: leadId, minutes: 0 } },
      { token: coordinator },
    );
    expect(muted.errors).toBeUndefined();
    expect((await grant('grantRole', leadId)).errors).toBeUndefined();
    expect((await room(lead)).canModerate).toBe(true);

    // Naming someone host who could not host an event's room is refused, not silently without effect.
    const refused = await t.gql(
      ADD_MEMBER,
      { input: { roomId, userId: memberId, role: 'HOST' } },
      {
        token: tokens.admin,
        lang: 'es',
      },
    );
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.role', code: 'invalid' }] },
    });
    expect(refused.errors?.[0].message).toMatch(/^Person \d+ no puede ser anfitrión de esta sala/);
  });

  it('opens an event’s room with the event’s settings even when an update of the event commits meanwhile', async () => {
    const event = await create(tokens.facilitator, workshop({ agenda: [] }));
    const db = t.app.get(DataSource);
    await db.query(`DELETE FROM room WHERE id = $1`, [await roomOf(event.id)]);
    // An update of the event in flight: the row locked and changed, the room (none yet) "updated".
    const update = db.createQueryRunner();
    await update.connect();
    await update.startTransaction();
    try {
      await update.query(`SELECT id FROM event WHERE id = $1 FOR UPDATE`, [event.id]);
      await update.query(`UPDATE event SET visibility = 'MEMBERS' WHERE id = $1`, [event.id]);
      const afterCommit = await t.app
        .get<EventRooms>(EVENT_ROOMS)
        .updateEventRoom({ eventId: event.id, membersOnly: true }, update.manager);
      const opening = t.gql<{ roomForScope: { visibility: string } }>(
        `mutation ($key: String!) { roomForScope(scope: EVENT, key: $key) { visibility } }`,
        { key: event.id },
        { token: tokens.member },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      await update.commitTransaction();
      await afterCommit();
      const opened = await opening;
      expect(opened.errors).toBeUndefined();
      expect(opened.data?.roomForScope.visibility).toBe('MEMBERS');
    } finally {
      if (update.isTransactionActive) await update.rollbackTransaction();
      await update.release();
    }
  });
});
