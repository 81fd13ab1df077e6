import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type FormEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router-dom';
import { ApiError, fieldError, formError, gql, NetworkError } from '../api';
import { ErrorNotice, errorText, Loading } from '../components/error-notice';
import { MentionBox } from '../components/mention-box';
import { MessageBody } from '../components/message-body';
import { MessageHistory } from '../components/message-history';
import { ReportedMessages, ReportMessage } from '../components/message-reports';
import { UnreadBadges } from '../components/unread-badges';
import { ModerationMenu, useMemberStandings, type MemberStandings } from '../components/moderation-menu';
import { isNotFound, isRefused, PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { formatDateTime } from '../format';
import {
  afterAnswer,
  loadDraft,
  markOpen,
  saveDraft,
  settleDraft,
  TRY_AGAIN,
  type Draft,
  type Pending,
} from '../drafts';
import { mentionIds, mentionsAfterEdit, tooManyMentions, type Mentionable } from '../mentions';
import { newClientId, RoomActionError, RoomConnection, type Message } from '../room-connection';
import { signInPath } from '../safe-links';
import { useSession } from '../session';
import { useQuery } from '../use-query';
import { focusIfDropped, useFocusKept } from '../components/form-field';

interface Room {
  id: string;
  title: string;
  description: string | null;
  scope: string;
  visibility: string;
  lastSeq: number;
  canPost: boolean;
  /** When the mute the reader is under here ends (null: none). */
  myMutedUntil: string | null;
  canModerate: boolean;
  /** Messages here with open reports; null unless the reader moderates. */
  openReports: number | null;
}

interface Thread {
  id: string;
  title: string;
  pinned: boolean;
  locked: boolean;
  messageCount: number;
  /** What the reader has not read here, when the list was fetched (null for guests). */
  unreadCount: number | null;
  unreadMentions: number | null;
  /** The room's seq those were counted up to: live messages after it are added on the page. */
  unreadUpTo: number | null;
}

const MESSAGE_FIELDS = `id roomId threadId seq clientId author { id displayName } replyTo body
  mentions { id displayName } reactions { emoji count userIds } edited deleted createdAt`;
/** The API's limit on a message, in UTF-16 code units as JavaScript counts them (MAX_MESSAGE_LENGTH). */
const MAX_MESSAGE_LENGTH = 10_000;
/** How long a message whose send got no answer waits before it is tried again (unless reconnected). */
const RETRY_SEND_MS = 5_000;
/** Messages per page of a thread's history: the newest page first, earlier ones on request. */
const MESSAGE_PAGE = 50;
/** The most messages the API reads at once. */
const MAX_READ_AT_ONCE = 200;
const THREAD_PAGE = 50;
const THREAD_FIELDS = 'id title pinned locked messageCount unreadCount unreadMentions unreadUpTo';

interface ThreadPage {
  edges: { node: Thread }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const REACTIONS = ['👍', '❤️', '🎉', '🙏', '❓'];

/** Why this person may no longer speak here, as the server said it when it refused them. */
interface Silenced {
  roomId: string;
  kind: 'muted' | 'banned';
  message: string;
  /** A mute's end, when known (told live): the notice writes it in the reader's language and zone. */
  until?: Date;
}

/** The longest a browser timer waits (about 24.8 days); a longer mute's end shows on a later visit. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Checking again that a mute has ended waits at least this long (the server's clock may be behind). */
const MUTE_END_RECHECK_MS = 10_000;
/** How long a moderator's page waits for more report news before counting the reports again. */
const REPORTS_RELOAD_DELAY_MS = 300;

export default function RoomPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const { user, checking } = useSession();
  const [params, setParams] = useSearchParams();
  const room = useQuery<{ room: Room; threads: ThreadPage }>(
    `query Room($id: ID!, $first: Int!) {
      room(id: $id) { id title description scope visibility lastSeq canPost myMutedUntil canModerate openReports }
      threads(roomId: $id, first: $first) {
        edges { node { ${THREAD_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    { id, first: THREAD_PAGE, signedIn: !!user },
    { skip: checking },
  );
  const threadPages = useLaterThreadPages(id, room.data?.threads);
  /** The room (by id) whose reports were shown on this page: they stay while worked through. */
  const reportsShown = useRef<string | undefined>(undefined);
  /** The seq each thread was marked read up to on this page: its badges count only what came after. */
  const [readMarks, setReadMarks] = useState<ReadonlyMap<string, number>>(new Map());
  const listedThreads = useRef<Thread[]>([]);
  const isListed = useCallback(
    (threadId: string) => listedThreads.current.some((listed) => listed.id === threadId),
    [],
  );
  const markedRead = useCallback((threadId: string, seq: number) => {
    setReadMarks((marks) => ((marks.get(threadId) ?? 0) >= seq ? marks : new Map(marks).set(threadId, seq)));
  }, []);
  usePageTitle(room.data?.room.title);
  const [connection, setConnection] = useState<RoomConnection>();
  const [silenced, setSilenced] = useState<Silenced>();
  const loadedRoom = room.data?.room;
  const silencedHere = silenced && silenced.roomId === loadedRoom?.id ? silenced : undefined;
  // Once the server has refused this person, the page stops offering what it would refuse again.
  const roomData = loadedRoom && silencedHere ? { ...loadedRoom, canPost: false } : loadedRoom;

  const reloadRoom = room.reload;
  /**
   * A refusal (FORBIDDEN) can mean a locked thread, a mute or a ban: the room itself says which. A
   * mute leaves the room readable but `canPost` false; a ban makes the room unreadable.
   */
  const checkStanding = useCallback(
    async (refusal: unknown) => {
      if (!(refusal instanceof ApiError) || refusal.code !== 'FORBIDDEN' || !id) return;
      try {
        const { room: fresh } = await gql<{ room: { canPost: boolean; myMutedUntil: string | null } }>(
          `query RoomStanding($id: ID!) { room(id: $id) { canPost myMutedUntil } }`,
          { id },
        );
        // Muted while this page was not listening: the mute's end is known now, and awaited.
        const until = fresh.myMutedUntil ? new Date(fresh.myMutedUntil) : undefined;
        // Still free to speak here, the thread itself was locked: the room's thread:changed says so.
        if (!fresh.canPost) setSilenced({ roomId: id, kind: 'muted', message: refusal.message, until });
      } catch (caught) {
        if (caught instanceof ApiError && caught.code === 'FORBIDDEN')
          setSilenced({ roomId: id, kind: 'banned', message: caught.message });
        // Not readable any more for another reason (a public room made members-only, its case study
        // archived): the room is asked for again, and the page says why as when it is opened.
        else if (caught instanceof ApiError) reloadRoom();
      }
    },
    [id, reloadRoom],
  );

  // One live connection per room (and per signed-in person), started once the room is known.
  const startSeq = roomData?.lastSeq;
  useEffect(() => {
    if (startSeq === undefined || !id) return;
    const live = new RoomConnection(id, startSeq, i18n.language);
    live.start();
    setConnection(live);
    return () => {
      live.stop();
      setConnection(undefined);
    };
    // Restarted only for another room or person; a language switch is told to the live connection.
  }, [id, startSeq === undefined, user?.id]);

  // Taken out of the room while here (a ban): the room itself says why, as after a refused send.
  // Let back in (the ban lifted): the room is read again and offers the message box.
  /**
   * Let speak again while here (a mute lifted or ended, a ban lifted): the notice goes, the room is
   * read again, and the message box that comes back takes the focus the notice had.
   */
  const [spokenAgain, setSpokenAgain] = useState(0);
  const speakAgain = useCallback(() => {
    setSilenced(undefined);
    setSpokenAgain((count) => count + 1);
    reloadRoom();
  }, [reloadRoom]);
  useEffect(() => {
    if (!connection) return;
    let asked = false;
    let restored = connection.restored;
    return connection.subscribe(() => {
      if (connection.restored !== restored) {
        restored = connection.restored;
        asked = false;
        speakAgain();
      }
      if (!connection.removed || asked) return;
      asked = true;
      void checkStanding(new ApiError('FORBIDDEN', ''));
    });
  }, [connection, checkStanding, speakAgain]);

  // Muted, or let speak again, while here: said at once, without waiting for a refused message.
  useEffect(() => {
    if (!connection) return;
    let seen = connection.muted;
    return connection.subscribe(() => {
      const news = connection.muted;
      if (!news || news === seen) return;
      seen = news;
      if (news.until && news.until.getTime() > Date.now())
        setSilenced({ roomId: connection.roomId, kind: 'muted', message: '', until: news.until });
      else {
        speakAgain();
      }
    });
  }, [connection, speakAgain]);

  // When the mute ends, the message box comes back by itself (the room says so when asked again).
  // Each answer of the room arms the wait anew: a server whose clock is behind this browser's still
  // says "muted" at the end, and is asked again a little later.
  const loadedMuteEnds = loadedRoom?.myMutedUntil ? Date.parse(loadedRoom.myMutedUntil) : undefined;
  const muteEnds =
    silencedHere?.kind === 'banned' ? undefined : (silencedHere?.until?.getTime() ?? loadedMuteEnds);
  useEffect(() => {
    if (muteEnds === undefined) return;
    const wait = Math.max(muteEnds - Date.now() + 1000, MUTE_END_RECHECK_MS);
    if (wait > MAX_TIMER_MS) return;
    const timer = setTimeout(() => {
      speakAgain();
    }, wait);
    return () => clearTimeout(timer);
  }, [muteEnds, loadedRoom, speakAgain]);

  // A moderator's page counts the room's reports again when they change (coalesced: one read for a
  // burst of them), and an open list of them is read again. The room is read again too when a thread
  // is locked or pinned (and the later pages of its thread list, which that read does not bring), and
  // after a lost connection: what changed meanwhile was not told.
  const [reportNews, setReportNews] = useState(0);
  const { reset: resetLaterThreads } = threadPages;
  useEffect(() => {
    if (!connection) return;
    const news = () => connection.reportsChanged + connection.rejoins + connection.threadsChanged;
    let seen = news();
    let threadsSeen = connection.threadsChanged;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = connection.subscribe(() => {
      if (news() === seen || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        seen = news();
        if (connection.threadsChanged !== threadsSeen) {
          threadsSeen = connection.threadsChanged;
          resetLaterThreads();
        }
        setReportNews((n) => n + 1);
        reloadRoom();
      }, REPORTS_RELOAD_DELAY_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [connection, reloadRoom, resetLaterThreads]);

  // The server words its refusals in the socket's language: it follows the page's.
  useEffect(() => {
    connection?.setLanguage(i18n.language);
  }, [connection, i18n.language]);

  const threads = threadPages.threads;
  listedThreads.current = threads;
  const wanted = params.get('thread');
  const threadId = wanted ?? threads[0]?.id;
  const thread = threads.find((candidate) => candidate.id === threadId);
  // A thread named in the address may be on a later page of the list: fetch on until it is found.
  const { hasMore, loadMore, loading: loadingThreads } = threadPages;
  const seeking = !!wanted && !thread && hasMore;
  const threadsFailed = !!threadPages.error;
  useEffect(() => {
    if (seeking && !loadingThreads && !threadsFailed) loadMore();
  }, [seeking, loadingThreads, threadsFailed, loadMore]);

  /** Reads every thread of the room up to now (the server stops at its newest message). */
  async function markAllRead() {
    if (!id) return;
    await gql(
      `mutation MarkAllRead($roomId: ID!, $seq: Int!) { markRead(roomId: $roomId, seq: $seq) { id } }`,
      {
        roomId: id,
        seq: 2 ** 31 - 1,
      },
    ).catch(() => undefined);
    room.reload();
  }

  // Once shown, the reports stay while the moderator works through them (down to none).
  if (loadedRoom?.openReports) reportsShown.current = loadedRoom.id;

  // A background read of the room (following new threads, after marking all read) that fails for
  // want of a connection keeps the room on the page, with the error and a retry above it. A refusal,
  // or a room that is gone, shows why instead.
  if (room.error && (!room.data || isNotFound(room.error) || isRefused(room.error)))
    return (
      <PageError
        error={room.error}
        onRetry={room.reload}
        back={{ to: '/rooms', label: t('notFound.backToRooms') }}
      />
    );
  if (!room.data || !roomData) return <Loading />;

  return (
    <section className="room">
      <p className="meta">
        <Link to="/rooms">{t('rooms.title')}</Link> · {t(`rooms.scopes.${roomData.scope}`)} ·{' '}
        {t(`rooms.visibility.${roomData.visibility}`)}
      </p>
      <h1>{roomData.title}</h1>
      {roomData.description && <p>{roomData.description}</p>}
      <ErrorNotice error={room.error} onRetry={room.reload} />
      {roomData.canModerate && (!!roomData.openReports || reportsShown.current === roomData.id) && (
        <ReportedMessages
          key={roomData.id}
          roomId={roomData.id}
          count={roomData.openReports ?? 0}
          news={reportNews}
          onChanged={room.reload}
          openAtFirst={params.get('reports') === 'open'}
        />
      )}
      {connection && <ConnectionBanner connection={connection} />}
      {connection && <ThreadListFollower connection={connection} isListed={isListed} onStale={room.reload} />}
      <div className="room-layout">
        <nav aria-label={t('rooms.threads')} className="thread-list">
          <h2>{t('rooms.threads')}</h2>
          <ul>
            {threads.map((candidate) => (
              <li key={candidate.id}>
                <Link
                  to={`?thread=${candidate.id}`}
                  aria-current={candidate.id === threadId ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    const next = new URLSearchParams(params);
                    next.set('thread', candidate.id);
                    setParams(next);
                  }}
                >
                  {candidate.title}
                </Link>
                {candidate.pinned && <span className="tag"> {t('rooms.pinned')}</span>}
                {candidate.locked && <span className="tag"> {t('rooms.locked')}</span>}
                {candidate.id !== threadId && (
                  <>
                    {' '}
                    {connection && user ? (
                      <LiveUnreadBadges
                        connection={connection}
                        thread={candidate}
                        readTo={readMarks.get(candidate.id)}
                        userId={user.id}
                      />
                    ) : (
                      <UnreadBadges unread={candidate.unreadCount} mentions={candidate.unreadMentions} />
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
          <ErrorNotice error={threadPages.error} onRetry={loadMore} />
          {loadingThreads && <Loading />}
          {hasMore && !loadingThreads && !threadPages.error && (
            <p>
              <button type="button" onClick={loadMore}>
                {t('rooms.moreThreads')}
              </button>
            </p>
          )}
          {threads.some((candidate) => candidate.id !== threadId && !!candidate.unreadCount) && (
            <p>
              <button type="button" onClick={() => void markAllRead()}>
                {t('rooms.markAllRead')}
              </button>
            </p>
          )}
          {roomData.canPost && (
            <details>
              <summary>{t('rooms.startThread')}</summary>
              <NewThreadForm roomId={roomData.id} onCreated={room.reload} />
            </details>
          )}
        </nav>
        <div className="thread-view">
          {thread && connection ? (
            <ThreadView
              key={thread.id}
              room={roomData}
              thread={thread}
              connection={connection}
              silenced={silencedHere}
              spokenAgain={spokenAgain}
              onRefused={(refusal) => void checkStanding(refusal)}
              onThreadChanged={room.reload}
              onRead={markedRead}
            />
          ) : wanted && !thread && !seeking && !threadPages.error && !room.loading ? (
            <section aria-labelledby="thread-title" className="thread-missing">
              <h2 id="thread-title">{t('rooms.threadNotFound')}</h2>
              <p>{t('rooms.threadNotFoundText')}</p>
              {threads[0] && (
                <p>
                  <Link to={`/rooms/${roomData.id}`}>{t('rooms.openLatestThread')}</Link>
                </p>
              )}
            </section>
          ) : threads.length === 0 ? (
            <p>{t('rooms.noThreads')}</p>
          ) : (
            <Loading />
          )}
        </div>
      </div>
      {!user && (
        <p>
          <Link to={signInPath(`/rooms/${roomData.id}${thread ? `?thread=${thread.id}` : ''}`)}>
            {t('rooms.signInToTakePart')}
          </Link>
        </p>
      )}
    </section>
  );
}

/**
 * The room's threads: the first page (from the room's query) and the pages after it, fetched on
 * request. A reload of the first page keeps the later pages; a thread shows once, as last fetched.
 */
function useLaterThreadPages(roomId: string | undefined, first: ThreadPage | undefined) {
  const [later, setLater] = useState<{ roomId?: string; pages: ThreadPage[] }>({ pages: [] });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();
  const ticket = useRef(0);
  const pages = useMemo(
    () => (first ? [first, ...(later.roomId === roomId ? later.pages : [])] : []),
    [first, later, roomId],
  );
  const last = pages[pages.length - 1];
  const cursor = last?.pageInfo.hasNextPage ? last.pageInfo.endCursor : null;

  const loadMore = useCallback(() => {
    if (!roomId || !cursor) return;
    const mine = ++ticket.current;
    setLoading(true);
    setError(undefined);
    gql<{ threads: ThreadPage }>(
      `query MoreThreads($id: ID!, $first: Int!, $after: String) {
        threads(roomId: $id, first: $first, after: $after) {
          edges { node { ${THREAD_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { id: roomId, first: THREAD_PAGE, after: cursor },
    )
      .then(({ threads }) => {
        if (mine !== ticket.current) return;
        setLater((previous) => ({
          roomId,
          pages: [...(previous.roomId === roomId ? previous.pages : []), threads],
        }));
      })
      .catch((caught: unknown) => mine === ticket.current && setError(caught))
      .finally(() => mine === ticket.current && setLoading(false));
  }, [roomId, cursor]);

  const threads = useMemo(() => {
    const byId = new Map<string, Thread>();
    for (const page of pages)
      for (const { node } of page.edges) if (!byId.has(node.id)) byId.set(node.id, node);
    return [...byId.values()].sort((a, b) => Number(b.pinned) - Number(a.pinned));
  }, [pages]);

  /** Forgets the pages after the first (a thread on them changed): they are read again as needed. */
  const reset = useCallback(() => {
    ticket.current++;
    setLater({ pages: [] });
    setLoading(false);
  }, []);

  return { threads, hasMore: !!cursor, loadMore, loading, error, reset };
}

/**
 * Keeps the thread list current without asking the server at every message: the badges follow what
 * arrives live and what this page reads (`LiveUnreadBadges`). The list is asked for again only when
 * a message arrives in a thread it does not show (one started meanwhile), once a burst is over.
 */
function ThreadListFollower({
  connection,
  isListed,
  onStale,
}: {
  connection: RoomConnection;
  isListed: (threadId: string) => boolean;
  onStale: () => void;
}) {
  useConnection(connection);
  const arrived = connection.arrived;
  const handled = useRef(arrived);
  const [stale, setStale] = useState(0);
  useEffect(() => {
    if (!arrived || arrived === handled.current) return;
    handled.current = arrived;
    if (!isListed(arrived.threadId)) setStale((n) => n + 1);
  }, [arrived, isListed]);
  useEffect(() => {
    if (stale === 0) return;
    const timer = setTimeout(onStale, 1000);
    return () => clearTimeout(timer);
  }, [stale, onStale]);
  return null;
}

/**
 * A listed thread's unread badges: what the server counted, plus others' messages (not deleted) that
 * arrived after it counted (`unreadUpTo`). Once this page has read the thread up to `readTo`, after
 * the server counted, only what came after that counts: every message of the thread before it was
 * shown. A count made after the page read the thread already knows that.
 */
function LiveUnreadBadges({
  connection,
  thread,
  readTo,
  userId,
}: {
  connection: RoomConnection;
  thread: Thread;
  readTo: number | undefined;
  userId: string;
}) {
  useConnection(connection);
  const local = readTo !== undefined && (thread.unreadUpTo === null || readTo >= thread.unreadUpTo);
  const after = local ? readTo : thread.unreadUpTo;
  let unread = local ? 0 : (thread.unreadCount ?? 0);
  let mentions = local ? 0 : (thread.unreadMentions ?? 0);
  if (after !== null) {
    // Newest first, down to what was counted or read: a badge reads only the messages it adds.
    const messages = connection.threadMessages(thread.id);
    for (let i = messages.length - 1; i >= 0 && messages[i].seq > after; i--) {
      const message = messages[i];
      if (message.deleted || message.author?.id === userId) continue;
      unread++;
      if (message.mentions?.some((person) => person.id === userId)) mentions++;
    }
  }
  return <UnreadBadges unread={unread} mentions={mentions} />;
}

function useConnection(connection: RoomConnection): number {
  return useSyncExternalStore(connection.subscribe, connection.getVersion);
}

function ConnectionBanner({ connection }: { connection: RoomConnection }) {
  const { t } = useTranslation();
  const location = useLocation();
  useConnection(connection);
  const people = [...connection.present.values()];
  return (
    <>
      {connection.status === 'offline' && (
        <p className="notice notice-error banner" role="alert">
          {connection.lastError?.message || t('rooms.disconnected')}
        </p>
      )}
      {connection.status === 'signedOut' && (
        <p className="notice notice-error banner" role="alert">
          {t('rooms.signedOut')}{' '}
          <Link to={signInPath(`${location.pathname}${location.search}`)}>{t('rooms.signInAgain')}</Link>
        </p>
      )}
      {connection.status === 'connecting' && (
        <p className="notice notice-language banner" role="status">
          {t('rooms.connecting')}
        </p>
      )}
      {people.length > 0 && (
        <p className="meta presence">
          {t('rooms.hereNow', { count: people.length })} {people.map((p) => p.displayName).join(', ')}
        </p>
      )}
    </>
  );
}

function ThreadView({
  room,
  thread,
  connection,
  silenced,
  spokenAgain,
  onRefused,
  onThreadChanged,
  onRead,
}: {
  room: Room;
  thread: Thread;
  connection: RoomConnection;
  silenced: Silenced | undefined;
  /** How often the reader was let speak again while here (the box then takes the focus back). */
  spokenAgain: number;
  onRefused: (refusal: unknown) => void;
  onThreadChanged: () => void;
  /** The thread was marked read (the list's counts may be out of date). */
  onRead: (threadId: string, seq: number) => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  useConnection(connection);
  const standings = useMemberStandings(room.id);
  const [moderationStatus, setModerationStatus] = useState('');
  const older = useQuery<{ messages: Message[] }>(
    `query Messages($threadId: ID!, $first: Int!) {
      messages(threadId: $threadId, first: $first) { ${MESSAGE_FIELDS} } }`,
    { threadId: thread.id, first: MESSAGE_PAGE },
  );
  useEffect(() => {
    if (older.data) connection.merge(older.data.messages, false);
  }, [older.data, connection]);
  // Back after a lost connection: what was missed came with the rejoin, but not what was edited or
  // deleted meanwhile; the thread's newest page is read again.
  const { reload: reloadNewest } = older;
  const rejoinsSeen = useRef(connection.rejoins);
  useEffect(() => {
    if (connection.rejoins === rejoinsSeen.current) return;
    rejoinsSeen.current = connection.rejoins;
    reloadNewest();
  }, [connection.rejoins, reloadNewest]);
  const earlier = useEarlierMessages(thread.id, connection, older.data?.messages);
  useFocusKept(earlier.loading);
  // The last earlier page takes its button away: the focus it had goes to the messages, not the page.
  const log = useRef<HTMLDivElement>(null);
  const loadAsked = useRef(false);
  useEffect(() => {
    if (earlier.loading || !loadAsked.current) return;
    loadAsked.current = false;
    if (!earlier.hasMore) focusIfDropped(log.current);
  }, [earlier.loading, earlier.hasMore]);

  const messages = connection.threadMessages(thread.id);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const answered = useAnsweredMessages(thread.id, messages, byId);
  const [replyTo, setReplyTo] = useState<Message>();
  const [actionError, setActionError] = useState<unknown>();
  const latestSeq = messages.length ? messages[messages.length - 1].seq : 0;

  // Reading the thread marks it read up to what is shown; the room's other threads stay as they were.
  useEffect(() => {
    if (!user || latestSeq === 0) return;
    const timer = setTimeout(() => {
      void gql(
        `mutation MarkRead($roomId: ID!, $threadId: ID!, $seq: Int!) {
          markRead(roomId: $roomId, threadId: $threadId, seq: $seq) { id } }`,
        { roomId: room.id, threadId: thread.id, seq: latestSeq },
      ).then(
        () => onRead(thread.id, latestSeq),
        () => undefined,
      );
    }, 1000);
    return () => clearTimeout(timer);
  }, [user, latestSeq, room.id, thread.id, onRead]);

  // A moderation result stays readable for a while, then makes way.
  useEffect(() => {
    if (!moderationStatus) return;
    const timer = setTimeout(() => setModerationStatus(''), 10_000);
    return () => clearTimeout(timer);
  }, [moderationStatus]);

  function failed(caught: unknown) {
    setActionError(caught);
    if (caught) onRefused(caught);
  }

  async function act(action: () => Promise<unknown>) {
    setActionError(undefined);
    try {
      await action();
    } catch (caught) {
      failed(caught);
    }
  }

  const typingHere = [...connection.typing.values()].filter(
    (entry) => entry.threadId === thread.id && entry.person.id !== user?.id && entry.until > Date.now(),
  );

  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title">{thread.title}</h2>
      {room.canModerate && (
        <div className="actions">
          <button
            type="button"
            onClick={() =>
              void act(() =>
                gql(
                  `mutation Pin($id: ID!, $on: Boolean!) { pinThread(threadId: $id, pinned: $on) { id } }`,
                  {
                    id: thread.id,
                    on: !thread.pinned,
                  },
                ).then(onThreadChanged),
              )
            }
          >
            {thread.pinned ? t('rooms.unpin') : t('rooms.pin')}
          </button>
          <button
            type="button"
            onClick={() =>
              void act(() =>
                gql(
                  `mutation Lock($id: ID!, $on: Boolean!) { lockThread(threadId: $id, locked: $on) { id } }`,
                  {
                    id: thread.id,
                    on: !thread.locked,
                  },
                ).then(onThreadChanged),
              )
            }
          >
            {thread.locked ? t('rooms.unlock') : t('rooms.lock')}
          </button>
        </div>
      )}
      <ErrorNotice error={older.error} onRetry={older.reload} />
      <ErrorNotice error={actionError} />
      {older.loading && !older.data && <Loading />}
      {older.data && messages.length === 0 && <p>{t('rooms.noMessages')}</p>}
      {earlier.hasMore && (
        <div className="earlier">
          <ErrorNotice error={earlier.error} />
          <button
            type="button"
            disabled={earlier.loading}
            onClick={() => {
              loadAsked.current = true;
              earlier.load();
            }}
          >
            {earlier.loading ? t('common.loading') : t('rooms.loadEarlier')}
          </button>
        </div>
      )}
      <div role="log" aria-live="polite" aria-label={t('rooms.messages')} tabIndex={-1} ref={log}>
        <ol className="messages">
          {messages.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              parent={
                message.replyTo ? (byId.get(message.replyTo) ?? answered.get(message.replyTo)) : undefined
              }
              room={room}
              canSpeak={room.canPost && (!thread.locked || room.canModerate)}
              connection={connection}
              standings={standings}
              onReply={() => setReplyTo(message)}
              onError={failed}
              onRefused={onRefused}
              onModerated={setModerationStatus}
            />
          ))}
        </ol>
      </div>
      {room.canModerate && (
        <p className={`moderation-status${moderationStatus ? ' is-shown' : ''}`} role="status">
          {moderationStatus}
        </p>
      )}
      <p className="meta typing" aria-live="polite">
        {typingHere.length > 0 &&
          t('rooms.typing', {
            count: typingHere.length,
            names: typingHere.map((e) => e.person.displayName).join(', '),
          })}
      </p>
      {thread.locked && (
        // Hosts and moderators still write in a locked thread (the server lets them); they are told it is.
        <p className="notice notice-language">
          {t(room.canModerate && room.canPost ? 'rooms.threadLockedForOthers' : 'rooms.threadLocked')}
        </p>
      )}
      {(thread.locked && !room.canModerate) || !room.canPost ? (
        <UnsentDraft key={thread.id} threadId={thread.id} onDiscarded={() => log.current?.focus()} />
      ) : null}
      {thread.locked && !room.canModerate ? null : room.canPost ? (
        <Composer
          key={thread.id}
          connection={connection}
          threadId={thread.id}
          replyTo={replyTo}
          spokenAgain={spokenAgain}
          onCancelReply={() => setReplyTo(undefined)}
          onRefused={onRefused}
        />
      ) : (
        // Signed in, able to read, yet not to post: the server has muted or banned this person.
        user && <SilencedNotice silenced={silenced} mutedUntil={room.myMutedUntil} />
      )}
    </section>
  );
}

/**
 * What this person had written in a thread they can no longer write in (locked, or they were muted,
 * while it was typed or waited to go out): shown to copy elsewhere, until they discard it.
 */
function UnsentDraft({ threadId, onDiscarded }: { threadId: string; onDiscarded: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [draft, setDraft] = useState(() => (user ? loadDraft(user.id, threadId) : undefined));
  // What waited to go out first, then what was typed after it.
  const text = [draft?.pending?.body, draft?.body].filter((part) => part?.trim()).join('\n\n');
  if (!user || !text) return null;
  return (
    <div className="notice unsent-draft">
      <p>{t('rooms.unsentKept')}</p>
      {draft?.refused && <p>{draft.refused}</p>}
      <blockquote dir="auto">{text}</blockquote>
      <button
        type="button"
        onClick={() => {
          saveDraft(user.id, threadId, undefined);
          setDraft(undefined);
          onDiscarded(); // the button goes with the text: the focus goes to the messages
        }}
      >
        {t('rooms.discardUnsent')}
      </button>
    </div>
  );
}

/**
 * The messages replies on the page answer that are not on it (older than its earliest page), read
 * once each (again only after a network failure, once the thread changes), so that every reply
 * shows what it answers. They are not followed live: an edit or deletion shows after a reload.
 */
function useAnsweredMessages(
  threadId: string,
  messages: readonly Message[],
  shown: Map<string, Message>,
): Map<string, Message> {
  const [found, setFound] = useState(() => new Map<string, Message>());
  const asked = useRef(new Set<string>());
  const key = [
    ...new Set(
      messages.flatMap((m) =>
        m.replyTo && !shown.has(m.replyTo) && !found.has(m.replyTo) ? [m.replyTo] : [],
      ),
    ),
  ].join(',');
  useEffect(() => {
    const ids = (key ? key.split(',') : []).filter((id) => !asked.current.has(id)).slice(0, MAX_READ_AT_ONCE);
    if (ids.length === 0) return;
    for (const id of ids) asked.current.add(id);
    gql<{ messages: Message[] }>(
      `query AnsweredMessages($threadId: ID!, $ids: [ID!]!, $first: Int!) {
        messages(threadId: $threadId, ids: $ids, first: $first) { ${MESSAGE_FIELDS} } }`,
      { threadId, ids, first: ids.length },
    ).then(
      ({ messages: read }) =>
        setFound((before) => new Map([...before, ...read.map((m) => [m.id, m] as const)])),
      (error: unknown) => {
        if (error instanceof NetworkError) for (const id of ids) asked.current.delete(id);
      },
    );
  }, [threadId, key]);
  return found;
}

/**
 * The thread's history before the newest page: each request asks for the page before the earliest
 * message shown. A full page means there may be more; a shorter one is the start of the thread.
 */
function useEarlierMessages(threadId: string, connection: RoomConnection, newest: Message[] | undefined) {
  const [state, setState] = useState<{ exhausted: boolean; loading: boolean; error?: unknown }>({
    exhausted: false,
    loading: false,
  });
  const hasMore = !!newest && newest.length >= MESSAGE_PAGE && !state.exhausted;

  const load = useCallback(() => {
    const shown = connection.threadMessages(threadId);
    const before = shown[0]?.seq;
    if (!before) return;
    setState({ exhausted: false, loading: true });
    gql<{ messages: Message[] }>(
      `query EarlierMessages($threadId: ID!, $beforeSeq: Int!, $first: Int!) {
        messages(threadId: $threadId, beforeSeq: $beforeSeq, first: $first) { ${MESSAGE_FIELDS} } }`,
      { threadId, beforeSeq: before, first: MESSAGE_PAGE },
    ).then(
      ({ messages }) => {
        connection.merge(messages, false);
        setState({ exhausted: messages.length < MESSAGE_PAGE, loading: false });
      },
      (error: unknown) => setState({ exhausted: false, loading: false, error }),
    );
  }, [threadId, connection]);

  return { hasMore, load, loading: state.loading, error: state.error };
}

/** Said instead of the composer to someone the room has muted or banned. */
function SilencedNotice({
  silenced,
  mutedUntil,
}: {
  silenced: Silenced | undefined;
  /** The mute's end as the room said it when loaded. */
  mutedUntil: string | null;
}) {
  const { t, i18n } = useTranslation();
  const notice = useRef<HTMLDivElement>(null);
  const banned = silenced?.kind === 'banned';
  const until = banned ? undefined : (silenced?.until?.toISOString() ?? mutedUntil);
  // Refused just now (the composer they were using is gone): take the focus to the reason.
  useEffect(() => {
    if (silenced) notice.current?.focus();
  }, [silenced]);
  return (
    <div
      ref={notice}
      className="notice notice-error silenced"
      role={silenced ? 'alert' : undefined}
      tabIndex={-1}
    >
      <p>
        <strong>
          {until
            ? t('rooms.mutedUntil', { until: formatDateTime(until, i18n.language) })
            : silenced?.message || (banned ? t('rooms.banned') : t('rooms.muted'))}
        </strong>
      </p>
      <p>{banned ? t('rooms.bannedHelp') : t('rooms.mutedHelp')}</p>
    </div>
  );
}

function MessageItem({
  message,
  parent,
  room,
  canSpeak,
  connection,
  standings,
  onReply,
  onError,
  onRefused,
  onModerated,
}: {
  message: Message;
  parent: Message | undefined;
  room: Room;
  /** May the reader reply, react and edit here (posting allowed, the thread open to them)? */
  canSpeak: boolean;
  connection: RoomConnection;
  standings: MemberStandings;
  onReply: () => void;
  onError: (error: unknown) => void;
  /** A refusal the room should look into (muted or banned meanwhile). */
  onRefused: (refusal: unknown) => void;
  onModerated: (status: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  // The text in the edit box, and the people picked in it (those mentioned before stay, see submit).
  const [edited, setEdited] = useState<{ body: string; picks: Mentionable[] }>({ body: '', picks: [] });
  // A refused edit is said under the box being edited, not at the top of a long thread.
  const [editError, setEditError] = useState<unknown>();
  const editId = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Leaving the editor removes the control that had the focus: give it back to Edit.
  useEffect(() => {
    if (wasEditing.current && !editing) {
      editButton.current?.focus();
      setEditError(undefined);
    }
    wasEditing.current = editing;
  }, [editing]);
  const item = useRef<HTMLLIElement>(null);
  const removedHere = useRef(false);
  // Deleting removes the buttons with the focus: leave it on what stands in the message's place.
  useEffect(() => {
    if (message.deleted && removedHere.current) item.current?.focus();
  }, [message.deleted]);
  const mine = !!user && message.author?.id === user.id;
  const mentionsMe = !!user && !!message.mentions?.some((person) => person.id === user.id);
  const run = (action: () => Promise<unknown>) => {
    onError(undefined);
    action().catch(onError);
  };

  if (message.deleted) {
    return (
      <li ref={item} className="message message-deleted" data-seq={message.seq} tabIndex={-1}>
        <p className="meta">{t('rooms.deleted')}</p>
        {room.canModerate && <MessageHistory messageId={message.id} deleted />}
      </li>
    );
  }
  return (
    <li className={`message${mentionsMe ? ' message-mention' : ''}`} data-seq={message.seq}>
      <p className="message-head">
        <strong>{message.author?.displayName ?? t('rooms.someone')}</strong>{' '}
        {mentionsMe && <span className="mention-badge">{t('rooms.mentionsYou')}</span>}{' '}
        <time className="meta" dateTime={message.createdAt}>
          {formatDateTime(message.createdAt, i18n.language)}
        </time>
        {message.edited && <span className="meta"> · {t('rooms.edited')}</span>}
      </p>
      {parent && (
        <blockquote className="reply-quote">
          {t('rooms.replyTo', { name: parent.author?.displayName ?? t('rooms.someone') })}{' '}
          {parent.deleted ? (
            t('rooms.deleted')
          ) : (
            <bdi>{(parent.body ?? '').replace(/\*\*|`/g, '').slice(0, 140)}</bdi>
          )}
        </blockquote>
      )}
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const body = edited.body;
            setEditError(undefined);
            // A name deleted from the text is no longer a mention; one picked now is a new one.
            const mentions = [
              ...new Set([
                ...mentionsAfterEdit(message.body ?? '', body, message.mentions ?? []),
                ...mentionIds(body, edited.picks),
              ]),
            ];
            const tooMany = tooManyMentions(mentions, t);
            if (tooMany) {
              setEditError(new RoomActionError('BAD_USER_INPUT', tooMany));
              document.getElementById(editId)?.focus();
              return;
            }
            connection.edit(message.id, body, mentions).then(
              () => setEditing(false),
              (caught: unknown) => {
                setEditError(caught);
                document.getElementById(editId)?.focus();
                onRefused(caught);
              },
            );
          }}
        >
          <label htmlFor={editId} className="visually-hidden">
            {t('rooms.editLabel')}
          </label>
          <MentionBox
            id={editId}
            roomId={room.id}
            value={edited.body}
            picks={edited.picks}
            known={writersOf(connection, user?.id)}
            onChange={(body, picks) => setEdited({ body, picks })}
            aria-invalid={editError ? true : undefined}
            aria-describedby={editError ? `${editId}-error` : undefined}
            rows={3}
            // Opened by the reader's own Edit: the focus goes where they are about to type.
            autoFocus
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
          />
          {!!editError && (
            <p className="field-error" id={`${editId}-error`} role="alert">
              {fieldError(editError, 'body') ?? errorText(editError, t)}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary">
              {t('rooms.save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('rooms.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <MessageBody text={message.body ?? ''} />
      )}
      {room.canModerate && message.edited && !editing && (
        <MessageHistory key={message.body} messageId={message.id} deleted={false} />
      )}
      <div className="reactions" role="group" aria-label={t('rooms.reactions')}>
        {REACTIONS.map((emoji) => {
          const reaction = message.reactions.find((r) => r.emoji === emoji);
          const pressed = !!user && !!reaction?.userIds.includes(user.id);
          if (!canSpeak && !reaction) return null;
          return (
            <button
              key={emoji}
              type="button"
              className="reaction"
              aria-pressed={pressed}
              disabled={!canSpeak}
              aria-label={t('rooms.react', { emoji, count: reaction?.count ?? 0 })}
              onClick={() => run(() => connection.react(message.id, emoji))}
            >
              {emoji} {reaction?.count ? reaction.count : ''}
            </button>
          );
        })}
      </div>
      <div className="message-actions">
        {canSpeak && (
          <button type="button" className="link-button" onClick={onReply}>
            {t('rooms.reply')}
          </button>
        )}
        {mine && canSpeak && (
          <button
            ref={editButton}
            type="button"
            className="link-button"
            onClick={() => {
              // Pressed again while editing: what is typed in the box stays.
              if (!editing) setEdited({ body: message.body ?? '', picks: [] });
              setEditing(true);
            }}
          >
            {t('rooms.edit')}
          </button>
        )}
        {(mine || room.canModerate) && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              if (!window.confirm(t('rooms.confirmDelete'))) return;
              removedHere.current = true;
              run(() =>
                connection.remove(message.id).catch((error: unknown) => {
                  removedHere.current = false;
                  throw error;
                }),
              );
            }}
          >
            {t('rooms.delete')}
          </button>
        )}
        {user && !mine && <ReportMessage messageId={message.id} />}
        {room.canModerate && !mine && message.author && (
          <ModerationMenu
            roomId={room.id}
            person={message.author}
            standings={standings}
            onModerated={onModerated}
          />
        )}
      </div>
    </li>
  );
}

/** The people who wrote the messages loaded here, but the reader: whom an `@` offers first. */
function writersOf(connection: RoomConnection, userId: string | undefined): Mentionable[] {
  const people = new Map<string, Mentionable>();
  for (const message of connection.messages.values())
    if (message.author && message.author.id !== userId) people.set(message.author.id, message.author);
  return [...people.values()];
}

/**
 * The message box. What is typed is kept as a draft in this browser until the server has it (see
 * drafts.ts). Sent, the message leaves the box for `pending` and goes out from there, with its own
 * clientId, so at most once: at once when the room is connected, else once it is again (shown as
 * waiting meanwhile); should the person leave the thread first, from wherever they are
 * (queued-messages.ts). What is typed next stays in the box.
 */
function Composer({
  connection,
  threadId,
  replyTo,
  spokenAgain,
  onCancelReply,
  onRefused,
}: {
  connection: RoomConnection;
  threadId: string;
  replyTo: Message | undefined;
  spokenAgain: number;
  onCancelReply: () => void;
  onRefused: (refusal: unknown) => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const userId = user?.id ?? '';
  useConnection(connection);
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState<Draft>(() => loadDraft(userId, threadId) ?? { body: '' });
  // The draft as last kept: keystrokes and answers that come in between read it, not a render's copy.
  const latest = useRef(draft);
  // An answer that comes after the box closed (another thread opened) only updates what is stored.
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  // Refused when it went out from another page: the reason, as the server gave it then.
  const [error, setError] = useState<unknown>(() =>
    draft.refused ? new RoomActionError('REFUSED', draft.refused) : undefined,
  );
  const [busy, setBusy] = useState(false);
  // A try that got no answer waits a moment before the next, unless the connection comes back first.
  const [resting, setResting] = useState(false);
  const online = connection.status === 'online';
  const pending = draft.pending;
  useEffect(() => markOpen(threadId), [threadId]);
  useEffect(() => {
    if (!resting) return;
    const timer = setTimeout(() => setResting(false), RETRY_SEND_MS);
    return () => clearTimeout(timer);
  }, [resting]);
  useEffect(() => setResting(false), [connection.status]);

  useEffect(() => {
    if (replyTo) input.current?.focus();
  }, [replyTo]);
  // Back after a mute or a ban: the notice that had the focus is gone, so the box takes it (unless
  // the reader has moved on to something else meanwhile).
  useEffect(() => {
    if (spokenAgain > 0 && (!document.activeElement || document.activeElement === document.body))
      input.current?.focus();
  }, [spokenAgain]);

  const writers = writersOf(connection, userId);

  function keep(next: Draft) {
    latest.current = next;
    setDraft(next);
    saveDraft(userId, threadId, next);
  }

  /**
   * `message` answered (`refused`: why not): this box's draft follows when it is open, whatever the
   * stored one says by then (another sender may have settled it); else only the stored one does.
   */
  function answered(message: Pending, refused?: string) {
    if (!alive.current) {
      settleDraft(userId, threadId, message, refused);
      return;
    }
    const next = afterAnswer(latest.current, message, refused);
    if (next) keep(next);
  }

  /** Moves what is typed out of the box into `pending`, from where it goes out (`deliver`). */
  function send() {
    const now = latest.current;
    if (!now.body.trim() || now.pending) return;
    // Refused here, not sent: a huge paste would exceed the socket's frame limit, and the server would
    // close the connection instead of answering, again after every reconnect.
    const { length } = now.body;
    if (length > MAX_MESSAGE_LENGTH) {
      setError(
        new RoomActionError('PAYLOAD_TOO_LARGE', () =>
          t('rooms.tooLong', { count: MAX_MESSAGE_LENGTH, length }),
        ),
      );
      return;
    }
    const tooMany = tooManyMentions(mentionIds(now.body, now.mentions ?? []), t);
    if (tooMany) {
      setError(new RoomActionError('BAD_USER_INPUT', tooMany));
      return;
    }
    keep({
      body: '',
      pending: {
        body: now.body,
        clientId: newClientId(),
        mentions: now.mentions,
        roomId: connection.roomId,
        ...(replyTo ? { replyTo: replyTo.id } : {}),
      },
    });
    setError(undefined);
    onCancelReply();
    // Sent with the button, which is now disabled: the focus goes back to where the next is written.
    input.current?.focus();
  }

  async function deliver(message: Pending) {
    setBusy(true);
    try {
      const mentions = mentionIds(message.body, message.mentions ?? []);
      await connection.send(threadId, message.body, message.clientId, message.replyTo, mentions);
      answered(message);
    } catch (caught) {
      // Not reached, its answer lost, or "not now": it stays pending, and goes when it can.
      if (caught instanceof ApiError && TRY_AGAIN.has(caught.code)) {
        if (alive.current) setResting(true);
      } else {
        // Refused: its words go back into the box, with the reason.
        answered(message, caught instanceof ApiError ? caught.message : '');
        if (alive.current) {
          setError(caught);
          onRefused(caught);
        }
      }
    } finally {
      if (alive.current) setBusy(false);
    }
  }

  // What is pending goes out once the room is connected (at once after Send, when it already is).
  useEffect(() => {
    if (pending && online && !busy && !resting) void deliver(pending);
  }, [pending, online, busy, resting]);
  // Said while it cannot go (offline, or resting after a try without answer), not at every send.
  const waiting = !!pending && (!online || resting);

  const message = error ? errorText(error, t) : undefined;
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {replyTo && (
        <p className="reply-banner">
          {t('rooms.replyingTo', { name: replyTo.author?.displayName ?? t('rooms.someone') })}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              // The button goes with the banner: keep the focus where the message is written.
              input.current?.focus();
              onCancelReply();
            }}
          >
            {t('rooms.cancel')}
          </button>
        </p>
      )}
      <label htmlFor={id}>{t('rooms.yourMessage')}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t('rooms.mentionHint')}
      </p>
      <MentionBox
        id={id}
        roomId={connection.roomId}
        inputRef={input}
        rows={3}
        value={draft.body}
        picks={draft.mentions ?? []}
        known={writers}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${id}-hint${message ? ` ${id}-error` : waiting ? ` ${id}-waiting` : ''}`}
        onChange={(body, mentions) => {
          // The next message: what is pending stays as it was sent.
          const { pending: sent } = latest.current;
          keep({ body, mentions, ...(sent ? { pending: sent } : {}) });
          connection.typingIn(threadId);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey))
            event.currentTarget.form?.requestSubmit();
        }}
      />
      {message && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {message}
        </p>
      )}
      <p className="meta" id={`${id}-waiting`} role="status">
        {waiting ? t('rooms.waitingToSend') : ''}
      </p>
      {pending && (
        <blockquote className="pending-message" dir="auto">
          {pending.body}
        </blockquote>
      )}
      {/* One message goes out at a time: the next is sent once the one before it is stored. */}
      <button type="submit" className="primary" disabled={!!pending}>
        {t('rooms.send')}
      </button>
    </form>
  );
}

function NewThreadForm({ roomId, onCreated }: { roomId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [error, setError] = useState<unknown>();
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setError(undefined);
    try {
      const { createThread } = await gql<{ createThread: { id: string } }>(
        `mutation CreateThread($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
        { input: { roomId, title: new FormData(form).get('title') } },
      );
      form.reset();
      onCreated();
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        next.set('thread', createThread.id);
        return next;
      });
    } catch (caught) {
      setError(caught);
    }
  }

  const titleError = fieldError(error, 'title');
  return (
    <form onSubmit={(event) => void submit(event)} className="new-thread">
      <ErrorNotice error={formError(error)} />
      <div className={`field${titleError ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{t('rooms.newThread')}</label>
        <input
          id={id}
          name="title"
          required
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${id}-error` : undefined}
        />
        {titleError && (
          <p className="field-error" id={`${id}-error`}>
            {titleError}
          </p>
        )}
      </div>
      <button type="submit">{t('rooms.startThread')}</button>
    </form>
  );
}
