import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser, PersonModel } from '@ashar/accounts';
import { pgErrorCode, UNIQUE_VIOLATION } from '@ashar/database';
import { AppError, requireText } from '@ashar/errors';
import { DataSource, In } from 'typeorm';
import {
  MAX_MESSAGE_LENGTH,
  type EditMessageInput,
  type MessagesArgs,
  type PostMessageInput,
  type ReactionInput,
} from './dto/room.inputs';
import type { MessageModel, MessageVersionModel, ReactionModel } from './dto/room.models';
import { renderMessageBody } from './message-renderer';
import {
  canModerate,
  discussionNotFound,
  postRefusal,
  requireModerate,
  requirePost,
  requireRead,
  type RoomStanding,
} from './room-access';
import { RoomMessageEntity, RoomMessageReactionEntity, RoomMessageVersionEntity } from './room.entities';
import { personOf, RoomEvents } from './room-events';
import { RoomRateLimiter } from './room-rate-limiter';
import { RoomService, STANDING_UNCHANGED } from './room.service';

export interface PostedMessage {
  message: MessageModel;
  /** False when the clientId had been used before: the stored message is returned, nothing is broadcast. */
  created: boolean;
}

export interface MessagePage {
  messages: MessageModel[];
  /** More messages follow the last one returned (ask again from its seq). */
  hasMore: boolean;
}

/** Writes tried while the sender's standing keeps changing under them, before giving up with CONFLICT. */
const MAX_WRITE_ATTEMPTS = 3;

