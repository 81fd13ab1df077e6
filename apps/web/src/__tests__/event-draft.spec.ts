import { mergeEdits } from '../edit-conflict';
import {
  DRAFT_GROUPS,
  fittedToAgenda,
  changesOf,
  draftOf,
  emptyDraft,
  inputOf,
  type Draft,
  type EventToEdit,
} from '../event-draft';

// The keys, with their parameters, stand for the translated messages.
const t = (key: string, options?: Record<string, unknown>) =>
  options ? `${key} ${JSON.stringify(options)}` : key;

const workshop = (changes: Partial<Draft> = {}): Draft => ({
  ...emptyDraft('ru'),
  title: 'Семинар по водным комитетам',
  countryCodes: ['KG'],
  timeZone: 'Asia/Bishkek',
  startDate: '2030-04-14',
  startTime: '09:00',
  endDate: '2030-04-14',
  endTime: '17:00',
  agenda: [
    { key: 1, day: 0, time: '09:00', title: 'Открытие', speakers: 'Farida F.\n Nurlan C., coordinator \n' },
    { key: 2, day: 0, time: '10:30', title: 'Опыт Ак-Суу', speakers: '' },
  ],
  ...changes,
});

describe('the event form', () => {
  it('sends the times entered in the chosen zone as instants, with the agenda and its speakers', () => {
    expect(emptyDraft('ru', { id: 'me', displayName: 'Farida F.' }).facilitators).toEqual([
      { id: 'me', displayName: 'Farida F.' },
    ]);
    const { input, problems } = inputOf(workshop(), t);
    expect(problems).toEqual({});
    expect(input).toMatchObject({
      originalLocale: 'ru',
      timeZone: 'Asia/Bishkek',
      startsAt: '2030-04-14T03:00:00.000Z',
      endsAt: '2030-04-14T11:00:00.000Z',
      agenda: [
        {
          startsAt: '2030-04-14T03:00:00.000Z',
          title: 'Открытие',
          speakers: ['Farida F.', 'Nurlan C., coordinator'],
        },
        { startsAt: '2030-04-14T04:30:00.000Z', title: 'Опыт Ак-Суу', speakers: [] },
      ],
      recurrence: null,
    });
  });

  it('checks what the API checks, under the paths the API names', () => {
    const { problems } = inputOf(
      workshop({
        countryCodes: [],
        endTime: '08:00',
        agenda: [{ key: 1, day: 0, time: '12:00', title: ' ', speakers: '' }],
      }),
      t,
    );
    expect(problems).toEqual({
      'input.countryCodes': 'eventForm.errors.whereMissing',
      'input.endsAt': 'eventForm.errors.endBeforeStart',
      'input.agenda.0.title': 'eventForm.errors.required',
    });
    expect(
      inputOf(workshop({ endTime: '18:00', agenda: [{ ...workshop().agenda[0], time: '17:30' }] }), t)
        .problems,
    ).toEqual({});
    expect(inputOf(workshop({ agenda: [{ ...workshop().agenda[0], time: '17:00' }] }), t).problems).toEqual({
      'input.agenda.0.startsAt': 'eventForm.errors.agendaOutside',
    });
  });

  it('says when a time does not exist because the clocks go forward', () => {
    const { problems } = inputOf(
      workshop({
        timeZone: 'Europe/Amsterdam',
        startDate: '2030-03-31',
        endDate: '2030-03-31',
        startTime: '02:30',
        agenda: [],
      }),
      t,
    );
    expect(problems).toEqual({
      'input.startsAt': 'eventForm.errors.noSuchTime {"time":"02:30","zone":"Europe/Amsterdam"}',
    });
  });

  it('repeats monthly on the day, the nth weekday or the last weekday of the start date', () => {
    // 14 April 2030 is the second Sunday; 28 April the fourth and last.
    expect(inputOf(workshop({ repeat: 'monthDay', count: '6' }), t).input.recurrence).toEqual({
      count: 6,
      monthDay: 14,
    });
    expect(inputOf(workshop({ repeat: 'weekday', count: '6' }), t).input.recurrence).toEqual({
      count: 6,
      weekday: 'SU',
      ordinal: 2,
    });
    const last = workshop({
      startDate: '2030-04-28',
      endDate: '2030-04-28',
      repeat: 'lastWeekday',
      count: '3',
      agenda: [],
    });
    expect(inputOf(last, t).input.recurrence).toEqual({ count: 3, weekday: 'SU', ordinal: -1 });
    expect(inputOf(workshop({ repeat: 'weekday', count: '1' }), t).problems).toEqual({
      'input.recurrence': 'eventForm.errors.count',
    });
  });

  it('ends a series on a date: the end of that day in the event’s zone, within ten years', () => {
    const series = (until: string) =>
      inputOf(workshop({ repeat: 'monthDay', ends: 'until', until, agenda: [] }), t);
    expect(series('2030-12-14').input.recurrence).toEqual({
      until: '2030-12-14T17:59:00.000Z',
      monthDay: 14,
    });
    expect(series('').problems).toEqual({ 'input.recurrence.until': 'eventForm.errors.required' });
    expect(series('2030-04-01').problems).toEqual({ 'input.recurrence.until': 'eventForm.errors.until' });
    expect(series('2030-04-14').problems).toEqual({ 'input.recurrence.until': 'eventForm.errors.until' });
    expect(series('2041-01-01').problems).toEqual({ 'input.recurrence.until': 'eventForm.errors.until' });
  });

  it('edits from the event as written, and sends the agenda again only when it or the schedule changed', () => {
    const event: EventToEdit = {
      id: 'e1',
      kind: 'WORKSHOP',
      status: 'SCHEDULED',
      updatedAt: '2026-11-20T08:00:00.000Z',
      visibility: 'PUBLIC',
      originalLocale: 'ru',
      viewerCan: { edit: true, cancel: true },
      countries: [{ code: 'KG', name: 'Kyrgyzstan' }],
      region: null,
      facilitators: [{ id: 'f1', displayName: 'Farida F.' }],
      startsAt: '2030-04-14T03:00:00.000Z',
      endsAt: '2030-04-14T11:00:00.000Z',
      timeZone: 'Asia/Bishkek',
      // Served in the reader's language (an English translation of the place): not what the form edits.
      place: 'Bishkek',
      onlineUrl: null,
      capacity: 25,
      // Served in the reader's language too: the form edits the original's speakers.
      agenda: [
        { startsAt: '2030-04-14T03:00:00.000Z', speakers: ['Farida F., facilitator'] },
        { startsAt: '2030-04-14T04:30:00.000Z', speakers: [] },
      ],
      recurrence: null,
      en: {
        title: 'Water committees',
        description: '',
        agendaTitles: ['Opening', 'Ak-Suu'],
        agendaSpeakers: [['Farida F., facilitator'], null],
        place: 'Bishkek',
        region: null,
      },
      ru: {
        title: 'Водные комитеты',
        description: 'Описание',
        agendaTitles: ['Открытие', 'Опыт Ак-Суу'],
        agendaSpeakers: [['Фарида Ф., ведущая', 'Глава отдела, министерство водных ресурсов'], []],
        place: 'Бишкек',
        region: 'Чуйская область',
      },
      es: null,
      nl: null,
    };
    let key = 0;
    const draft = draftOf(event, () => ++key);
    expect(draft).toMatchObject({
      title: 'Водные комитеты',
      place: 'Бишкек',
      region: 'Чуйская область',
      startDate: '2030-04-14',
      startTime: '09:00',
      endTime: '17:00',
      capacity: '25',
      agenda: [
        {
          day: 0,
          time: '09:00',
          title: 'Открытие',
          speakers: 'Фарида Ф., ведущая\nГлава отдела, министерство водных ресурсов',
        },
        { day: 0, time: '10:30', title: 'Опыт Ак-Суу', speakers: '' },
      ],
    });
    const before = inputOf(draft, t).input;
    expect(changesOf(inputOf({ ...draft, capacity: '30', title: 'Новое' }, t).input, before)).toEqual({
      capacity: 30,
      title: 'Новое',
    });
    // The facilitators are sent when they change, and then all of them.
    const named = { ...draft, facilitators: [...draft.facilitators, { id: 'f2', displayName: 'Nurlan C.' }] };
    expect(changesOf(inputOf(named, t).input, before)).toEqual({ facilitatorIds: ['f1', 'f2'] });
    const moved = changesOf(inputOf({ ...draft, startTime: '08:00' }, t).input, before);
    expect(moved).toMatchObject({
      startsAt: '2030-04-14T02:00:00.000Z',
      endsAt: '2030-04-14T11:00:00.000Z',
      timeZone: 'Asia/Bishkek',
      agenda: [{ startsAt: '2030-04-14T03:00:00.000Z' }, { startsAt: '2030-04-14T04:30:00.000Z' }],
    });
    expect(moved).not.toHaveProperty('recurrence');
    // Moved to another day at the same local time, its items keep their places: the agenda is left
    // to the API, which moves it along and keeps its translations.
    const nextDay = changesOf(
      inputOf({ ...draft, startDate: '2030-04-15', endDate: '2030-04-15' }, t).input,
      before,
    );
    expect(nextDay).toMatchObject({ startsAt: '2030-04-15T03:00:00.000Z', timeZone: 'Asia/Bishkek' });
    expect(nextDay).not.toHaveProperty('agenda');
    // An item changed on the way is sent, with the whole agenda.
    const retitled = changesOf(
      inputOf(
        {
          ...draft,
          startDate: '2030-04-15',
          endDate: '2030-04-15',
          agenda: [draft.agenda[0], { ...draft.agenda[1], title: 'Опыт Нарына' }],
        },
        t,
      ).input,
      before,
    );
    expect(retitled).toHaveProperty('agenda');

    // A series that ends on a date is edited as one: a new title alone leaves its rule alone.
    const dated = draftOf(
      {
        ...event,
        recurrence: {
          monthDay: 14,
          weekday: null,
          ordinal: null,
          count: null,
          until: '2030-12-31T00:00:00.000Z',
        },
      },
      () => ++key,
    );
    expect(dated).toMatchObject({ repeat: 'monthDay', ends: 'until', until: '2030-12-31' });
    const datedBefore = inputOf(dated, t);
    expect(datedBefore.problems).toEqual({});
    expect(changesOf(inputOf({ ...dated, title: 'Новое' }, t).input, datedBefore.input)).toEqual({
      title: 'Новое',
    });
  });
});

