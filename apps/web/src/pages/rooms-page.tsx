import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { usePageTitle } from '../components/page-title';
import { useSession } from '../session';
import { useQuery } from '../use-query';
import { UnreadBadges } from '../components/unread-badges';

interface RoomRow {
  id: string;
  title: string;
  description: string | null;
  scope: string;
  visibility: string;
  country: { name: string } | null;
  unreadCount: number | null;
  unreadMentions: number | null;
  /** Messages with open reports; null unless the reader moderates the room. */
  openReports: number | null;
}

export default function RoomsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { data, error, loading, reload } = useQuery<{ rooms: { edges: { node: RoomRow }[] } }>(
    `query Rooms { rooms(first: 100) { edges { node {
      id title description scope visibility country { name } unreadCount unreadMentions openReports } } } }`,
    { signedIn: !!user },
  );
  usePageTitle(t('rooms.title'));
  const rooms = data?.rooms.edges.map((edge) => edge.node) ?? [];
  return (
    <section>
      <h1>{t('rooms.title')}</h1>
      <p>{user ? t('rooms.intro') : t('rooms.introGuest')}</p>
      <ErrorNotice error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && rooms.length === 0 && <p>{t('rooms.none')}</p>}
      <ul className="card-grid">
        {rooms.map((room) => (
          <li key={room.id} className="card">
            <h2 className="card-title">
              <Link to={`/rooms/${room.id}`}>{room.title}</Link>{' '}
              <UnreadBadges unread={room.unreadCount} mentions={room.unreadMentions} />
            </h2>
            <p className="meta">
              {t(`rooms.scopes.${room.scope}`)}
              {room.country ? ` · ${room.country.name}` : ''} · {t(`rooms.visibility.${room.visibility}`)}
            </p>
            {!!room.openReports && (
              <p>
                <span className="tag tag-danger">
                  {t('rooms.reportedMessages', { count: room.openReports })}
                </span>
              </p>
            )}
            {room.description && <p>{room.description}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
