/**
 * The event form's draft: what the fields hold (dates and times as typed, in the event's zone), how
 * an event fills it, and the API input it makes, checked by the API's own rules first.
 */
import { viewerTimeZone } from './format';
import { LOCALES } from './language';
import { addDays, daysBetween, instantOf, localDateTime, wallClockDistance } from './time-zone';
import { same } from './changes';

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']; // JavaScript's order: Sunday = 0
const MAX_DURATION_MS = 31 * 24 * 3600_000;
/** The API's limit on a series: its last meeting within ten years of the first. */
const MAX_SERIES_MS = 10 * 366 * 24 * 3600_000;

export type Repeat = 'none' | 'monthDay' | 'weekday' | 'lastWeekday';

export interface Person {
  id: string;
  displayName: string;
  /** Their organisations' names, when asked for: tells apart two people of the same name. */
  organisations?: string[];
}

export interface AgendaDraft {
  key: number;
  /** Days after the event's first day. */
  day: number;
  time: string;
  title: string;
  speakers: string;
}

export interface Draft {
  kind: string;
  visibility: string;
  originalLocale: string;
  title: string;
  description: string;
  countryCodes: string[];
  region: string;
  /** The people named as facilitators, with their names to show. */
  facilitators: Person[];
  timeZone: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  place: string;
  onlineUrl: string;
  capacity: string;
  repeat: Repeat;
  /** How a series ends: after `count` meetings, or with the last meeting on or before `until`. */
  ends: 'count' | 'until';
  count: string;
  /** A date (YYYY-MM-DD) in the event's time zone. */
  until: string;
  agenda: AgendaDraft[];
}

/** An event as the edit form needs it: its texts in the original language, as written. */
export interface EventToEdit {
  id: string;
  kind: string;
  status: string;
  visibility: string;
  originalLocale: string;
  viewerCan: { edit: boolean; cancel: boolean };
  countries: { code: string; name: string }[];
  region: string | null;
  facilitators: Person[];
  startsAt: string;
  endsAt: string;
  timeZone: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  agenda: { startsAt: string; speakers: string[] }[];
  recurrence: {
    monthDay: number | null;
    weekday: string | null;
    ordinal: number | null;
    count: number | null;
    until: string | null;
  } | null;
  en: EventTexts | null;
  ru: EventTexts | null;
  es: EventTexts | null;
  nl: EventTexts | null;
  updatedAt: string;
}

export interface EventTexts {
  title: string;
  description: string;
  agendaTitles: (string | null)[];
  /** Each agenda item's speakers as written in this language; in a translation, null: the original's. */
  agendaSpeakers: (string[] | null)[];
  /** As written in this language; in a translation, null stands for the original's. */
  place: string | null;
  region: string | null;
}

/** Each field's label (an i18n key), to name the fields two people both changed. */
export const DRAFT_LABELS: Record<keyof Draft, string> = {
  kind: 'events.kind',
  visibility: 'eventForm.visibility',
  originalLocale: 'eventForm.writtenIn',
  title: 'eventForm.title',
  description: 'eventForm.description',
  countryCodes: 'eventForm.countries',
  region: 'eventForm.region',
  facilitators: 'eventForm.facilitators',
  timeZone: 'eventForm.timeZone',
  startDate: 'eventForm.startDate',
  startTime: 'eventForm.startTime',
  endDate: 'eventForm.endDate',
  endTime: 'eventForm.endTime',
  place: 'eventForm.place',
  onlineUrl: 'eventForm.onlineUrl',
  capacity: 'eventForm.capacity',
  repeat: 'eventForm.repeat',
  ends: 'eventForm.ends',
  count: 'eventForm.count',
  until: 'eventForm.until',
  agenda: 'events.agenda',
};

/**
 * Fields an edit merged with someone else's takes whole from one side: when the event happens, how
 * it repeats, and its agenda, whose items must fall within the event (a schedule from one side and
 * an agenda from the other need not fit together).
 */