describe('fittedToAgenda', () => {
  const at = (...times: string[]) => times.map((startsAt) => ({ startsAt }));
  it('keeps titles on the same items, and places them by start time once items came or went', () => {
    const before = at('2030-04-14T03:30:00Z', '2030-04-14T05:00:00Z');
    // Moved with the event: the same two items.
    expect(
      fittedToAgenda(['Открытие', 'Планы'], before, at('2030-04-15T03:30:00Z', '2030-04-15T05:00:00Z')),
    ).toEqual(['Открытие', 'Планы']);
    // An item added in between, and one removed: each title stays with its item, the new one is empty.
    expect(
      fittedToAgenda(
        ['Открытие', 'Планы'],
        before,
        at('2030-04-14T03:30:00Z', '2030-04-14T04:00:00Z', '2030-04-14T05:00:00Z'),
      ),
    ).toEqual(['Открытие', '', 'Планы']);
    expect(fittedToAgenda(['Открытие', 'Планы'], before, at('2030-04-14T05:00:00Z'))).toEqual(['Планы']);
  });
});

describe('DRAFT_GROUPS', () => {
  it('keeps an agenda with the schedule it was placed in when both people changed the schedule', () => {
    const base = emptyDraft('en');
    const agenda = [{ key: 1, day: 0, time: '15:00', title: 'Opening', speakers: '' }];
    const start = {
      ...base,
      startDate: '2030-04-14',
      startTime: '15:00',
      endDate: '2030-04-14',
      endTime: '18:00',
      agenda,
    };
    // I make it end later; they move it an hour earlier, and the agenda with it.
    const mine = { ...start, endTime: '19:00' };
    const theirs = {
      ...start,
      startTime: '14:00',
      endTime: '17:00',
      agenda: [{ ...agenda[0], key: 2, time: '14:00' }],
    };
    const { merged, clashes } = mergeEdits(start, mine, theirs, DRAFT_GROUPS);
    expect(merged.agenda).toEqual(mine.agenda);
    expect(merged.startTime).toBe('15:00');
    expect(clashes).toEqual(['startTime', 'endTime', 'agenda']);
  });
});
