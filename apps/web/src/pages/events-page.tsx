import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { usePageTitle } from '../components/page-title';
import {
  capitalizeFirst,
  dayKey,
  daysSpanned,
  formatDay,
  formatDayTime,
  formatTime,
  viewerTimeZone,
} from '../format';
import { useAddressParams } from '../address';
import { mayScheduleEvents, useSession } from '../session';
import { usePages } from '../use-query';

export const EVENT_KINDS = ['WORKSHOP', 'VIDEOCONFERENCE', 'KNOWLEDGE_FORUM', 'NATIONAL_CONSULTATION'];

interface EventRow {
  id: string;
  kind: string;
  status: string;
  title: string;
  /** The language the title is in: the reader's, or the original when there is no translation. */
  locale: string;
  /** The first start; a series' later dates are its `occurrences`. */
  startsAt: string;
  place: string | null;
  onlineUrl: string | null;
  region: string | null;
  spotsLeft: number | null;
  countries: { code: string; name: string }[];
  occurrences: { startsAt: string; endsAt: string }[];
}

interface Occurrence {
  event: EventRow;
  startsAt: string;
  endsAt: string;
}

/** Events come a page at a time, in order of their (first) start. */
const PAGE_SIZE = 100;
/** Pages read without being asked: a whole month for the calendar, at least a screenful for the list. */
const AUTO_PAGES = 20;
const LIST_SCREENFUL = 20;

const EVENTS = `query Events($filter: EventFilter, $from: DateTime, $after: String) {
  events(filter: $filter, first: ${PAGE_SIZE}, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id kind status title locale startsAt place onlineUrl region spotsLeft countries { code name }
      occurrences(first: 31, from: $from) { startsAt endsAt }
    } }
  }
}`;

function monthBounds(month: string): { start: Date; end: Date } {
  const [year, index] = month.split('-').map(Number);
  // A day of margin on each side: the grid is drawn in the viewer's zone, the query is in UTC.
  return {
    start: new Date(Date.UTC(year, index - 1, 1) - 86_400_000),
    end: new Date(Date.UTC(year, index, 1) + 86_400_000),
  };
}