export const DRAFT_GROUPS: (keyof Draft)[][] = [
  ['timeZone', 'startDate', 'startTime', 'endDate', 'endTime', 'repeat', 'ends', 'count', 'until', 'agenda'],
];

/** Every language's texts as written, by their locale (the field `translation(locale)`). */
export const EVENT_TEXTS = LOCALES.map(
  (locale) =>
    `${locale}: translation(locale: "${locale}") { title description agendaTitles agendaSpeakers place region }`,
).join('\n');

/** How the start date sits in its month: its day, weekday, which such weekday it is, whether the last. */
export function monthPosition(date: string) {
  const day = Number(date.slice(8, 10));
  const at = new Date(`${date}T00:00:00Z`);
  const daysInMonth = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  return { day, weekday: WEEKDAYS[at.getUTCDay()], ordinal: Math.ceil(day / 7), last: day + 7 > daysInMonth };
}

/** The monthly repetition chosen, as the new start date allows it ("the fifth Friday" is "the last"). */
export function repeatOn(repeat: Repeat, position: ReturnType<typeof monthPosition>): Repeat {
  if (repeat === 'weekday' && position.ordinal > 4) return 'lastWeekday';
  if (repeat === 'lastWeekday' && !position.last) return 'weekday';
  return repeat;
}

/** A new event's draft; its first facilitator is the person scheduling it, as the API's default is. */
export function emptyDraft(locale: string, scheduler?: Person): Draft {
  return {
    kind: 'WORKSHOP',
    visibility: 'PUBLIC',
    originalLocale: locale,
    title: '',
    description: '',
    countryCodes: [],
    region: '',
    facilitators: scheduler ? [{ id: scheduler.id, displayName: scheduler.displayName }] : [],
    timeZone: viewerTimeZone(),
    startDate: '',
    startTime: '09:00',
    endDate: '',
    endTime: '17:00',
    place: '',
    onlineUrl: '',
    capacity: '',
    repeat: 'none',
    ends: 'count',
    count: '12',
    until: '',
    agenda: [],
  };
}

export function draftOf(event: EventToEdit, nextKey: () => number): Draft {
  const zone = event.timeZone;
  const start = localDateTime(event.startsAt, zone);
  const end = localDateTime(event.endsAt, zone);
  const texts = event[event.originalLocale as keyof Pick<EventToEdit, 'en' | 'ru' | 'es' | 'nl'>];
  const rule = event.recurrence;
  return {
    kind: event.kind,
    visibility: event.visibility,
    originalLocale: event.originalLocale,
    title: texts?.title ?? '',
    description: texts?.description ?? '',
    countryCodes: event.countries.map((c) => c.code),
    region: texts?.region ?? '',
    facilitators: event.facilitators,
    timeZone: zone,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    place: texts?.place ?? '',
    onlineUrl: event.onlineUrl ?? '',
    capacity: event.capacity === null ? '' : String(event.capacity),
    repeat: !rule ? 'none' : rule.weekday ? (rule.ordinal === -1 ? 'lastWeekday' : 'weekday') : 'monthDay',
    ends: rule?.until ? 'until' : 'count',
    count: rule?.count ? String(rule.count) : '12',
    until: rule?.until ? localDateTime(rule.until, zone).date : '',
    agenda: event.agenda.map((item, index) => {
      const at = localDateTime(item.startsAt, zone);
      return {
        key: nextKey(),
        day: daysBetween(start.date, at.date),
        time: at.time,
        title: texts?.agendaTitles[index] ?? '',
        // The original's, as written: `agenda` itself follows the reader's language.
        speakers: (texts?.agendaSpeakers[index] ?? item.speakers).join('\n'),
      };
    }),
  };
}

/** Whether an agenda title has a translation, which saving a changed agenda would not keep. */
export function agendaTranslated(event: EventToEdit): boolean {
  return LOCALES.some(
    (locale) =>
      locale !== event.originalLocale && event[locale]?.agendaTitles.some((title) => title !== null),
  );
}

