import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { FieldFrame } from '../components/form-field';
import { LocaleOptions } from '../components/locale-select';
import { usePageTitle } from '../components/page-title';
import { regionName } from '../format';
import { isLocale, languageInSentence } from '../language';
import { signInPath } from '../safe-links';
import { coordinatedCountries, hasRole, TRANSLATION_TASK_ROLES, useSession } from '../session';
import { translationTaskPath, type TranslationTask } from '../translation-tasks';
import { useQuery } from '../use-query';

interface TaskCaseStudy {
  slug: string;
  title: string;
  locale: string;
  countries: { code: string; name: string }[];
  results: { id: string; label: string; locale: string }[];
  lessons: { id: string; text: string; locale: string }[];
}

/** The most the API gives at once (docs/api.md). */
const TASK_LIMIT = 500;
const TASKS = `query TranslationTasks($countries: [String!]) { translationTasks(countries: $countries, first: ${TASK_LIMIT}) {
  record recordId caseStudySlug locale reason currentVersion translatedVersion } }`;

/** One query for the titles (in the language shown) and item texts of every case study on the list. */
function caseStudiesQuery(slugs: string[]): string {
  const params = slugs.map((_, i) => `$s${i}: String!`).join(', ');
  const fields = slugs
    .map(
      (_, i) => `c${i}: caseStudy(slug: $s${i}) { slug title locale countries { code name }
        results { id label locale } lessons { id text locale } }`,
    )
    .join('\n');
  return `query TranslationTaskCaseStudies(${params}) { ${fields} }`;
}

const shorten = (text: string) => (text.length > 140 ? `${text.slice(0, 139).trimEnd()}…` : text);

export default function TranslationTasksPage() {
  const { t } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('translations.title'));
  const allowed = hasRole(user, ...TRANSLATION_TASK_ROLES);
  if (checking) return <Loading />;
  if (!allowed)
    return (
      <section className="narrow">
        <h1>{t('translations.title')}</h1>
        <p className="notice notice-error" role="alert">
          {t('translations.notAllowed')}
        </p>
        {!user && (
          <p>
            <Link to={signInPath('/translations')}>{t('nav.signIn')}</Link>
          </p>
        )}
      </section>
    );
  return <TaskList countries={coordinatedCountries(user)} />;
}

