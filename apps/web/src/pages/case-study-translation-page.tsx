import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { gql, serverProblems } from '../api';
import { TEXT_LIMITS } from '../case-study-draft';
import { NotAllowedToWrite } from '../components/case-study-editing';
import { ErrorNotice, Loading } from '../components/error-notice';
import { Checkbox, FieldFrame, useCheckedSubmit } from '../components/form-field';
import { MarkdownView } from '../components/markdown-view';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { ENDONYMS, type Locale, LOCALES, languageInSentence } from '../language';
import { useSession } from '../session';
import { same } from '../changes';
import { clashesNamed, mayLeaveTyped, saveMerging, useLeaveGuard } from '../edit-conflict';
import { useQuery } from '../use-query';
import { OriginalShown } from '../components/original-shown';

interface CaseStudyTexts {
  locale: string;
  title: string;
  summary: string;
  body: string;
  scalingUp: string | null;
  /** The language's own region when its translation names one, else the original's. */
  region: string | null;
  machineTranslated: boolean;
  updatedAt: string;
  /** The original's version (what a translation is made from). */
  version: number;
}

interface CaseStudyToTranslate extends CaseStudyTexts {
  id: string;
  slug: string;
  originalLocale: string;
  translations: { locale: string; outdated: boolean }[];
  viewerCan: { edit: boolean };
}

const TEXTS = 'locale title summary body scalingUp region machineTranslated updatedAt version';
const TO_TRANSLATE = `query CaseStudyToTranslate($slug: String!) { caseStudy(slug: $slug) {
  id slug originalLocale translations { locale outdated } viewerCan { edit } ${TEXTS} } }`;
const TEXT_LABELS: Record<keyof ReturnType<typeof textsOf>, string> = {
  title: 'caseStudyForm.title',
  summary: 'caseStudyForm.summary',
  body: 'caseStudyForm.body',
  scalingUp: 'caseStudyForm.scalingUp',
  region: 'caseStudyForm.region',
  machine: 'caseStudyForm.machineTranslated',
};
const TEXTS_IN = `query CaseStudyTexts($slug: String!) { caseStudy(slug: $slug) { ${TEXTS} } }`;

/**
 * The form's texts for `locale` from what the API serves in it. A language not yet translated is
 * served in the original: it starts empty. So does a region the translation does not name (served
 * as the original's, `originalRegion`).
 */
function textsOf(
  served: CaseStudyTexts | undefined,
  locale: Locale,
  originalRegion: string | null | undefined,
) {
  const mine = served && served.locale === locale ? served : undefined;
  return {
    title: mine?.title ?? '',
    summary: mine?.summary ?? '',
    body: mine?.body ?? '',
    scalingUp: mine?.scalingUp ?? '',
    region: mine?.region && mine.region !== originalRegion ? mine.region : '',
    machine: mine?.machineTranslated ?? false,
  };
}

export default function CaseStudyTranslationPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('caseStudyForm.translateTitle'));
  const { data, error, reload } = useQuery<{ caseStudy: CaseStudyToTranslate }>(
    TO_TRANSLATE,
    { slug },
    { skip: checking || !user },
  );
  const back = { to: `/case-studies/${slug}`, label: t('caseStudyForm.backToCaseStudy') };
  if (checking) return <Loading />;
  if (error) return <PageError error={error} onRetry={reload} back={back} />;
  if (!user || (data && !data.caseStudy.viewerCan.edit))
    return <NotAllowedToWrite heading={t('caseStudyForm.translateTitle')} slug={slug} />;
  // Read again (the page's language changed), the form stays up with what is typed in it.
  if (!data) return <Loading />;
  return <TranslationForm caseStudy={data.caseStudy} />;
}

