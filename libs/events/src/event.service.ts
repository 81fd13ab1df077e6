import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AccountsService,
  hasRole,
  isNetworkWide,
  managesCountries,
  Role,
  type AuthUser,
} from '@ashar/accounts';
import { likePattern, savedAt } from '@ashar/database';
import { AppError, type FieldProblem, hasBidiControls, optionalText, requireText } from '@ashar/errors';
import { serveTranslation, type Locale } from '@ashar/i18n';
import { NetworkService, type CountryModel } from '@ashar/network';
import { decodeCursor, refuseIfEditedSince, toConnection, type ConnectionShape } from '@ashar/transport';
import { DataSource, In, type EntityManager } from 'typeorm';
import type {
  EventFilter,
  EventInput,
  EventTranslationInput,
  RecurrenceInput,
  UpdateEventInput,
} from './dto/event.inputs';
import type { EventModel, EventOccurrenceModel } from './dto/event.models';
import {
  AgendaItemEntity,
  AgendaItemTranslationEntity,
  EventEntity,
  EventFacilitatorEntity,
  EventRegistrationEntity,
  EventTranslationEntity,
} from './event.entities';
import { EventStatus, EventVisibility } from './event-kind';
import { EVENT_ROOMS, type EventRooms } from './event-rooms';
import { EventNotices } from './event-notices';
import { buildCalendar } from './ical';
import {
  lastOccurrenceStart,
  ruleOnStart,
  startsOnRule,
  toRRule,
  upcomingStarts,
  type MonthlyRule,
} from './recurrence';
import { canonicalTimeZone, denotedByLocalTime, followStart, formatInZone } from '@ashar/time-zone';

/**
 * Who may manage events at all: the roles the event mutations are declared for. The service then
 * checks the event; a named facilitator must hold one of these roles too.
 */
export const EVENT_MANAGER_ROLES: readonly Role[] = [
  Role.ADMIN,
  Role.STEERING_GROUP,
  Role.NATIONAL_COORDINATOR,
  Role.FACILITATOR,
];

/** What the event's discussion room takes from the event when it is opened. */
export interface EventRoomSettings {
  visibility: EventVisibility;
  facilitatorIds: string[];
  title: string;
  originalLocale: Locale;
}

const MAX_DURATION_MS = 31 * 24 * 3600_000;
const MAX_SERIES_MS = 10 * 366 * 24 * 3600_000;

/** A repetition as iCalendar writes it, to tell two apart; none is ''. */
const rruleOf = (rule: MonthlyRule | null) => (rule ? toRRule(rule) : '');

const badInput = (key: string, path: string, code = 'invalid') =>
  new AppError('BAD_USER_INPUT', `events:errors.${key}`, {}, [{ path, code }]);

/** Each text trimmed (`requireText`); one BAD_USER_INPUT naming every blank one at once. */
function requireTexts(texts: { raw: string; path: string }[]): string[] {
  const problems: FieldProblem[] = [];
  const trimmed = texts.map(({ raw, path }) => {
    try {
      return requireText(raw, path);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(...error.fields);
      return '';
    }
  });
  if (problems.length) throw AppError.badInput(problems);
  return trimmed;
}

/** The most speakers an agenda item names, and the longest name, as AgendaItemInput allows. */
const MAX_SPEAKERS = 20;
const MAX_SPEAKER_LENGTH = 200;

/**
 * Each agenda item's speakers as a translation gives them: trimmed, blank names left out, and null for
 * an item left empty (it shows the original's). One BAD_USER_INPUT names every name that does not fit.
 */
function translatedSpeakers(lists: string[][]): (string[] | null)[] {
  const problems: FieldProblem[] = [];
  const speakers = lists.map((names, index) => {
    const path = `input.agendaSpeakers.${index}`;
    const named: FieldProblem[] = [];
    const kept = names.flatMap((name, at) => {
      if ([...name].length > MAX_SPEAKER_LENGTH)
        named.push({
          path: `${path}.${at}`,
          code: 'maxLength',
          params: { count: MAX_SPEAKER_LENGTH, max: MAX_SPEAKER_LENGTH },
        });
      else if (hasBidiControls(name)) named.push({ path: `${path}.${at}`, code: 'noBidiControls' });
      const text = optionalText(name);
      return text ? [text] : [];
    });
    // Counted as kept: blank names are left out.
    if (kept.length > MAX_SPEAKERS)
      problems.push({ path, code: 'arrayMaxSize', params: { count: MAX_SPEAKERS, max: MAX_SPEAKERS } });
    problems.push(...named);
    return kept.length > 0 ? kept : null;
  });
  if (problems.length) throw AppError.badInput(problems);
  return speakers;
}

interface AgendaItem {
  startsAt: Date;
  title: string;
  speakers?: string[];
}

