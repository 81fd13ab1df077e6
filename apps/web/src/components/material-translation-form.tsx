import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { gql, serverProblems } from '../api';
import { ENDONYMS, isLocale, LOCALES, type Locale } from '../language';
import { useQuery } from '../use-query';
import { ErrorNotice, Loading } from './error-notice';
import { FieldFrame, useCheckedSubmit } from './form-field';

interface Texts {
  title: string;
  description: string;
  /** The language they are served in: another one when this language has none yet. */
  locale: string;
}

const TEXTS = `query MaterialTexts($id: ID!) { material(id: $id) { title description locale } }`;

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
  const { problems, error, busy, form, notice, submit: checkAndSend, reset } = useCheckedSubmit();
  const server = serverProblems(error, ['input.locale', 'input.title', 'input.description']);
  const message = (path: string) => problems[path] ?? server.byPath[path];
  const unplaced = server.unplaced;

  function chooseLocale(next: Locale) {
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
    await checkAndSend(found, async () => {
      await gql(
        `mutation TranslateMaterial($id: ID!, $input: MaterialTranslationInput!) { translateMaterial(id: $id, input: $input) { id } }`,
        { id, input: { locale, title, description: String(fields.get('description') ?? '').trim() } },
      );
      onSaved(locale);
    });
  }

  return (
    <section className="narrow" aria-labelledby={headingId}>
      <h1 id={headingId} tabIndex={-1}>
        {heading}
      </h1>
      {original.data && (
        <p>
          {t('materials.translating')} <cite lang={originalLocale}>{original.data.material.title}</cite>
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
        <TranslationFields key={locale} id={id} locale={locale} message={message} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('materials.saveTranslation')}
          </button>
          {cancel}
        </div>
      </form>
    </section>
  );
}

/** The title and description in one language, filled with what is there already. */
function TranslationFields({
  id,
  locale,
  message,
}: {
  id: string;
  locale: Locale;
  message: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const existing = useQuery<{ material: Texts }>(TEXTS, { id }, { locale });
  if (existing.error) return <ErrorNotice error={existing.error} onRetry={existing.reload} />;
  if (!existing.data) return <Loading />;
  const served = existing.data.material;
  // Served in another language: this one has no texts yet.
  const start = served.locale === locale ? served : { title: '', description: '' };
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
