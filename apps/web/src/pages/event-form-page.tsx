import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { gql, serverProblems } from '../api';
import { ChoicesNotice, ErrorNotice, Loading } from '../components/error-notice';
import { clashesNamed, saveMerging, useEdit, useLeaveGuard } from '../edit-conflict';
import {
  CheckboxGroup,
  FieldFrame,
  FormNotice,
  useFocusById,
  useCheckedSubmit,
} from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { viewerTimeZone } from '../format';
import { languageInSentence } from '../language';
import { signInPath } from '../safe-links';
import { mayScheduleEvents, useSession, type SessionUser } from '../session';
import { addDays, daysBetween, formatOffset, instantOf, offsetMinutes, timeZones } from '../time-zone';
import { useNetworkCountries } from '../network-countries';
import { useDebounced, useQuery } from '../use-query';
import {
  agendaTranslated,
  changesOf,
  draftOf,
  DRAFT_GROUPS,
  DRAFT_LABELS,
  emptyDraft,
  EVENT_TEXTS,
  fieldPaths,
  inputOf,
  monthPosition,
  repeatOn,
  type AgendaDraft,
  type Draft,
  type EventToEdit,
  type Person,
  type Repeat,
} from '../event-draft';
import { EVENT_KINDS } from './events-page';

const VISIBILITIES = ['PUBLIC', 'MEMBERS'];
const EVENT_TO_EDIT = `query EventToEdit($id: ID!) { event(id: $id) {
  id kind status updatedAt visibility originalLocale viewerCan { edit cancel } countries { code name } region
  facilitators { id displayName }
  startsAt endsAt timeZone place onlineUrl capacity agenda { startsAt speakers }
  recurrence { monthDay weekday ordinal count until }
  ${EVENT_TEXTS}
} }`;

export default function EventFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { user, checking } = useSession();
  const heading = id ? t('eventForm.editTitle') : t('eventForm.newTitle');
  usePageTitle(heading);
  if (checking) return <Loading />;
  if (!mayScheduleEvents(user)) return <NotAllowed heading={heading} />;
  return id ? <EditEvent id={id} /> : <EventForm heading={heading} user={user} />;
}

function NotAllowed({ heading }: { heading: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <section className="narrow">
      <h1>{heading}</h1>
      <p className="notice notice-error" role="alert">
        {t('eventForm.notAllowed')}
      </p>
      <ul className="link-list">
        {!user && (
          <li>
            <Link to={signInPath('/events/new')}>{t('eventForm.signInToSchedule')}</Link>
          </li>
        )}
        <li>
          <Link to="/events">{t('notFound.backToEvents')}</Link>
        </li>
      </ul>
    </section>
  );
}