/** The title and agenda titles of an event input, trimmed; blank ones refused. */
function eventTexts(
  title: string | null | undefined,
  agenda: AgendaItem[] | null | undefined,
): { title?: string; agenda?: AgendaItem[] } {
  const texts = [
    ...(title == null ? [] : [{ raw: title, path: 'input.title' }]),
    ...(agenda ?? []).map((item, index) => ({ raw: item.title, path: `input.agenda.${index}.title` })),
  ];
  const trimmed = requireTexts(texts);
  const offset = title == null ? 0 : 1;
  return {
    title: title == null ? undefined : trimmed[0],
    agenda: agenda?.map((item, index) => ({ ...item, title: trimmed[offset + index] })),
  };
}

interface Schedule {
  startsAt: Date;
  endsAt: Date;
  seriesEndsAt: Date;
  timeZone: string;
  rule: MonthlyRule | null;
}

@Injectable()
export class EventsService {
  private readonly log = new Logger('EventsService');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly accounts: AccountsService,
    private readonly network: NetworkService,
    private readonly notices: EventNotices,
    @Optional() @Inject(EVENT_ROOMS) private readonly rooms?: EventRooms,
  ) {}

  // ----- reading -----

  async list(
    viewer: AuthUser | undefined,
    filter: EventFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<EventModel>> {
    const base = this.db.getRepository(EventEntity).createQueryBuilder('e');
    if (!viewer) base.andWhere('e.visibility = :public', { public: EventVisibility.PUBLIC });
    if (filter.from) base.andWhere('e.series_ends_at >= :from', { from: filter.from });
    if (filter.to) base.andWhere('e.starts_at <= :to', { to: filter.to });
    if (filter.countries?.length)
      base.andWhere('e.country_codes && :countries::varchar[]', {
        countries: filter.countries.map((c) => c.toUpperCase()),
      });
    if (filter.kinds?.length) base.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.search?.trim())
      base.andWhere(
        `EXISTS (SELECT 1 FROM event_translation tr WHERE tr.event_id = e.id
           AND ashar_unaccent(tr.title) ILIKE ashar_unaccent(:search))`,
        { search: likePattern(filter.search) },
      );
    const totalCount = await base.clone().getCount();
    const page = base
      .clone()
      .select('e.id', 'id')
      .addSelect('e.starts_at', 'starts_at')
      .orderBy('e.starts_at')
      .addOrderBy('e.id')
      .limit(first + 1);
    if (after) {
      const [startsAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page.andWhere('(e.starts_at, e.id) > (:startsAt::timestamptz, :id::uuid)', { startsAt, id });
    }
    const ids = (await page.getRawMany<{ id: string }>()).map((row) => row.id);
    const models = await this.toModels(await this.loadRows(ids), viewer, locale);
    return toConnection(models, first, totalCount, (e) => [e.startsAt.toISOString(), e.id]);
  }

  async event(viewer: AuthUser | undefined, id: string, locale: Locale): Promise<EventModel> {
    const [row] = await this.loadRows([id]);
    if (!row || !this.canSee(viewer, row)) throw new AppError('NOT_FOUND', 'events:errors.notFound');
    return (await this.toModels([row], viewer, locale))[0];
  }

  /** The event as an iCalendar file in the caller's language. */
  async calendar(viewer: AuthUser | undefined, id: string, locale: Locale): Promise<string> {
    const event = await this.event(viewer, id, locale);
    const location = [event.place, event.onlineUrl].filter(Boolean).join(' — ');
    return buildCalendar([
      {
        uid: `${event.id}@ashar`,
        title: event.title,
        description: event.description || undefined,
        location: location || undefined,
        url: event.onlineUrl ?? undefined,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        seriesEndsAt: event.rule
          ? new Date(
              lastOccurrenceStart(event.rule, event.startsAt, event.timeZone).getTime() +
                (event.endsAt.getTime() - event.startsAt.getTime()),
            )
          : event.endsAt,
        timeZone: event.timeZone,
        rrule: event.rule ? toRRule(event.rule) : undefined,
        cancelled: event.status === EventStatus.CANCELLED,
        // Seconds from creation to the last change: grows with every change, as SEQUENCE must.
        sequence: Math.max(0, Math.floor((event.updatedAt.getTime() - event.createdAt.getTime()) / 1000)),
        updatedAt: event.updatedAt,
        categories: [event.kind],
      },
    ]);
  }

  /** Upcoming occurrences of a series (or the single event itself while it has not ended). */
  occurrences(event: EventModel, from: Date, first: number): EventOccurrenceModel[] {
    const duration = event.endsAt.getTime() - event.startsAt.getTime();
    const starts = event.rule
      ? upcomingStarts(event.rule, event.startsAt, event.timeZone, new Date(from.getTime() - duration), first)
      : [event.startsAt].filter((start) => start.getTime() + duration >= from.getTime());
    return starts.map((startsAt) => ({
      startsAt,
      endsAt: new Date(startsAt.getTime() + duration),
      localStartsAt: formatInZone(startsAt, event.timeZone),
    }));
  }

  /**
   * For the event's discussion room when it is opened: its visibility, facilitators and original
   * title; null if unknown. Read through `manager` (the transaction inserting the room) with the event
   * row share-locked: an update of the event (which locks the row for update) either commits first and
   * is read here, or waits until the room exists and then updates it.
   */
  async roomSettings(
    eventId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<EventRoomSettings | null> {
    const [row] = (await manager.query(
      `SELECT e.visibility, e.original_locale, t.title
         FROM event e
         LEFT JOIN event_translation t ON t.event_id = e.id AND t.locale = e.original_locale
        WHERE e.id = $1
          FOR SHARE OF e`,
      [eventId],
    )) as { visibility: EventVisibility; original_locale: Locale; title: string | null }[];
    if (!row) return null;
    return {
      visibility: row.visibility,
      facilitatorIds: await this.facilitatorIds(manager, eventId),
      title: row.title ?? '',
      originalLocale: row.original_locale,
    };
  }

  /** For other domains: the titles of these events, in `locale` where translated, else the original. */
  async titles(ids: readonly string[], locale: Locale): Promise<Map<string, string>> {
    const rows = (await this.db.query(
      `SELECT e.id, coalesce(t.title, o.title) AS title
         FROM event e
         LEFT JOIN event_translation t ON t.event_id = e.id AND t.locale = $2
         LEFT JOIN event_translation o ON o.event_id = e.id AND o.locale = e.original_locale
        WHERE e.id = ANY($1::uuid[])`,
      [ids, locale],
    )) as { id: string; title: string | null }[];
    return new Map(rows.filter((row) => row.title).map((row) => [row.id, row.title as string]));
  }

  /** For other domains: which of these ids are events the viewer may see. */
  async visibleEventIds(viewer: AuthUser | undefined, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.getRepository(EventEntity).find({ where: { id: In([...ids]) } });
    return rows.filter((row) => this.canSee(viewer, row)).map((row) => row.id);
  }

  // ----- writing -----

  async create(actor: AuthUser, input: EventInput, locale: Locale): Promise<EventModel> {
    const countryCodes = await this.countryCodes(input.countryCodes ?? [], input.region);
    // Coordinators schedule events for their own countries only; facilitators anywhere.
    const allowed =
      isNetworkWide(actor) ||
      hasRole(actor, Role.FACILITATOR) ||
      (countryCodes.length > 0 && countryCodes.every((code) => managesCountries(actor, [code])));
    if (!allowed) throw AppError.forbidden('events:errors.mayNotManage');
    const texts = eventTexts(input.title, input.agenda ?? []);
    const agenda = texts.agenda ?? [];
    const schedule = this.schedule(input.startsAt, input.endsAt, input.timeZone, input.recurrence);
    this.checkAgenda(agenda, schedule);
    const facilitatorIds = await this.facilitators(input.facilitatorIds ?? [actor.id]);
    const id = await this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(EventEntity).save({
        kind: input.kind,
        status: EventStatus.SCHEDULED,
        visibility: input.visibility ?? EventVisibility.PUBLIC,
        originalLocale: input.originalLocale,
        countryCodes,
        region: optionalText(input.region),
        startsAt: schedule.startsAt,
        endsAt: schedule.endsAt,
        seriesEndsAt: schedule.seriesEndsAt,
        timeZone: schedule.timeZone,
        place: optionalText(input.place),
        onlineUrl: input.onlineUrl ?? null,
        capacity: input.capacity ?? null,
        recurrence: schedule.rule,
        createdBy: actor.id,
        updatedBy: actor.id,
        translations: [
          { locale: input.originalLocale, title: texts.title!, description: input.description ?? '' },
        ],
      });
      await this.replaceAgenda(tx, saved.id, input.originalLocale, agenda);
      await tx
        .getRepository(EventFacilitatorEntity)
        .insert(facilitatorIds.map((userId) => ({ eventId: saved.id, userId })));
      return saved.id;
    });
    await this.openRoom(actor, id);
    return this.event(actor, id, locale);
  }

  async update(actor: AuthUser, id: string, input: UpdateEventInput, locale: Locale): Promise<EventModel> {
    let afterCommit: (() => Promise<void>) | undefined;
    const texts = eventTexts(input.title, input.agenda);
    const saved = await this.db.transaction(async (tx) => {
      const row = await this.lockForManagement(tx, actor, id);
      refuseIfEditedSince(row.updatedAt, input.expectedUpdatedAt);
      const countryCodes =
        input.countryCodes !== undefined || input.region !== undefined
          ? await this.countryCodes(
              input.countryCodes ?? row.countryCodes,
              input.region !== undefined ? input.region : row.region,
            )
          : row.countryCodes;
      // A coordinator may not move an event to a country they do not coordinate, nor make it a
      // region-only one (which only network-wide roles and facilitators manage): either would take
      // it out of their hands, as creating one there would be refused.
      const movedAway =
        countryCodes.some((code) => !row.countryCodes.includes(code)) ||
        (countryCodes.length === 0 && row.countryCodes.length > 0);
      if (movedAway && !isNetworkWide(actor) && !hasRole(actor, Role.FACILITATOR)) {
        if (countryCodes.length === 0 || !countryCodes.every((code) => managesCountries(actor, [code])))
          throw AppError.forbidden('events:errors.mayNotManage');
      }
      const startsAt = input.startsAt ?? row.startsAt;
      const timeZone = input.timeZone ?? row.timeZone;
      // A series moved without a new rule keeps its rule, on the day it now starts.
      const recurrence =
        input.recurrence !== undefined
          ? input.recurrence
          : row.recurrence &&
            ruleOnStart(row.recurrence, startsAt, canonicalTimeZone(timeZone) ?? row.timeZone);
      const schedule = this.schedule(startsAt, input.endsAt ?? row.endsAt, timeZone, recurrence);
      if (texts.agenda) this.checkAgenda(texts.agenda, schedule);
      // Without a new agenda, the agenda moves with the start, each item keeping its wall-clock
      // distance from it; it must still fall within the event.
      const movedAgenda = texts.agenda ? [] : await this.followingAgenda(tx, row, schedule);
      const changes: Partial<EventEntity> = {
        countryCodes,
        startsAt: schedule.startsAt,
        endsAt: schedule.endsAt,
        seriesEndsAt: schedule.seriesEndsAt,
        timeZone: schedule.timeZone,
        recurrence: schedule.rule,
        updatedBy: actor.id,
      };
      if (input.kind) changes.kind = input.kind;
      if (input.visibility) changes.visibility = input.visibility;
      if (input.region !== undefined) changes.region = optionalText(input.region);
      if (input.place !== undefined) changes.place = optionalText(input.place);
      if (input.onlineUrl !== undefined) changes.onlineUrl = input.onlineUrl ?? null;
      if (input.capacity !== undefined) {
        const registered = await tx.getRepository(EventRegistrationEntity).countBy({ eventId: id });
        if (input.capacity !== null && input.capacity < registered)
          throw new AppError('CONFLICT', 'events:errors.capacityBelowRegistrations', { count: registered }, [
            { path: 'input.capacity', code: 'invalid' },
          ]);
        changes.capacity = input.capacity ?? null;
      }
      await tx.getRepository(EventEntity).update({ id }, changes);
      // A translated place or region was a translation of the old one: it goes with it.
      for (const field of ['place', 'region'] as const)
        if (changes[field] !== undefined && changes[field] !== row[field])
          await tx.getRepository(EventTranslationEntity).update({ eventId: id }, { [field]: null });
      for (const item of movedAgenda)
        await tx.getRepository(AgendaItemEntity).update({ id: item.id }, { startsAt: item.startsAt });
      if (input.title !== undefined || input.description !== undefined) {
        const original = await tx
          .getRepository(EventTranslationEntity)
          .findOneByOrFail({ eventId: id, locale: row.originalLocale });
        await tx.getRepository(EventTranslationEntity).update(
          { eventId: id, locale: row.originalLocale },
          {
            title: texts.title ?? original.title,
            description: input.description ?? original.description,
          },
        );
      }
      if (texts.agenda) await this.replaceAgenda(tx, id, row.originalLocale, texts.agenda);
      // Those registered hear of a new time or place with the change (not of a cancelled event's),
      // once its texts are saved too: the mail names the event by its new title.
      if (row.status !== EventStatus.CANCELLED)
        await this.notices.changed(tx, actor, { ...row, ...changes } as EventEntity, {
          time:
            schedule.startsAt.getTime() !== row.startsAt.getTime() ||
            schedule.endsAt.getTime() !== row.endsAt.getTime() ||
            schedule.timeZone !== row.timeZone ||
            rruleOf(schedule.rule) !== rruleOf(row.recurrence),
          place: changes.place !== undefined && changes.place !== row.place,
          onlineUrl: changes.onlineUrl !== undefined && changes.onlineUrl !== row.onlineUrl,
        });
      let hostIds: string[] | undefined;
      let formerHostIds: string[] | undefined;
      if (input.facilitatorIds) {
        hostIds = await this.facilitators(input.facilitatorIds);
        formerHostIds = await this.facilitatorIds(tx, id);
        await tx.getRepository(EventFacilitatorEntity).delete({ eventId: id });
        await tx
          .getRepository(EventFacilitatorEntity)
          .insert(hostIds.map((userId) => ({ eventId: id, userId })));
      }
      // The room follows the event, in the same transaction: its name, who may read it, who hosts it.
      const title = texts.title;
      if (this.rooms && (title || input.visibility || hostIds))
        afterCommit = await this.rooms.updateEventRoom(
          {
            eventId: id,
            title,
            membersOnly: input.visibility ? input.visibility === EventVisibility.MEMBERS : undefined,
            hostIds,
            formerHostIds,
          },
          tx,
        );
      return savedAt(tx, EventEntity, id);
    });
    // Committed: sockets of people who may no longer read the room leave it. The event is saved either
    // way; a failure here is logged (their next request is refused by the room's checks all the same).
    await afterCommit?.().catch((error: unknown) =>
      this.log.warn(`could not update who is in the room of event ${id}: ${String(error)}`),
    );
    return { ...(await this.event(actor, id, locale)), updatedAt: saved };
  }

  async cancel(actor: AuthUser, id: string, locale: Locale): Promise<EventModel> {
    await this.db.transaction(async (tx) => {
      const row = await this.lockForManagement(tx, actor, id);
      if (row.status === EventStatus.CANCELLED) return;
      await tx
        .getRepository(EventEntity)
        .update({ id }, { status: EventStatus.CANCELLED, updatedBy: actor.id });
      await this.notices.cancelled(tx, actor, row);
    });
    return this.event(actor, id, locale);
  }

  async translate(
    actor: AuthUser,
    id: string,
    input: EventTranslationInput,
    locale: Locale,
  ): Promise<EventModel> {
    const [title, ...agendaTitles] = requireTexts([
      { raw: input.title, path: 'input.title' },
      ...(input.agendaTitles ?? []).map((raw, index) => ({ raw, path: `input.agendaTitles.${index}` })),
    ]);
    // Speakers live beside the titles: a language holds an item's speakers only with its title.
    if (input.agendaSpeakers && !input.agendaTitles)
      throw badInput('agendaSpeakersWithTitles', 'input.agendaSpeakers');
    const speakers = input.agendaSpeakers && translatedSpeakers(input.agendaSpeakers);
    const saved = await this.db.transaction(async (tx) => {
      const row = await this.lockForManagement(tx, actor, id);
      refuseIfEditedSince(row.updatedAt, input.expectedUpdatedAt);
      // A description left out stays as it was: saving a title alone never blanks it.
      const stored = await tx
        .getRepository(EventTranslationEntity)
        .findOneBy({ eventId: id, locale: input.locale });
      await tx.getRepository(EventTranslationEntity).upsert(
        {
          eventId: id,
          locale: input.locale,
          title,
          description: input.description ?? stored?.description ?? '',
        },
        ['eventId', 'locale'],
      );
      if (input.place !== undefined || input.region !== undefined) {
        if (input.locale === row.originalLocale) throw badInput('translateOriginalPlace', 'input.locale');
        const where = { eventId: id, locale: input.locale };
        // Empty or null: this language shows the original's.
        if (input.place !== undefined)
          await tx.getRepository(EventTranslationEntity).update(where, { place: optionalText(input.place) });
        if (input.region !== undefined)
          await tx
            .getRepository(EventTranslationEntity)
            .update(where, { region: optionalText(input.region) });
      }
      if (input.agendaTitles) {
        const items = await tx
          .getRepository(AgendaItemEntity)
          .find({ where: { eventId: id }, order: { position: 'ASC' } });
        if (input.agendaTitles.length !== items.length)
          throw badInput('agendaTitlesCount', 'input.agendaTitles');
        if (speakers && speakers.length !== items.length)
          throw badInput('agendaSpeakersCount', 'input.agendaSpeakers');
        if (input.locale === row.originalLocale) throw badInput('translateOriginalAgenda', 'input.locale');
        // Speakers left out stay as they were (upsert overwrites only the columns it is given).
        await tx.getRepository(AgendaItemTranslationEntity).upsert(
          items.map((item, index) => ({
            itemId: item.id,
            locale: input.locale,
            title: agendaTitles[index],
            ...(speakers ? { speakers: speakers[index] } : {}),
          })),
          ['itemId', 'locale'],
        );
      }
      // A new text is a new state of the event: an editor who loaded the one before is told.
      await tx.getRepository(EventEntity).update({ id }, { updatedBy: actor.id });
      return savedAt(tx, EventEntity, id);
    });
    return { ...(await this.event(actor, id, locale)), updatedAt: saved };
  }

  /**
   * Registers the caller. The event row is locked for the transaction, so concurrent registrations
   * are counted one after another and the capacity is never exceeded. Registering twice is a no-op.
   */
  async register(actor: AuthUser, eventId: string, locale: Locale): Promise<EventModel> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT status, capacity, visibility, series_ends_at FROM event WHERE id = $1 FOR UPDATE`,
        [eventId],
      );
      if (!row) throw new AppError('NOT_FOUND', 'events:errors.notFound');
      if (row.status === EventStatus.CANCELLED) throw new AppError('CONFLICT', 'events:errors.cancelled');
      if (new Date(row.series_ends_at).getTime() < Date.now())
        throw new AppError('CONFLICT', 'events:errors.over');
      const [mine] = await tx.query(`SELECT 1 FROM event_registration WHERE event_id = $1 AND user_id = $2`, [
        eventId,
        actor.id,
      ]);
      if (mine) return;
      if (row.capacity !== null) {
        const [{ count }] = await tx.query(
          `SELECT count(*)::int AS count FROM event_registration WHERE event_id = $1`,
          [eventId],
        );
        if (count >= row.capacity)
          throw new AppError('CONFLICT', 'events:errors.full', { count: row.capacity });
      }
      await tx.query(`INSERT INTO event_registration (event_id, user_id) VALUES ($1, $2)`, [
        eventId,
        actor.id,
      ]);
    });
    return this.event(actor, eventId, locale);
  }

  async cancelRegistration(actor: AuthUser, eventId: string, locale: Locale): Promise<EventModel> {
    const event = await this.event(actor, eventId, locale);
    await this.db.getRepository(EventRegistrationEntity).delete({ eventId, userId: actor.id });
    return event.viewerRegistered ? this.event(actor, eventId, locale) : event;
  }

  // ----- rules -----

  private canSee(viewer: AuthUser | undefined, row: EventEntity): boolean {
    return row.visibility === EventVisibility.PUBLIC || !!viewer;
  }

  /**
   * The one rule for managing an event (mutations and `viewerCan` alike): an event manager role
   * (what the mutations are declared for), and then network-wide, a coordinator of one of the event's
   * countries, its creator or one of its facilitators.
   */
  private canManage(
    user: AuthUser | undefined,
    row: Pick<EventEntity, 'countryCodes' | 'createdBy'>,
    facilitatorIds: string[],
  ): boolean {
    if (!user || !hasRole(user, ...EVENT_MANAGER_ROLES)) return false;
    if (isNetworkWide(user) || managesCountries(user, row.countryCodes)) return true;
    return row.createdBy === user.id || facilitatorIds.includes(user.id);
  }

  private async lockForManagement(tx: EntityManager, actor: AuthUser, id: string): Promise<EventEntity> {
    const row = await tx
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!row) throw new AppError('NOT_FOUND', 'events:errors.notFound');
    if (!this.canManage(actor, row, await this.facilitatorIds(tx, id)))
      throw AppError.forbidden('events:errors.mayNotManage');
    return row;
  }

  private async facilitatorIds(tx: EntityManager, eventId: string): Promise<string[]> {
    const rows = await tx.getRepository(EventFacilitatorEntity).findBy({ eventId });
    return rows.map((row) => row.userId);
  }

  private async countryCodes(codes: string[], region: string | null | undefined): Promise<string[]> {
    const unique = [...new Set(codes.map((code) => code.toUpperCase()))];
    for (const [index, code] of unique.entries())
      await this.network.requireCountry(code, `input.countryCodes.${index}`);
    if (unique.length === 0 && !optionalText(region))
      throw badInput('whereMissing', 'input.countryCodes', 'isDefined');
    return unique;
  }

  /** Facilitators are known people who hold an event manager role: anyone else could not manage the event. */
  private async facilitators(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const users = await Promise.all(unique.map((id) => this.accounts.findAuthUser(id)));
    if (users.some((user) => !user)) throw badInput('unknownFacilitator', 'input.facilitatorIds');
    const index = users.findIndex((user) => !hasRole(user, ...EVENT_MANAGER_ROLES));
    if (index >= 0)
      throw new AppError(
        'BAD_USER_INPUT',
        'events:errors.facilitatorRole',
        { name: users[index]!.displayName },
        [
          {
            path: `input.facilitatorIds.${ids.findIndex((id) => id.toLowerCase() === unique[index])}`,
            code: 'invalid',
          },
        ],
      );
    return unique;
  }

  private schedule(
    startsAt: Date,
    endsAt: Date,
    zone: string,
    recurrence: RecurrenceInput | MonthlyRule | undefined | null,
  ): Schedule {
    const timeZone = canonicalTimeZone(zone);
    if (!timeZone) throw AppError.badInput([{ path: 'input.timeZone', code: 'isTimeZone' }]);
    const year = startsAt.getUTCFullYear();
    if (year < 1900 || year > 2200) throw badInput('startOutOfRange', 'input.startsAt');
    if (endsAt.getTime() <= startsAt.getTime()) throw badInput('endBeforeStart', 'input.endsAt');
    if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS) throw badInput('tooLong', 'input.endsAt');
    if (!recurrence) return { startsAt, endsAt, seriesEndsAt: endsAt, timeZone, rule: null };
    const problems: FieldProblem[] = [];
    if (recurrence.monthDay && recurrence.weekday)
      problems.push({ path: 'input.recurrence.weekday', code: 'invalid' });
    if (recurrence.ordinal && !recurrence.weekday)
      problems.push({ path: 'input.recurrence.weekday', code: 'isDefined' });
    if (!!recurrence.count === !!recurrence.until)
      problems.push({ path: 'input.recurrence.count', code: 'invalid' });
    if (problems.length) throw new AppError('BAD_USER_INPUT', 'events:errors.recurrenceShape', {}, problems);
    const until = recurrence.until ? new Date(recurrence.until) : undefined;
    if (
      until &&
      (until.getTime() < startsAt.getTime() || until.getTime() - startsAt.getTime() > MAX_SERIES_MS)
    )
      throw badInput('untilOutOfRange', 'input.recurrence.until');
    const rule: MonthlyRule = {
      frequency: 'MONTHLY',
      interval: recurrence.interval ?? 1,
      ...(recurrence.weekday
        ? { weekday: recurrence.weekday, ordinal: recurrence.ordinal ?? 1 }
        : recurrence.monthDay
          ? { monthDay: recurrence.monthDay }
          : {}),
      ...(recurrence.count ? { count: recurrence.count } : { until: until!.toISOString() }),
    };
    if (!rule.weekday && !rule.monthDay)
      rule.monthDay = Number(formatInZone(startsAt, timeZone).slice(8, 10));
    // A series repeats a local time, which calendars read as its first instant when it happens twice.
    if (!denotedByLocalTime(startsAt, timeZone)) throw badInput('recurrenceRepeatedTime', 'input.startsAt');
    if (!startsOnRule(rule, startsAt, timeZone)) throw badInput('recurrenceMismatch', 'input.startsAt');
    const last = lastOccurrenceStart(rule, startsAt, timeZone);
    // However it ends, a series stays within ten years: its calendar file describes every year of it.
    if (last.getTime() - startsAt.getTime() > MAX_SERIES_MS)
      throw badInput('seriesTooLong', rule.count ? 'input.recurrence.count' : 'input.recurrence.until');
    return {
      startsAt,
      endsAt,
      seriesEndsAt: new Date(last.getTime() + endsAt.getTime() - startsAt.getTime()),
      timeZone,
      rule,
    };
  }

  private checkAgenda(agenda: { startsAt: Date }[], schedule: Schedule): void {
    agenda.forEach((item, index) => {
      const at = item.startsAt.getTime();
      if (at < schedule.startsAt.getTime() || at >= schedule.endsAt.getTime())
        throw badInput('agendaOutside', `input.agenda.${index}.startsAt`);
    });
  }

  /**
   * The stored agenda placed for the event's new schedule when its start or time zone changes (each
   * item the same wall-clock distance from the start), checked against the new schedule when any of
   * start, end and time zone changes; only the items that move are returned.
   */
  private async followingAgenda(
    tx: EntityManager,
    row: EventEntity,
    schedule: Schedule,
  ): Promise<{ id: string; startsAt: Date }[]> {
    const moved =
      row.startsAt.getTime() !== schedule.startsAt.getTime() || row.timeZone !== schedule.timeZone;
    if (!moved && row.endsAt.getTime() === schedule.endsAt.getTime()) return [];
    const items = await tx
      .getRepository(AgendaItemEntity)
      .find({ where: { eventId: row.id }, order: { position: 'ASC' } });
    const placed = items.map((item) => ({
      id: item.id,
      startsAt: moved
        ? followStart(item.startsAt, row.startsAt, row.timeZone, schedule.startsAt, schedule.timeZone)
        : item.startsAt,
    }));
    this.checkAgenda(placed, schedule);
    return placed.filter((item, index) => item.startsAt.getTime() !== items[index].startsAt.getTime());
  }

  private async replaceAgenda(
    tx: EntityManager,
    eventId: string,
    originalLocale: Locale,
    agenda: AgendaItem[],
  ): Promise<void> {
    await tx.getRepository(AgendaItemEntity).delete({ eventId });
    const ordered = [...agenda].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (const [position, item] of ordered.entries()) {
      await tx.getRepository(AgendaItemEntity).save({
        eventId,
        position,
        startsAt: item.startsAt,
        speakers: (item.speakers ?? []).map(optionalText).filter((speaker): speaker is string => !!speaker),
        translations: [{ locale: originalLocale, title: item.title.trim() }],
      });
    }
  }

  /**
   * Outside the event's transaction: rooms live in another domain; a failure leaves the event without
   * one. The room takes its settings from the committed event (`roomSettings`).
   */
  private async openRoom(actor: AuthUser, eventId: string): Promise<void> {
    if (!this.rooms) return;
    try {
      const roomId = await this.rooms.createEventRoom(eventId, actor);
      await this.db.getRepository(EventEntity).update({ id: eventId }, { roomId });
    } catch (error) {
      this.log.warn(`could not open the discussion room of event ${eventId}: ${String(error)}`);
    }
  }

  // ----- mapping -----

  private async loadRows(ids: string[]): Promise<EventEntity[]> {
    if (ids.length === 0) return [];
    return this.db
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.translations', 'tr')
      .leftJoinAndSelect('e.agenda', 'item')
      .leftJoinAndSelect('item.translations', 'itemTr')
      .where('e.id IN (:...ids)', { ids })
      .orderBy('e.starts_at')
      .addOrderBy('e.id')
      .addOrderBy('item.position')
      .getMany();
  }

  private async toModels(
    rows: EventEntity[],
    viewer: AuthUser | undefined,
    locale: Locale,
  ): Promise<EventModel[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [counts, facilitatorRows, mine] = await Promise.all([
      this.db.query(
        `SELECT event_id, count(*)::int AS count FROM event_registration WHERE event_id = ANY($1) GROUP BY event_id`,
        [ids],
      ) as Promise<{ event_id: string; count: number }[]>,
      this.db.getRepository(EventFacilitatorEntity).find({ where: { eventId: In(ids) } }),
      viewer
        ? this.db
            .getRepository(EventRegistrationEntity)
            .find({ where: { eventId: In(ids), userId: viewer.id } })
        : Promise.resolve([]),
    ]);
    const people = new Map(
      (await this.accounts.persons([...new Set(facilitatorRows.map((f) => f.userId))])).map((p) => [p.id, p]),
    );
    const models: EventModel[] = [];
    for (const row of rows) {
      const agenda = [...(row.agenda ?? [])].sort((a, b) => a.position - b.position);
      const served = serveTranslation(row.translations, locale, row.originalLocale);
      const servedLocale = served?.translation.locale ?? row.originalLocale;
      const count = counts.find((c) => c.event_id === row.id)?.count ?? 0;
      const facilitatorIds = facilitatorRows.filter((f) => f.eventId === row.id).map((f) => f.userId);
      const manage = this.canManage(viewer, row, facilitatorIds);
      const countries: CountryModel[] = [];
      for (const code of row.countryCodes) {
        const country = await this.network.country(code, locale);
        if (country) countries.push(country);
      }
      models.push({
        id: row.id,
        kind: row.kind,
        status: row.status,
        visibility: row.visibility,
        title: served?.translation.title ?? '',
        // A translation without a description shows the original's rather than none.
        ...(served?.translation.description || servedLocale === row.originalLocale
          ? { description: served?.translation.description ?? '', descriptionLocale: servedLocale }
          : {
              description: row.translations.find((tr) => tr.locale === row.originalLocale)?.description ?? '',
              descriptionLocale: row.originalLocale,
            }),
        locale: servedLocale,
        originalLocale: row.originalLocale,
        availableLocales: served?.availableLocales ?? [],
        countries,
        region:
          row.region && ((servedLocale !== row.originalLocale && served?.translation.region) || row.region),
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        timeZone: row.timeZone,
        localStartsAt: formatInZone(row.startsAt, row.timeZone),
        localEndsAt: formatInZone(row.endsAt, row.timeZone),
        place: row.place && ((servedLocale !== row.originalLocale && served?.translation.place) || row.place),
        onlineUrl: row.onlineUrl,
        capacity: row.capacity,
        registrationCount: count,
        spotsLeft: row.capacity === null ? null : Math.max(0, row.capacity - count),
        viewerRegistered: mine.some((r) => r.eventId === row.id),
        registrationOpen: row.status !== EventStatus.CANCELLED && row.seriesEndsAt.getTime() >= Date.now(),
        viewerCan: { edit: manage, cancel: manage && row.status !== EventStatus.CANCELLED },
        agenda: agenda.map((item) => {
          // Agenda titles follow the language the event is served in, so one page never mixes them.
          const title =
            item.translations.find((tr) => tr.locale === servedLocale) ??
            item.translations.find((tr) => tr.locale === row.originalLocale) ??
            item.translations[0];
          return {
            startsAt: item.startsAt,
            localStartsAt: formatInZone(item.startsAt, row.timeZone),
            title: title?.title ?? '',
            locale: title?.locale ?? row.originalLocale,
            // As that language writes them, where it does; else as written in the original.
            ...(title && title.locale !== row.originalLocale && title.speakers
              ? { speakers: title.speakers, speakersLocale: title.locale }
              : { speakers: item.speakers, speakersLocale: row.originalLocale }),
          };
        }),
        facilitators: facilitatorIds.map((id) => people.get(id)).filter((p) => !!p),
        recurrence: row.recurrence
          ? {
              frequency: row.recurrence.frequency,
              interval: row.recurrence.interval,
              monthDay: row.recurrence.monthDay ?? null,
              weekday: row.recurrence.weekday ?? null,
              ordinal: row.recurrence.ordinal ?? null,
              count: row.recurrence.count ?? null,
              until: row.recurrence.until ? new Date(row.recurrence.until) : null,
              rrule: toRRule(row.recurrence),
            }
          : null,
        roomId: row.roomId,
        calendarUrl: `/events/${row.id}.ics`,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        rule: row.recurrence ?? undefined,
        translations: row.translations.map((translation) => ({
          locale: translation.locale,
          title: translation.title,
          description: translation.description,
          // As written in that language: the original's are the event's own.
          place: translation.locale === row.originalLocale ? row.place : translation.place,
          region: translation.locale === row.originalLocale ? row.region : translation.region,
          agendaTitles: agenda.map(
            (item) => item.translations.find((tr) => tr.locale === translation.locale)?.title ?? null,
          ),
          agendaSpeakers: agenda.map((item) =>
            translation.locale === row.originalLocale
              ? item.speakers
              : (item.translations.find((tr) => tr.locale === translation.locale)?.speakers ?? null),
          ),
        })),
      });
    }
    return models;
  }
}
