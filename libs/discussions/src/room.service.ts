import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccountsService,
  RoleChangeListeners,
  coordinatedCountries,
  hasRole,
  isNetworkWide,
  Role,
  type AuthUser,
  type PersonModel,
} from '@ashar/accounts';
import { AppError, optionalText, requireText } from '@ashar/errors';
import { t, type Locale } from '@ashar/i18n';
import { NetworkService } from '@ashar/network';
import { decodeCursor, toConnection, toTheMillisecond, type ConnectionShape } from '@ashar/transport';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type {
  BanMemberInput,
  CreateRoomInput,
  CreateThreadInput,
  MuteMemberInput,
  RoomFilter,
  RoomMemberInput,
} from './dto/room.inputs';
import type { RoomMemberModel, RoomModel, ThreadModel } from './dto/room.models';
import {
  canModerate,
  discussionNotFound,
  isHost,
  mayCreateRoom,
  muteInForce,
  mutedUntil,
  postRefusal,
  readRefusal,
  requireModerate,
  requirePost,
  requireRead,
  type RoomStanding,
} from './room-access';
import { RoomEntity, RoomMemberEntity, RoomThreadEntity } from './room.entities';
import { RoomEvents } from './room-events';
import { RoomRateLimiter } from './room-rate-limiter';
import { RoomRole, RoomScope, RoomVisibility, SINGLE_ROOM_SCOPES } from './room-kinds';
import { RECORD_SCOPES, RoomScopeRegistry } from './room-scope-registry';

export { discussionNotFound } from './room-access';

/** Fields of `createRoom` that the record sets for an EVENT or CASE_STUDY room, so a caller may not. */
const SET_BY_RECORD = ['visibility', 'title', 'description', 'originalLocale'] as const;

type Json = Record<string, unknown>;

/** The most people `mentionable` lists. */
const MAX_MENTIONABLE = 500;

