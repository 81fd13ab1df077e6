import { Fragment, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FieldFrame, useCheckedSubmit, type ControlProps } from '../components/form-field';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { ENDONYMS, isLocale, LOCALES, type Locale } from '../language';
import { mayScheduleEvents, useSession } from '../session';
import { same } from '../changes';
import { clashesNamed, mayLeaveTyped, saveMerging, useLeaveGuard } from '../edit-conflict';
import { useQuery } from '../use-query';
import { EVENT_TEXTS, fittedToAgenda, speakersIn, type EventTexts } from '../event-draft';
import { OriginalShown } from '../components/original-shown';

type Texts = Record<Locale, EventTexts | null>;

interface EventToTranslate extends Texts {
  id: string;
  originalLocale: string;
  viewerCan: { edit: boolean };
  agenda: { startsAt: string }[];
  updatedAt: string;
}

const EVENT_TO_TRANSLATE = `query EventToTranslate($id: ID!) { event(id: $id) {
  id originalLocale updatedAt viewerCan { edit } agenda { startsAt }
  ${EVENT_TEXTS}
} }`;

const originalOf = (event: EventToTranslate) =>
  isLocale(event.originalLocale) ? event[event.originalLocale] : null;

/** The form's texts for `target`, as the event has them: empty where it has none in that language. */
const textsOf = (event: EventToTranslate, target: Locale) => ({
  title: event[target]?.title ?? '',
  description: event[target]?.description ?? '',
  agendaTitles: event.agenda.map((_, index) => event[target]?.agendaTitles[index] ?? ''),
  // Empty where the speakers are shown as the original writes them, and where the original names none
  // (so that saving clears any a language was given without them).
  agendaSpeakers: event.agenda.map((_, index) =>
    originalOf(event)?.agendaSpeakers[index]?.length
      ? (event[target]?.agendaSpeakers[index] ?? []).join('\n')
      : '',
  ),
  place: event[target]?.place ?? '',
  region: event[target]?.region ?? '',
});

const TEXT_LABELS: Record<keyof ReturnType<typeof textsOf>, string> = {
  title: 'eventForm.title',
  description: 'eventForm.description',
  agendaTitles: 'events.agenda',
  agendaSpeakers: 'events.speakers',
  place: 'eventForm.place',
  region: 'eventForm.region',
};

export default function EventTranslationPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('eventForm.translateTitle'));
  const { data, error, reload } = useQuery<{ event: EventToTranslate }>(
    EVENT_TO_TRANSLATE,
    { id },
    { skip: checking || !mayScheduleEvents(user) },
  );
  const back = { to: `/events/${id}`, label: t('eventForm.backToEvent') };
  if (checking) return <Loading />;
  if (error) return <PageError error={error} onRetry={reload} back={back} />;
  if (!mayScheduleEvents(user) || (data && !data.event.viewerCan.edit))
    return (
      <section className="narrow">
        <h1>{t('eventForm.translateTitle')}</h1>
        <p className="notice notice-error" role="alert">
          {t('eventForm.notAllowedToManage')}
        </p>
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      </section>
    );
  // Read again in another language, the form stays up with what is typed in it.
  if (!data) return <Loading />;
  return <TranslationForm event={data.event} />;
}