function TaskList({ countries }: { countries: string[] }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const into = params.get('into');
  const language = isLocale(into) ? into : '';
  const chosenCountry = params.get('country') ?? '';
  const country = countries.includes(chosenCountry) ? chosenCountry : '';
  const tasks = useQuery<{ translationTasks: TranslationTask[] }>(TASKS, {
    countries: country ? [country] : null,
  });
  const slugs = useMemo(
    () => [...new Set(tasks.data?.translationTasks.map((task) => task.caseStudySlug) ?? [])],
    [tasks.data],
  );
  const variables = useMemo(() => Object.fromEntries(slugs.map((slug, i) => [`s${i}`, slug])), [slugs]);
  const details = useQuery<Record<string, TaskCaseStudy | null>>(caseStudiesQuery(slugs), variables, {
    skip: slugs.length === 0,
  });
  const bySlug = new Map(
    Object.values(details.data ?? {})
      .filter((cs): cs is TaskCaseStudy => !!cs)
      .map((cs) => [cs.slug, cs]),
  );
  const shown = (tasks.data?.translationTasks ?? []).filter((task) => !language || task.locale === language);
  // The list stops at TASK_LIMIT: then there are more than it shows.
  const truncated = (tasks.data?.translationTasks.length ?? 0) >= TASK_LIMIT;
  const groups = slugs
    .map((slug) => ({ slug, tasks: shown.filter((task) => task.caseStudySlug === slug) }))
    .filter((group) => group.tasks.length > 0);
  const countryName = (code: string) =>
    [...bySlug.values()].flatMap((cs) => cs.countries).find((c) => c.code === code)?.name ??
    regionName(code, i18n.language);

  function choose(name: 'into' | 'country', value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <section className="translation-tasks">
      <h1>{t('translations.title')}</h1>
      <p>{t('translations.intro')}</p>
      <div className="filters">
        <FieldFrame label={t('translations.languageFilter')}>
          {(control) => (
            <select
              {...control}
              name="into"
              value={language}
              onChange={(e) => choose('into', e.target.value)}
            >
              <option value="">{t('translations.allLanguages')}</option>
              <LocaleOptions />
            </select>
          )}
        </FieldFrame>
        {countries.length > 1 && (
          <FieldFrame label={t('translations.countryFilter')}>
            {(control) => (
              <select
                {...control}
                name="country"
                value={country}
                onChange={(e) => choose('country', e.target.value)}
              >
                <option value="">{t('translations.allCountries')}</option>
                {countries.map((code) => (
                  <option key={code} value={code}>
                    {countryName(code)}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
        )}
      </div>
      <ErrorNotice error={tasks.error} onRetry={tasks.reload} />
      <ErrorNotice error={details.error} onRetry={details.reload} />
      {tasks.loading && !tasks.data ? (
        <Loading />
      ) : (
        tasks.data && (
          <p className="translation-count" role="status">
            {shown.length === 0
              ? t('translations.none')
              : t(truncated ? 'translations.countAtLeast' : 'translations.count', { count: shown.length })}
          </p>
        )
      )}
      {truncated && (
        <p className="notice notice-language">{t('translations.truncated', { limit: TASK_LIMIT })}</p>
      )}
      {groups.map((group) => (
        <TaskGroup
          key={group.slug}
          slug={group.slug}
          caseStudy={bySlug.get(group.slug)}
          tasks={group.tasks}
        />
      ))}
    </section>
  );
}

function TaskGroup({
  slug,
  caseStudy,
  tasks,
}: {
  slug: string;
  caseStudy: TaskCaseStudy | undefined;
  tasks: TranslationTask[];
}) {
  const { t } = useTranslation();
  const headingId = `tasks-${slug}`;
  return (
    <section aria-labelledby={headingId} className="task-group">
      <h2 id={headingId}>
        <Link to={`/case-studies/${slug}`} lang={caseStudy?.locale}>
          {caseStudy?.title ?? slug}
        </Link>
      </h2>
      <p className="meta">
        {[
          caseStudy?.countries.map((c) => c.name).join(', '),
          t('translations.groupCount', { count: tasks.length }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <ul className="result-list task-list">
        {tasks.map((task) => (
          <TaskItem
            key={`${task.record}-${task.recordId}-${task.locale}`}
            task={task}
            caseStudy={caseStudy}
          />
        ))}
      </ul>
    </section>
  );
}

function TaskItem({ task, caseStudy }: { task: TranslationTask; caseStudy: TaskCaseStudy | undefined }) {
  const { t, i18n } = useTranslation();
  const language = languageInSentence(task.locale, i18n.language);
  const result = caseStudy?.results.find((r) => r.id === task.recordId);
  const lesson = caseStudy?.lessons.find((l) => l.id === task.recordId);
  const quoted = result
    ? { text: result.label, lang: result.locale }
    : lesson && { text: lesson.text, lang: lesson.locale };
  return (
    <li>
      <p className="task-what">
        <strong>{t(`translations.what.${task.record}`)}</strong>
        {quoted && (
          <>
            {' '}
            <q lang={quoted.lang}>{shorten(quoted.text)}</q>
          </>
        )}
      </p>
      <p className="meta">
        {t('translations.needed', { language })} ·{' '}
        {task.reason === 'MISSING'
          ? t('translations.missing')
          : t('translations.outdated', { from: task.translatedVersion, to: task.currentVersion })}
      </p>
      <p>
        <Link to={translationTaskPath(task)}>{t('translations.translateInto', { language })}</Link>
      </p>
    </li>
  );
}
