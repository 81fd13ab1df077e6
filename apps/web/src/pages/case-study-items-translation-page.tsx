import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { gql, serverProblems } from '../api';
import { isEditConflict, mayLeaveTyped, useLeaveGuard } from '../edit-conflict';
import { TEXT_LIMITS } from '../case-study-draft';
import { NotAllowedToWrite } from '../components/case-study-editing';
import { ErrorNotice, Loading } from '../components/error-notice';
import { Checkbox, FieldFrame, useFocusOnAttempt, useFormLocked } from '../components/form-field';
import { LocaleOptions } from '../components/locale-select';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { endonym, isLocale, LOCALES, type Locale, languageInSentence } from '../language';
import { hasRole, TRANSLATION_TASK_ROLES, useSession } from '../session';
import { useQuery } from '../use-query';

interface ItemInfo {
  id: string;
  originalLocale: string;
  version: number;
  translations: { locale: string; machineTranslated: boolean; sourceVersion: number; outdated: boolean }[];
}

interface CaseStudyItems {
  id: string;
  slug: string;
  title: string;
  locale: string;
  viewerCan: { edit: boolean };
  results: ItemInfo[];
  lessons: ItemInfo[];
}

/** An item's text as served in one language, with the item's version and stamp when it was read. */
interface ItemText {
  id: string;
  locale: string;
  version: number;
  updatedAt: string;
}

interface ItemTexts {
  results: (ItemText & { label: string })[];
  lessons: (ItemText & { text: string })[];
}

type Kind = 'result' | 'lesson';

const ITEM_INFO =
  'id originalLocale version translations { locale machineTranslated sourceVersion outdated }';
const ITEMS = `query CaseStudyItems($slug: String!) { caseStudy(slug: $slug) { id slug title locale
  viewerCan { edit } results { ${ITEM_INFO} } lessons { ${ITEM_INFO} } } }`;
const TEXTS = `query CaseStudyItemTexts($slug: String!) { caseStudy(slug: $slug) {
  results { id label locale version updatedAt } lessons { id text locale version updatedAt } } }`;

/** `item`'s text in `texts` (one language's answer), and the version and stamp it was read at. */
function entryOf(texts: ItemTexts | undefined, item: { kind: Kind; id: string }) {
  const found =
    item.kind === 'result'
      ? texts?.results.find((r) => r.id === item.id)
      : texts?.lessons.find((l) => l.id === item.id);
  if (!found) return undefined;
  return { ...found, value: 'label' in found ? found.label : found.text };
}

