import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { isMissingApi } from '../components/api-gaps';
import {
  AddLessonForm,
  AddResultForm,
  CaseStudyActions,
  RemoveButton,
  type Permissions,
} from '../components/case-study-editing';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LanguageNote } from '../components/language-note';
import { MarkdownView } from '../components/markdown-view';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { RelatedMaterials } from '../components/related-materials';
import { ResultsChart, type ResultRow } from '../components/results-chart';
import { formatNumber } from '../format';
import { useQuery } from '../use-query';

interface CaseStudy {
  id: string;
  slug: string;
  status: string;
  title: string;
  summary: string;
  body: string;
  scalingUp: string | null;
  region: string | null;
  approaches: { key: string; label: string }[];
  locale: string;
  originalLocale: string;
  availableLocales: string[];
  machineTranslated: boolean;
  outdated: boolean;
  period: { start: number | null; end: number | null };
  funding: { amount: number; currency: string } | null;
  reach: {
    communities: number | null;
    households: number | null;
    organisations: number | null;
    people: number | null;
  };
  sources: { title: string; url: string | null; publisher: string | null; year: number | null }[];
  countries: { code: string; name: string }[];
  themes: { key: string; label: string }[];
  organisations: { role: string; organisation: { id: string; name: string } }[];
  results: (ResultRow & { locale: string })[];
  lessons: { id: string; text: string; locale: string; themes: { key: string; label: string }[] }[];
  viewerCan: Permissions;
}

interface Comparable {
  score: number;
  reasons: { kind: string; label: string }[];
  caseStudy: { slug: string; title: string; locale: string; countries: { name: string }[] };
}

