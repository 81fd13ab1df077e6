import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorNotice, Loading } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { usePageTitle } from '../components/page-title';
import { useSession } from '../session';
import { usePages } from '../use-query';
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

const ROOMS = `query Rooms($after: String) { rooms(first: 50, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id title description scope visibility country { name } unreadCount unreadMentions openReports } } } }`;

export default function RoomsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  // Read again when someone signs in or out: who may see which room, and unread counts, change.
  const pages = usePages<RoomRow>(ROOMS, 'rooms', { signedIn: !!user });
  const list = useRef<HTMLUListElement>(null);
  usePageTitle(t('rooms.title'));
  const rooms = pages.nodes;
  return (
    <section>
      <h1>{t('rooms.title')}</h1>
      <p>{user ? t('rooms.intro') : t('rooms.introGuest')}</p>
      <ErrorNotice error={pages.error} onRetry={pages.retry} />
      {pages.loading && <Loading />}
      {pages.loaded && rooms.length === 0 && <p>{t('rooms.none')}</p>}
      <ul className="card-grid" ref={list}>
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
      <LoadMore
        list={list}
        count={rooms.length}
        more={!!pages.loadMore}
        loading={pages.loading}
        onMore={() => pages.loadMore?.()}
      />
    </section>
  );
}
