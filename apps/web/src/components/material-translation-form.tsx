import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { gql, serverProblems } from '../api';
import { clashesNamed, mayLeaveTyped, saveMerging, useLeaveGuard } from '../edit-conflict';
import { ENDONYMS, isLocale, LOCALES, type Locale } from '../language';
import { useQuery } from '../use-query';
import { ErrorNotice, Loading } from './error-notice';
import { FieldFrame, useCheckedSubmit } from './form-field';
import { OriginalShown } from './original-shown';

interface Texts {
  title: string;
  description: string;
  /** The language they are served in: another one when this language has none yet. */
  locale: string;
  updatedAt: string;
}

const TEXTS = `query MaterialTexts($id: ID!) { material(id: $id) { title description locale updatedAt } }`;

/** A language's texts as the form holds them: empty when the material has none in it (served in another). */
const textsIn = (served: Texts, locale: Locale) =>
  served.locale === locale
    ? { title: served.title, description: served.description }
    : { title: '', description: '' };

type Edited = ReturnType<typeof textsIn>;

const LABELS: Record<keyof Edited, string> = {
  title: 'materials.titleField',
  description: 'materials.description',
};

/**
 * Adds or corrects the title and description of a material in a language other than its original
 * one; the texts already there in that language are filled in.
 */
export function MaterialTranslationForm({
  id,
  originalLocale,
  heading,
  headingId,
  onSaved,
  cancel,
}: {
  id: string;
  originalLocale: string;
  heading: string;
  headingId: string;
  onSaved: (locale: Locale) => void;
  cancel: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const targets = LOCALES.filter((locale) => locale !== originalLocale);
  const [locale, setLocale] = useState<Locale>(() =>
    isLocale(i18n.language) && targets.includes(i18n.language) ? i18n.language : targets[0],
  );
  const original = useQuery<{ material: Texts }>(TEXTS, { id }, { locale: originalLocale });
  // The original as read with the form, or as read again when someone changed it during a save.
  const [newerOriginal, setNewerOriginal] = useState<Texts>();
  // Opened for the translator when the original changed during a save.
  const [originalOpen, setOriginalOpen] = useState(false);
  const shownOriginal = newerOriginal ?? original.data?.material;
  const { problems, error, busy, form, notice, submit: checkAndSend, reset } = useCheckedSubmit();
  const server = serverProblems(error, ['input.locale', 'input.title', 'input.description']);
  const message = (path: string) => problems[path] ?? server.byPath[path];
  const unplaced = server.unplaced;
  // The chosen language's texts as loaded, and when the material was saved then.
  const [loaded, setLoaded] = useState<{ locale: Locale; base: Edited; updatedAt: string }>();

  /** Whether the boxes (which keep what is typed themselves) hold something unsaved. */
  function typed(): boolean {
    const boxes = form.current ? new FormData(form.current) : undefined;
    return (
      !!boxes &&
      !!loaded &&
      loaded.locale === locale &&
      (String(boxes.get('title') ?? '') !== loaded.base.title ||
        String(boxes.get('description') ?? '') !== loaded.base.description)
    );
  }
  useLeaveGuard(typed, busy);

  function chooseLocale(next: Locale) {
    if (!mayLeaveTyped(typed(), locale, t, i18n)) return;
    setLocale(next);
    reset();
  }

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const fields = new FormData(submitted.currentTarget);
    const found: Record<string, string> = {};
    const title = String(fields.get('title') ?? '').trim();
    if (!title) found['input.title'] = t('materials.errors.required');
    else if (title.length < 2) found['input.title'] = t('materials.errors.minLength', { count: 2 });
    const mine = { title, description: String(fields.get('description') ?? '').trim() };
    const originalThen = shownOriginal;
    let originalNow: Texts | undefined;
    let originalChanged = false;
    await checkAndSend(found, async () => {
      await saveMerging({
        edit: {
          base: loaded?.locale === locale ? loaded.base : mine,
          mine,
          updatedAt: loaded?.locale === locale ? loaded.updatedAt : '',
        },
        send: async ({ mine: edited, updatedAt }) => {
          await gql(
            `mutation TranslateMaterial($id: ID!, $input: MaterialTranslationInput!) { translateMaterial(id: $id, input: $input) { id } }`,
            { id, input: { locale, ...edited, expectedUpdatedAt: updatedAt || undefined } },
          );
        },
        load: async () => {
          const [latest, latestOriginal] = await Promise.all(
            [locale, originalLocale].map((asked) =>
              gql<{ material: Texts }>(TEXTS, { id }, { locale: asked }),
            ),
          );
          originalNow = latestOriginal.material;
          return { draft: textsIn(latest.material, locale), updatedAt: latest.material.updatedAt };
        },
        // Saved now, the translation would pass for one of an original the translator never saw.
        toReview: () => {
          originalChanged =
            !!originalNow &&
            !!originalThen &&
            (originalNow.title !== originalThen?.title ||
              originalNow.description !== originalThen?.description);
          return originalChanged ? () => t('edits.originalChanged') : undefined;
        },
        onMerged: ({ base, mine: merged, updatedAt }) => {
          setLoaded({ locale, base, updatedAt });
          if (originalChanged) setOriginalOpen(true);
          if (originalNow) setNewerOriginal(originalNow);
          // The boxes are the form's own (uncontrolled): they show the merged texts.
          for (const name of ['title', 'description'] as const) {
            const box = form.current?.elements.namedItem(name);
            if (box instanceof HTMLInputElement || box instanceof HTMLTextAreaElement)
              box.value = merged[name];
          }
        },
        message: clashesNamed(LABELS, t, i18n),
      });
      onSaved(locale);
    });
  }

  return (
    <section className="narrow" aria-labelledby={headingId}>
      <h1 id={headingId} tabIndex={-1}>
        {heading}
      </h1>
      {shownOriginal && (
        <p>
          {t('materials.translating')} <cite lang={originalLocale}>{shownOriginal.title}</cite>
        </p>
      )}
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={unplaced ? error : undefined} />
        </div>
        <FieldFrame label={t('materials.translateInto')} error={message('input.locale')}>
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
        {/* Each language starts from its own texts: what is typed in one is not carried into another. */}
        <TranslationFields
          key={locale}
          id={id}
          locale={locale}
          message={message}
          onLoaded={(base, updatedAt) => setLoaded({ locale, base, updatedAt })}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('materials.saveTranslation')}
          </button>
          {cancel}
        </div>
      </form>
      {shownOriginal && (
        <OriginalShown locale={originalLocale} open={originalOpen} onToggle={setOriginalOpen}>
          <h2 lang={originalLocale}>{shownOriginal.title}</h2>
          {shownOriginal.description && (
            <p className="prose" lang={originalLocale}>
              {shownOriginal.description}
            </p>
          )}
        </OriginalShown>
      )}
    </section>
  );
}

