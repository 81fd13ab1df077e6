import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { gql } from '../api';
import { DownloadLink } from '../components/download-link';
import { ErrorNotice, Loading } from '../components/error-notice';
import { useFocusById, useFocusKept } from '../components/form-field';
import { LanguageNote } from '../components/language-note';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { RelatedMaterials } from '../components/related-materials';
import { dayKey, formatDateTime, formatTime, viewerTimeZone } from '../format';
import { signInPath } from '../safe-links';
import { useSession } from '../session';
import { useQuery } from '../use-query';

interface EventDetail {
  id: string;
  kind: string;
  status: string;
  title: string;
  description: string;
  descriptionLocale: string;
  locale: string;
  availableLocales: string[];
  countries: { code: string; name: string }[];
  region: string | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  place: string | null;
  onlineUrl: string | null;
  capacity: number | null;
  registrationCount: number;
  spotsLeft: number | null;
  viewerRegistered: boolean;
  registrationOpen: boolean;
  viewerCan: { edit: boolean; cancel: boolean };
  agenda: { startsAt: string; title: string; locale: string; speakers: string[]; speakersLocale: string }[];
  facilitators: { id: string; displayName: string }[];
  recurrence: { rrule: string } | null;
  occurrences: { startsAt: string }[];
  roomId: string | null;
  calendarUrl: string;
}

const FIELDS = `id kind status title description descriptionLocale locale availableLocales countries { code name } region
  startsAt endsAt timeZone place onlineUrl capacity registrationCount spotsLeft viewerRegistered registrationOpen viewerCan { edit cancel }
  agenda { startsAt title locale speakers speakersLocale } facilitators { id displayName } recurrence { rrule }
  occurrences(first: 4) { startsAt } roomId calendarUrl`;