function TranslationForm({ caseStudy }: { caseStudy: CaseStudyToTranslate }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const targets = LOCALES.filter((locale) => locale !== caseStudy.originalLocale);
  // A link from the translation work list names the language needed (`?into=ru`); `?lang=` is the page's.
  const [locale, setLocale] = useState<Locale>(() => {
    const asked = [params.get('into'), i18n.language].find((code) => targets.includes(code as Locale));
    return (asked as Locale | undefined) ?? targets[0];
  });
  // The original, as written, to translate from; and the chosen language's text, when there is one.
  const original = useQuery<{ caseStudy: CaseStudyTexts }>(
    TEXTS_IN,
    { slug: caseStudy.slug },
    { locale: caseStudy.originalLocale },
  );
  const existing = useQuery<{ caseStudy: CaseStudyTexts }>(TEXTS_IN, { slug: caseStudy.slug }, { locale });
  const [texts, setTexts] = useState(() => textsOf(undefined, locale, undefined));
  // The texts as loaded, and when the case study was saved then: a save is checked against it.
  const [loaded, setLoaded] = useState({ base: texts, updatedAt: '' });
  const { problems, error, busy, form, notice, submit: checkAndSend, reset } = useCheckedSubmit();
  const typed = !same(texts, loaded.base);
  useLeaveGuard(typed, busy);

  const found = existing.data?.caseStudy;
  // The original as read with the page, or as read again when someone changed it during a save.
  const [newerOriginal, setNewerOriginal] = useState<CaseStudyTexts>();
  // Opened for the translator when the original changed during a save.
  const [originalOpen, setOriginalOpen] = useState(false);
  const from = original.data?.caseStudy;
  const shownOriginal = newerOriginal ?? from;
  useEffect(() => {
    const base = textsOf(found, locale, from?.region);
    setTexts(base);
    setLoaded({ base, updatedAt: found?.updatedAt ?? '' });
  }, [found, locale, from?.region]);

  const paths = [
    'input.locale',
    'input.title',
    'input.summary',
    'input.body',
    'input.scalingUp',
    'input.region',
  ];
  const server = serverProblems(error, paths);
  const message = (path: string) => problems[path] ?? server.byPath[path];
  const status = caseStudy.translations.find((tr) => tr.locale === locale);

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const wrong: Record<string, string> = {};
    if (!texts.title.trim()) wrong['input.title'] = t('caseStudyForm.errors.required');
    // The original's region as last read: a translation names its own only where the original has one.
    let originalRegion = shownOriginal?.region;
    let originalNow: CaseStudyTexts | undefined;
    let originalChanged = false;
    await checkAndSend(wrong, async () => {
      await saveMerging({
        edit: { ...loaded, mine: texts },
        send: async ({ mine, updatedAt }) => {
          await gql(
            `mutation TranslateCaseStudy($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { id } }`,
            {
              id: caseStudy.id,
              input: {
                locale,
                title: mine.title.trim(),
                summary: mine.summary.trim(),
                body: mine.body,
                scalingUp: mine.scalingUp.trim() || null,
                // Only where the original names a region; empty shows the original's.
                ...(originalRegion ? { region: mine.region.trim() || null } : {}),
                machineTranslated: mine.machine,
                expectedUpdatedAt: updatedAt || undefined,
              },
            },
          );
        },
        load: async () => {
          // The original's region too: changed meanwhile, what this language is served for it changes.
          const [latest, latestOriginal] = await Promise.all(
            [locale, caseStudy.originalLocale].map((asked) =>
              gql<{ caseStudy: CaseStudyTexts }>(TEXTS_IN, { slug: caseStudy.slug }, { locale: asked }),
            ),
          );
          originalNow = latestOriginal.caseStudy;
          originalRegion = originalNow.region;
          return {
            draft: textsOf(latest.caseStudy, locale, originalRegion),
            updatedAt: latest.caseStudy.updatedAt,
          };
        },
        onMerged: ({ base, mine, updatedAt }) => {
          setLoaded({ base, updatedAt });
          setTexts(mine);
          if (originalNow) setNewerOriginal(originalNow);
          if (originalChanged) setOriginalOpen(true);
        },
        // Saved now, the translation would count as made from an original the translator never saw.
        toReview: () => {
          originalChanged = !!originalNow && originalNow.version !== shownOriginal?.version;
          return originalChanged ? () => t('edits.originalChanged') : undefined;
        },
        message: clashesNamed(TEXT_LABELS, t, i18n),
      });
      navigate(`/case-studies/${caseStudy.slug}`);
    });
  }

  const field = (
    name: 'title' | 'summary' | 'body' | 'scalingUp' | 'region',
    label: string,
    rows?: number,
    hint?: string,
  ) => (
    <FieldFrame label={label} hint={hint} error={message(`input.${name}`)} maxLength={TEXT_LIMITS[name]}>
      {(control) =>
        rows ? (
          <textarea
            {...control}
            name={name}
            lang={locale}
            rows={rows}
            value={texts[name]}
            onChange={(e) => setTexts((x) => ({ ...x, [name]: e.target.value }))}
          />
        ) : (
          <input
            {...control}
            name={name}
            lang={locale}
            value={texts[name]}
            onChange={(e) => setTexts((x) => ({ ...x, [name]: e.target.value }))}
          />
        )
      }
    </FieldFrame>
  );

  return (
    <section className="narrow case-study-form">
      <h1>{t('caseStudyForm.translateTitle')}</h1>
      <p className="meta">
        {t('caseStudyForm.writtenInOnly', {
          language: languageInSentence(caseStudy.originalLocale, i18n.language),
        })}
      </p>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={server.unplaced ? error : undefined} />
          <ErrorNotice error={existing.error} onRetry={existing.reload} />
        </div>
        <FieldFrame
          label={t('caseStudyForm.translateInto')}
          hint={
            status
              ? status.outdated
                ? t('caseStudyForm.translationOutdated')
                : t('caseStudyForm.translationExists')
              : t('caseStudyForm.translationMissing')
          }
          error={message('input.locale')}
        >
          {(control) => (
            <select
              {...control}
              name="locale"
              value={locale}
              onChange={(e) => {
                if (!mayLeaveTyped(typed, locale, t, i18n)) return;
                setLocale(e.target.value as Locale);
                reset();
              }}
            >
              {targets.map((target) => (
                <option key={target} value={target} lang={target}>
                  {ENDONYMS[target]}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        {existing.loading || original.loading ? (
          <Loading />
        ) : (
          <>
            {field('title', t('caseStudyForm.title'))}
            {field('summary', t('caseStudyForm.summary'), 3)}
            {field('body', t('caseStudyForm.body'), 12)}
            {field('scalingUp', t('caseStudyForm.scalingUp'), 4)}
            {shownOriginal?.region &&
              field(
                'region',
                t('caseStudyForm.regionIn', { original: shownOriginal.region }),
                undefined,
                t('caseStudyForm.regionInHint'),
              )}
            <Checkbox
              name="machineTranslated"
              checked={texts.machine}
              onChange={(e) => setTexts((x) => ({ ...x, machine: e.target.checked }))}
              label={t('caseStudyForm.machineTranslated')}
            />
          </>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || existing.loading}>
            {t('caseStudyForm.saveTranslation')}
          </button>
          <Link to={`/case-studies/${caseStudy.slug}`}>{t('caseStudyForm.cancelEditing')}</Link>
        </div>
      </form>
      {shownOriginal && (
        <OriginalShown locale={caseStudy.originalLocale} open={originalOpen} onToggle={setOriginalOpen}>
          <h2 lang={shownOriginal.locale}>{shownOriginal.title}</h2>
          <p lang={shownOriginal.locale}>{shownOriginal.summary}</p>
          <MarkdownView source={shownOriginal.body} lang={shownOriginal.locale} />
          {shownOriginal.scalingUp && (
            <MarkdownView source={shownOriginal.scalingUp} lang={shownOriginal.locale} />
          )}
        </OriginalShown>
      )}
    </section>
  );
}
