import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { usePageTitle } from '../components/page-title';
import { formatDay } from '../format';
import { useOwnOrganisations } from '../own-organisations';
import { signInPath } from '../safe-links';
import { mayWriteCaseStudies, useSession } from '../session';
import { useQuery } from '../use-query';

interface DraftRow {
  slug: string;
  title: string;
  locale: string;
  updatedAt: string;
  countries: { name: string }[];
}

/** The drafts the signed-in person may edit: their organisation's, and in the countries they coordinate. */
export default function CaseStudyDraftsPage() {
  const { t, i18n } = useTranslation();
  const { user, checking } = useSession();
  usePageTitle(t('caseStudyForm.draftsTitle'));
  const own = useOwnOrganisations(user);
  const { data, error, loading, reload } = useQuery<{ caseStudies: { edges: { node: DraftRow }[] } }>(
    `query CaseStudyDrafts { caseStudies(first: 100, filter: { statuses: [DRAFT] }) { edges { node {
      slug title locale updatedAt countries { name } } } } }`,
    { user: user?.id },
    { skip: !user },
  );
  if (checking) return <Loading />;
  if (!user)
    return (
      <section className="narrow">
        <h1>{t('caseStudyForm.draftsTitle')}</h1>
        <p>
          {t('caseStudyForm.draftsSignIn')}{' '}
          <Link to={signInPath('/case-studies/drafts')}>{t('nav.signIn')}</Link>
        </p>
      </section>
    );
  const drafts = data?.caseStudies.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="narrow">
      <h1>{t('caseStudyForm.draftsTitle')}</h1>
      <p>{t('caseStudyForm.draftsIntro')}</p>
      {mayWriteCaseStudies(user, own.data?.organisations.edges.length ?? 0) && (
        <p>
          <Link to="/case-studies/new">{t('caseStudyForm.writeAction')}</Link>
        </p>
      )}
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && drafts.length === 0 && <p>{t('caseStudyForm.noDrafts')}</p>}
      <ul className="result-list">
        {drafts.map((draft) => (
          <li key={draft.slug}>
            <Link to={`/case-studies/${draft.slug}`} lang={draft.locale}>
              {draft.title}
            </Link>
            <p className="meta">
              {[
                draft.countries.map((c) => c.name).join(', '),
                t('caseStudyForm.updatedOn', { date: formatDay(draft.updatedAt, i18n.language) }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