/** The start of a text, to name an item by: about 60 characters, ended at a word. */
function clipped(text: string): string {
  if (text.length <= 60) return text;
  const cut = text.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 30 ? cut.lastIndexOf(' ') : 60)}…`;
}

/** Whether every answer saw each item at the same version and stamp. */
function sameSaves(answers: ItemTexts[]): boolean {
  const seen = new Map<string, string>();
  for (const answer of answers)
    for (const item of [...answer.results, ...answer.lessons]) {
      const stamp = `${item.version} ${item.updatedAt}`;
      if ((seen.get(item.id) ?? stamp) !== stamp) return false;
      seen.set(item.id, stamp);
    }
  return true;
}

/**
 * The texts of every result and lesson in each language asked for: the target and the languages the
 * items were written in (each item may have its own original).
 */
function useTextsIn(slug: string, locales: string[], skip: boolean) {
  const key = [...new Set(locales)].sort().join(',');
  const [state, setState] = useState<{
    key?: string;
    generation?: number;
    texts?: Map<string, ItemTexts>;
    error?: unknown;
  }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (skip || !key) return;
    let current = true;
    const wanted = key.split(',');
    const read = () =>
      Promise.all(
        wanted.map((locale) =>
          gql<{ caseStudy: ItemTexts }>(TEXTS, { slug }, { locale }).then(
            (data) => [locale, data.caseStudy] as const,
          ),
        ),
      );
    // Each language is a request of its own: a save landing between them would pair an original with
    // the stamp of another version. Read again (a few times at most) until all saw the same saves.
    const readAlike = async () => {
      for (let attempt = 1; ; attempt++) {
        const pairs = await read();
        if (attempt === 3 || sameSaves(pairs.map(([, texts]) => texts))) return pairs;
      }
    };
    readAlike().then(
      (pairs) => current && setState({ key, generation, texts: new Map(pairs) }),
      (error: unknown) => current && setState({ key, generation, error }),
    );
    return () => {
      current = false;
    };
  }, [slug, key, skip, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const fresh = state.key === key;
  return {
    texts: fresh ? state.texts : undefined,
    error: fresh ? state.error : undefined,
    // Read again after a save: the texts shown are the earlier ones until then, not yet a base to save from.
    reloading: fresh && state.generation !== generation,
    reload,
  };
}

export default function CaseStudyItemsTranslationPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('translateItems.title'));
  const { data, error, reload } = useQuery<{ caseStudy: CaseStudyItems }>(
    ITEMS,
    { slug },
    { skip: checking || !user },
  );
  const back = { to: `/case-studies/${slug}`, label: t('caseStudyForm.backToCaseStudy') };
  if (checking) return <Loading />;
  if (error) return <PageError error={error} onRetry={reload} back={back} />;
  if (!user || (data && !data.caseStudy.viewerCan.edit))
    return <NotAllowedToWrite heading={t('translateItems.title')} slug={slug} />;
  // A reload after saving keeps the form (and its message) up.
  if (!data) return <Loading />;
  return <ItemsForm caseStudy={data.caseStudy} onSaved={reload} />;
}

interface Item extends ItemInfo {
  kind: Kind;
  number: number;
}

function ItemsForm({ caseStudy, onSaved }: { caseStudy: CaseStudyItems; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const asked = params.get('into');
  const items: Item[] = [
    ...caseStudy.results.map((r, i) => ({ ...r, kind: 'result' as const, number: i + 1 })),
    ...caseStudy.lessons.map((l, i) => ({ ...l, kind: 'lesson' as const, number: i + 1 })),
  ];
  // Without one named, the language the page was opened in, unless every item is written in it (then
  // the first language there is something to translate into): switching the page's language later
  // does not change what is being translated into.
  const [openedIn] = useState(() =>
    [i18n.language, ...LOCALES].find(
      (locale) => isLocale(locale) && items.some((item) => item.originalLocale !== locale),
    ),
  );
  const target: Locale = isLocale(asked) ? asked : isLocale(openedIn) ? openedIn : 'en';
  const {
    texts,
    error: textsError,
    reloading,
    reload: reloadTexts,
  } = useTextsIn(caseStudy.slug, [target, ...items.map((item) => item.originalLocale)], items.length === 0);
  const textOf = useCallback(
    (item: Item, locale: string): string | undefined => {
      const found = entryOf(texts?.get(locale), item);
      return found?.locale === locale ? found.value : undefined;
    },
    [texts],
  );
  /** The version and stamp of each item as the target's texts were read: what a save starts from. */
  const readAt = (item: Item) => entryOf(texts?.get(target), item);
  const [values, setValues] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<Record<string, string>>({});
  // "Made by a machine", as the target's translation says it now, and as ticked.
  const translationIn = (item: Item) => item.translations.find((tr) => tr.locale === target);
  const [machine, setMachine] = useState<Record<string, boolean>>({});
  const machineOf = (item: Item) => machine[item.id] ?? translationIn(item)?.machineTranslated ?? false;
  // Outdated translations confirmed as still right: saved unchanged, which makes them current.
  const [confirmed, setConfirmed] = useState<Record<string, boolean>>({});
  // Worded when shown, so that they follow a switch of the page's language.
  const [problems, setProblems] = useState<Record<string, () => string>>({});
  // Translations someone else saved while this person typed theirs, shown beside the field.
  const [theirs, setTheirs] = useState<Record<string, string>>({});
  // Items whose save failed where no field shows it: named when shown (the list may be renumbered by
  // then), with their original and what was typed, so that nothing typed for a removed item is lost.
  const [failed, setFailed] = useState<{ item: Item; original: string; typed: string; error: unknown }[]>([]);
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // A save's outcome, shown once the texts are read again and the form takes input (a message shown
  // in an inert form is not announced, and the focus cannot reach what needs correcting).
  const [afterReading, setAfterReading] = useState<{ done: number; attempt: boolean }>();
  useEffect(() => {
    if (reloading || !afterReading) return;
    setAfterReading(undefined);
    setDone(afterReading.done);
    if (afterReading.attempt) setAttempt((n) => n + 1);
  }, [reloading, afterReading]);
  const { form, notice } = useFocusOnAttempt(attempt);
  useFormLocked(form, busy || reloading);

  // Texts the server refused stay as typed when the saved ones come back, to be corrected.
  const keepTyped = useRef(new Set<string>());
  useEffect(() => {
    if (!texts) return;
    // A language not yet translated is served in the original: start it empty.
    const existing = Object.fromEntries(items.map((item) => [item.id, textOf(item, target) ?? '']));
    setSaved(existing);
    setValues((typed) =>
      Object.fromEntries(
        items.map((item) => [
          item.id,
          keepTyped.current.has(item.id) ? (typed[item.id] ?? '') : existing[item.id],
        ]),
      ),
    );
    // Only new texts (after loading or saving) reset what is typed, not a new render of the same ones.
  }, [texts, target]);

  const itemLabel = (item: Item) =>
    t(item.kind === 'result' ? 'translateItems.result' : 'translateItems.lesson', { number: item.number });
  const translatable = items.filter((item) => item.originalLocale !== target);

  // A box ticked and unticked again is as saved.
  const typed =
    translatable.some(
      (item) =>
        (values[item.id] ?? '') !== (saved[item.id] ?? '') ||
        machineOf(item) !== (translationIn(item)?.machineTranslated ?? false),
    ) || Object.values(confirmed).some(Boolean);
  useLeaveGuard(typed, busy);

  function chooseTarget(locale: string) {
    if (!mayLeaveTyped(typed, target, t, i18n)) return;
    const next = new URLSearchParams(params);
    next.set('into', locale);
    setParams(next, { replace: true });
    keepTyped.current = new Set();
    setMachine({});
    setConfirmed({});
    setProblems({});
    setTheirs({});
    setFailed([]);
    setDone(null);
  }

  /** What the field holds for `item`, and what was saved in it when the texts were read, trimmed. */
  const typedFor = (item: Item) => (values[item.id] ?? '').trim();
  const savedFor = (item: Item) => (saved[item.id] ?? '').trim();

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const changed = translatable.filter(
      (item) =>
        typedFor(item) !== savedFor(item) ||
        machineOf(item) !== (translationIn(item)?.machineTranslated ?? false) ||
        confirmed[item.id],
    );
    const wrong: Record<string, () => string> = {};
    for (const item of changed) {
      const unchangedText = typedFor(item) === savedFor(item);
      const max = item.kind === 'lesson' ? TEXT_LIMITS.lesson : TEXT_LIMITS.resultLabel;
      if (!typedFor(item)) wrong[item.id] = () => t('caseStudyForm.errors.required');
      else if ([...typedFor(item)].length > max)
        wrong[item.id] = () => t('caseStudyForm.errors.maxLength', { max });
      // Saving makes a translation current: an outdated one is not made so by ticking a box beside it.
      else if (unchangedText && translationIn(item)?.outdated && !confirmed[item.id])
        wrong[item.id] = () => t('translateItems.confirmToSave');
    }
    setProblems(wrong);
    setTheirs({});
    setFailed([]);
    setDone(null);
    if (Object.keys(wrong).length) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    const refused: Record<string, () => string> = {};
    const savedMeanwhile: Record<string, string> = {};
    // Items whose text in the field is replaced by one someone else saved meanwhile.
    const replaced = new Set<string>();
    const unplaced: { item: Item; original: string; typed: string; error: unknown }[] = [];
    let count = 0;
    const send = (item: Item, expectedUpdatedAt: string | undefined) =>
      gql(
        `mutation TranslateItem($id: ID!, $input: TextTranslationInput!) { ${item.kind === 'result' ? 'translateResultIndicator' : 'translateLesson'}(id: $id, input: $input) { id } }`,
        {
          id: item.id,
          input: {
            locale: target,
            text: typedFor(item),
            machineTranslated: machineOf(item),
            expectedUpdatedAt,
          },
        },
      );
    const refuse = (item: Item, caught: unknown) => {
      const server = serverProblems(caught, ['input.text', 'input.locale']);
      const message = server.byPath['input.text'] ?? server.byPath['input.locale'];
      if (message) refused[item.id] = () => message;
      if (server.unplaced || !message) {
        unplaced.push({
          item,
          original: textOf(item, item.originalLocale) ?? '',
          typed: typedFor(item),
          error: caught,
        });
      }
    };
    // Items someone else saved since their texts were read: decided once the latest are read.
    const stale: Item[] = [];
    for (const item of changed) {
      try {
        await send(item, readAt(item)?.updatedAt);
        count += 1;
      } catch (caught) {
        if (isEditConflict(caught)) stale.push(item);
        else refuse(item, caught);
      }
    }
    // Someone may save again while this one merges: a few rounds at most, each deciding from what is
    // saved by then, always against the texts this person started from.
    for (let round = 1, pending = stale; pending.length > 0; round++) {
      let latest: ItemTexts | undefined;
      try {
        latest = (await gql<{ caseStudy: ItemTexts }>(TEXTS, { slug: caseStudy.slug }, { locale: target }))
          .caseStudy;
      } catch (caught) {
        pending.forEach((item) => refuse(item, caught));
        break;
      }
      const again: Item[] = [];
      for (const item of pending) {
        const before = readAt(item);
        const now = entryOf(latest, item);
        if (!now || !before) {
          // Removed meanwhile: the server says so in its words.
          await send(item, before?.updatedAt).catch((caught: unknown) => refuse(item, caught));
          continue;
        }
        const base = savedFor(item);
        const mine = typedFor(item);
        const theirText = now.locale === target ? now.value.trim() : '';
        const originalChanged = now.version !== before.version;
        const theirsChanged = theirText !== base && theirText !== mine;
        if (!originalChanged && !theirsChanged) {
          // Only another language, or the same words, were saved meanwhile: nothing of theirs is lost.
          try {
            await send(item, now.updatedAt);
            count += 1;
          } catch (caught) {
            if (isEditConflict(caught) && round < 3) again.push(item);
            else refuse(item, caught);
          }
          continue;
        }
        // The person compares first: with the new original, and with the other person's translation.
        // Having changed only the boxes, they get the other's text in the field, to tick again for it.
        const tookTheirs = theirsChanged && mine === base;
        if (tookTheirs) replaced.add(item.id);
        else if (theirsChanged) savedMeanwhile[item.id] = theirText;
        refused[item.id] = () =>
          [
            originalChanged ? t('edits.originalChangedAbove') : '',
            tookTheirs ? t('translateItems.replacedMeanwhile') : '',
            theirsChanged && !tookTheirs ? t('translateItems.savedMeanwhile') : '',
          ]
            .filter(Boolean)
            .join(' ');
      }
      pending = again;
    }
    setBusy(false);
    const kept = new Set([...Object.keys(refused), ...unplaced.map((entry) => entry.item.id)]);
    keepTyped.current = new Set([...kept].filter((id) => !replaced.has(id)));
    // What was saved now comes back from the server; what was not stays ticked.
    const keep = <T,>(ticks: Record<string, T>) =>
      Object.fromEntries(Object.entries(ticks).filter(([id]) => kept.has(id)));
    setMachine(keep);
    // "Still right" spoke of the text replaced by someone else's: it is asked again for theirs.
    setConfirmed((ticks) =>
      Object.fromEntries(Object.entries(keep(ticks)).filter(([id]) => !replaced.has(id))),
    );
    setProblems(refused);
    setTheirs(savedMeanwhile);
    setFailed(unplaced);
    // Also after a clash: the next save starts from what is saved now.
    const reread = count > 0 || stale.length > 0;
    const attempted = Object.keys(refused).length > 0 || unplaced.length > 0;
    if (reread) {
      reloadTexts();
      onSaved();
      setAfterReading({ done: count, attempt: attempted });
    } else {
      setDone(count);
      if (attempted) setAttempt((n) => n + 1);
    }
  }

  function status(item: Item): string {
    const translation = item.translations.find((tr) => tr.locale === target);
    if (!translation) return t('translateItems.missing');
    if (translation.outdated)
      return t('translations.outdated', { from: translation.sourceVersion, to: item.version });
    return t('translateItems.upToDate');
  }

  return (
    <section className="case-study-form translate-items">
      <h1>{t('translateItems.title')}</h1>
      <p>
        <Link to={`/case-studies/${caseStudy.slug}`} lang={caseStudy.locale}>
          {caseStudy.title}
        </Link>
      </p>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <FieldFrame label={t('caseStudyForm.translateInto')}>
          {(control) => (
            <select {...control} name="into" value={target} onChange={(e) => chooseTarget(e.target.value)}>
              <LocaleOptions />
            </select>
          )}
        </FieldFrame>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={textsError} onRetry={reloadTexts} />
          {failed.map(({ item, original, typed, error }) => (
            <div key={item.id}>
              {/* By its words, not its number: the list may have been renumbered since. */}
              <p className="meta">
                {t(item.kind === 'result' ? 'translateItems.resultKind' : 'translateItems.lessonKind')}{' '}
                <q lang={item.originalLocale}>{clipped(original)}</q>
              </p>
              <ErrorNotice error={error} />
              {typed && !items.some((shown) => shown.id === item.id) && (
                <>
                  <p className="meta">{t('translateItems.typedForRemoved')}</p>
                  <blockquote lang={target}>{typed}</blockquote>
                </>
              )}
            </div>
          ))}
          {done !== null && done > 0 && (
            <p className="notice notice-success" role="status">
              {t('translateItems.saved', { count: done })}
            </p>
          )}
          {done === 0 && failed.length === 0 && Object.keys(problems).length === 0 && (
            <p className="notice" role="status">
              {t('translateItems.nothingChanged')}
            </p>
          )}
        </div>
        {items.length === 0 && <p>{t('translateItems.noItems')}</p>}
        {items.length > 0 && !texts && !textsError && <Loading />}
        {texts &&
          (['result', 'lesson'] as const).map((kind) => {
            const ofKind = items.filter((item) => item.kind === kind);
            if (ofKind.length === 0) return null;
            return (
              <fieldset key={kind} className="translate-kind">
                <legend>{t(kind === 'result' ? 'translateItems.results' : 'translateItems.lessons')}</legend>
                {ofKind.map((item) => {
                  const original = textOf(item, item.originalLocale) ?? '';
                  return (
                    <div key={item.id} id={`item-${item.id}`} className="translate-item">
                      <h2>{itemLabel(item)}</h2>
                      <p className="meta">
                        {t('translateItems.original', { language: endonym(item.originalLocale) })}
                      </p>
                      <blockquote lang={item.originalLocale}>{original}</blockquote>
                      {item.originalLocale === target ? (
                        <p className="meta">{t('translateItems.isOriginal')}</p>
                      ) : (
                        <FieldFrame
                          maxLength={kind === 'lesson' ? TEXT_LIMITS.lesson : TEXT_LIMITS.resultLabel}
                          label={t('translateItems.fieldLabel', {
                            item: itemLabel(item),
                            language: languageInSentence(target, i18n.language),
                          })}
                          hint={status(item)}
                          error={problems[item.id]?.()}
                        >
                          {(control) =>
                            kind === 'lesson' ? (
                              <textarea
                                {...control}
                                name={`lesson.${item.id}`}
                                lang={target}
                                rows={4}
                                value={values[item.id] ?? ''}
                                onChange={(e) => setValues((x) => ({ ...x, [item.id]: e.target.value }))}
                              />
                            ) : (
                              <input
                                {...control}
                                name={`result.${item.id}`}
                                lang={target}
                                value={values[item.id] ?? ''}
                                onChange={(e) => setValues((x) => ({ ...x, [item.id]: e.target.value }))}
                              />
                            )
                          }
                        </FieldFrame>
                      )}
                      {theirs[item.id] !== undefined && (
                        <>
                          <p className="meta">{t('translateItems.theirs')}</p>
                          <blockquote lang={target}>{theirs[item.id]}</blockquote>
                        </>
                      )}
                      {item.originalLocale !== target && (
                        <>
                          <Checkbox
                            name={`machine.${item.id}`}
                            checked={machineOf(item)}
                            onChange={(e) => setMachine((x) => ({ ...x, [item.id]: e.target.checked }))}
                            label={t('caseStudyForm.machineTranslated')}
                          />
                          {translationIn(item)?.outdated && (
                            <Checkbox
                              name={`confirm.${item.id}`}
                              checked={!!confirmed[item.id]}
                              onChange={(e) => setConfirmed((x) => ({ ...x, [item.id]: e.target.checked }))}
                              label={t('translateItems.stillRight')}
                            />
                          )}
                        </>
                      )}
                    </div>
                  );
                })}
              </fieldset>
            );
          })}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={busy || !texts || reloading || translatable.length === 0}
          >
            {t('translateItems.save')}
          </button>
          {hasRole(user, ...TRANSLATION_TASK_ROLES) && (
            <Link to="/translations">{t('translateItems.toWorkList')}</Link>
          )}
          <Link to={`/case-studies/${caseStudy.slug}`}>{t('caseStudyForm.backToCaseStudy')}</Link>
        </div>
      </form>
    </section>
  );
}