export default function EventPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { user } = useSession();
  const { data, error, loading, reload } = useQuery<{ event: EventDetail }>(
    `query Event($id: ID!) { event(id: $id) { ${FIELDS} } }`,
    { id },
  );
  // A registration's answer, valid only over the data it was made on: once the event is fetched
  // again (another language, say) the fresh answer is shown instead.
  const [updated, setUpdated] = useState<{ over: typeof data; event: EventDetail }>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useFocusKept(busy);
  const focusById = useFocusById();
  usePageTitle(data?.event.title);

  if (error)
    return (
      <PageError error={error} onRetry={reload} back={{ to: '/events', label: t('notFound.backToEvents') }} />
    );
  if (loading || !data) return <Loading />;
  const event =
    updated && updated.over === data && updated.event.id === data.event.id ? updated.event : data.event;
  const locale = i18n.language;
  const zone = viewerTimeZone();
  // The end shows its date too when the event runs past midnight in that zone.
  const until = (end: string, timeZone: string) =>
    dayKey(end, timeZone) === dayKey(event.startsAt, timeZone)
      ? formatTime(end, locale, timeZone)
      : formatDateTime(end, locale, timeZone);

  async function registration(action: 'registerForEvent' | 'cancelRegistration' | 'cancelEvent') {
    if (action === 'cancelEvent' && !window.confirm(t('eventForm.cancelConfirm', { title: event.title })))
      return;
    setBusy(true);
    setActionError(undefined);
    try {
      const result = await gql<Record<string, EventDetail>>(
        action === 'cancelEvent'
          ? `mutation CancelEvent($id: ID!) { cancelEvent(id: $id) { ${FIELDS} } }`
          : `mutation Registration($id: ID!) { ${action}(eventId: $id) { ${FIELDS} } }`,
        { id: event.id },
      );
      setUpdated({ over: data, event: result[action] });
      // The button pressed is replaced: the focus goes to what took its place.
      focusById(
        action === 'registerForEvent'
          ? 'event-unregister'
          : action === 'cancelRegistration'
            ? 'event-register'
            : 'event-cancelled',
      );
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article>
      <p className="meta">{t(`events.kinds.${event.kind}`)}</p>
      <h1 lang={event.locale}>{event.title}</h1>
      {event.status === 'CANCELLED' && (
        <p className="notice notice-error" role="status" id="event-cancelled" tabIndex={-1}>
          {t('events.cancelledNotice')}
        </p>
      )}
      <LanguageNote shown={event.locale} available={event.availableLocales} />
      <dl className="facts">
        <dt>{t('events.when')}</dt>
        <dd>
          <time dateTime={event.startsAt}>{formatDateTime(event.startsAt, locale)}</time> –{' '}
          <time dateTime={event.endsAt}>{until(event.endsAt, zone)}</time>{' '}
          <span className="meta">({t('events.yourTime', { zone })})</span>
          {event.timeZone !== zone && (
            <>
              <br />
              {formatDateTime(event.startsAt, locale, event.timeZone)} – {until(event.endsAt, event.timeZone)}{' '}
              <span className="meta">({t('events.localTime', { zone: event.timeZone })})</span>
            </>
          )}
        </dd>
        {event.recurrence && event.occurrences.length > 1 && (
          <>
            <dt>{t('events.nextOccurrences')}</dt>
            <dd>
              <ul>
                {event.occurrences.map((o) => (
                  <li key={o.startsAt}>
                    <time dateTime={o.startsAt}>{formatDateTime(o.startsAt, locale)}</time>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {(event.place || event.onlineUrl) && (
          <>
            <dt>{t('events.where')}</dt>
            <dd>
              {event.place}
              {event.place && event.onlineUrl && ' · '}
              {event.onlineUrl && (
                <a href={event.onlineUrl} rel="noopener noreferrer">
                  {t('events.joinOnline')}
                </a>
              )}
            </dd>
          </>
        )}
        {event.countries.length > 0 && (
          <>
            <dt>{t('events.countries')}</dt>
            <dd>{event.countries.map((c) => c.name).join(', ')}</dd>
          </>
        )}
        {event.region && (
          <>
            <dt>{t('events.region')}</dt>
            <dd>{event.region}</dd>
          </>
        )}
        {event.facilitators.length > 0 && (
          <>
            <dt>{t('events.facilitators')}</dt>
            <dd>{event.facilitators.map((f) => f.displayName).join(', ')}</dd>
          </>
        )}
        {event.status !== 'CANCELLED' && (
          <>
            <dt>{t('events.seats')}</dt>
            <dd>
              {event.capacity === null || !event.registrationOpen
                ? t('events.registered', { count: event.registrationCount })
                : t('events.spotsLeft', { count: event.spotsLeft ?? 0, capacity: event.capacity })}
            </dd>
          </>
        )}
      </dl>

      <div className="actions">
        {event.status === 'CANCELLED' ? null : !event.registrationOpen ? (
          <p>{t('events.over')}</p>
        ) : user && event.viewerRegistered ? (
          <>
            <p role="status">{t('events.youAreRegistered')}</p>
            <button
              type="button"
              id="event-unregister"
              disabled={busy}
              onClick={() => void registration('cancelRegistration')}
            >
              {t('events.cancelRegistration')}
            </button>
          </>
        ) : event.spotsLeft === 0 ? (
          // Full for guests too: signing in would not get them a seat.
          <p>{t('events.full')}</p>
        ) : user ? (
          <button
            type="button"
            id="event-register"
            className="primary"
            disabled={busy}
            onClick={() => void registration('registerForEvent')}
          >
            {t('events.register')}
          </button>
        ) : (
          <p>
            <Link to={signInPath(`/events/${event.id}`)}>{t('events.signInToRegister')}</Link>
          </p>
        )}
        <DownloadLink className="button-link" href={event.calendarUrl} filename={`event-${event.id}.ics`}>
          {t('events.addToCalendar')}
        </DownloadLink>
        {event.roomId && (
          <Link className="button-link" to={`/rooms/${event.roomId}`}>
            {t('events.discussionRoom')}
          </Link>
        )}
      </div>
      {event.viewerCan.edit && (
        <div className="actions" role="group" aria-label={t('eventForm.manage')}>
          <Link className="button-link" to={`/events/${event.id}/edit`}>
            {t('eventForm.edit')}
          </Link>
          <Link className="button-link" to={`/events/${event.id}/translate`}>
            {t('eventForm.addTranslation')}
          </Link>
          {event.viewerCan.cancel && (
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void registration('cancelEvent')}
            >
              {t('eventForm.cancelEvent')}
            </button>
          )}
        </div>
      )}
      <ErrorNotice error={actionError} />

      {event.description && (
        <section>
          <h2>{t('events.about')}</h2>
          <p className="prose" lang={event.descriptionLocale}>
            {event.description}
          </p>
        </section>
      )}

      {event.agenda.length > 0 && (
        <section>
          <h2>{t('events.agenda')}</h2>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('events.agenda')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('events.agendaTime', { zone })}</th>
                  <th scope="col">{t('events.agendaItem')}</th>
                  <th scope="col">{t('events.speakers')}</th>
                </tr>
              </thead>
              <tbody>
                {event.agenda.map((item) => (
                  <tr key={`${item.startsAt}-${item.title}`}>
                    <td>
                      <time dateTime={item.startsAt}>{formatDateTime(item.startsAt, locale)}</time>
                    </td>
                    {/* Each item in the language it is served in: an agenda item may lack the event's translation. */}
                    <td lang={item.locale}>{item.title}</td>
                    {/* One a line: a name or role may hold a comma. */}
                    <td lang={item.speakersLocale}>
                      {item.speakers.map((speaker, index) => (
                        <span key={index} className="speaker">
                          {speaker}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <RelatedMaterials filter={{ eventId: event.id }} />
      {user && (
        <p>
          <Link to={`/materials?event=${event.id}`}>{t('events.addMaterial')}</Link>
        </p>
      )}
    </article>
  );
}
