import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccountsService, Allow, CurrentUser, PersonModel, type AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import { LOCALES, type Locale } from '@ashar/i18n';
import { IdPipe, PageArgs, RequestLocale } from '@ashar/transport';
import {
  EventFilter,
  EventInput,
  EventTranslationInput,
  FacilitatorCandidatesArgs,
  UpdateEventInput,
} from './dto/event.inputs';
import { EventConnection, EventModel, EventOccurrenceModel, EventTranslationModel } from './dto/event.models';
import { EVENT_MANAGER_ROLES, EventsService } from './event.service';
import { canonicalTimeZone, formatInZone } from '@ashar/time-zone';

const MANAGERS = EVENT_MANAGER_ROLES;

@Resolver(() => EventModel)
export class EventResolver {
  constructor(
    private readonly service: EventsService,
    private readonly accounts: AccountsService,
  ) {}

  @Allow(...MANAGERS)
  @Query(() => [PersonModel], {
    description:
      'People who may facilitate events (they hold a role the event mutations are declared for), by name: ' +
      'whom `facilitatorIds` may name. For those who schedule events.',
  })
  eventFacilitatorCandidates(@Args() args: FacilitatorCandidatesArgs) {
    return this.accounts.holders(MANAGERS, undefined, { nameContains: args.nameContains, limit: args.first });
  }

  @Allow('GUEST')
  @Query(() => EventConnection, {
    description: 'Guests see public events; signed-in people also members-only ones.',
  })
  events(
    @Args() page: PageArgs,
    // Typed as the class alone: `EventFilter | undefined` is recorded as Object, which is not validated.
    // The validation pipe hands over an (empty) EventFilter when no filter is given.
    @Args('filter', { type: () => EventFilter, nullable: true }) filter: EventFilter,
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.list(user, filter ?? {}, page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => EventModel)
  event(
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.event(user, id, locale);
  }

  @Allow(...MANAGERS)
  @Mutation(() => EventModel)
  createEvent(
    @CurrentUser() user: AuthUser,
    @Args('input') input: EventInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.create(user, input, locale);
  }

  @Allow(...MANAGERS)
  @Mutation(() => EventModel)
  updateEvent(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: UpdateEventInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.update(user, id, input, locale);
  }

  @Allow(...MANAGERS)
  @Mutation(() => EventModel)
  translateEvent(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @Args('input') input: EventTranslationInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.translate(user, id, input, locale);
  }

  @Allow(...MANAGERS)
  @Mutation(() => EventModel)
  cancelEvent(
    @CurrentUser() user: AuthUser,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.cancel(user, id, locale);
  }

  @Allow('USER')
  @Mutation(() => EventModel)
  registerForEvent(
    @CurrentUser() user: AuthUser,
    @Args('eventId', { type: () => ID }, IdPipe) eventId: string,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.register(user, eventId, locale);
  }

  @Allow('USER')
  @Mutation(() => EventModel)
  cancelRegistration(
    @CurrentUser() user: AuthUser,
    @Args('eventId', { type: () => ID }, IdPipe) eventId: string,
    @RequestLocale() locale: Locale,
  ) {
    return this.service.cancelRegistration(user, eventId, locale);
  }

  @ResolveField(() => String, {
    description: "The start shown in another time zone (the viewer's), ISO 8601 with offset.",
  })
  startsAtIn(@Parent() event: EventModel, @Args('timeZone') timeZone: string): string {
    return formatInZone(event.startsAt, this.zone(timeZone));
  }

  @ResolveField(() => String)
  endsAtIn(@Parent() event: EventModel, @Args('timeZone') timeZone: string): string {
    return formatInZone(event.endsAt, this.zone(timeZone));
  }

  @ResolveField(() => [EventOccurrenceModel], {
    description: 'Upcoming occurrences (one for a single event).',
  })
  occurrences(
    @Parent() event: EventModel,
    @Args('first', { type: () => Int, defaultValue: 6 }) first: number,
    @Args('from', { type: () => Date, nullable: true }) from: Date | undefined,
  ): EventOccurrenceModel[] {
    if (!Number.isInteger(first) || first < 1)
      throw AppError.badInput([{ path: 'first', code: 'min', params: { min: 1 } }]);
    if (first > 120) throw AppError.badInput([{ path: 'first', code: 'max', params: { max: 120 } }]);
    return this.service.occurrences(event, from ?? new Date(), first);
  }

  @ResolveField(() => EventTranslationModel, {
    nullable: true,
    description:
      'The texts in one language exactly as written (null when not translated into it), for forms that ' +
      "edit them: `title` and `agenda` are served in the reader's language instead.",
  })
  translation(@Parent() event: EventModel, @Args('locale') locale: string): EventTranslationModel | null {
    if (!(LOCALES as readonly string[]).includes(locale))
      throw AppError.badInput([{ path: 'locale', code: 'isLocale' }]);
    return event.translations?.find((translation) => translation.locale === locale) ?? null;
  }

  private zone(timeZone: string): string {
    const zone = canonicalTimeZone(timeZone);
    if (!zone) throw AppError.badInput([{ path: 'timeZone', code: 'isTimeZone' }]);
    return zone;
  }
}
