import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, fieldError, formError, gql } from '../api';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FieldFrame, useCheckedSubmit } from '../components/form-field';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { ENDONYMS, isLocale, LOCALES, type Locale } from '../language';
import { useSession } from '../session';
import { clashesNamed, mayLeaveTyped, saveMerging, useLeaveGuard } from '../edit-conflict';
import { useQuery } from '../use-query';

interface Described {
  id: string;
  name: string;
  description: string | null;
  /** The language `description` is served in: the one asked for when translated into it, else the original. */
  locale: string;
  originalLocale: string;
  viewerCan: { edit: boolean };
  updatedAt: string;
}

const DESCRIBED = `query OrganisationDescription($id: ID!) { organisation(id: $id) {
  id name description locale originalLocale viewerCan { edit } updatedAt } }`;

/** The description `served` has in `target` (empty when it is served in another language: untranslated). */
const descriptionIn = (served: Described, target: Locale) =>
  served.locale === target ? (served.description ?? '') : '';

/** The organisation's description in another language, next to the original (its members and managers). */
export default function OrganisationTranslationPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('organisationForm.translateTitle'));
  const original = useQuery<{ organisation: Described }>(DESCRIBED, { id }, { skip: !user });
  const originalLocale = original.data?.organisation.originalLocale;
  const targets = LOCALES.filter((locale) => locale !== originalLocale);
  const [chosen, setChosen] = useState<Locale>();
  // Until one is chosen, the language the page was opened in: switching the page's language later
  // does not change what is being translated into.
  const [openedIn] = useState(i18n.language);
  const target = chosen ?? (targets.find((locale) => locale === openedIn) || targets[0]);
  // The original as written, and what the target language has (the original again when untranslated).
  const asWritten = useQuery<{ organisation: Described }>(
    DESCRIBED,
    { id },
    { skip: !originalLocale, locale: originalLocale },
  );
  const translated = useQuery<{ organisation: Described }>(
    DESCRIBED,
    { id },
    { skip: !originalLocale, locale: target },
  );
  const back = { to: `/organisations/${id}`, label: t('organisationForm.back') };
  if (checking) return <Loading />;
  if (!user) return <PageError error={new ApiError('UNAUTHENTICATED', t('organisationForm.signInFirst'))} />;
  const failed = original.error ?? asWritten.error ?? translated.error;
  if (failed) {
    const retry = () => [original, asWritten, translated].forEach((query) => query.reload());
    return <PageError error={failed} onRetry={retry} back={back} />;
  }
  if (original.data && !original.data.organisation.viewerCan.edit)
    return <PageError error={new ApiError('FORBIDDEN', t('organisationForm.notAllowed'))} back={back} />;
  // After another language is chosen, the previous one's answer is kept while the new one loads.
  if (!asWritten.data || !translated.data || translated.loading) return <Loading />;
  const served = translated.data.organisation;
  return (
    <TranslationForm
      key={target}
      organisation={asWritten.data.organisation}
      target={target}
      targets={targets}
      existing={{ base: { description: descriptionIn(served, target) }, updatedAt: served.updatedAt }}
      onTarget={setChosen}
    />
  );
}

function TranslationForm({
  organisation,
  target,
  targets,
  existing,
  onTarget,
}: {
  organisation: Described;
  target: Locale;
  targets: Locale[];
  /** The translation as loaded, and when the organisation was saved then. */
  existing: { base: { description: string }; updatedAt: string };
  onTarget: (locale: Locale) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState(existing);
  const [text, setText] = useState(existing.base.description);
  // The original as read with the page, or as read again when someone changed it during a save.
  const [shown, setShown] = useState(organisation);
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  const typed = text.trim() !== loaded.base.description;
  useLeaveGuard(typed, busy);
  const path = `/organisations/${organisation.id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Record<string, string> = text.trim()
      ? {}
      : { description: t('organisationForm.translationRequired') };
    const originalThen = shown.description;
    let originalNow: Described | undefined;
    await checkAndSend(found, async () => {
      await saveMerging({
        edit: { ...loaded, mine: { description: text.trim() } },
        send: async ({ mine, updatedAt }) => {
          await gql(
            `mutation TranslateOrganisation($id: ID!, $input: OrganisationTranslationInput!) { translateOrganisation(id: $id, input: $input) { id } }`,
            {
              id: organisation.id,
              input: { locale: target, description: mine.description, expectedUpdatedAt: updatedAt },
            },
          );
        },
        load: async () => {
          const [latest, latestOriginal] = await Promise.all(
            [target, organisation.originalLocale].map((locale) =>
              gql<{ organisation: Described }>(DESCRIBED, { id: organisation.id }, { locale }),
            ),
          );
          originalNow = latestOriginal.organisation;
          return {
            draft: { description: descriptionIn(latest.organisation, target) },
            updatedAt: latest.organisation.updatedAt,
          };
        },
        // Saved now, the translation would pass for one of an original the translator never saw.
        toReview: () =>
          originalNow && originalNow.description !== originalThen
            ? () => t('edits.originalChangedAbove')
            : undefined,
        onMerged: ({ base, mine, updatedAt }) => {
          setLoaded({ base, updatedAt });
          setText(mine.description);
          if (originalNow) setShown(originalNow);
        },
        message: clashesNamed({ description: 'organisationForm.description' }, t, i18n),
      });
      navigate(path);
    });
  }

  return (
    <section className="narrow">
      <h1>{t('organisationForm.translateTitle')}</h1>
      <p>
        {t('organisationForm.translating')} <cite>{shown.name}</cite>
      </p>
      {shown.description ? (
        <blockquote lang={shown.originalLocale}>{shown.description}</blockquote>
      ) : (
        <p className="notice">{t('organisationForm.nothingToTranslate')}</p>
      )}
      <form ref={form} onSubmit={(event) => void submit(event)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={formError(error)} />
        </div>
        <FieldFrame label={t('organisationForm.translateInto')} error={fieldError(error, 'locale')}>
          {(control) => (
            <select
              {...control}
              name="locale"
              value={target}
              onChange={(e) =>
                isLocale(e.target.value) && mayLeaveTyped(typed, target, t, i18n) && onTarget(e.target.value)
              }
            >
              {targets.map((locale) => (
                <option key={locale} value={locale} lang={locale}>
                  {ENDONYMS[locale]}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <FieldFrame
          maxLength={5000}
          label={t('organisationForm.translation')}
          error={problems.description ?? fieldError(error, 'description')}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              lang={target}
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </FieldFrame>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !shown.description}>
            {t('organisationForm.saveTranslation')}
          </button>
          <Link to={path}>{t('organisationForm.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
