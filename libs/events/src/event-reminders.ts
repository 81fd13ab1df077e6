import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MailRecipient } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { ExclusiveJob } from '@ashar/database';
import { DataSource, type EntityManager } from 'typeorm';
import { EventEntity } from './event.entities';
import { EventStatus } from './event-kind';
import { EventNotices } from './event-notices';
import { upcomingStarts } from './recurrence';

/** How long before an occurrence starts its reminder goes out. */
export const REMIND_BEFORE_HOURS = 24;
const REMIND_BEFORE_MS = REMIND_BEFORE_HOURS * 3600_000;
const EVERY_MS = 5 * 60_000;
/** Reminders sent longer ago than this are forgotten (their occurrences are long over). */
const KEEP_DAYS = 30;

/**
 * Reminds the people registered for an event, by e-mail in their language, REMIND_BEFORE_HOURS before
 * it starts, and before each occurrence of a series. Only registrations made before the reminder was
 * due are reminded (someone who registers the evening before needs no reminder), suspended accounts
 * never. It is an ExclusiveJob: each reminder's mark (`event_reminder`) is written in the transaction
 * that queues its mail, so a crash neither loses nor repeats one. A moved event is reminded again for its new start.
 */
@Injectable()
export class EventReminders extends ExclusiveJob {
  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly notices: EventNotices,
  ) {
    super(db, {
      lock: 'event-reminders',
      everyMs: EVERY_MS,
      doing: 'sending event reminders',
      periodic: config.mail.worker,
    });
  }

  /** Queues the reminders due at `now`; resolves to how many. */
  protected async work(tx: EntityManager, now: Date): Promise<number> {
    await tx.query(`DELETE FROM event_reminder WHERE starts_at < $1`, [
      new Date(now.getTime() - KEEP_DAYS * 24 * 3600_000),
    ]);
    const horizon = new Date(now.getTime() + REMIND_BEFORE_MS);
    const events = await tx
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.status <> :cancelled', { cancelled: EventStatus.CANCELLED })
      .andWhere('e.series_ends_at > :now AND e.starts_at <= :horizon', { now, horizon })
      .andWhere('EXISTS (SELECT 1 FROM event_registration r WHERE r.event_id = e.id)')
      .getMany();
    let queued = 0;
    for (const event of events) {
      const starts = (
        event.recurrence
          ? upcomingStarts(event.recurrence, event.startsAt, event.timeZone, now, 2)
          : [event.startsAt]
      ).filter((start) => start > now && start <= horizon);
      for (const startsAt of starts) {
        const people = await tx.query<MailRecipient[]>(
          `WITH due AS (
             INSERT INTO event_reminder (event_id, starts_at, user_id)
             SELECT r.event_id, $2, r.user_id
               FROM event_registration r JOIN app_user u ON u.id = r.user_id
              WHERE r.event_id = $1 AND r.created_at < $3 AND u.suspended_at IS NULL
             ON CONFLICT DO NOTHING
             RETURNING user_id)
           SELECT u.email, u.display_name AS "displayName", u.preferred_locale AS "preferredLocale"
             FROM due JOIN app_user u ON u.id = due.user_id
            ORDER BY u.id`,
          [event.id, startsAt, new Date(startsAt.getTime() - REMIND_BEFORE_MS)],
        );
        await this.notices.remind(tx, event, startsAt, people);
        queued += people.length;
      }
    }
    return queued;
  }
}