function EditEvent({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { data, error, reload } = useQuery<{ event: EventToEdit }>(EVENT_TO_EDIT, { id });
  const back = { to: `/events/${id}`, label: t('eventForm.backToEvent') };
  if (error) return <PageError error={error} onRetry={reload} back={back} />;
  // Read again in another language, the form stays up with what is typed in it.
  if (!data) return <Loading />;
  if (!data.event.viewerCan.edit) return <NotAllowed heading={t('eventForm.editTitle')} />;
  return <EventForm heading={t('eventForm.editTitle')} user={user} event={data.event} />;
}

function EventForm({
  heading,
  user,
  event,
}: {
  heading: string;
  user: SessionUser | null;
  event?: EventToEdit;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const keys = useRef(0);
  const nextKey = () => ++keys.current;
  const { loaded, draft, setDraft, merged, unsaved } = useEdit(
    () => (event ? draftOf(event, nextKey) : emptyDraft(i18n.language, user ?? undefined)),
    event?.updatedAt,
  );
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  useLeaveGuard(unsaved, busy);
  const setFocusId = useFocusById();
  const countries = useNetworkCountries();

  const paths = fieldPaths(draft);
  const server = serverProblems(error, paths);
  const message = (path: string) => problems[path] ?? server.byPath[path];
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setAgenda = (agenda: AgendaDraft[]) => set('agenda', agenda);

  // Coordinators schedule for their own countries only (facilitators and network-wide roles anywhere).
  const ownCountries = user?.roles.some((role) => ['FACILITATOR', 'STEERING_GROUP', 'ADMIN'].includes(role))
    ? undefined
    : user?.grants.filter((g) => g.role === 'NATIONAL_COORDINATOR').map((g) => g.countryCode);
  // The network's countries, and any other the event already concerns.
  const known = countries.list;
  const countryOptions = [
    ...known,
    ...(event?.countries ?? []).filter((c) => !known.some((k) => k.code === c.code)),
  ]
    .filter((c) => !ownCountries || ownCountries.includes(c.code) || draft.countryCodes.includes(c.code))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));

  const offsetAt = instantOf(draft.startDate, draft.startTime, draft.timeZone) ?? new Date();
  const zones = useMemo(() => timeZones([viewerTimeZone(), loaded.base.timeZone]), [loaded.base.timeZone]);
  const offset = formatOffset(offsetMinutes(offsetAt, draft.timeZone));
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' });
  const formatDate = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
  const days =
    draft.startDate && draft.endDate
      ? Math.max(1, Math.min(31, daysBetween(draft.startDate, draft.endDate) + 1))
      : 1;
  const position = draft.startDate ? monthPosition(draft.startDate) : undefined;
  const weekdayName = position
    ? new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(`${draft.startDate}T00:00:00Z`),
      )
    : '';

  function setStartDate(date: string) {
    setDraft((d) => {
      // The end keeps its distance from the start, so a one-day event stays one day.
      const span = d.startDate && d.endDate ? daysBetween(d.startDate, d.endDate) : 0;
      const endDate = date ? addDays(date, Math.max(0, span)) : d.endDate;
      return {
        ...d,
        startDate: date,
        endDate,
        repeat: date ? repeatOn(d.repeat, monthPosition(date)) : d.repeat,
      };
    });
  }

  function addItem() {
    const last = draft.agenda[draft.agenda.length - 1];
    const key = nextKey();
    setAgenda([
      ...draft.agenda,
      { key, day: last?.day ?? 0, time: last?.time ?? draft.startTime, title: '', speakers: '' },
    ]);
    setFocusId(`agenda-${key}-time`);
  }

  function moveItem(index: number, by: -1 | 1, button: 'up' | 'down') {
    const agenda = [...draft.agenda];
    const [item] = agenda.splice(index, 1);
    agenda.splice(index + by, 0, item);
    setAgenda(agenda);
    // At the top or bottom the button pressed is gone: the other one takes the focus.
    const edge = (by === -1 && index + by === 0) || (by === 1 && index + by === agenda.length - 1);
    setFocusId(`agenda-${item.key}-${edge ? (button === 'up' ? 'down' : 'up') : button}`);
  }

  function removeItem(index: number) {
    const agenda = draft.agenda.filter((_, i) => i !== index);
    setAgenda(agenda);
    const neighbour = agenda[Math.min(index, agenda.length - 1)];
    setFocusId(neighbour ? `agenda-${neighbour.key}-remove` : 'agenda-add');
  }

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const built = inputOf(draft, t);
    await checkAndSend(built.problems, async () => {
      if (event) {
        await saveMerging({
          edit: { ...loaded, mine: draft },
          send: async (edit) => {
            const changes = changesOf(inputOf(edit.mine, t).input, inputOf(edit.base, t).input);
            await gql(
              `mutation UpdateEvent($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }`,
              { id: event.id, input: { ...changes, expectedUpdatedAt: edit.updatedAt } },
            );
          },
          load: async () => {
            const latest = await gql<{ event: EventToEdit }>(EVENT_TO_EDIT, { id: event.id });
            return { draft: draftOf(latest.event, nextKey), updatedAt: latest.event.updatedAt };
          },
          groups: DRAFT_GROUPS,
          onMerged: merged,
          message: clashesNamed(DRAFT_LABELS, t, i18n),
        });
        navigate(`/events/${event.id}`);
      } else {
        const { region, place, onlineUrl, capacity, recurrence, description, ...rest } = built.input;
        const { createEvent } = await gql<{ createEvent: { id: string } }>(
          `mutation CreateEvent($input: EventInput!) { createEvent(input: $input) { id } }`,
          {
            input: {
              ...rest,
              ...(description ? { description } : {}),
              ...(region ? { region } : {}),
              ...(place ? { place } : {}),
              ...(onlineUrl ? { onlineUrl } : {}),
              ...(capacity ? { capacity } : {}),
              ...(recurrence ? { recurrence } : {}),
            },
          },
        );
        navigate(`/events/${createEvent.id}`);
      }
    });
  }

  return (
    <section className="narrow event-form">
      <h1>{heading}</h1>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <FormNotice notice={notice} error={server.unplaced ? error : undefined} problems={problems} />

        <FieldFrame label={t('events.kind')} error={message('input.kind')}>
          {(control) => (
            <select {...control} name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
              {EVENT_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`events.kinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>

        {event ? (
          <p className="meta">
            {t('eventForm.writtenInFixed', {
              language: languageInSentence(event.originalLocale, i18n.language),
            })}
          </p>
        ) : (
          <LocaleSelect
            name="originalLocale"
            label={t('eventForm.writtenIn')}
            hint={t('eventForm.writtenInHint')}
            error={message('input.originalLocale')}
            value={draft.originalLocale}
            onChange={(locale) => set('originalLocale', locale)}
          />
        )}

        <FieldFrame label={t('eventForm.title')} error={message('input.title')} maxLength={300}>
          {(control) => (
            <input
              {...control}
              name="title"
              lang={draft.originalLocale}
              required
              value={draft.title}
              onChange={(e) => set('title', e.target.value)}
            />
          )}
        </FieldFrame>
        <FieldFrame label={t('eventForm.description')} error={message('input.description')} maxLength={20000}>
          {(control) => (
            <textarea
              {...control}
              name="description"
              lang={draft.originalLocale}
              rows={4}
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
            />
          )}
        </FieldFrame>

        <CheckboxGroup
          legend={t('eventForm.countries')}
          name="countryCodes"
          options={countryOptions.map((country) => ({ value: country.code, label: country.name }))}
          chosen={draft.countryCodes}
          onChange={(codes) => set('countryCodes', codes)}
          hint={t('eventForm.countriesHint')}
          error={message('input.countryCodes')}
          notice={<ChoicesNotice choices={countries} />}
        />
        <FieldFrame
          maxLength={200}
          label={t('eventForm.region')}
          hint={t('eventForm.regionHint')}
          error={message('input.region')}
        >
          {(control) => (
            <input
              {...control}
              name="region"
              value={draft.region}
              onChange={(e) => set('region', e.target.value)}
            />
          )}
        </FieldFrame>
        <FacilitatorPicker
          chosen={draft.facilitators}
          onChange={(people) => set('facilitators', people)}
          error={message('input.facilitatorIds')}
        />

        <fieldset className="facet">
          <legend>{t('eventForm.when')}</legend>
          <FieldFrame
            label={t('eventForm.timeZone')}
            hint={t('eventForm.timeZoneHint', { offset })}
            error={message('input.timeZone')}
          >
            {(control) => (
              <select
                {...control}
                name="timeZone"
                value={draft.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
              >
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
          <div className="field-row">
            <FieldFrame label={t('eventForm.startDate')}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  name="startDate"
                  required
                  value={draft.startDate}
                  onChange={(e) => setStartDate(e.target.value)}
                />
              )}
            </FieldFrame>
            <FieldFrame label={t('eventForm.startTime')} error={message('input.startsAt')}>
              {(control) => (
                <input
                  {...control}
                  type="time"
                  name="startTime"
                  required
                  value={draft.startTime}
                  onChange={(e) => set('startTime', e.target.value)}
                />
              )}
            </FieldFrame>
          </div>
          <div className="field-row">
            <FieldFrame label={t('eventForm.endDate')}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  name="endDate"
                  min={draft.startDate || undefined}
                  value={draft.endDate}
                  onChange={(e) => set('endDate', e.target.value)}
                />
              )}
            </FieldFrame>
            <FieldFrame label={t('eventForm.endTime')} error={message('input.endsAt')}>
              {(control) => (
                <input
                  {...control}
                  type="time"
                  name="endTime"
                  required
                  value={draft.endTime}
                  onChange={(e) => set('endTime', e.target.value)}
                />
              )}
            </FieldFrame>
          </div>
          <FieldFrame label={t('eventForm.repeat')} error={message('input.recurrence')}>
            {(control) => (
              <select
                {...control}
                name="repeat"
                value={draft.repeat}
                onChange={(e) => set('repeat', e.target.value as Repeat)}
              >
                <option value="none">{t('eventForm.repeatNone')}</option>
                {position && (
                  <>
                    <option value="monthDay">{t('eventForm.repeatMonthDay', { day: position.day })}</option>
                    {position.ordinal <= 4 && (
                      <option value="weekday">
                        {t('eventForm.repeatWeekday', {
                          weekday: weekdayName,
                          ordinal: t(`eventForm.ordinals.${position.ordinal}`),
                        })}
                      </option>
                    )}
                    {position.last && (
                      <option value="lastWeekday">
                        {t('eventForm.repeatLastWeekday', { weekday: weekdayName })}
                      </option>
                    )}
                  </>
                )}
              </select>
            )}
          </FieldFrame>
          {draft.repeat !== 'none' && (
            <fieldset className="facet">
              <legend>{t('eventForm.ends')}</legend>
              {(['count', 'until'] as const).map((ends) => (
                <label key={ends} className="facet-option">
                  <input
                    type="radio"
                    name="ends"
                    value={ends}
                    checked={draft.ends === ends}
                    onChange={() => set('ends', ends)}
                  />
                  {t(ends === 'count' ? 'eventForm.endsAfterCount' : 'eventForm.endsOnDate')}
                </label>
              ))}
            </fieldset>
          )}
          {draft.repeat !== 'none' && draft.ends === 'count' && (
            <FieldFrame label={t('eventForm.count')} hint={t('eventForm.countHint')}>
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  name="count"
                  min={2}
                  max={120}
                  value={draft.count}
                  onChange={(e) => set('count', e.target.value)}
                />
              )}
            </FieldFrame>
          )}
          {draft.repeat !== 'none' && draft.ends === 'until' && (
            <FieldFrame
              label={t('eventForm.until')}
              hint={t('eventForm.untilHint')}
              error={message('input.recurrence.until')}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  name="until"
                  value={draft.until}
                  onChange={(e) => set('until', e.target.value)}
                />
              )}
            </FieldFrame>
          )}
        </fieldset>

        <FieldFrame label={t('eventForm.place')} error={message('input.place')} maxLength={300}>
          {(control) => (
            <input
              {...control}
              name="place"
              value={draft.place}
              onChange={(e) => set('place', e.target.value)}
            />
          )}
        </FieldFrame>
        <FieldFrame
          maxLength={500}
          label={t('eventForm.onlineUrl')}
          hint={t('eventForm.onlineUrlHint')}
          error={message('input.onlineUrl')}
        >
          {(control) => (
            <input
              {...control}
              type="url"
              inputMode="url"
              name="onlineUrl"
              value={draft.onlineUrl}
              onChange={(e) => set('onlineUrl', e.target.value)}
            />
          )}
        </FieldFrame>
        <FieldFrame
          label={t('eventForm.capacity')}
          hint={t('eventForm.capacityHint')}
          error={message('input.capacity')}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              name="capacity"
              min={1}
              value={draft.capacity}
              onChange={(e) => set('capacity', e.target.value)}
            />
          )}
        </FieldFrame>
        <FieldFrame label={t('eventForm.visibility')} error={message('input.visibility')}>
          {(control) => (
            <select
              {...control}
              name="visibility"
              value={draft.visibility}
              onChange={(e) => set('visibility', e.target.value)}
            >
              {VISIBILITIES.map((value) => (
                <option key={value} value={value}>
                  {t(`eventForm.visibilities.${value}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>

        <section aria-labelledby="agenda-heading">
          <h2 id="agenda-heading">{t('events.agenda')}</h2>
          <p className="field-hint">{t('eventForm.agendaHint', { zone: draft.timeZone })}</p>
          {event && agendaTranslated(event) && (
            <p className="field-hint">{t('eventForm.agendaTranslationsNote')}</p>
          )}
          {message('input.agenda') && <p className="field-error">{message('input.agenda')}</p>}
          <ol className="agenda-editor">
            {draft.agenda.map((item, index) => {
              const path = `input.agenda.${index}`;
              const update = (changes: Partial<AgendaDraft>) =>
                setAgenda(
                  draft.agenda.map((other) => (other.key === item.key ? { ...other, ...changes } : other)),
                );
              return (
                <li key={item.key}>
                  <fieldset className="facet">
                    <legend>{t('eventForm.agendaItem', { number: index + 1 })}</legend>
                    {days > 1 && (
                      <FieldFrame label={t('eventForm.agendaDay')}>
                        {(control) => (
                          <select
                            {...control}
                            name={`agenda.${index}.day`}
                            value={item.day}
                            onChange={(e) => update({ day: Number(e.target.value) })}
                          >
                            {Array.from({ length: days }, (_, day) => (
                              <option key={day} value={day}>
                                {t('eventForm.dayN', {
                                  number: day + 1,
                                  date: formatDate(addDays(draft.startDate, day)),
                                })}
                              </option>
                            ))}
                          </select>
                        )}
                      </FieldFrame>
                    )}
                    <FieldFrame
                      id={`agenda-${item.key}-time`}
                      label={t('eventForm.agendaTime')}
                      error={message(`${path}.startsAt`)}
                    >
                      {(control) => (
                        <input
                          {...control}
                          type="time"
                          name={`agenda.${index}.time`}
                          value={item.time}
                          onChange={(e) => update({ time: e.target.value })}
                        />
                      )}
                    </FieldFrame>
                    <FieldFrame
                      label={t('eventForm.agendaTitle')}
                      error={message(`${path}.title`)}
                      maxLength={300}
                    >
                      {(control) => (
                        <input
                          {...control}
                          name={`agenda.${index}.title`}
                          lang={draft.originalLocale}
                          value={item.title}
                          onChange={(e) => update({ title: e.target.value })}
                        />
                      )}
                    </FieldFrame>
                    <FieldFrame
                      label={t('events.speakers')}
                      hint={t('eventForm.speakersHint')}
                      error={message(`${path}.speakers`)}
                    >
                      {(control) => (
                        <textarea
                          {...control}
                          name={`agenda.${index}.speakers`}
                          rows={2}
                          value={item.speakers}
                          onChange={(e) => update({ speakers: e.target.value })}
                        />
                      )}
                    </FieldFrame>
                    <div className="actions">
                      {index > 0 && (
                        <button
                          type="button"
                          id={`agenda-${item.key}-up`}
                          onClick={() => moveItem(index, -1, 'up')}
                        >
                          {t('eventForm.moveUp')}
                        </button>
                      )}
                      {index < draft.agenda.length - 1 && (
                        <button
                          type="button"
                          id={`agenda-${item.key}-down`}
                          onClick={() => moveItem(index, 1, 'down')}
                        >
                          {t('eventForm.moveDown')}
                        </button>
                      )}
                      <button
                        type="button"
                        id={`agenda-${item.key}-remove`}
                        onClick={() => removeItem(index)}
                      >
                        {t('eventForm.removeItem')}
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button type="button" id="agenda-add" onClick={addItem}>
            {t('eventForm.addItem')}
          </button>
        </section>

        {event && <p className="meta">{t('eventForm.changeNotice')}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {event ? t('eventForm.save') : t('eventForm.schedule')}
          </button>
          <Link to={event ? `/events/${event.id}` : '/events'}>{t('eventForm.cancelEditing')}</Link>
        </div>
      </form>
    </section>
  );
}

/**
 * The event's facilitators: those named, ticked, and the people who may facilitate events (the API's
 * `eventFacilitatorCandidates`), found by part of their name.
 */
function FacilitatorPicker({
  chosen,
  onChange,
  error,
}: {
  chosen: Person[];
  onChange: (people: Person[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const name = useDebounced(typed).trim();
  const candidates = useQuery<{ eventFacilitatorCandidates: Person[] }>(
    `query FacilitatorCandidates($name: String!) { eventFacilitatorCandidates(nameContains: $name, first: 20) { id displayName organisations } }`,
    { name },
  );
  const found = candidates.data?.eventFacilitatorCandidates ?? [];
  const people = [...chosen, ...found.filter((person) => !chosen.some((c) => c.id === person.id))];
  return (
    <>
      <FieldFrame label={t('eventForm.findFacilitator')} hint={t('eventForm.findFacilitatorHint')}>
        {(control) => (
          <input
            {...control}
            type="search"
            name="facilitatorSearch"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
      </FieldFrame>
      <CheckboxGroup
        legend={t('eventForm.facilitators')}
        name="facilitatorIds"
        options={people.map((person) => ({
          value: person.id,
          label: person.organisations?.length
            ? `${person.displayName} · ${person.organisations.join(', ')}`
            : person.displayName,
        }))}
        chosen={chosen.map((person) => person.id)}
        onChange={(ids) => onChange(people.filter((person) => ids.includes(person.id)))}
        hint={t('eventForm.facilitatorsHint')}
        error={error}
        notice={
          candidates.error ? (
            <ErrorNotice error={candidates.error} onRetry={candidates.reload} />
          ) : name && !candidates.loading && found.length === 0 ? (
            <p className="meta" role="status">
              {t('eventForm.noFacilitatorFound', { name })}
            </p>
          ) : null
        }
      />
    </>
  );
}