@Injectable()
export class MessageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rooms: RoomService,
    private readonly events: RoomEvents,
    private readonly limiter: RoomRateLimiter,
  ) {}

  /**
   * Stores a message and only then tells the room. The room's counter is bumped in the same
   * transaction as the insert, so committed seqs are gap-free; a repeated clientId returns the stored
   * message and broadcasts nothing.
   */
  async post(actor: AuthUser, input: PostMessageInput): Promise<PostedMessage> {
    const body = checkBody(input.body);
    return this.untilWritten(() => this.postOnce(actor, input, body));
  }

  /**
   * Runs `attempt` until it writes. Each attempt checks the rules on what it read, then writes only if
   * the part a moderator can change meanwhile (a ban, a mute, a locked thread, the room's visibility)
   * is still what was read (`STANDING_UNCHANGED`); if it changed, nothing was written (undefined) and
   * the rules are checked again on what is there now. So a message, edit or reaction sent as its
   * sender is banned lands before the ban or not at all.
   */
  private async untilWritten<T>(attempt: () => Promise<T | undefined>): Promise<T> {
    for (let n = 1; ; n++) {
      const written = await attempt();
      if (written !== undefined) return written;
      if (n === MAX_WRITE_ATTEMPTS) throw new AppError('CONFLICT', 'discussions:errors.roomChanged');
    }
  }

  /** One attempt of `post`; undefined when the sender's standing changed between check and write. */
  private async postOnce(
    actor: AuthUser,
    input: PostMessageInput,
    body: string,
  ): Promise<PostedMessage | undefined> {
    const { standing, thread, storedId, memberState } = await this.rooms.postingContext(
      input.roomId,
      input.threadId,
      actor,
      input.clientId,
    );
    if (!thread) throw discussionNotFound('thread', input.threadId);
    // A resend whose first ack was lost gets the stored message even if the sender has since been muted
    // or the thread locked: it was said before that.
    requireRead(standing);
    if (storedId) return { message: await this.resent(storedId, thread.id, body), created: false };
    requirePost(standing, thread);

    await this.limiter.hit(actor.id, 'send');
    if (input.replyTo) {
      const parent = await this.db.getRepository(RoomMessageEntity).findOneBy({ id: input.replyTo });
      if (!parent || parent.threadId !== thread.id)
        throw new AppError('BAD_USER_INPUT', 'discussions:errors.replyNotInThread', {}, [
          { path: 'replyTo', code: 'invalid' },
        ]);
    }
    const mentioned = await this.mentioned(input.mentions ?? []);

    let row: RoomMessageEntity;
    try {
      // One statement, so one transaction: bump the room's counter (its row lock orders concurrent
      // sends) if the sender's standing is still what was checked, insert with that seq, count it in
      // the thread. Any failure rolls the seq back too.
      const written = (await this.db.query(
        `WITH next AS (
                UPDATE room SET last_seq = last_seq + 1
                 -- The visibility also on the row updated: after waiting for a concurrent change of the
                 -- room, PostgreSQL checks it again on the new row (the subquery reads the old one).
                 WHERE id = $1 AND visibility = $9 AND ${STANDING_UNCHANGED({ room: '$1', thread: '$2', user: '$3', visibility: '$9', memberState: '$10', locked: '$11' })}
                RETURNING last_seq),
              inserted AS (
                INSERT INTO room_message
                  (room_id, thread_id, seq, author_id, client_id, reply_to_id, body, body_html, mentions)
                SELECT $1, $2, next.last_seq, $3, $4, $5, $6, $7, $8::uuid[] FROM next
                RETURNING *),
              counted AS (
                UPDATE room_thread SET message_count = message_count + 1, last_message_at = now()
                 WHERE id = $2 AND EXISTS (SELECT 1 FROM inserted))
         SELECT to_jsonb(inserted) AS message FROM inserted`,
        [
          input.roomId,
          thread.id,
          actor.id,
          input.clientId,
          input.replyTo ?? null,
          body,
          renderMessageBody(body),
          [...mentioned.keys()],
          standing.room.visibility,
          memberState,
          thread.locked,
        ],
      )) as { message: Record<string, unknown> }[];
      if (!written.length) return undefined;
      row = this.rooms.fromJson(RoomMessageEntity, written[0].message);
    } catch (error) {
      // Two sends of one clientId raced: the loser's statement (and its seq) rolled back.
      if (pgErrorCode(error) === UNIQUE_VIOLATION) {
        const winner = await this.db
          .getRepository(RoomMessageEntity)
          .findOneBy({ roomId: input.roomId, authorId: actor.id, clientId: input.clientId });
        if (winner) return { message: await this.resent(winner.id, thread.id, body), created: false };
      }
      throw error;
    }
    const message = toMessage(row, new Map([[actor.id, personOf(actor)], ...mentioned]), []);
    this.events.messageNew(message);
    this.events.mention(await this.mayBeTold(standing, [...mentioned.keys()]), message);
    return { message, created: true };
  }

  async edit(actor: AuthUser, input: EditMessageInput): Promise<MessageModel> {
    const body = checkBody(input.body);
    const row = await this.requireMessage(input.messageId);
    const mentioned = input.mentions && [...(await this.mentioned(input.mentions)).keys()];
    // Each edit is broadcast and kept as a version: it counts as a send.
    await this.limiter.hit(actor.id, 'send');
    const edited = await this.untilWritten(() => this.editOnce(actor, row, body, mentioned));
    const message = (await this.toMessages([await this.requireMessage(row.id)]))[0];
    if (!edited.changed) return message;
    this.events.messageUpdated(message);
    // People the edit names for the first time are told as if it were new; those it no longer names
    // stop counting it among their unread mentions (and are not mailed about it).
    if (edited.added.length > 0)
      this.events.mention(
        await this.mayBeTold(await this.rooms.standing(row.roomId, actor), edited.added),
        message,
      );
    return message;
  }

  /**
   * One attempt of `edit` (`mentions` undefined: kept as they are): whether anything changed and who
   * is mentioned now who was not before; undefined when the author's standing changed.
   */
  private async editOnce(
    actor: AuthUser,
    row: RoomMessageEntity,
    body: string,
    mentions: string[] | undefined,
  ): Promise<{ changed: boolean; added: string[] } | undefined> {
    const written = await this.writeContext(actor, row);
    if (row.authorId !== actor.id) throw AppError.forbidden('discussions:errors.notAuthor');
    // The replaced text is read under the row's lock: of two edits at once, the second keeps the
    // first one's text as a version instead of the text both started from.
    return this.db.transaction(async (tx) => {
      const [current] = (await tx.query(
        `SELECT body, mentions, deleted_at FROM room_message WHERE id = $1 FOR UPDATE`,
        [row.id],
      )) as { body: string; mentions: string[]; deleted_at: Date | null }[];
      if (current.deleted_at) throw new AppError('CONFLICT', 'discussions:errors.messageDeleted');
      const now = mentions ?? current.mentions;
      const added = now.filter((id) => !current.mentions.includes(id));
      const textChanged = current.body !== body;
      if (!textChanged && added.length === 0 && now.length === current.mentions.length)
        return { changed: false, added };
      const updated = (await tx.query(
        `WITH edited AS (
                UPDATE room_message SET body = $2, body_html = $3, mentions = $4::uuid[],
                       edited_at = CASE WHEN $7 THEN now() ELSE edited_at END
                 WHERE id = $1 AND ${written.unchanged(8)}
                RETURNING id),
              kept AS (
                INSERT INTO room_message_version (message_id, body, edited_by) SELECT id, $5, $6 FROM edited WHERE $7)
         SELECT id FROM edited`,
        [row.id, body, renderMessageBody(body), now, current.body, actor.id, textChanged, ...written.values],
      )) as unknown[];
      return updated.length ? { changed: true, added } : undefined;
    });
  }

  /** Soft delete, by the author or a moderator; the text stays in the database for moderators. */
  async remove(actor: AuthUser, messageId: string): Promise<MessageModel> {
    const row = await this.requireMessage(messageId);
    const standing = await this.rooms.standing(row.roomId, actor);
    requireRead(standing);
    if (!canModerate(standing)) {
      if (row.authorId !== actor.id) throw AppError.forbidden('discussions:errors.cannotDelete');
      // Their own message: refused only for the reason they may not speak (muted until …).
      const refusal = postRefusal(standing);
      if (refusal) throw refusal;
    }
    const [deleted] = row.deletedAt
      ? []
      : await this.db.query<{ reported: boolean }[]>(
          `WITH deleted AS (
             UPDATE room_message SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL
             RETURNING id)
           SELECT EXISTS (SELECT 1 FROM message_report r WHERE r.message_id = $1 AND r.dismissed_at IS NULL) AS reported
             FROM deleted`,
          [row.id, actor.id],
        );
    const message = (await this.toMessages([await this.requireMessage(row.id)]))[0];
    if (!row.deletedAt) this.events.messageDeleted(message);
    // Its open reports leave the moderators' list with it.
    if (deleted?.reported) this.rooms.reportsChanged(standing.room, row.authorId);
    return message;
  }

  /** Reacting is speaking: refused like posting when muted, banned or in a locked thread. */
  async toggleReaction(actor: AuthUser, input: ReactionInput): Promise<ReactionModel[]> {
    const row = await this.requireMessage(input.messageId);
    await this.limiter.hit(actor.id, 'send');
    await this.untilWritten(() => this.toggleOnce(actor, row, input.emoji));
    const reactions = (await this.reactions([row.id])).get(row.id) ?? [];
    this.events.reactionUpdated(row.roomId, row.id, reactions);
    return reactions;
  }

  /** One attempt of `toggleReaction`; undefined when the reader's standing changed. */
  private async toggleOnce(
    actor: AuthUser,
    row: RoomMessageEntity,
    emoji: string,
  ): Promise<true | undefined> {
    const written = await this.writeContext(actor, row);
    if (row.deletedAt) throw new AppError('CONFLICT', 'discussions:errors.messageDeleted');
    // Under the message's lock, so that two toggles at once end where they started.
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM room_message WHERE id = $1 FOR NO KEY UPDATE`, [row.id]);
      const [{ allowed }] = (await tx.query(
        `WITH allowed AS (SELECT 1 WHERE ${written.unchanged(4)}),
              removed AS (
                DELETE FROM room_message_reaction
                 WHERE message_id = $1 AND user_id = $2 AND emoji = $3 AND EXISTS (SELECT 1 FROM allowed)
                RETURNING 1),
              added AS (
                INSERT INTO room_message_reaction (message_id, user_id, emoji)
                SELECT $1, $2, $3 FROM allowed WHERE NOT EXISTS (SELECT 1 FROM removed))
         SELECT EXISTS (SELECT 1 FROM allowed) AS allowed`,
        [row.id, actor.id, emoji, ...written.values],
      )) as { allowed: boolean }[];
      return allowed || undefined;
    });
  }

  /**
   * Checks that `actor` may write about `row` now (post in its thread), and returns the condition a
   * write repeats so that it lands only while that still holds (`STANDING_UNCHANGED`): its SQL, whose
   * parameters are numbered from `first`, and their values.
   */
  private async writeContext(
    actor: AuthUser,
    row: RoomMessageEntity,
  ): Promise<{ unchanged: (first: number) => string; values: unknown[] }> {
    const { standing, thread, memberState } = await this.rooms.postingContext(
      row.roomId,
      row.threadId,
      actor,
    );
    if (!thread) throw discussionNotFound('thread', row.threadId);
    requirePost(standing, thread);
    return {
      unchanged: (first) =>
        STANDING_UNCHANGED({
          room: `$${first}`,
          thread: `$${first + 1}`,
          user: `$${first + 2}`,
          visibility: `$${first + 3}`,
          memberState: `$${first + 4}`,
          locked: `$${first + 5}`,
        }),
      values: [row.roomId, row.threadId, actor.id, standing.room.visibility, memberState, thread.locked],
    };
  }

  /** Every message of the room after `sinceSeq`, in seq order; what a (re)joining client missed. */
  async since(standing: RoomStanding, sinceSeq: number, limit: number): Promise<MessagePage> {
    requireRead(standing);
    const rows = await this.db
      .getRepository(RoomMessageEntity)
      .createQueryBuilder('m')
      .where('m.room_id = :roomId AND m.seq > :sinceSeq', { roomId: standing.room.id, sinceSeq })
      .orderBy('m.seq', 'ASC')
      .limit(limit + 1)
      .getMany();
    return { messages: await this.toMessages(rows.slice(0, limit)), hasMore: rows.length > limit };
  }

  async threadMessages(user: AuthUser | undefined, args: MessagesArgs): Promise<MessageModel[]> {
    const thread = await this.rooms.requireThread(args.threadId);
    requireRead(await this.rooms.standing(thread.roomId, user));
    const query = this.db
      .getRepository(RoomMessageEntity)
      .createQueryBuilder('m')
      .where('m.thread_id = :threadId', { threadId: thread.id })
      .limit(args.ids ? args.ids.length : args.first);
    if (args.afterSeq !== undefined) query.andWhere('m.seq > :afterSeq', { afterSeq: args.afterSeq });
    if (args.beforeSeq !== undefined) query.andWhere('m.seq < :beforeSeq', { beforeSeq: args.beforeSeq });
    if (args.ids) query.andWhere('m.id = ANY(:ids)', { ids: args.ids });
    // Catching up reads forwards from afterSeq; otherwise the newest page before beforeSeq.
    const forwards = args.afterSeq !== undefined;
    const rows = await query.orderBy('m.seq', forwards ? 'ASC' : 'DESC').getMany();
    return this.toMessages(forwards ? rows : rows.reverse());
  }

  /**
   * Earlier versions of an edited message, oldest first, and last, for a deleted message, its text as
   * it read when deleted: for the room's moderators only (nothing said is lost to them).
   */
  async versions(actor: AuthUser, messageId: string): Promise<MessageVersionModel[]> {
    const row = await this.requireMessage(messageId);
    requireModerate(await this.rooms.standing(row.roomId, actor));
    const versions = (
      await this.db
        .getRepository(RoomMessageVersionEntity)
        .find({ where: { messageId }, order: { id: 'ASC' } })
    ).map((v) => ({ body: v.body, editedBy: v.editedBy, replacedAt: v.replacedAt, deleted: false }));
    if (row.deletedAt)
      versions.push({ body: row.body, editedBy: row.deletedBy, replacedAt: row.deletedAt, deleted: true });
    const people = await this.rooms.people(versions.map((v) => v.editedBy));
    return versions.map((v) => ({ ...v, editor: (v.editedBy && people.get(v.editedBy)) || null }));
  }

  async toMessages(rows: RoomMessageEntity[]): Promise<MessageModel[]> {
    if (rows.length === 0) return [];
    const [people, reactions] = await Promise.all([
      this.rooms.people(rows.flatMap((row) => [row.authorId, ...row.mentions])),
      this.reactions(rows.map((row) => row.id)),
    ]);
    return rows.map((row) => toMessage(row, people, reactions.get(row.id) ?? []));
  }

  /**
   * The message stored under a clientId sent again: the same message (its ack was lost), or a CONFLICT
   * when the clientId was reused for another one, which would otherwise be silently dropped.
   */
  private async resent(storedId: string, threadId: string, body: string): Promise<MessageModel> {
    const row = await this.requireMessage(storedId);
    if (row.threadId !== threadId || (row.body !== body && !row.editedAt && !row.deletedAt))
      throw new AppError('CONFLICT', 'discussions:errors.clientIdReused', {}, [
        { path: 'clientId', code: 'invalid' },
      ]);
    return (await this.toMessages([row]))[0];
  }

  async requireMessage(id: string): Promise<RoomMessageEntity> {
    const row = await this.db.getRepository(RoomMessageEntity).findOneBy({ id });
    if (!row) throw discussionNotFound('message', id);
    return row;
  }

  private async reactions(messageIds: string[]): Promise<Map<string, ReactionModel[]>> {
    const rows = await this.db
      .getRepository(RoomMessageReactionEntity)
      .find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC' } });
    const byMessage = new Map<string, ReactionModel[]>();
    for (const row of rows) {
      const list = byMessage.get(row.messageId) ?? [];
      let reaction = list.find((r) => r.emoji === row.emoji);
      if (!reaction) list.push((reaction = { emoji: row.emoji, count: 0, userIds: [] }));
      reaction.count += 1;
      reaction.userIds.push(row.userId);
      byMessage.set(row.messageId, list);
    }
    return byMessage;
  }

  /** The people `ids` name, each once; BAD_USER_INPUT when one of them is nobody. */
  private async mentioned(ids: string[]): Promise<Map<string, PersonModel>> {
    const people = await this.rooms.people(ids);
    if (people.size !== new Set(ids).size) throw AppError.badInput([{ path: 'mentions', code: 'invalid' }]);
    return people;
  }

  /**
   * Mentioned people who may read the room, by the same rules as reading it: a mention must not leak
   * the text of a private room, or of a room whose record they may not see.
   */
  private async mayBeTold(standing: RoomStanding, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const readers = await this.rooms.readers(standing.room, userIds);
    return userIds.filter((id) => readers.has(id));
  }
}

function checkBody(raw: string): string {
  if (raw.length > MAX_MESSAGE_LENGTH)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      'discussions:errors.messageTooLong',
      { max: MAX_MESSAGE_LENGTH },
      [{ path: 'body', code: 'maxLength', params: { count: MAX_MESSAGE_LENGTH } }],
    );
  requireText(raw, 'body');
  // Stored as written (an indented first line may be code), without blank lines around it.
  return raw.replace(/^(?:[^\S\n]*\n)+/, '').trimEnd();
}

function toMessage(
  row: RoomMessageEntity,
  people: Map<string, PersonModel>,
  reactions: ReactionModel[],
): MessageModel {
  const deleted = !!row.deletedAt;
  return {
    id: row.id,
    roomId: row.roomId,
    threadId: row.threadId,
    seq: row.seq,
    clientId: row.clientId,
    author: (row.authorId && people.get(row.authorId)) || null,
    replyTo: row.replyToId,
    body: deleted ? null : row.body,
    bodyHtml: deleted ? null : row.bodyHtml,
    // Who a removed message named goes with its words.
    mentions: deleted ? [] : row.mentions.map((id) => people.get(id)).filter((p): p is PersonModel => !!p),
    reactions: deleted ? [] : reactions,
    edited: !!row.editedAt,
    editedAt: row.editedAt,
    deleted,
    createdAt: row.createdAt,
  };
}
