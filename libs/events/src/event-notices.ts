import { Inject, Injectable } from '@nestjs/common';
import { accountMail, type AuthUser, type MailRecipient } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { serveTranslation, t, type Locale } from '@ashar/i18n';
import { MailQueue } from '@ashar/mail';
import type { EntityManager } from 'typeorm';
import type { EventEntity } from './event.entities';
import { lastOccurrenceStart, upcomingStarts } from './recurrence';

/** What changed in an event that people who registered for it need to know. */
export interface EventChange {
  /** Its start, end, time zone or repetition. */
  time: boolean;
  place: boolean;
  onlineUrl: boolean;
}

const hasNews = (change: EventChange) => change.time || change.place || change.onlineUrl;

/**
 * Tells the people registered for an event, by e-mail in their own language, that it was cancelled or
 * that its time or place changed (each mail queued in the transaction of the change, so it goes
 * exactly when the change commits; the person who made the change and suspended accounts are not
 * mailed), and reminds them of it the day before (EventReminders).
 */
@Injectable()
export class EventNotices {
  constructor(
    private readonly mail: MailQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async cancelled(tx: EntityManager, actor: AuthUser, event: EventEntity): Promise<void> {
    await this.tell(tx, actor, event, 'eventCancelledMail', (lng) => ({
      series: event.recurrence ? ` ${t(lng, 'accounts:eventCancelledMail.series')}` : '',
    }));
  }

  /** `event` as it is after the change. */
  async changed(tx: EntityManager, actor: AuthUser, event: EventEntity, change: EventChange): Promise<void> {
    if (!hasNews(change)) return;
    await this.tell(tx, actor, event, 'eventChangedMail', (lng, place) => ({
      details: [
        change.time &&
          t(lng, `accounts:eventChangedMail.${event.recurrence ? 'timeSeries' : 'time'}`, {
            when: this.when(event, lng),
          }),
        change.place &&
          (place
            ? t(lng, 'accounts:eventChangedMail.place', { place })
            : t(lng, 'accounts:eventChangedMail.noPlace')),
        change.onlineUrl &&
          (event.onlineUrl
            ? t(lng, 'accounts:eventChangedMail.onlineUrl', { url: event.onlineUrl })
            : t(lng, 'accounts:eventChangedMail.noOnlineUrl')),
      ]
        .filter(Boolean)
        .join(' '),
    }));
  }

  /** Reminds `people` that the occurrence of `event` starting at `startsAt` is near. */
  async remind(
    tx: EntityManager,
    event: EventEntity,
    startsAt: Date,
    people: MailRecipient[],
  ): Promise<void> {
    await this.send(tx, 'eventReminderMail', event, people, (lng, place) => ({
      when: this.when(event, lng, startsAt),
      where: [
        place && t(lng, 'accounts:eventReminderMail.place', { place }),
        event.onlineUrl && t(lng, 'accounts:eventReminderMail.onlineUrl', { url: event.onlineUrl }),
      ]
        .filter(Boolean)
        .join(' '),
    }));
  }

  /** Tells everyone registered but the actor. */
  private async tell(
    tx: EntityManager,
    actor: AuthUser,
    event: EventEntity,
    kind: 'eventCancelledMail' | 'eventChangedMail',
    extra: (lng: Locale, place: string | null) => Record<string, string>,
  ): Promise<void> {
    const people = await tx.query<MailRecipient[]>(
      `SELECT u.email, u.display_name AS "displayName", u.preferred_locale AS "preferredLocale"
         FROM event_registration r JOIN app_user u ON u.id = r.user_id
        WHERE r.event_id = $1 AND u.id <> $2 AND u.suspended_at IS NULL
        ORDER BY u.id`,
      [event.id, actor.id],
    );
    await this.send(tx, kind, event, people, (lng, place) => ({
      actor: actor.displayName,
      when: this.when(event, lng),
      ...extra(lng, place),
    }));
  }

  /**
   * Queues one mail per person, with the event's title and place in their language (else the
   * original's): `params` gets the place as the reader reads it.
   */
  private async send(
    tx: EntityManager,
    kind: 'eventCancelledMail' | 'eventChangedMail' | 'eventReminderMail',
    event: EventEntity,
    people: MailRecipient[],
    params: (lng: Locale, place: string | null) => Record<string, string>,
  ): Promise<void> {
    if (people.length === 0) return;
    const texts = await tx.query<{ locale: Locale; title: string; place: string | null }[]>(
      `SELECT locale, title, place FROM event_translation WHERE event_id = $1`,
      [event.id],
    );
    for (const person of people) {
      const lng = person.preferredLocale;
      const served = serveTranslation(texts, lng, event.originalLocale)?.translation;
      // A translation without a place of its own shows the original's, as the event page does.
      const translated = served && served.locale !== event.originalLocale ? served.place : null;
      const place = event.place && (translated || event.place);
      await this.mail.enqueue(
        accountMail(kind, person, `${this.config.publicUrl}/events/${event.id}?lang=${lng}`, {
          params: { title: served?.title ?? '', ...params(lng, place) },
        }),
        tx,
      );
    }
  }

  /**
   * When the occurrence at `at` starts (by default the event's next one: a series' meeting still to
   * come, or its last), in the reader's language and the event's own time zone, named after it in
   * brackets ("… 09:00 (Киргизия)": a zone's long name is often a country's, which reads as a
   * sentence only set apart).
   */
  private when(event: EventEntity, lng: Locale, at = nextStart(event)): string {
    const zone = new Intl.DateTimeFormat(lng, { timeZone: event.timeZone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value;
    const time = new Intl.DateTimeFormat(lng, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: event.timeZone,
    }).format(at);
    return zone ? `${time} (${zone})` : time;
  }
}

/** A series' first meeting from now on (its last once all are over); a single event's start. */
function nextStart(event: EventEntity, now = new Date()): Date {
  if (!event.recurrence) return event.startsAt;
  const [next] = upcomingStarts(event.recurrence, event.startsAt, event.timeZone, now, 1);
  return next ?? lastOccurrenceStart(event.recurrence, event.startsAt, event.timeZone);
}