export type Problems = Record<string, string>;
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The API's input for the draft, and what the form can already tell is wrong, by the path the API
 * would name (`input.endsAt`, `input.agenda.1.startsAt`): the same rules, checked before asking.
 */
export function inputOf(draft: Draft, t: Translate): { input: Record<string, unknown>; problems: Problems } {
  const problems: Problems = {};
  const required = t('eventForm.errors.required');
  const title = draft.title.trim();
  if (!title) problems['input.title'] = required;
  else if (title.length < 2) problems['input.title'] = t('eventForm.errors.minLength', { count: 2 });
  if (draft.countryCodes.length === 0 && !draft.region.trim())
    problems['input.countryCodes'] = t('eventForm.errors.whereMissing');

  const at = (date: string, time: string, path: string) => {
    if (!date || !time) {
      problems[path] = t('eventForm.errors.dateTimeRequired');
      return undefined;
    }
    const instant = instantOf(date, time, draft.timeZone);
    if (!instant) problems[path] = t('eventForm.errors.noSuchTime', { time, zone: draft.timeZone });
    return instant;
  };
  const startsAt = at(draft.startDate, draft.startTime, 'input.startsAt');
  const endsAt = at(draft.endDate || draft.startDate, draft.endTime, 'input.endsAt');
  if (startsAt && endsAt) {
    if (endsAt <= startsAt) problems['input.endsAt'] = t('eventForm.errors.endBeforeStart');
    else if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS)
      problems['input.endsAt'] = t('eventForm.errors.tooLong');
  }

  const capacity = draft.capacity.trim();
  if (capacity && !(/^\d+$/.test(capacity) && Number(capacity) >= 1 && Number(capacity) <= 100000))
    problems['input.capacity'] = t('eventForm.errors.capacity');
  const onlineUrl = draft.onlineUrl.trim();
  if (onlineUrl && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(onlineUrl))
    problems['input.onlineUrl'] = t('eventForm.errors.onlineUrl');
  const count = Number(draft.count);
  // The last day's end in the event's zone, so that a meeting on that day is still in the series.
  const until = draft.until ? instantOf(draft.until, '23:59', draft.timeZone) : undefined;
  if (
    draft.repeat !== 'none' &&
    draft.ends === 'count' &&
    !(Number.isInteger(count) && count >= 2 && count <= 120)
  )
    problems['input.recurrence'] = t('eventForm.errors.count');
  if (draft.repeat !== 'none' && draft.ends === 'until') {
    if (!until) problems['input.recurrence.until'] = required;
    // A day after the first meeting's: a series has at least two.
    else if (
      startsAt &&
      (draft.until <= draft.startDate || until.getTime() - startsAt.getTime() > MAX_SERIES_MS)
    )
      problems['input.recurrence.until'] = t('eventForm.errors.until');
  }

  const agenda = draft.agenda.map((item, index) => {
    const path = `input.agenda.${index}`;
    const instant = at(
      draft.startDate ? addDays(draft.startDate, item.day) : '',
      item.time,
      `${path}.startsAt`,
    );
    const scheduled = startsAt && endsAt && !problems['input.endsAt'];
    if (instant && scheduled && (instant < startsAt || instant >= endsAt))
      problems[`${path}.startsAt`] = t('eventForm.errors.agendaOutside');
    if (!item.title.trim()) problems[`${path}.title`] = required;
    return {
      startsAt: instant?.toISOString(),
      title: item.title.trim(),
      speakers: speakersIn(item.speakers),
    };
  });

  const position = draft.startDate ? monthPosition(draft.startDate) : undefined;
  const recurrence =
    draft.repeat === 'none' || !position
      ? null
      : {
          ...(draft.ends === 'until' ? { until: until?.toISOString() } : { count }),
          ...(draft.repeat === 'monthDay'
            ? { monthDay: position.day }
            : { weekday: position.weekday, ordinal: draft.repeat === 'lastWeekday' ? -1 : position.ordinal }),
        };

  return {
    input: {
      kind: draft.kind,
      visibility: draft.visibility,
      originalLocale: draft.originalLocale,
      title,
      description: draft.description.trim(),
      countryCodes: draft.countryCodes,
      region: draft.region.trim() || null,
      facilitatorIds: draft.facilitators.map((person) => person.id),
      startsAt: startsAt?.toISOString(),
      endsAt: endsAt?.toISOString(),
      timeZone: draft.timeZone,
      place: draft.place.trim() || null,
      onlineUrl: onlineUrl || null,
      capacity: capacity ? Number(capacity) : null,
      agenda,
      recurrence,
    },
    problems,
  };
}