export default function CaseStudyPage() {
  const { slug } = useParams();
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useQuery<{ caseStudy: CaseStudy }>(
    `query CaseStudy($slug: String!) { caseStudy(slug: $slug) {
      id slug status title summary body scalingUp region approaches { key label } locale originalLocale availableLocales
      machineTranslated outdated period { start end } funding { amount currency }
      reach { communities households organisations people } sources { title url publisher year }
      countries { code name } themes { key label } organisations { role organisation { id name } }
      results { id label value unit unitLabel baseline baselineUnitLabel baselineYear year locale }
      lessons { id text locale themes { key label } } viewerCan { edit publish archive } } }`,
    { slug },
  );
  usePageTitle(data?.caseStudy.title);
  if (error)
    return (
      <PageError error={error} onRetry={reload} back={{ to: '/search', label: t('notFound.backToSearch') }} />
    );
  // Another case study than the one shown: say so, rather than leave the previous one up.
  if (!data) return <Loading />;
  const cs = data.caseStudy;
  const locale = i18n.language;
  const number = (value: number) => formatNumber(value, locale);
  const reach = (['communities', 'households', 'organisations', 'people'] as const).filter(
    (key) => cs.reach[key] !== null,
  );
  // An open end means still running ("1995–"); an unknown start, only the end ("–2010").
  const period =
    cs.period.start === null && cs.period.end === null
      ? ''
      : `${cs.period.start ?? ''}–${cs.period.end ?? ''}`.replace(/^(\d+)–\1$/, '$1');
  const editing = cs.viewerCan.edit;

  return (
    <article className="case-study">
      <p className="meta">
        {cs.countries.map((c) => c.name).join(', ')}
        {cs.region && (
          <>
            {' · '}
            <bdi>{cs.region}</bdi>
          </>
        )}
        {period ? ` · ${period}` : ''}
      </p>
      {cs.status !== 'PUBLISHED' && (
        <p className={`status-badge status-${cs.status.toLowerCase()}`}>
          {t(`caseStudyForm.statuses.${cs.status}`)}
        </p>
      )}
      <h1 lang={cs.locale}>{cs.title}</h1>
      <LanguageNote shown={cs.locale} available={cs.availableLocales} />
      <CaseStudyActions id={cs.id} slug={cs.slug} title={cs.title} can={cs.viewerCan} onChanged={reload} />
      {cs.outdated && <p className="notice notice-language">{t('caseStudy.outdated')}</p>}
      {cs.machineTranslated && <p className="meta">{t('caseStudy.machineTranslated')}</p>}
      <p className="summary" lang={cs.locale}>
        {cs.summary}
      </p>
      {cs.themes.length > 0 && (
        <ul className="tags" aria-label={t('caseStudy.themes')}>
          {cs.themes.map((theme) => (
            <li key={theme.key}>
              <Link to={`/search?theme=${encodeURIComponent(theme.key)}`}>{theme.label}</Link>
            </li>
          ))}
        </ul>
      )}
      <dl className="facts facts-grid">
        {cs.funding && (
          <div>
            <dt>{t('caseStudy.funding')}</dt>
            <dd>
              {formatNumber(cs.funding.amount, locale, {
                style: 'currency',
                currency: cs.funding.currency,
                maximumFractionDigits: 0,
              })}
            </dd>
          </div>
        )}
        {reach.map((key) => (
          <div key={key}>
            <dt>{t(`caseStudy.reach.${key}`)}</dt>
            <dd>{number(cs.reach[key] as number)}</dd>
          </div>
        ))}
        {cs.approaches.length > 0 && (
          <div className="facts-wide">
            <dt>{t('caseStudy.approaches')}</dt>
            <dd>
              <ul className="approaches">
                {cs.approaches.map((approach) => (
                  <li key={approach.key}>{approach.label}</li>
                ))}
              </ul>
            </dd>
          </div>
        )}
      </dl>

      {(cs.results.length > 0 || editing) && (
        <section aria-labelledby="results">
          <h2 id="results">{t('caseStudy.results')}</h2>
          {cs.results.length > 0 && (
            <>
              <ResultsChart results={cs.results} />
              <div
                className="table-scroll"
                tabIndex={0}
                role="region"
                aria-label={t('caseStudy.resultsTable')}
              >
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('caseStudy.indicator')}</th>
                      <th scope="col">{t('caseStudy.baseline')}</th>
                      <th scope="col">{t('caseStudy.result')}</th>
                      {editing && (
                        <th scope="col">
                          <span className="visually-hidden">{t('caseStudyForm.actions')}</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {cs.results.map((result) => (
                      <tr key={result.id}>
                        <th scope="row" lang={result.locale}>
                          {result.label}
                        </th>
                        <td>
                          {result.baseline === null
                            ? '—'
                            : `${number(result.baseline)} ${result.baselineUnitLabel}${result.baselineYear ? ` (${result.baselineYear})` : ''}`}
                        </td>
                        <td>
                          {number(result.value)} {result.unitLabel}
                          {result.year ? ` (${result.year})` : ''}
                        </td>
                        {editing && (
                          <td className="row-actions">
                            <RemoveButton
                              mutation="removeResultIndicator"
                              id={result.id}
                              label={t('caseStudyForm.removeResult')}
                              question={t('caseStudyForm.removeResultConfirm', { label: result.label })}
                              onRemoved={reload}
                            />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {editing && (
            <AddResultForm caseStudyId={cs.id} originalLocale={cs.originalLocale} onAdded={reload} />
          )}
        </section>
      )}

      {(cs.lessons.length > 0 || editing) && (
        <section aria-labelledby="lessons">
          <h2 id="lessons">{t('caseStudy.lessons')}</h2>
          <ul className="lessons">
            {cs.lessons.map((lesson) => (
              <li key={lesson.id}>
                <p lang={lesson.locale}>{lesson.text}</p>
                {lesson.themes.length > 0 && (
                  <p className="meta">{lesson.themes.map((theme) => theme.label).join(' · ')}</p>
                )}
                {editing && (
                  <RemoveButton
                    mutation="removeLesson"
                    id={lesson.id}
                    label={t('caseStudyForm.removeLesson')}
                    question={t('caseStudyForm.removeLessonConfirm')}
                    onRemoved={reload}
                  />
                )}
              </li>
            ))}
          </ul>
          {editing && (
            <AddLessonForm caseStudyId={cs.id} originalLocale={cs.originalLocale} onAdded={reload} />
          )}
        </section>
      )}

      {(cs.body.trim() || cs.scalingUp) && (
        <section aria-labelledby="story">
          <h2 id="story">{t('caseStudy.story')}</h2>
          <MarkdownView source={cs.body} lang={cs.locale} />
          {cs.scalingUp && (
            <>
              <h3>{t('caseStudy.scalingUp')}</h3>
              <MarkdownView source={cs.scalingUp} lang={cs.locale} />
            </>
          )}
        </section>
      )}

      {cs.organisations.length > 0 && (
        <section aria-labelledby="organisations">
          <h2 id="organisations">{t('caseStudy.organisations')}</h2>
          <ul>
            {cs.organisations.map(({ role, organisation }) => (
              <li key={`${organisation.id}-${role}`}>
                <Link to={`/organisations/${organisation.id}`}>{organisation.name}</Link>{' '}
                <span className="meta">({t(`caseStudy.roles.${role}`)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {cs.sources.length > 0 && (
        <section aria-labelledby="sources">
          <h2 id="sources">{t('caseStudy.sources')}</h2>
          <ul>
            {cs.sources.map((source) => (
              <li key={`${source.title}-${source.url ?? ''}`}>
                {source.url ? (
                  <a href={source.url} rel="noopener noreferrer">
                    {source.title}
                  </a>
                ) : (
                  source.title
                )}
                {(source.publisher || source.year) && (
                  <span className="meta">
                    {' '}
                    — {[source.publisher, source.year].filter(Boolean).join(', ')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {cs.status === 'PUBLISHED' && <ComparableProjects slug={cs.slug} />}
      <RelatedMaterials filter={{ caseStudySlug: cs.slug }} />
    </article>
  );
}

function ComparableProjects({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const { data, error } = useQuery<{ comparableCaseStudies: Comparable[] }>(
    `query Comparable($slug: String!) { comparableCaseStudies(slug: $slug, first: 5) {
      score reasons { kind label } caseStudy { slug title locale countries { name } } } }`,
    { slug },
  );
  if (isMissingApi(error)) return null;
  return (
    <section aria-labelledby="comparable">
      <h2 id="comparable">{t('caseStudy.comparable')}</h2>
      <ErrorNotice error={error} />
      {data && data.comparableCaseStudies.length === 0 && <p>{t('caseStudy.noComparable')}</p>}
      <ul className="result-list">
        {data?.comparableCaseStudies.map((item) => (
          <li key={item.caseStudy.slug}>
            <Link to={`/case-studies/${item.caseStudy.slug}`} lang={item.caseStudy.locale}>
              {item.caseStudy.title}
            </Link>
            <span className="meta"> · {item.caseStudy.countries.map((c) => c.name).join(', ')}</span>
            {item.reasons.length > 0 && (
              <p className="meta">
                {t('caseStudy.why')} {item.reasons.map((reason) => reason.label).join('; ')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
