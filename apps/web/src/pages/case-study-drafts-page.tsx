import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { usePageTitle } from '../components/page-title';
import { formatDay } from '../format';
import { useOwnOrganisations } from '../own-organisations';
import { signInPath } from '../safe-links';
import { mayWriteCaseStudies, useSession } from '../session';
import { usePages } from '../use-query';

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
  const pages = usePages<DraftRow>(
    `query CaseStudyDrafts($after: String) { caseStudies(first: 50, after: $after, filter: { statuses: [DRAFT] }) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { slug title locale updatedAt countries { name } } } } }`,
    'caseStudies',
    { user: user?.id },
    { skip: !user },
  );
  const list = useRef<HTMLUListElement>(null);
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
  const drafts = pages.nodes;
  return (
    <section className="narrow">
      <h1>{t('caseStudyForm.draftsTitle')}</h1>
      <p>{t('caseStudyForm.draftsIntro')}</p>
      {mayWriteCaseStudies(user, own.nodes?.length ?? 0) && (
        <p>
          <Link to="/case-studies/new">{t('caseStudyForm.writeAction')}</Link>
        </p>
      )}
      <ErrorNotice error={pages.error} onRetry={pages.retry} />
      {pages.loading && !pages.loaded && <Loading />}
      {pages.loaded && drafts.length === 0 && <p>{t('caseStudyForm.noDrafts')}</p>}
      <ul className="result-list" ref={list}>
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
      <LoadMore
        list={list}
        count={drafts.length}
        more={!!pages.loadMore}
        loading={pages.loading}
        onMore={() => pages.loadMore?.()}
      />
    </section>
  );
}