function shiftMonth(month: string, delta: number): string {
  const [year, index] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, index - 1 + delta, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export default function EventsPage() {
  const { t, i18n } = useTranslation();
  const [params, set] = useAddressParams();
  const ids = { kind: useId() };
  const view = params.get('view') === 'calendar' ? 'calendar' : 'list';
  const kind = params.get('kind') ?? '';
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '')
    ? (params.get('month') as string)
    : dayKey(new Date()).slice(0, 7);
  const zone = viewerTimeZone();
  const { user } = useSession();
  usePageTitle(t('events.title'));

  const now = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000), []);
  const range = view === 'calendar' ? monthBounds(month) : { start: now, end: undefined };
  const variables = {
    filter: {
      from: range.start.toISOString(),
      ...(range.end ? { to: range.end.toISOString() } : {}),
      ...(kind ? { kinds: [kind] } : {}),
    },
    from: range.start.toISOString(),
  };
  const events = usePages<EventRow>(EVENTS, 'events', variables);
  // How far in time the pages read so far are complete: events not read yet start at or after the last
  // one read (the list is in order of start), so later occurrences wait for the next page, lest a
  // one-off event be missing between a series' later dates.
  const last = events.complete ? undefined : events.nodes.at(-1);
  const until = last ? new Date(last.startsAt) : undefined;
  const occurrences: Occurrence[] = events.nodes
    .flatMap((node) => node.occurrences.map((o) => ({ event: node, ...o })))
    .filter((o) => new Date(o.endsAt) >= range.start && (!range.end || new Date(o.startsAt) <= range.end))
    .filter((o) => !until || new Date(o.startsAt) <= until)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  // The calendar shows its whole month, and the list at least a screenful, without a click.
  const readOn =
    !!events.loadMore &&
    !events.loading &&
    !events.error &&
    events.pagesRead < AUTO_PAGES &&
    (view === 'calendar' || occurrences.length < LIST_SCREENFUL);
  const { loadMore } = events;
  useEffect(() => {
    if (readOn) loadMore?.();
  }, [readOn, loadMore]);
  const list = useRef<HTMLDivElement>(null);

  return (
    <section>
      <h1>{t('events.title')}</h1>
      <p className="meta">{t('events.timesIn', { zone })}</p>
      {mayScheduleEvents(user) && (
        <p>
          <Link className="button-link primary" to="/events/new">
            {t('eventForm.scheduleAction')}
          </Link>
        </p>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor={ids.kind}>{t('events.kind')}</label>
          <select id={ids.kind} value={kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">{t('events.allKinds')}</option>
            {EVENT_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`events.kinds.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field segmented" role="group" aria-label={t('events.view')}>
          <button type="button" aria-pressed={view === 'list'} onClick={() => set('view', null)}>
            {t('events.listView')}
          </button>
          <button type="button" aria-pressed={view === 'calendar'} onClick={() => set('view', 'calendar')}>
            {t('events.calendarView')}
          </button>
        </div>
      </div>
      <ErrorNotice error={events.error} onRetry={events.retry} />
      {events.loading && !events.loaded && <Loading />}
      {view === 'calendar' ? (
        <MonthGrid
          month={month}
          occurrences={occurrences}
          loaded={events.complete}
          onMonth={(m) => set('month', m)}
        />
      ) : (
        events.loaded && (
          <div ref={list}>
            <EventList occurrences={occurrences} locale={i18n.language} complete={events.complete} />
          </div>
        )
      )}
      <LoadMore
        list={list}
        count={new Set(occurrences.map((o) => dayKey(o.startsAt))).size}
        more={!!events.loadMore && !readOn}
        loading={events.loading}
        onMore={() => events.loadMore?.()}
      />
    </section>
  );
}

function EventList({
  occurrences,
  locale,
  complete,
}: {
  occurrences: Occurrence[];
  locale: string;
  /** Every page has been read: an empty list means there are none. */
  complete: boolean;
}) {
  const { t } = useTranslation();
  if (occurrences.length === 0) return complete ? <p>{t('events.noneUpcoming')}</p> : null;
  const days = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences) {
    const key = dayKey(occurrence.startsAt);
    days.set(key, [...(days.get(key) ?? []), occurrence]);
  }
  return (
    <>
      {[...days.values()].map((list) => (
        <section key={list[0].startsAt} aria-label={formatDay(list[0].startsAt, locale)}>
          <h2>{formatDay(list[0].startsAt, locale)}</h2>
          <ul className="result-list">
            {list.map(({ event, startsAt, endsAt }) => (
              <li key={`${event.id}-${startsAt}`}>
                <Link to={`/events/${event.id}`} lang={event.locale}>
                  {event.title}
                </Link>
                {event.status === 'CANCELLED' && (
                  <strong className="tag tag-danger"> {t('events.cancelled')}</strong>
                )}
                <p className="meta">
                  <time dateTime={startsAt}>{formatTime(startsAt, locale)}</time>
                  {daysSpanned(startsAt, endsAt).length === 1 ? (
                    <>
                      –<time dateTime={endsAt}>{formatTime(endsAt, locale)}</time>
                    </>
                  ) : (
                    // Ends on another day: say which, so that it does not read as a few hours.
                    <>
                      {' – '}
                      <time dateTime={endsAt}>{formatDayTime(endsAt, locale)}</time>
                    </>
                  )}{' '}
                  · {t(`events.kinds.${event.kind}`)}
                  {event.countries.length > 0 && ` · ${event.countries.map((c) => c.name).join(', ')}`}
                  {event.region && (
                    <>
                      {' · '}
                      <bdi>{event.region}</bdi>
                    </>
                  )}
                  {event.onlineUrl && ` · ${t('events.online')}`}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function MonthGrid({
  month,
  occurrences,
  loaded,
  onMonth,
}: {
  month: string;
  occurrences: Occurrence[];
  /** The month's events have been read (none may be a real answer). */
  loaded: boolean;
  onMonth: (month: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [year, index] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year, index - 1, 1));
  const daysInMonth = new Date(Date.UTC(year, index, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // weeks start on Monday
  const cells: (number | null)[] = [
    ...Array.from({ length: lead }, () => null),
    ...Array.from({ length: daysInMonth }, (_, day) => day + 1),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  // An event is shown on every day it lasts: with its start time on the first, as continued after.
  const byDay = new Map<string, Occurrence[]>();
  for (const occurrence of occurrences)
    for (const key of daysSpanned(occurrence.startsAt, occurrence.endsAt))
      byDay.set(key, [...(byDay.get(key) ?? []), occurrence]);
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' });
  const dayName = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' });
  // "январь 2027 г." → "Январь 2027 г." (CSS capitalize would also raise the "г.").
  const title = capitalizeFirst(
    new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first),
    i18n.language,
  );

  return (
    <div className="month">
      <div className="month-nav">
        <button type="button" onClick={() => onMonth(shiftMonth(month, -1))}>
          {t('events.previousMonth')}
        </button>
        <h2 aria-live="polite">{title}</h2>
        <button type="button" onClick={() => onMonth(shiftMonth(month, 1))}>
          {t('events.nextMonth')}
        </button>
      </div>
      {loaded && occurrences.length === 0 && <p>{t('events.noneThisMonth')}</p>}
      {/* On a wide screen a grid of weeks; on a phone (styles.css) a list of the days with events. */}
      <div className="table-scroll calendar-scroll" tabIndex={0} role="region" aria-label={title}>
        <table className="calendar">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {Array.from({ length: 7 }, (_, d) => (
                <th key={d} scope="col">
                  {weekday.format(new Date(Date.UTC(2024, 0, 1 + d)))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, w) => (
              <tr key={w}>
                {week.map((day, d) => {
                  const key = day ? `${month}-${String(day).padStart(2, '0')}` : '';
                  const list = day ? (byDay.get(key) ?? []) : [];
                  return (
                    <td key={d} className={list.length ? 'has-events' : undefined}>
                      {/* On a phone the month is a list of its days with events, each named. */}
                      {day && (
                        <span className="day-weekday" aria-hidden="true">
                          {dayName.format(new Date(Date.UTC(year, index - 1, day)))}{' '}
                        </span>
                      )}
                      {day && <span className="day-number">{day}</span>}
                      {list.length > 0 && (
                        <ul>
                          {list.map(({ event, startsAt }) => (
                            <li key={`${event.id}-${startsAt}`}>
                              <Link to={`/events/${event.id}`}>
                                {dayKey(startsAt) === key ? (
                                  <time dateTime={startsAt}>{formatTime(startsAt, i18n.language)}</time>
                                ) : (
                                  <span className="meta">{t('events.continued')}</span>
                                )}{' '}
                                <span lang={event.locale}>{event.title}</span>
                              </Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
