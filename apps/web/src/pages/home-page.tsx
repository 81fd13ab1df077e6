import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isMissingApi } from '../components/api-gaps';
import { ErrorNotice } from '../components/error-notice';
import { usePageTitle } from '../components/page-title';
import { formatDateTime, viewerTimeZone } from '../format';
import { useQuery } from '../use-query';
import { UnreadBadges } from '../components/unread-badges';

export default function HomePage() {
  const { t } = useTranslation();
  usePageTitle(undefined);
  return (
    <>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
        <p>
          <Link className="button-link primary" to="/search">
            {t('home.searchCta')}
          </Link>
        </p>
      </section>
      <div className="home-grid">
        <LatestCaseStudies />
        <UpcomingEvents />
        <ActiveRooms />
      </div>
      <section>
        <h2>{t('nav.directory')}</h2>
        <p>
          {t('home.directoryTeaser')} <Link to="/directory">{t('home.openDirectory')}</Link>
        </p>
      </section>
    </>
  );
}

/** A home-page section that disappears when its capability is not on this server. */
function HomeSection({ title, error, children }: { title: string; error: unknown; children: ReactNode }) {
  if (isMissingApi(error)) return null;
  return (
    <section className="home-section">
      <h2>{title}</h2>
      <ErrorNotice error={error} />
      {children}
    </section>
  );
}

function LatestCaseStudies() {
  const { t } = useTranslation();
  const { data, error } = useQuery<{
    caseStudies: {
      edges: {
        node: { slug: string; title: string; summary: string; locale: string; countries: { name: string }[] };
      }[];
    };
  }>(
    `query Latest { caseStudies(first: 4) { edges { node { slug title summary locale countries { name } } } } }`,
  );
  return (
    <HomeSection title={t('home.latestCaseStudies')} error={error}>
      <ul className="result-list">
        {data?.caseStudies.edges.map(({ node }) => (
          <li key={node.slug}>
            <Link to={`/case-studies/${node.slug}`} lang={node.locale}>
              {node.title}
            </Link>
            <p className="meta">{node.countries.map((c) => c.name).join(', ')}</p>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/search">{t('home.allCaseStudies')}</Link>
      </p>
    </HomeSection>
  );
}

function UpcomingEvents() {
  const { t, i18n } = useTranslation();
  const from = useMemo(() => new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString(), []);
  const { data, error } = useQuery<{
    events: {
      edges: { node: { id: string; title: string; locale: string; occurrences: { startsAt: string }[] } }[];
    };
  }>(
    `query Upcoming($from: DateTime!) { events(first: 4, filter: { from: $from }) {
      edges { node { id title locale occurrences(first: 1, from: $from) { startsAt } } } } }`,
    { from },
  );
  return (
    <HomeSection title={t('home.upcomingEvents')} error={error}>
      <p className="meta">{t('events.timesIn', { zone: viewerTimeZone() })}</p>
      <ul className="result-list">
        {data?.events.edges.map(({ node }) => (
          <li key={node.id}>
            <Link to={`/events/${node.id}`} lang={node.locale}>
              {node.title}
            </Link>
            {node.occurrences[0] && (
              <p className="meta">
                <time dateTime={node.occurrences[0].startsAt}>
                  {formatDateTime(node.occurrences[0].startsAt, i18n.language)}
                </time>
              </p>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/events">{t('home.allEvents')}</Link>
      </p>
    </HomeSection>
  );
}

function ActiveRooms() {
  const { t } = useTranslation();
  const { data, error } = useQuery<{
    rooms: {
      edges: {
        node: { id: string; title: string; unreadCount: number | null; unreadMentions: number | null };
      }[];
    };
  }>(`query ActiveRooms { rooms(first: 4) { edges { node { id title unreadCount unreadMentions } } } }`);
  return (
    <HomeSection title={t('home.activeRooms')} error={error}>
      <ul className="result-list">
        {data?.rooms.edges.map(({ node }) => (
          <li key={node.id}>
            <Link to={`/rooms/${node.id}`}>{node.title}</Link>{' '}
            <UnreadBadges unread={node.unreadCount} mentions={node.unreadMentions} />
          </li>
        ))}
      </ul>
      <p>
        <Link to="/rooms">{t('home.allRooms')}</Link>
      </p>
    </HomeSection>
  );
}