@Injectable()
export class RoomService implements OnModuleInit {
  private readonly logger = new Logger('RoomService');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly network: NetworkService,
    private readonly accounts: AccountsService,
    private readonly scopes: RoomScopeRegistry,
    private readonly events: RoomEvents,
    private readonly roleChanges: RoleChangeListeners,
    private readonly limiter: RoomRateLimiter,
  ) {}

  onModuleInit(): void {
    // A role given or taken away changes what its holder may read and do: their open sockets read their
    // roles again at once, and a revoked role (a coordinator's country, a network-wide role) takes its
    // holder's sockets out of the rooms it had opened to them. Revoked tokens close the sockets that
    // signed in with them.
    this.roleChanges.add(async ({ userId, revoked, tokenVersion }) => {
      if (tokenVersion !== undefined) await this.events.disconnectRevoked(userId, tokenVersion);
      await this.events.forgetRoles(userId);
      if (revoked.length > 0) await this.evictFromUnreadable(userId);
    });
  }

  // ----- standing: who the caller is in one room; every operation starts here -----

  async standing(roomId: string, user: AuthUser | undefined): Promise<RoomStanding> {
    const [room, member] = await Promise.all([
      this.db.getRepository(RoomEntity).findOneBy({ id: roomId }),
      user ? this.db.getRepository(RoomMemberEntity).findOneBy({ roomId, userId: user.id }) : null,
    ]);
    if (!room) throw discussionNotFound('room', roomId);
    return this.standingOf(room, user, member);
  }

  /**
   * The one place a standing is put together (`standing`, `postingContext`, `readers` and
   * `roomForScope` all come here): the room's rows, and what the room's record says now. For an EVENT
   * or CASE_STUDY room its domain is asked afresh each time whether the caller may still see the
   * record (one verifier call per request or socket event; nothing is cached between them), so a
   * record that is archived or hidden takes its room with it at once. `recordVisible` is passed only
   * by a caller that has just asked the same question.
   */
  private async standingOf(
    room: RoomEntity,
    user: AuthUser | undefined,
    member: RoomMemberEntity | null,
    recordVisible?: boolean,
  ): Promise<RoomStanding> {
    const aboutRecord = RECORD_SCOPES.includes(room.scope) && room.scopeKey !== null;
    return {
      room,
      user,
      member,
      recordVisible:
        recordVisible ??
        (!aboutRecord || (await this.scopes.isVisible(room.scope, room.scopeKey as string, user))),
      hostRoles: this.scopes.hostRoles(room.scope),
    };
  }

  /**
   * Those of `ids` that `user` may read now, for other domains that link to rooms: the rooms, the
   * caller's rows and each record scope's visibility are read once for all of them.
   */
  async readableRoomIds(user: AuthUser | undefined, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const [rooms, members] = await Promise.all([
      this.db.getRepository(RoomEntity).findBy({ id: In([...ids]) }),
      user ? this.db.getRepository(RoomMemberEntity).findBy({ roomId: In([...ids]), userId: user.id }) : [],
    ]);
    const visibleKeys = new Map<RoomScope, Set<string>>();
    for (const scope of RECORD_SCOPES) {
      const keys = rooms
        .filter((room) => room.scope === scope && room.scopeKey)
        .map((room) => room.scopeKey!);
      if (keys.length > 0) visibleKeys.set(scope, await this.scopes.visibleKeys(scope, keys, user));
    }
    const standings = await Promise.all(
      rooms.map((room) =>
        this.standingOf(
          room,
          user,
          members.find((member) => member.roomId === room.id) ?? null,
          !room.scopeKey || (visibleKeys.get(room.scope)?.has(room.scopeKey) ?? true),
        ),
      ),
    );
    return standings.filter((standing) => !readRefusal(standing)).map((standing) => standing.room.id);
  }

  /**
   * Those of these people who may read the room now: their roles, membership and the record are read
   * afresh (for mentions, and to find whom to remove from a room after a change).
   */
  readers(room: RoomEntity, userIds: readonly string[]): Promise<Set<string>> {
    return this.peopleWho(room, userIds, (standing) => !readRefusal(standing));
  }

  /** Those of these people who moderate the room now (read afresh, as `readers`). */
  moderatorsAmong(room: RoomEntity, userIds: readonly string[]): Promise<Set<string>> {
    return this.peopleWho(room, userIds, (standing) => !readRefusal(standing) && canModerate(standing));
  }

  private async peopleWho(
    room: RoomEntity,
    userIds: readonly string[],
    test: (standing: RoomStanding) => boolean,
  ): Promise<Set<string>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return new Set();
    const [members, users] = await Promise.all([
      this.db.getRepository(RoomMemberEntity).findBy({ roomId: room.id, userId: In(unique) }),
      this.accounts.findAuthUsers(unique),
    ]);
    const standings = await Promise.all(
      users.map((user) =>
        this.standingOf(room, user, members.find((member) => member.userId === user.id) ?? null),
      ),
    );
    return new Set(standings.filter(test).map((standing) => standing.user!.id));
  }

  /**
   * Tells the room's moderators who have it open that its reports changed, but not the reported
   * message's author. Called after the change committed; a failure to tell is logged, never thrown.
   */
  reportsChanged(room: RoomEntity, authorId: string | null): void {
    this.events
      .reportsChanged(room.id, (userIds) => this.moderatorsAmong(room, userIds), authorId)
      .catch((error: Error) =>
        this.logger.warn(`Could not tell room ${room.id}'s moderators about its reports: ${error.message}`),
      );
  }

  /**
   * Removes from the room, live and on every instance, the sockets of everyone who may no longer read
   * it, through the same eviction a ban uses. Call it once a change of who may read the room (its
   * visibility, its record's) has committed; those who still may read stay joined.
   */
  async evictNonReaders(roomId: string): Promise<void> {
    const room = await this.db.getRepository(RoomEntity).findOneBy({ id: roomId });
    if (room) await this.evictFrom(room);
  }

  /** `evictNonReaders` for a record's room (EVENT, CASE_STUDY), if the record has one. */
  async evictNonReadersOfScope(scope: RoomScope, key: string): Promise<void> {
    const room = await this.db.getRepository(RoomEntity).findOneBy({ scope, scopeKey: key });
    if (room) await this.evictFrom(room);
  }

  /**
   * Removes one person's sockets, live and on every instance, from each room they are in but may no
   * longer read (after their roles narrowed), through the same eviction as `evictNonReaders`; they stay
   * in the rooms they still may read.
   */
  async evictFromUnreadable(userId: string): Promise<void> {
    const roomIds = await this.events.roomsOf(userId);
    if (roomIds.length === 0) return;
    const rooms = await this.db.getRepository(RoomEntity).findBy({ id: In(roomIds) });
    await Promise.all(
      rooms.map(async (room) => {
        if (!(await this.readers(room, [userId])).has(userId))
          this.events.evict(room.id, { userIds: [userId] });
      }),
    );
  }

  private async evictFrom(room: RoomEntity): Promise<void> {
    const roomId = room.id;
    const present = (await this.events.usersIn(roomId)).map((user) => user.id);
    const [readers, guests] = await Promise.all([
      this.readers(room, present),
      this.standingOf(room, undefined, null),
    ]);
    this.events.evict(roomId, {
      userIds: present.filter((id) => !readers.has(id)),
      guests: !!readRefusal(guests),
    });
  }

  /**
   * Everything a write (a message, an edit, a reaction) needs to decide, in one round trip: the room,
   * the caller's membership, the thread (when it belongs to the room) and, for a send, the message
   * already stored under its clientId, if any.
   */
  async postingContext(
    roomId: string,
    threadId: string,
    user: AuthUser,
    clientId: string | null = null,
  ): Promise<{
    standing: RoomStanding;
    thread: RoomThreadEntity | null;
    storedId: string | null;
    /** The caller's membership as the rules read it (`MEMBER_STATE`): the post re-checks it as it writes. */
    memberState: string;
  }> {
    const [row] = (await this.db.query(
      `SELECT to_jsonb(r) AS room, to_jsonb(m) AS member, to_jsonb(t) AS thread, e.id AS stored_id,
              ${MEMBER_STATE('m')} AS member_state
         FROM room r
         LEFT JOIN room_member m ON m.room_id = r.id AND m.user_id = $2
         LEFT JOIN room_thread t ON t.id = $3 AND t.room_id = r.id
         LEFT JOIN room_message e ON e.room_id = r.id AND e.author_id = $2 AND e.client_id = $4
        WHERE r.id = $1`,
      [roomId, user.id, threadId, clientId],
    )) as {
      room: Json;
      member: Json | null;
      thread: Json | null;
      stored_id: string | null;
      member_state: string;
    }[];
    if (!row) throw discussionNotFound('room', roomId);
    return {
      standing: await this.standingOf(
        this.fromJson(RoomEntity, row.room),
        user,
        row.member ? this.fromJson(RoomMemberEntity, row.member) : null,
      ),
      thread: row.thread ? this.fromJson(RoomThreadEntity, row.thread) : null,
      storedId: row.stored_id,
      memberState: row.member_state,
    };
  }

  /** An entity from a row read as JSON (`to_jsonb(alias)`), through the entity's column mapping. */
  fromJson<T>(entity: new () => T, json: Json): T {
    const result: Record<string, unknown> = {};
    for (const column of this.db.getMetadata(entity).columns) {
      let value = json[column.databaseName] ?? null;
      if (value !== null && column.type === 'timestamptz') value = new Date(value as string);
      const transformer = column.transformer;
      if (transformer && !Array.isArray(transformer)) value = transformer.from(value);
      result[column.propertyName] = value;
    }
    return result as T;
  }

  async requireThread(threadId: string): Promise<RoomThreadEntity> {
    const thread = await this.db.getRepository(RoomThreadEntity).findOneBy({ id: threadId });
    if (!thread) throw discussionNotFound('thread', threadId);
    return thread;
  }

  // ----- rooms -----

  async room(user: AuthUser | undefined, id: string, locale: Locale): Promise<RoomModel> {
    const standing = await this.standing(id, user);
    requireRead(standing);
    return (await this.toRooms([standing.room], user, locale))[0];
  }

  async rooms(
    user: AuthUser | undefined,
    filter: RoomFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<RoomModel>> {
    const query = this.db.getRepository(RoomEntity).createQueryBuilder('r');
    if (!isNetworkWide(user)) {
      const visible = ['r.visibility = :public'];
      if (user) {
        visible.push(
          `r.visibility = :members`,
          `EXISTS (SELECT 1 FROM room_member m WHERE m.room_id = r.id AND m.user_id = :uid
             AND (m.invited OR m.role IN ('HOST', 'MODERATOR')))`,
        );
        const countries = coordinatedCountries(user);
        if (countries.length) visible.push(`(r.scope = 'COUNTRY' AND r.country_code IN (:...countries))`);
        query.setParameters({ uid: user.id, members: RoomVisibility.MEMBERS, countries });
        query.andWhere(
          `NOT EXISTS (SELECT 1 FROM room_member b WHERE b.room_id = r.id AND b.user_id = :uid AND b.banned_at IS NOT NULL)`,
        );
      }
      query.andWhere(`(${visible.join(' OR ')})`, { public: RoomVisibility.PUBLIC });
    }
    if (filter.scope) query.andWhere('r.scope = :scope', { scope: filter.scope });
    if (filter.countryCode)
      query.andWhere('r.country_code = :country', { country: filter.countryCode.toUpperCase() });
    if (filter.scopeKey) query.andWhere('r.scope_key = :key', { key: filter.scopeKey });
    if (filter.visibility) query.andWhere('r.visibility = :visibility', { visibility: filter.visibility });
    const hidden = await this.hiddenRecordRooms(query, user);
    if (hidden.length) query.andWhere('r.id NOT IN (:...hidden)', { hidden });
    const totalCount = await query.clone().getCount();
    const created = toTheMillisecond('r.created_at');
    if (after) {
      const [at, id] = decodeCursor(after, ['epochMs', 'uuid']);
      query.andWhere(`(${created}, r.id) > (:at::timestamptz, :afterId::uuid)`, {
        at: new Date(at).toISOString(),
        afterId: id,
      });
    }
    const rows = await query
      .orderBy(created, 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(first + 1)
      .getMany();
    const models = await this.toRooms(rows, user, locale);
    return toConnection(models, first, totalCount, (room) => [room.createdAt.getTime(), room.id]);
  }

  /**
   * Of the rooms a listing would show, those about a record (event, case study) its domain hides from
   * the caller: left out of the count and of every page. One question per scope, however many rooms.
   */
  private async hiddenRecordRooms(
    query: SelectQueryBuilder<RoomEntity>,
    user: AuthUser | undefined,
  ): Promise<string[]> {
    const rows: { id: string; scope: RoomScope; key: string }[] = await query
      .clone()
      .select('r.id', 'id')
      .addSelect('r.scope', 'scope')
      .addSelect('r.scope_key', 'key')
      .andWhere('r.scope IN (:...recordScopes)', { recordScopes: RECORD_SCOPES })
      .getRawMany();
    const hidden: string[] = [];
    for (const scope of RECORD_SCOPES) {
      const about = rows.filter((row) => row.scope === scope);
      if (about.length === 0) continue;
      const visible = await this.scopes.visibleKeys(
        scope,
        about.map((row) => row.key),
        user,
      );
      hidden.push(...about.filter((row) => !visible.has(row.key)).map((row) => row.id));
    }
    return hidden;
  }

  async createRoom(actor: AuthUser, input: CreateRoomInput, locale: Locale): Promise<RoomModel> {
    const countryCode = input.countryCode?.toUpperCase() ?? null;
    const scopeKey = input.scopeKey?.trim() || null;
    if (input.scope === RoomScope.COUNTRY && !countryCode)
      throw new AppError('BAD_USER_INPUT', 'discussions:errors.countryRequired', {}, [
        { path: 'input.countryCode', code: 'isDefined' },
      ]);
    const needsKey = [RoomScope.THEME, RoomScope.EVENT, RoomScope.CASE_STUDY].includes(input.scope);
    if (needsKey && !scopeKey)
      throw new AppError('BAD_USER_INPUT', 'discussions:errors.scopeKeyRequired', {}, [
        { path: 'input.scopeKey', code: 'isDefined' },
      ]);
    if ((input.scope !== RoomScope.COUNTRY && countryCode) || (!needsKey && scopeKey))
      throw new AppError('BAD_USER_INPUT', 'discussions:errors.scopeMismatch', {}, [
        { path: countryCode ? 'input.countryCode' : 'input.scopeKey', code: 'invalid' },
      ]);
    // An event's or a case study's one room is set up by its record (visibility, title, language,
    // hosts): asking for settings is refused rather than silently ignored.
    const singleRoom = SINGLE_ROOM_SCOPES.includes(input.scope);
    const given = SET_BY_RECORD.filter((field) => input[field] !== undefined && input[field] !== null);
    if (singleRoom && given.length)
      throw new AppError(
        'BAD_USER_INPUT',
        'discussions:errors.setByRecord',
        {},
        given.map((field) => ({ path: `input.${field}`, code: 'invalid' })),
      );
    if (!singleRoom && (!input.visibility || !input.originalLocale))
      throw AppError.badInput(
        (['visibility', 'originalLocale'] as const)
          .filter((field) => !input[field])
          .map((field) => ({ path: `input.${field}`, code: 'isDefined' })),
      );
    // Left out, a room is titled in each reader's language; given, a title must say something. A blank
    // description is no description.
    const title =
      input.title === undefined || input.title === null ? null : requireText(input.title, 'input.title');
    if (countryCode) await this.network.requireCountry(countryCode, 'input.countryCode');
    if (!mayCreateRoom(actor, input.scope, countryCode))
      throw AppError.forbidden('discussions:errors.cannotCreateRoom');
    // Opening an event's or case study's room first makes no one its host.
    if (singleRoom) return this.roomForScope(input.scope, scopeKey as string, actor, locale);
    if (scopeKey && !(await this.scopes.isVisible(input.scope, scopeKey, actor)))
      throw new AppError('NOT_FOUND', 'discussions:errors.scopeNotFound');
    const id = await this.db.transaction(async (tx) => {
      const room = await tx.getRepository(RoomEntity).save({
        scope: input.scope,
        scopeKey,
        countryCode,
        visibility: input.visibility as RoomVisibility,
        title,
        description: optionalText(input.description),
        originalLocale: input.originalLocale as Locale,
        lastSeq: 0,
        createdBy: actor.id,
      });
      await tx.getRepository(RoomMemberEntity).insert(hostRow(room.id, actor.id, actor.id));
      return room.id;
    });
    return this.room(actor, id, locale);
  }

  /**
   * The one room of an event or a case study, created on first use. Idempotent and safe under
   * concurrency: two callers racing get the same room. Other domains (events) call it too. A new room
   * takes its visibility, title, language and named hosts from the record's rules
   * (`RoomScopeRegistry.roomRules`), read in the transaction that inserts it; without rules, the
   * defaults (a case study's room PUBLIC, an event's MEMBERS, no host).
   */
  async roomForScope(
    scope: RoomScope,
    key: string,
    actor: AuthUser | undefined,
    locale: Locale = 'en',
  ): Promise<RoomModel> {
    if (!SINGLE_ROOM_SCOPES.includes(scope))
      throw new AppError('BAD_USER_INPUT', 'discussions:errors.notSingleRoomScope', {}, [
        { path: 'scope', code: 'invalid' },
      ]);
    const scopeKey = key.trim();
    if (!scopeKey || scopeKey.length > 200)
      throw AppError.badInput([
        { path: 'key', code: scopeKey ? 'maxLength' : 'isNotEmpty', params: { count: 200 } },
      ]);
    if (!(await this.scopes.isVisible(scope, scopeKey, actor)))
      throw new AppError('NOT_FOUND', 'discussions:errors.scopeNotFound');
    let room = await this.db.getRepository(RoomEntity).findOneBy({ scope, scopeKey });
    if (!room) {
      if (!actor) throw AppError.unauthenticated();
      await this.db.transaction(async (tx) => {
        // The rules are read in this transaction, the record's row locked: a change of the record
        // committing meanwhile is either read here or waits and then finds the room to update.
        const rules = await this.scopes.roomRules(scope, scopeKey, actor, tx);
        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO room (scope, scope_key, visibility, title, original_locale, created_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (scope, scope_key) WHERE scope IN ('EVENT', 'CASE_STUDY') DO NOTHING
           RETURNING id`,
          [
            scope,
            scopeKey,
            rules?.visibility ??
              (scope === RoomScope.CASE_STUDY ? RoomVisibility.PUBLIC : RoomVisibility.MEMBERS),
            rules?.title?.trim() || null,
            rules?.originalLocale ?? actor.preferredLocale,
            actor.id,
          ],
        );
        const hostIds = [...new Set(rules?.hostIds ?? [])];
        if (inserted.length && hostIds.length)
          await tx
            .getRepository(RoomMemberEntity)
            .insert(hostIds.map((userId) => recordHostRow(inserted[0].id, userId)));
      });
      room = await this.db.getRepository(RoomEntity).findOneByOrFail({ scope, scopeKey });
    }
    const member = actor
      ? await this.db.getRepository(RoomMemberEntity).findOneBy({ roomId: room.id, userId: actor.id })
      : null;
    requireRead(await this.standingOf(room, actor, member, true));
    return (await this.toRooms([room], actor, locale))[0];
  }

  /**
   * Carries changes of a record over to its room, if it has one (e.g. an event's visibility and
   * facilitators), in the caller's transaction when given its EntityManager. `hostIds` are everyone the
   * record now names host; of `formerHostIds` (those it named before), the ones not among them stop
   * hosting, but only if the record had named them: someone a host named HOST in the room
   * (`addRoomMember`) stays host. A host row the record wrote has no `added_by`; `addRoomMember` writes
   * who named them, and the record does not take over a row that is HOST already. (Without a column of
   * its own, a host whose namer's account were deleted would count as the record's: no path deletes
   * accounts today.)
   *
   * Returns the room's id (null: no room yet). Once the caller's transaction has committed, pass it to
   * `evictNonReaders` so that sockets of people who may no longer read the room leave it.
   */
  async updateScopeRoom(
    scope: RoomScope,
    key: string,
    changes: { title?: string; visibility?: RoomVisibility; hostIds?: string[]; formerHostIds?: string[] },
    manager: EntityManager = this.db.manager,
  ): Promise<string | null> {
    const room = await manager.getRepository(RoomEntity).findOneBy({ scope, scopeKey: key });
    if (!room) return null;
    const settings: Partial<Pick<RoomEntity, 'title' | 'visibility'>> = {};
    if (changes.visibility && changes.visibility !== room.visibility)
      settings.visibility = changes.visibility;
    if (changes.title && changes.title !== room.title) settings.title = changes.title;
    if (Object.keys(settings).length)
      await manager.getRepository(RoomEntity).update({ id: room.id }, settings);
    if (!changes.hostIds) return room.id;
    const hostIds = [...new Set(changes.hostIds)];
    const former = (changes.formerHostIds ?? []).filter((id) => !hostIds.includes(id));
    if (former.length)
      await manager.query(
        `UPDATE room_member SET role = 'MEMBER'
          WHERE room_id = $1 AND user_id = ANY($2::uuid[]) AND role = 'HOST' AND added_by IS NULL`,
        [room.id, former],
      );
    if (hostIds.length)
      await manager.query(
        `INSERT INTO room_member (room_id, user_id, role, invited, added_by)
         SELECT $1, unnest($2::uuid[]), 'HOST', true, NULL
         ON CONFLICT (room_id, user_id) DO UPDATE SET role = 'HOST', invited = true, added_by = NULL
           WHERE room_member.role <> 'HOST'`,
        [room.id, hostIds],
      );
    return room.id;
  }

  /**
   * Marks the room read up to `seq`, or with `threadId` only that thread (what a reader sees is one
   * thread: the others' messages, mentions among them, stay unread). Either way the person gets a
   * `room_member` row, their standing in the room (mention mails go only to people with one).
   */
  async markRead(
    user: AuthUser,
    roomId: string,
    seq: number,
    locale: Locale,
    threadId?: string,
  ): Promise<RoomModel> {
    const standing = await this.standing(roomId, user);
    requireRead(standing);
    if (threadId && (await this.requireThread(threadId)).roomId !== roomId)
      throw discussionNotFound('thread', threadId);
    const upTo = Math.max(0, Math.min(seq, standing.room.lastSeq));
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO room_member (room_id, user_id, last_read_seq) VALUES ($1, $2, $3)
         ON CONFLICT (room_id, user_id) DO UPDATE
           SET last_read_seq = GREATEST(room_member.last_read_seq, EXCLUDED.last_read_seq)`,
        [roomId, user.id, threadId ? 0 : upTo],
      );
      if (!threadId) return;
      await tx.query(
        `INSERT INTO room_thread_read (thread_id, user_id, last_read_seq) VALUES ($1, $2, $3)
         ON CONFLICT (thread_id, user_id) DO UPDATE
           SET last_read_seq = GREATEST(room_thread_read.last_read_seq, EXCLUDED.last_read_seq)`,
        [threadId, user.id, upTo],
      );
      // The room's mark follows once every thread is read past it: up to just before the first
      // message still unread anywhere in the room (to the room's end when none is), so that counting
      // what is unread starts there, not at the room's first message.
      await tx.query(
        `UPDATE room_member mem SET last_read_seq = GREATEST(mem.last_read_seq, coalesce(
           (SELECT min(m.seq) - 1 FROM room_message m
              LEFT JOIN room_thread_read tr ON tr.thread_id = m.thread_id AND tr.user_id = $2
             WHERE m.room_id = $1 AND m.seq > mem.last_read_seq AND m.seq > coalesce(tr.last_read_seq, 0)
               AND m.deleted_at IS NULL AND m.author_id IS DISTINCT FROM $2),
           $3))
          WHERE mem.room_id = $1 AND mem.user_id = $2`,
        [roomId, user.id, standing.room.lastSeq],
      );
      await tx.query(
        `DELETE FROM room_thread_read tr USING room_member mem, room_thread t
          WHERE tr.user_id = $2 AND t.id = tr.thread_id AND t.room_id = $1
            AND mem.room_id = $1 AND mem.user_id = $2 AND tr.last_read_seq <= mem.last_read_seq`,
        [roomId, user.id],
      );
    });
    return this.room(user, roomId, locale);
  }

  /**
   * Who hosts a room: its named hosts (in an event's room, those still holding a role its hosts need)
   * and, for a country room, that country's national coordinators.
   */
  async hosts(
    room: Pick<RoomModel, 'id' | 'scope'> & { country: { code: string } | null },
  ): Promise<PersonModel[]> {
    const named = await this.db
      .getRepository(RoomMemberEntity)
      .findBy({ roomId: room.id, role: RoomRole.HOST });
    const coordinators =
      room.scope === RoomScope.COUNTRY && room.country
        ? await this.accounts.holders(Role.NATIONAL_COORDINATOR, room.country.code)
        : [];
    let hostIds = named.filter((m) => !m.bannedAt).map((m) => m.userId);
    const hostRoles = this.scopes.hostRoles(room.scope);
    if (hostRoles) {
      const users = await Promise.all(hostIds.map((id) => this.accounts.findAuthUser(id)));
      hostIds = users.filter((user) => hasRole(user, ...hostRoles)).map((user) => user!.id);
    }
    const people = await this.people(hostIds);
    const all = new Map([...coordinators, ...people.values()].map((p) => [p.id, p]));
    return [...all.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  // ----- members and moderation -----

  /**
   * Invites a person or sets their role. Hosts (and those above them) name and change hosts and
   * moderators; a moderator only invites people as members, and cannot touch a host's or another
   * moderator's role.
   */
  async addMember(actor: AuthUser, input: RoomMemberInput): Promise<RoomMemberModel> {
    const standing = await this.standing(input.roomId, actor);
    requireModerate(standing);
    const host = isHost(standing);
    if (input.role !== RoomRole.MEMBER && !host)
      throw AppError.forbidden('discussions:errors.onlyHostsNameRoles');
    const target = await this.requireUser(input.userId);
    // Naming someone HOST who could not host (an event's room: no role that may manage events) would
    // do nothing: said so instead.
    if (input.role === RoomRole.HOST && standing.hostRoles && !hasRole(target, ...standing.hostRoles))
      throw new AppError(
        'BAD_USER_INPUT',
        'discussions:errors.hostRoleRequired',
        { name: target.displayName },
        [{ path: 'input.role', code: 'invalid' }],
      );
    // For a moderator, the upsert leaves an existing host or moderator alone (no row comes back); the
    // condition sits in the statement, so a promotion racing with it cannot be undone. Hosts and
    // moderators can be neither muted nor banned, so naming one lifts what they had: a mute or ban
    // nobody could lift would otherwise wait there for a later demotion.
    const written: unknown[] = await this.db.query(
      `INSERT INTO room_member (room_id, user_id, role, invited, added_by) VALUES ($1, $2, $3, true, $4)
       ON CONFLICT (room_id, user_id) DO UPDATE SET role = EXCLUDED.role, invited = true, added_by = EXCLUDED.added_by,
              muted_until = CASE WHEN EXCLUDED.role = 'MEMBER' THEN room_member.muted_until END,
              banned_at = CASE WHEN EXCLUDED.role = 'MEMBER' THEN room_member.banned_at END,
              banned_by = CASE WHEN EXCLUDED.role = 'MEMBER' THEN room_member.banned_by END
         WHERE $5::boolean OR room_member.role = 'MEMBER'
       RETURNING user_id`,
      [input.roomId, input.userId, input.role, actor.id, host],
    );
    if (written.length === 0) throw AppError.forbidden('discussions:errors.onlyHostsNameRoles');
    // A host's or moderator's open page learns they may speak (and moderate) again.
    if (input.role !== RoomRole.MEMBER) this.events.muted(input.roomId, input.userId, null);
    return this.member(input.roomId, input.userId);
  }

  async muteMember(actor: AuthUser, input: MuteMemberInput): Promise<RoomMemberModel> {
    await this.requireModerationOf(actor, input.roomId, input.userId);
    const until = input.minutes > 0 ? new Date(Date.now() + input.minutes * 60_000) : null;
    await this.db.query(
      `INSERT INTO room_member (room_id, user_id, muted_until, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (room_id, user_id) DO UPDATE SET muted_until = EXCLUDED.muted_until`,
      [input.roomId, input.userId, until, actor.id],
    );
    this.events.muted(input.roomId, input.userId, until);
    return this.member(input.roomId, input.userId);
  }

  async banMember(actor: AuthUser, input: BanMemberInput): Promise<RoomMemberModel> {
    await this.requireModerationOf(actor, input.roomId, input.userId);
    await this.db.query(
      `INSERT INTO room_member (room_id, user_id, banned_at, banned_by, added_by)
       VALUES ($1, $2, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN $4::uuid END, $4)
       ON CONFLICT (room_id, user_id) DO UPDATE
         SET banned_at = EXCLUDED.banned_at, banned_by = EXCLUDED.banned_by`,
      [input.roomId, input.userId, input.banned, actor.id],
    );
    if (input.banned) this.events.evict(input.roomId, { userIds: [input.userId] });
    else this.events.restored(input.roomId, input.userId);
    return this.member(input.roomId, input.userId);
  }

  async members(actor: AuthUser, roomId: string): Promise<RoomMemberModel[]> {
    const standing = await this.standing(roomId, actor);
    requireModerate(standing);
    return this.toMembers(standing.room, await this.db.getRepository(RoomMemberEntity).findBy({ roomId }));
  }

  /** Membership rows as the API shows them, with who moderates here, by a role beyond the room too. */
  private async toMembers(room: RoomEntity, rows: RoomMemberEntity[]): Promise<RoomMemberModel[]> {
    const [people, users] = await Promise.all([
      this.people(rows.map((row) => row.userId)),
      this.accounts.findAuthUsers(rows.map((row) => row.userId)),
    ]);
    const moderating = await Promise.all(
      rows.map(async (row) => {
        const user = users.find((candidate) => candidate.id === row.userId);
        return !!user && canModerate(await this.standingOf(room, user, row, true));
      }),
    );
    return rows.map((row, i) => ({
      person: people.get(row.userId) ?? { id: row.userId, displayName: '' },
      role: row.role,
      mutedUntil: muteInForce(row.mutedUntil),
      banned: !!row.bannedAt,
      moderates: moderating[i],
    }));
  }

  /**
   * Whom the caller may mention in a room (the composer's list): the room's hosts, its moderators and
   * the people invited to it, then everyone else who wrote in it, most recent writer first; at most
   * MAX_MENTIONABLE in all. Never the caller, nor anyone banned from the room. Silent readers of an
   * open room are not listed: reading leaves no trace others can see.
   */
  async mentionable(actor: AuthUser, roomId: string): Promise<PersonModel[]> {
    const standing = await this.standing(roomId, actor);
    requirePost(standing);
    const room = standing.room;
    const [rows, hosts] = await Promise.all([
      this.db.query<{ user_id: string }[]>(
        `SELECT c.user_id FROM (
           SELECT author_id AS user_id, false AS named, max(seq) AS last FROM room_message
            WHERE room_id = $1 AND author_id IS NOT NULL AND deleted_at IS NULL GROUP BY author_id
           UNION ALL
           -- Named hosts come from hosts(), which also checks they still hold a host's role.
           SELECT user_id, true, NULL FROM room_member WHERE room_id = $1 AND (role = 'MODERATOR' OR invited)
         ) c
         WHERE c.user_id <> $2 AND NOT EXISTS (
           SELECT 1 FROM room_member b WHERE b.room_id = $1 AND b.user_id = c.user_id AND b.banned_at IS NOT NULL)
         GROUP BY c.user_id ORDER BY bool_or(c.named) DESC, max(c.last) DESC NULLS LAST, c.user_id
         LIMIT ${MAX_MENTIONABLE}`,
        [roomId, actor.id],
      ),
      this.hosts({
        id: room.id,
        scope: room.scope,
        country: room.countryCode ? { code: room.countryCode } : null,
      }),
    ]);
    const people = await this.people(rows.map((row) => row.user_id));
    const listed = [
      ...hosts.filter((host) => host.id !== actor.id),
      ...rows.map((row) => people.get(row.user_id)).filter((person) => person !== undefined),
    ];
    return [...new Map(listed.map((person) => [person.id, person])).values()].slice(0, MAX_MENTIONABLE);
  }

  // ----- threads -----

  async createThread(actor: AuthUser, input: CreateThreadInput): Promise<ThreadModel> {
    const title = requireText(input.title, 'input.title');
    const standing = await this.standing(input.roomId, actor);
    requirePost(standing);
    await this.limiter.hit(actor.id, 'send');
    if (input.lessonKey && standing.room.scope !== RoomScope.CASE_STUDY)
      throw new AppError('BAD_USER_INPUT', 'discussions:errors.lessonOutsideCaseStudy', {}, [
        { path: 'input.lessonKey', code: 'invalid' },
      ]);
    const saved = await this.db.getRepository(RoomThreadEntity).save({
      roomId: input.roomId,
      title,
      lessonKey: input.lessonKey?.trim() || null,
      pinned: false,
      locked: false,
      messageCount: 0,
      createdBy: actor.id,
    });
    return (await this.toThreads([await this.requireThread(saved.id)]))[0];
  }

  async threads(
    user: AuthUser | undefined,
    roomId: string,
    first: number,
    after: string | undefined,
  ): Promise<ConnectionShape<ThreadModel>> {
    requireRead(await this.standing(roomId, user));
    const query = this.db
      .getRepository(RoomThreadEntity)
      .createQueryBuilder('t')
      .where('t.room_id = :roomId', { roomId });
    const totalCount = await query.clone().getCount();
    const created = toTheMillisecond('t.created_at');
    if (after) {
      const [pinned, at, id] = decodeCursor(after, ['flag', 'epochMs', 'uuid']);
      query.andWhere(`(t.pinned::int, ${created}, t.id) < (:pinned, :at::timestamptz, :afterId::uuid)`, {
        pinned,
        at: new Date(at).toISOString(),
        afterId: id,
      });
    }
    const rows = await query
      .orderBy('t.pinned', 'DESC')
      .addOrderBy(created, 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(first + 1)
      .getMany();
    const models = await this.toThreads(rows, user);
    return toConnection(models, first, totalCount, (thread) => [
      thread.pinned ? 1 : 0,
      thread.createdAt.getTime(),
      thread.id,
    ]);
  }

  async setThreadFlag(
    actor: AuthUser,
    threadId: string,
    flag: 'locked' | 'pinned',
    value: boolean,
  ): Promise<ThreadModel> {
    const thread = await this.requireThread(threadId);
    requireModerate(await this.standing(thread.roomId, actor));
    await this.db.getRepository(RoomThreadEntity).update({ id: threadId }, { [flag]: value });
    // Those in the room see it at once: a locked thread's box goes from their pages.
    this.events.threadChanged(thread.roomId, threadId);
    return (await this.toThreads([await this.requireThread(threadId)]))[0];
  }

  // ----- mapping -----

  /**
   * The caller's views of rooms they may read: only rooms that passed `requireRead` or the listing's
   * filter (their records included) come here, so the standings built below take the record as visible.
   */
  async toRooms(rows: RoomEntity[], user: AuthUser | undefined, locale: Locale): Promise<RoomModel[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const members = user
      ? await this.db.getRepository(RoomMemberEntity).findBy({ roomId: In(ids), userId: user.id })
      : [];
    const unread = user ? (await this.unreadBy('room_id', user.id, ids)).counts : [];
    const standingIn = (room: RoomEntity): RoomStanding => ({
      room,
      user,
      member: members.find((m) => m.roomId === room.id) ?? null,
      recordVisible: true,
      hostRoles: this.scopes.hostRoles(room.scope),
    });
    const moderated = rows.filter((room) => canModerate(standingIn(room))).map((room) => room.id);
    const reported: { room_id: string; count: number }[] = moderated.length
      ? await this.db.query(
          `SELECT r.room_id, count(DISTINCT r.message_id)::int AS count
             FROM message_report r JOIN room_message msg ON msg.id = r.message_id AND msg.deleted_at IS NULL
            WHERE r.room_id = ANY($1) AND r.dismissed_at IS NULL AND msg.author_id IS DISTINCT FROM $2
            GROUP BY r.room_id`,
          [moderated, user?.id],
        )
      : [];
    // Rooms about a record are listed under the record's title in the reader's language.
    const recordTitles = new Map<RoomScope, Map<string, string>>();
    for (const scope of RECORD_SCOPES) {
      const keys = rows
        .filter((row) => row.scope === scope && row.scopeKey)
        .map((row) => row.scopeKey as string);
      recordTitles.set(scope, await this.scopes.titles(scope, keys, locale));
    }
    return Promise.all(
      rows.map(async (room) => {
        const standing = standingIn(room);
        const member = standing.member;
        const country = room.countryCode ? await this.network.country(room.countryCode, locale) : null;
        return {
          id: room.id,
          scope: room.scope,
          scopeKey: room.scopeKey,
          country,
          visibility: room.visibility,
          title:
            recordTitles.get(room.scope)?.get(room.scopeKey ?? '') ??
            room.title ??
            t(locale, `discussions:defaultTitles.${room.scope}`, {
              country: country?.name ?? '',
              key: room.scopeKey ?? '',
            }),
          description: room.description,
          originalLocale: room.originalLocale,
          lastSeq: room.lastSeq,
          unreadCount: user ? (unread.find((u) => u.id === room.id)?.count ?? 0) : null,
          unreadMentions: user ? (unread.find((u) => u.id === room.id)?.mentions ?? 0) : null,
          myRole: member?.role ?? null,
          canPost: !postRefusal(standing),
          myMutedUntil: mutedUntil(standing),
          canModerate: canModerate(standing),
          openReports: moderated.includes(room.id)
            ? (reported.find((r) => r.room_id === room.id)?.count ?? 0)
            : null,
          createdAt: room.createdAt,
        };
      }),
    );
  }

  /**
   * Others' messages `userId` has not read, and those among them that mention them, per room or per
   * thread (`ids` of those): a message is read up to the room's mark or its thread's, whichever is
   * further. `upTo` is the newest seq of each room in `roomIds` as the same statement saw it: the
   * messages counted are those up to it.
   */
  private async unreadBy(
    per: 'room_id' | 'thread_id',
    userId: string,
    ids: string[],
    roomIds: string[] = [],
  ): Promise<{ counts: { id: string; count: number; mentions: number }[]; upTo: Map<string, number> }> {
    const rows = await this.db.query<{ id: string; count: number; mentions: number; up_to: string | null }[]>(
      `SELECT msg.${per} AS id, count(*)::int AS count,
              count(*) FILTER (WHERE $1 = ANY (msg.mentions))::int AS mentions, NULL::bigint AS up_to
         FROM room_message msg
         LEFT JOIN room_member mem ON mem.room_id = msg.room_id AND mem.user_id = $1
         LEFT JOIN room_thread_read tr ON tr.thread_id = msg.thread_id AND tr.user_id = $1
        WHERE msg.${per} = ANY($2)
          AND msg.seq > GREATEST(coalesce(mem.last_read_seq, 0), coalesce(tr.last_read_seq, 0))
          AND msg.deleted_at IS NULL AND msg.author_id IS DISTINCT FROM $1
        GROUP BY msg.${per}
       UNION ALL
       SELECT id, 0, 0, last_seq FROM room WHERE id = ANY($3)`,
      [userId, ids, roomIds],
    );
    return {
      counts: rows.filter((row) => row.up_to === null),
      upTo: new Map(rows.flatMap((row) => (row.up_to === null ? [] : [[row.id, Number(row.up_to)]]))),
    };
  }

  /** The threads as the API shows them; with `reader`, with what that person has not read in each. */
  async toThreads(rows: RoomThreadEntity[], reader?: AuthUser): Promise<ThreadModel[]> {
    const [people, unread] = await Promise.all([
      this.people(rows.map((row) => row.createdBy)),
      reader && rows.length
        ? this.unreadBy(
            'thread_id',
            reader.id,
            rows.map((row) => row.id),
            [...new Set(rows.map((row) => row.roomId))],
          )
        : undefined,
    ]);
    return rows.map((row) => ({
      id: row.id,
      roomId: row.roomId,
      title: row.title,
      lessonKey: row.lessonKey,
      pinned: row.pinned,
      locked: row.locked,
      messageCount: row.messageCount,
      lastMessageAt: row.lastMessageAt,
      unreadCount: unread ? (unread.counts.find((u) => u.id === row.id)?.count ?? 0) : null,
      unreadMentions: unread ? (unread.counts.find((u) => u.id === row.id)?.mentions ?? 0) : null,
      unreadUpTo: unread?.upTo.get(row.roomId) ?? null,
      createdBy: (row.createdBy && people.get(row.createdBy)) || null,
      createdAt: row.createdAt,
    }));
  }

  /** Public views of people by id (deleted accounts are simply absent). */
  async people(ids: readonly (string | null)[]): Promise<Map<string, PersonModel>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    const persons = await this.accounts.persons(unique);
    return new Map(persons.map((person) => [person.id, person]));
  }

  private async requireUser(userId: string): Promise<AuthUser> {
    const user = await this.accounts.findAuthUser(userId);
    if (!user) throw AppError.notFound('user', userId);
    return user;
  }

  /** Moderators act on ordinary members only: never on hosts, moderators or network-wide roles. */
  private async requireModerationOf(actor: AuthUser, roomId: string, userId: string): Promise<void> {
    requireModerate(await this.standing(roomId, actor));
    const target = await this.standing(roomId, await this.requireUser(userId));
    if (userId === actor.id || canModerate(target))
      throw AppError.forbidden('discussions:errors.cannotModerateHost');
  }

  private async member(roomId: string, userId: string): Promise<RoomMemberModel> {
    const [room, row] = await Promise.all([
      this.db.getRepository(RoomEntity).findOneBy({ id: roomId }),
      this.db.getRepository(RoomMemberEntity).findOneBy({ roomId, userId }),
    ]);
    if (!room) throw discussionNotFound('room', roomId);
    if (!row) throw discussionNotFound('member', userId);
    return (await this.toMembers(room, [row]))[0];
  }
}

function hostRow(roomId: string, userId: string, addedBy: string): Partial<RoomMemberEntity> {
  return { roomId, userId, role: RoomRole.HOST, invited: true, addedBy, lastReadSeq: 0 };
}

/** A host named by the room's record (e.g. an event's facilitator): no person named them, so no `added_by`. */
function recordHostRow(roomId: string, userId: string): Partial<RoomMemberEntity> {
  return { roomId, userId, role: RoomRole.HOST, invited: true, addedBy: null, lastReadSeq: 0 };
}

/**
 * What of a room_member row (alias `m`, or none) decides whether its user may post: role, invitation,
 * mute and ban, as one string ('' without a row), compared when a message is written.
 */
export const MEMBER_STATE = (m: string): string =>
  `COALESCE(concat_ws('|', ${m}.role, ${m}.invited, ${m}.muted_until, ${m}.banned_at), '')`;

/**
 * SQL that is true while what a write was allowed on (`postingContext`) still holds: the room's
 * visibility, the thread's lock and the writer's membership (`MEMBER_STATE`). Each argument is a SQL
 * expression (a parameter). A statement that writes only under it lands before a concurrent ban,
 * mute, lock or change of visibility, or not at all; the caller then checks the rules again.
 */
export const STANDING_UNCHANGED = (p: {
  room: string;
  thread: string;
  user: string;
  visibility: string;
  locked: string;
  memberState: string;
}): string =>
  `EXISTS (SELECT 1 FROM room r WHERE r.id = ${p.room} AND r.visibility = ${p.visibility}
      AND (SELECT locked FROM room_thread WHERE id = ${p.thread}) = ${p.locked}
      AND COALESCE((SELECT ${MEMBER_STATE('m')} FROM room_member m
                     WHERE m.room_id = r.id AND m.user_id = ${p.user}), '') = ${p.memberState})`;