/** The title and description in one language, filled with what is there already. */
function TranslationFields({
  id,
  locale,
  message,
  onLoaded,
}: {
  id: string;
  locale: Locale;
  message: (path: string) => string | undefined;
  /** The texts the boxes start from, and when the material was saved then. */
  onLoaded: (texts: Edited, updatedAt: string) => void;
}) {
  const { t } = useTranslation();
  const existing = useQuery<{ material: Texts }>(TEXTS, { id }, { locale });
  const served = existing.data?.material;
  useEffect(() => {
    if (served) onLoaded(textsIn(served, locale), served.updatedAt);
    // Told once per answer; `onLoaded` is a new function at every render of the form.
  }, [served, locale]);
  if (existing.error) return <ErrorNotice error={existing.error} onRetry={existing.reload} />;
  if (!served) return <Loading />;
  const start = textsIn(served, locale);
  return (
    <>
      <FieldFrame label={t('materials.titleField')} error={message('input.title')} maxLength={300}>
        {(control) => <input {...control} name="title" lang={locale} defaultValue={start.title} />}
      </FieldFrame>
      <FieldFrame label={t('materials.description')} error={message('input.description')} maxLength={10000}>
        {(control) => (
          <textarea {...control} name="description" lang={locale} rows={3} defaultValue={start.description} />
        )}
      </FieldFrame>
    </>
  );
}
