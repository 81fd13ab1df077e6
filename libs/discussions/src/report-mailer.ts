import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { accountMail, AccountsService, Role } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { ExclusiveJob } from '@ashar/database';
import { MailQueue } from '@ashar/mail';
import { DataSource, type EntityManager } from 'typeorm';
import { canModerate, readRefusal } from './room-access';
import { RoomRole, RoomScope } from './room-kinds';
import { RoomService } from './room.service';

/** How long a report may stay open before the room's moderators are e-mailed about it. */
export const REPORT_MAIL_DELAY_MINUTES = 10;
/** Older reports are not mailed any more (a moderator back after a long absence gets no flood). */
const LOOK_BACK_DAYS = 7;
const EVERY_MS = 60_000;

interface DueReports {
  roomId: string;
  userId: string;
  /** Open reported messages in the room this person reviews (not their own), all counted. */
  count: number;
  /** The latest report of them, which the mark moves to: as text, to keep its microseconds. */
  latest: string;
}

/**
 * E-mails a room's hosts and moderators the reports that are still open REPORT_MAIL_DELAY_MINUTES after
 * they were filed, one mail per room saying how many messages wait for them, in their language: a
 * report is news for moderators who are not in the room when it comes. They are the room's named
 * HOSTs and MODERATORs and, in a country room, the country's national coordinators; network-wide roles
 * moderate every room and would get every report, so they see them in the rooms list instead. Each is
 * mailed only while they may moderate the room (by the rules moderating applies), never about a report
 * of their own message (others review those), and at most once per report (`report_mail_mark`). It is an
 * ExclusiveJob: the mail is queued in the same transaction as the mark, so a crash neither loses nor
 * repeats it.
 */
@Injectable()
export class ReportMailer extends ExclusiveJob {
  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly rooms: RoomService,
    private readonly mail: MailQueue,
  ) {
    super(db, {
      lock: 'report-mail',
      everyMs: EVERY_MS,
      doing: 'mailing open reports',
      periodic: config.mail.worker,
    });
  }

  /** Mails the reports due now; resolves to how many mails it queued. */
  protected async work(tx: EntityManager): Promise<number> {
    // Per room and moderator: the open reports they review, when one of them has waited long enough
    // and was not mailed to them yet.
    const due = await tx.query<DueReports[]>(
      `WITH open AS (
         SELECT r.room_id, r.message_id, r.reported_at, m.author_id
           FROM message_report r JOIN room_message m ON m.id = r.message_id AND m.deleted_at IS NULL
          WHERE r.dismissed_at IS NULL AND r.reported_at > now() - make_interval(days => $1)),
       moderators AS (
         SELECT rm.room_id, rm.user_id FROM room_member rm
          WHERE rm.role IN ($3, $4) AND rm.banned_at IS NULL AND rm.room_id IN (SELECT room_id FROM open)
         UNION
         SELECT room.id, ur.user_id FROM room JOIN user_role ur ON ur.role = $5 AND ur.country_code = room.country_code
          WHERE room.scope = $6 AND room.id IN (SELECT room_id FROM open))
       SELECT c.room_id AS "roomId", c.user_id AS "userId", count(DISTINCT o.message_id)::int AS count,
              max(o.reported_at)::text AS latest
         FROM moderators c
         JOIN app_user u ON u.id = c.user_id AND u.suspended_at IS NULL
         JOIN open o ON o.room_id = c.room_id AND o.author_id IS DISTINCT FROM c.user_id
         LEFT JOIN report_mail_mark k ON k.room_id = c.room_id AND k.user_id = c.user_id
        GROUP BY c.room_id, c.user_id, k.reported_at
       HAVING bool_or(o.reported_at < now() - make_interval(mins => $2)
                      AND o.reported_at > coalesce(k.reported_at, '-infinity'))`,
      [
        LOOK_BACK_DAYS,
        REPORT_MAIL_DELAY_MINUTES,
        RoomRole.HOST,
        RoomRole.MODERATOR,
        Role.NATIONAL_COORDINATOR,
        RoomScope.COUNTRY,
      ],
    );
    let queued = 0;
    for (const reports of due) {
      if (await this.tell(reports, tx)) queued += 1;
      await tx.query(
        `INSERT INTO report_mail_mark (room_id, user_id, reported_at) VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (room_id, user_id) DO UPDATE SET reported_at = GREATEST(report_mail_mark.reported_at, EXCLUDED.reported_at)`,
        [reports.roomId, reports.userId, reports.latest],
      );
    }
    return queued;
  }

  /** Queues the mail, unless the person may no longer moderate the room (or has no account any more). */
  private async tell(reports: DueReports, tx: EntityManager): Promise<boolean> {
    const person = await this.accounts.findAuthUser(reports.userId);
    if (!person) return false;
    const standing = await this.rooms.standing(reports.roomId, person);
    if (readRefusal(standing) || !canModerate(standing)) return false;
    const lng = person.preferredLocale;
    const [room] = await this.rooms.toRooms([standing.room], person, lng);
    const link = `${this.config.publicUrl}/rooms/${room.id}?reports=open&lang=${lng}`;
    await this.mail.enqueue(
      accountMail('reportsMail', person, link, { params: { room: room.title, count: reports.count } }),
      tx,
    );
    return true;
  }
}