function TranslationForm({ event: loaded }: { event: EventToTranslate }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  // The event as last loaded: a save is checked against when it was saved then.
  const [event, setEvent] = useState(loaded);
  const original = originalOf(event);
  const targets = LOCALES.filter((locale) => locale !== event.originalLocale);
  const [locale, setLocale] = useState<Locale>(() =>
    targets.includes(i18n.language as Locale) ? (i18n.language as Locale) : targets[0],
  );
  const [texts, setTexts] = useState(() => textsOf(event, locale));
  // Opened for the translator when the original changed during a save.
  const [originalOpen, setOriginalOpen] = useState(false);
  const { problems, error, busy, form, notice, submit: checkAndSend, reset } = useCheckedSubmit();
  const typed = !same(texts, textsOf(event, locale));
  useLeaveGuard(typed, busy);

  const fieldsShown = [
    'input.locale',
    'input.title',
    'input.description',
    'input.agendaTitles',
    'input.agendaSpeakers',
    'input.place',
    'input.region',
  ];
  const serverMessage = (path: string) =>
    error instanceof ApiError && error.fields.some((f) => f.path === path)
      ? error.fieldMessage(path)
      : undefined;
  const message = (path: string) => problems[path] ?? serverMessage(path);
  /** What the API says of `path` or of anything under it (one name in an item's speakers). */
  const messageUnder = (path: string) => {
    const field =
      error instanceof ApiError
        ? error.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))
        : undefined;
    return field && error instanceof ApiError ? error.fieldMessage(field.path) : undefined;
  };
  const unplaced =
    !(error instanceof ApiError) ||
    error.fields.length === 0 ||
    error.fields.some((f) => !fieldsShown.some((p) => f.path === p || f.path.startsWith(`${p}.`)));

  function chooseLocale(next: Locale) {
    if (!mayLeaveTyped(typed, locale, t, i18n)) return;
    setLocale(next);
    setTexts(textsOf(event, next));
    reset();
  }

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const found: Record<string, string> = {};
    const title = texts.title.trim();
    if (!title) found['input.title'] = t('eventForm.errors.required');
    else if (title.length < 2) found['input.title'] = t('eventForm.errors.minLength', { count: 2 });
    texts.agendaTitles.forEach((text, index) => {
      if (!text.trim()) found[`input.agendaTitles.${index}`] = t('eventForm.errors.required');
    });
    let latest = event; // the event as loaded again when someone else saved it meanwhile
    let originalChanged = false;
    await checkAndSend(found, async () => {
      await saveMerging({
        edit: { base: textsOf(event, locale), mine: texts, updatedAt: event.updatedAt },
        send: async ({ mine, updatedAt }) => {
          await gql(
            `mutation TranslateEvent($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
            {
              id: event.id,
              input: {
                locale,
                title: mine.title.trim(),
                description: mine.description.trim(),
                ...(mine.agendaTitles.length
                  ? {
                      agendaTitles: mine.agendaTitles.map((text) => text.trim()),
                      agendaSpeakers: mine.agendaSpeakers.map(speakersIn),
                    }
                  : {}),
                // Left empty: the original's place and region are shown in this language.
                ...(original?.place ? { place: mine.place.trim() } : {}),
                ...(original?.region ? { region: mine.region.trim() } : {}),
                expectedUpdatedAt: updatedAt,
              },
            },
          );
        },
        load: async () => {
          latest = (await gql<{ event: EventToTranslate }>(EVENT_TO_TRANSLATE, { id: event.id })).event;
          return { draft: textsOf(latest, locale), updatedAt: latest.updatedAt };
        },
        // Saved now, the translation would pass for one of an original the translator never saw.
        toReview: () => {
          originalChanged = JSON.stringify(originalOf(latest)) !== JSON.stringify(original);
          return originalChanged ? () => t('edits.originalChanged') : undefined;
        },
        onMerged: ({ mine }) => {
          setEvent(latest);
          if (originalChanged) setOriginalOpen(true);
          setTexts({
            ...mine,
            agendaTitles: fittedToAgenda(mine.agendaTitles, event.agenda, latest.agenda),
            agendaSpeakers: fittedToAgenda(mine.agendaSpeakers, event.agenda, latest.agenda),
          });
        },
        message: clashesNamed(TEXT_LABELS, t, i18n),
      });
      navigate(`/events/${event.id}`);
    });
  }

  /** The box for one agenda item's title, or its speakers (one a line), in the language translated into. */
  const agendaInput = (control: ControlProps, list: 'agendaTitles' | 'agendaSpeakers', index: number) => {
    const box = {
      ...control,
      name: `${list}.${index}`,
      lang: locale,
      value: texts[list][index],
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        setTexts({ ...texts, [list]: texts[list].map((text, i) => (i === index ? e.target.value : text)) }),
    };
    return list === 'agendaSpeakers' ? <textarea {...box} rows={2} /> : <input {...box} />;
  };

  return (
    <section className="narrow">
      <h1>{t('eventForm.translateTitle')}</h1>
      <p>
        {t('eventForm.translating')} <cite lang={event.originalLocale}>{original?.title}</cite>
      </p>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={unplaced ? error : undefined} />
        </div>
        <FieldFrame label={t('eventForm.translateInto')} error={message('input.locale')}>
          {(control) => (
            <select
              {...control}
              name="locale"
              value={locale}
              onChange={(e) => chooseLocale(e.target.value as Locale)}
            >
              {targets.map((target) => (
                <option key={target} value={target} lang={target}>
                  {ENDONYMS[target]}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <FieldFrame label={t('eventForm.title')} error={message('input.title')} maxLength={300}>
          {(control) => (
            <input
              {...control}
              name="title"
              lang={locale}
              value={texts.title}
              onChange={(e) => setTexts({ ...texts, title: e.target.value })}
            />
          )}
        </FieldFrame>
        <FieldFrame label={t('eventForm.description')} error={message('input.description')} maxLength={20000}>
          {(control) => (
            <textarea
              {...control}
              name="description"
              lang={locale}
              rows={4}
              value={texts.description}
              onChange={(e) => setTexts({ ...texts, description: e.target.value })}
            />
          )}
        </FieldFrame>
        {(['place', 'region'] as const)
          .filter((name) => original?.[name])
          .map((name) => (
            <FieldFrame
              maxLength={name === 'place' ? 300 : 200}
              key={name}
              label={t(`eventForm.${name}In`, { original: original?.[name] })}
              hint={t('eventForm.placeInHint')}
              error={message(`input.${name}`)}
            >
              {(control) => (
                <input
                  {...control}
                  name={name}
                  lang={locale}
                  value={texts[name]}
                  onChange={(e) => setTexts({ ...texts, [name]: e.target.value })}
                />
              )}
            </FieldFrame>
          ))}
        {event.agenda.length > 0 && (
          <fieldset className="facet">
            <legend>{t('events.agenda')}</legend>
            {message('input.agendaTitles') && <p className="field-error">{message('input.agendaTitles')}</p>}
            {message('input.agendaSpeakers') && (
              <p className="field-error">{message('input.agendaSpeakers')}</p>
            )}
            {event.agenda.map((_, index) => {
              const speakers = original?.agendaSpeakers[index] ?? [];
              return (
                <Fragment key={index}>
                  <FieldFrame
                    maxLength={300}
                    label={t('eventForm.agendaTitleOf', {
                      number: index + 1,
                      original: original?.agendaTitles[index] ?? '',
                    })}
                    error={message(`input.agendaTitles.${index}`)}
                  >
                    {(control) => agendaInput(control, 'agendaTitles', index)}
                  </FieldFrame>
                  {/* Only where the original names speakers: otherwise there is nothing to write. */}
                  {speakers.length > 0 && (
                    <FieldFrame
                      label={t('eventForm.agendaSpeakersOf', {
                        number: index + 1,
                        original: speakers.join('; '),
                      })}
                      hint={t('eventForm.agendaSpeakersHint')}
                      error={messageUnder(`input.agendaSpeakers.${index}`)}
                    >
                      {(control) => agendaInput(control, 'agendaSpeakers', index)}
                    </FieldFrame>
                  )}
                </Fragment>
              );
            })}
          </fieldset>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('eventForm.saveTranslation')}
          </button>
          <Link to={`/events/${event.id}`}>{t('eventForm.cancelEditing')}</Link>
        </div>
      </form>
      {original && (
        <OriginalShown locale={event.originalLocale} open={originalOpen} onToggle={setOriginalOpen}>
          <h2 lang={event.originalLocale}>{original.title}</h2>
          {original.description && (
            <p className="prose" lang={event.originalLocale}>
              {original.description}
            </p>
          )}
        </OriginalShown>
      )}
    </section>
  );
}
