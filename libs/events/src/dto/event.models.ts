import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '@ashar/accounts';
import { CountryModel } from '@ashar/network';
import { Connection } from '@ashar/transport';
import { EventKind, EventStatus, EventVisibility } from '../event-kind';
import type { MonthlyRule } from '../recurrence';

@ObjectType('AgendaItem')
export class AgendaItemModel {
  @Field(() => Date)
  startsAt: Date;

  @Field({ description: "The start in the event's time zone, ISO 8601 with offset." })
  localStartsAt: string;

  @Field()
  title: string;

  @Field({ description: 'The language `title` is served in.' })
  locale: string;

  @Field(() => [String], {
    description:
      "The speakers as the title's language writes them where its translation does, else the original's.",
  })
  speakers: string[];

  @Field({ description: 'The language `speakers` are written in.' })
  speakersLocale: string;
}

@ObjectType('Recurrence')
export class RecurrenceModel {
  @Field()
  frequency: string;

  @Field(() => Int)
  interval: number;

  @Field(() => Int, { nullable: true })
  monthDay: number | null;

  @Field(() => String, { nullable: true })
  weekday: string | null;

  @Field(() => Int, { nullable: true })
  ordinal: number | null;

  @Field(() => Int, { nullable: true })
  count: number | null;

  @Field(() => Date, { nullable: true })
  until: Date | null;

  @Field({ description: 'The RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU;COUNT=10.' })
  rrule: string;
}

@ObjectType('EventOccurrence')
export class EventOccurrenceModel {
  @Field(() => Date)
  startsAt: Date;

  @Field(() => Date)
  endsAt: Date;

  @Field({ description: "In the event's time zone." })
  localStartsAt: string;
}

@ObjectType('EventTranslation', {
  description: "An event's texts in one language, as written: what a form editing them starts from.",
})
export class EventTranslationModel {
  @Field()
  locale: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => [String], {
    nullable: 'items',
    description: 'Agenda item titles in agenda order; null where an item has no title in this language.',
  })
  agendaTitles: (string | null)[];

  @Field(() => [[String]], {
    nullable: 'items',
    description:
      "Agenda items' speakers as written in this language, in agenda order; null where the original's are shown.",
  })
  agendaSpeakers: (string[] | null)[];

  @Field(() => String, {
    nullable: true,
    description: "The place as written in this language (in a translation, null: the original's).",
  })
  place: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The region as written in this language, like `place`.',
  })
  region: string | null;
}

@ObjectType('EventPermissions', {
  description: 'What the caller may do with an event now; all false for guests.',
})
export class EventPermissionsModel {
  @Field({ description: 'Update it and translate it.' })
  edit: boolean;

  @Field({ description: 'Cancel it (false when it is already cancelled).' })
  cancel: boolean;
}

@ObjectType('Event')
export class EventModel {
  @Field(() => ID)
  id: string;

  @Field(() => EventKind)
  kind: EventKind;

  @Field(() => EventStatus)
  status: EventStatus;

  @Field(() => EventVisibility)
  visibility: EventVisibility;

  @Field()
  title: string;

  @Field({
    description:
      "In the language served (`locale`); the original's where that language's translation has none (`descriptionLocale`).",
  })
  description: string;

  @Field({ description: 'The language `description` is written in.' })
  descriptionLocale: string;

  @Field({ description: 'The language title, description and agenda are served in.' })
  locale: string;

  @Field()
  originalLocale: string;

  @Field(() => [String])
  availableLocales: string[];

  @Field(() => [CountryModel])
  countries: CountryModel[];

  @Field(() => String, { nullable: true })
  region: string | null;

  @Field(() => Date, { description: 'The (first) start as an instant.' })
  startsAt: Date;

  @Field(() => Date)
  endsAt: Date;

  @Field({ description: 'IANA time zone the event happens in.' })
  timeZone: string;

  @Field({ description: "The start in the event's own time zone; `startsAtIn` shows it in the viewer's." })
  localStartsAt: string;

  @Field()
  localEndsAt: string;

  @Field(() => String, { nullable: true })
  place: string | null;

  @Field(() => String, { nullable: true })
  onlineUrl: string | null;

  @Field(() => Int, { nullable: true })
  capacity: number | null;

  @Field(() => Int)
  registrationCount: number;

  @Field(() => Int, { nullable: true, description: 'Seats left, or null when there is no limit.' })
  spotsLeft: number | null;

  @Field({ description: 'Whether the signed-in caller is registered.' })
  viewerRegistered: boolean;

  @Field({
    description:
      'Whether registering is still possible: not cancelled, and not over (for a series, its last occurrence has not ended). A full event is still open: see `spotsLeft`.',
  })
  registrationOpen: boolean;

  @Field(() => EventPermissionsModel, {
    description: 'What the caller may do with it now, by the same rule the mutations apply.',
  })
  viewerCan: EventPermissionsModel;

  @Field(() => [AgendaItemModel])
  agenda: AgendaItemModel[];

  @Field(() => [PersonModel])
  facilitators: PersonModel[];

  @Field(() => RecurrenceModel, { nullable: true })
  recurrence: RecurrenceModel | null;

  @Field(() => ID, { nullable: true, description: "The event's discussion room, once rooms exist." })
  roomId: string | null;

  @Field({ description: 'Path of the iCalendar file: GET it to add the event to a calendar.' })
  calendarUrl: string;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  /** Kept for field resolvers (occurrences); not exposed. */
  rule?: MonthlyRule;

  /** Every language's texts as written, for the `translation` field resolver; not exposed. */
  translations?: EventTranslationModel[];
}

@ObjectType()
export class EventConnection extends Connection(EventModel, 'Event') {}