/** An input's agenda as placed from its start: each item's wall-clock distance from it, with its texts. */
function placedAgenda(input: Record<string, unknown>): unknown[] {
  const agenda = (input.agenda ?? []) as { startsAt?: string }[];
  const { startsAt, timeZone } = input as { startsAt?: string; timeZone?: string };
  return agenda.map((item) => ({
    ...item,
    startsAt:
      item.startsAt && startsAt && timeZone ? wallClockDistance(item.startsAt, startsAt, timeZone) : null,
  }));
}

/**
 * What an edit changes, and only that: an agenda sent again would lose its translations, so it goes
 * only when its items changed, or the event moved so that they no longer keep their wall-clock
 * distance from its start (a new start time with the items' times as they were); then it is saved as
 * the form shows it. Moved to another day or zone at the same local time, the API moves it along.
 */
export function changesOf(
  input: Record<string, unknown>,
  before: Record<string, unknown>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of [
    'kind',
    'visibility',
    'title',
    'description',
    'countryCodes',
    'region',
    'facilitatorIds',
    'place',
    'onlineUrl',
    'capacity',
  ])
    if (!same(input[key], before[key])) changes[key] = input[key];
  const schedule = ['startsAt', 'endsAt', 'timeZone'] as const;
  const moved = schedule.some((key) => !same(input[key], before[key]));
  if (moved) for (const key of schedule) changes[key] = input[key];
  const agendaKept = moved
    ? same(placedAgenda(input), placedAgenda(before))
    : same(input.agenda, before.agenda);
  if (!agendaKept) changes.agenda = input.agenda;
  if ((moved && input.recurrence) || !same(input.recurrence, before.recurrence))
    changes.recurrence = input.recurrence;
  return changes;
}

/** The paths the form shows an error next to; the API's other problems go above the form. */
export function fieldPaths(draft: Draft): string[] {
  return [
    ...['kind', 'visibility', 'originalLocale', 'title', 'description', 'countryCodes', 'region'],
    ...['facilitatorIds', 'timeZone'],
    ...['startsAt', 'endsAt', 'place', 'onlineUrl', 'capacity', 'recurrence', 'recurrence.until', 'agenda'],
    ...draft.agenda.flatMap((_, index) =>
      ['startsAt', 'title', 'speakers'].map((f) => `agenda.${index}.${f}`),
    ),
  ].map((path) => `input.${path}`);
}

/** The names in a speakers box: one a line (a name or role may hold a comma), blank ones left out. */
export const speakersIn = (text: string): string[] =>
  text
    .split('\n')
    .map((name) => name.trim())
    .filter(Boolean);

/**
 * Texts written per item of the agenda `before` (titles, speakers), one for each item of `after` (the
 * agenda as someone else saved it meanwhile): the same items when there are as many (moved with the
 * event), else those starting at the same time; empty for an item that is new.
 */
export function fittedToAgenda(
  titles: string[],
  before: readonly { startsAt: string }[],
  after: readonly { startsAt: string }[],
): string[] {
  if (before.length === after.length) return titles;
  return after.map((item) => {
    const index = before.findIndex((old) => old.startsAt === item.startsAt);
    return index < 0 ? '' : (titles[index] ?? '');
  });
}
