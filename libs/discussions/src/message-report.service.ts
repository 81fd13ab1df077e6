import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import { DataSource, In } from 'typeorm';
import type { ReportMessageInput } from './dto/room.inputs';
import type { ReportedMessageModel } from './dto/room.models';
import { MessageService } from './message.service';
import { requireModerate, requireRead } from './room-access';
import { RoomRateLimiter } from './room-rate-limiter';
import { RoomMessageEntity } from './room.entities';
import { RoomService } from './room.service';

/** The most reported messages a moderator is shown at once (the latest reported first). */
const REPORTED_PAGE = 100;

interface ReportRow {
  message_id: string;
  reporter_id: string | null;
  reason: string;
  reported_at: Date;
}

/**
 * Anyone who may read a room may report someone else's message to its hosts and moderators, once per
 * message (reporting again changes the reason while the report is open). Moderators see the room's
 * open reports and dismiss them, or delete the message, which takes its reports off the list.
 */
@Injectable()
export class MessageReports {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rooms: RoomService,
    private readonly messages: MessageService,
    private readonly limiter: RoomRateLimiter,
  ) {}

  async report(actor: AuthUser, input: ReportMessageInput): Promise<boolean> {
    const message = await this.messages.requireMessage(input.messageId);
    const standing = await this.rooms.standing(message.roomId, actor);
    requireRead(standing);
    if (message.deletedAt) throw new AppError('CONFLICT', 'discussions:errors.messageDeleted');
    if (message.authorId === actor.id) throw AppError.forbidden('discussions:errors.cannotReportOwn');
    // Each report tells the room's moderators: it counts against the same budget as a message.
    await this.limiter.hit(actor.id, 'send');
    const reason = input.reason?.trim() ?? '';
    // Reported again: a new reason replaces the old one (none keeps it). Once a moderator dismissed
    // it, the same person cannot put it back on the list, unless the message was edited since.
    const [row] = await this.db.query<{ dismissed: boolean; news: boolean }[]>(
      `INSERT INTO message_report (message_id, reporter_id, room_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (message_id, reporter_id) DO UPDATE SET
         reason = CASE WHEN message_report.dismissed_at IS NULL OR $5 > message_report.dismissed_at
                       THEN COALESCE(NULLIF(EXCLUDED.reason, ''), message_report.reason)
                       ELSE message_report.reason END,
         -- A new reason is news: a moderator who was shown the old one dismisses only that (seenUntil).
         reported_at = CASE WHEN $5 > message_report.dismissed_at
                              OR (message_report.dismissed_at IS NULL AND EXCLUDED.reason <> ''
                                  AND EXCLUDED.reason <> message_report.reason)
                            THEN now() ELSE message_report.reported_at END,
         dismissed_by = CASE WHEN $5 > message_report.dismissed_at THEN NULL ELSE message_report.dismissed_by END,
         dismissed_at = CASE WHEN $5 > message_report.dismissed_at THEN NULL ELSE message_report.dismissed_at END
       RETURNING dismissed_at IS NOT NULL AS dismissed, reported_at = now() AS news`,
      [message.id, actor.id, message.roomId, reason, message.editedAt],
    );
    if (row.dismissed) throw new AppError('CONFLICT', 'discussions:errors.reportDismissed');
    // Filed, or given a new reason: news for the moderators (the same report again is none).
    if (row.news) this.rooms.reportsChanged(standing.room, message.authorId);
    return true;
  }

  /**
   * The room's messages with open reports, the latest reported first, for its moderators: but for
   * their own messages, which the room's other moderators (and network-wide roles) review.
   */
  async reported(actor: AuthUser, roomId: string): Promise<ReportedMessageModel[]> {
    requireModerate(await this.rooms.standing(roomId, actor));
    const rows = await this.db.query<ReportRow[]>(
      `WITH open AS (
         SELECT r.* FROM message_report r
           JOIN room_message m ON m.id = r.message_id AND m.deleted_at IS NULL
                              AND m.author_id IS DISTINCT FROM $3
          WHERE r.room_id = $1 AND r.dismissed_at IS NULL),
       latest AS (
         SELECT message_id, max(reported_at) AS last FROM open GROUP BY message_id
          ORDER BY last DESC, message_id LIMIT $2)
       SELECT open.message_id, open.reporter_id, open.reason, open.reported_at
         FROM open JOIN latest USING (message_id)
        ORDER BY latest.last DESC, open.message_id, open.reported_at DESC`,
      [roomId, REPORTED_PAGE, actor.id],
    );
    const ids = [...new Set(rows.map((row) => row.message_id))];
    const [messages, people] = await Promise.all([
      this.db
        .getRepository(RoomMessageEntity)
        .findBy({ id: In(ids) })
        .then((found) => this.messages.toMessages(found)),
      this.rooms.people(rows.map((row) => row.reporter_id)),
    ]);
    return ids.flatMap((id) => {
      const message = messages.find((m) => m.id === id);
      if (!message) return [];
      const reports = rows
        .filter((row) => row.message_id === id)
        .map((row) => ({
          reporter: (row.reporter_id && people.get(row.reporter_id)) || null,
          reason: row.reason,
          reportedAt: row.reported_at,
        }));
      return [{ message, reports }];
    });
  }

  /**
   * Closes a message's open reports, those made up to `seenUntil` when given (the latest the moderator
   * was shown, to the millisecond as the API gives times: one that came in meanwhile stays open);
   * returns how many it closed. Nobody reviews the reports of their own message.
   */
  async dismiss(actor: AuthUser, messageId: string, seenUntil?: Date): Promise<number> {
    const message = await this.messages.requireMessage(messageId);
    const standing = await this.rooms.standing(message.roomId, actor);
    requireModerate(standing);
    if (message.authorId === actor.id) throw AppError.forbidden('discussions:errors.cannotReviewOwn');
    if (message.deletedAt) throw new AppError('CONFLICT', 'discussions:errors.messageDeleted');
    const [{ closed }] = await this.db.query<{ closed: number }[]>(
      `WITH closed AS (
         UPDATE message_report SET dismissed_at = now(), dismissed_by = $2
          WHERE message_id = $1 AND dismissed_at IS NULL AND ($3::timestamptz IS NULL OR date_trunc('milliseconds', reported_at) <= $3)
         RETURNING 1)
       SELECT count(*)::int AS closed FROM closed`,
      [message.id, actor.id, seenUntil ?? null],
    );
    if (closed > 0) this.rooms.reportsChanged(standing.room, message.authorId);
    return closed;
  }
}
