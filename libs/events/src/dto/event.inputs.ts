import { HasNoBidiControls, IsNotBlank, MaxLength, MinLength } from '@ashar/errors';
import { ArgsType, Field, ID, InputType, Int, OmitType, PartialType } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import { ExpectedUpdatedAt } from '@ashar/transport';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EventKind, EventVisibility } from '../event-kind';
import { WEEKDAYS, type Weekday } from '../recurrence';

@InputType()
export class EventFilter {
  @Field(() => Date, {
    nullable: true,
    description: 'Events (or occurrences of a series) ending at or after.',
  })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Events starting at or before.' })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];

  @Field(() => [EventKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(EventKind, { each: true })
  kinds?: EventKind[];

  @Field(() => String, {
    nullable: true,
    description: 'Part of the title in any of its languages, in any case and with or without accents.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

@InputType()
export class AgendaItemInput {
  @Field(() => Date)
  @IsDate()
  startsAt: Date;

  @Field({ description: "In the event's original language." })
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @HasNoBidiControls({ each: true })
  @MaxLength(200, { each: true })
  speakers?: string[];
}

@InputType({
  description: 'A monthly series: either `monthDay`, or `weekday` with `ordinal`; and `count` or `until`.',
})
export class RecurrenceInput {
  @Field(() => Int, { nullable: true, description: 'Every n months (default 1).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  interval?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(31)
  monthDay?: number;

  @Field(() => String, { nullable: true, description: 'MO, TU, WE, TH, FR, SA or SU.' })
  @IsOptional()
  @IsIn(WEEKDAYS)
  weekday?: Weekday;

  @Field(() => Int, { nullable: true, description: '1–4, or −1 for the last such weekday of the month.' })
  @IsOptional()
  @IsInt()
  @IsIn([1, 2, 3, 4, -1])
  ordinal?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  count?: number;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  until?: Date;
}

@InputType()
export class EventInput {
  @Field(() => EventKind)
  @IsEnum(EventKind)
  kind: EventKind;

  @Field(() => EventVisibility, { nullable: true, description: 'Default PUBLIC.' })
  @IsOptional()
  @IsEnum(EventVisibility)
  visibility?: EventVisibility;

  @Field(() => String, { description: 'The language title, description and agenda are written in.' })
  @IsIn(LOCALES)
  originalLocale: Locale;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Countries concerned; leave empty for a regional event with `region`.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countryCodes?: string[];

  @Field(() => String, { nullable: true, description: 'e.g. "Central Asia" for regional events.' })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(200)
  region?: string;

  @Field(() => Date, { description: 'An instant (ISO 8601 with offset or Z).' })
  @IsDate()
  startsAt: Date;

  @Field(() => Date)
  @IsDate()
  endsAt: Date;

  @Field({ description: 'IANA time zone the event happens in, e.g. Asia/Bishkek.' })
  @IsString()
  @MaxLength(64)
  timeZone: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(300)
  place?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string;

  @Field(() => Int, { nullable: true, description: 'Seats; empty means no limit.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity?: number;

  @Field(() => [AgendaItemInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInput)
  agenda?: AgendaItemInput[];

  @Field(() => [ID], {
    nullable: true,
    description: 'People who facilitate (at least one: they host its room); default: the creator.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  facilitatorIds?: string[];

  @Field(() => RecurrenceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceInput)
  recurrence?: RecurrenceInput;
}

@InputType()
export class UpdateEventInput extends PartialType(
  OmitType(EventInput, ['originalLocale'] as const),
  InputType,
) {
  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@InputType()
export class EventTranslationInput {
  @Field(() => String)
  @IsIn(LOCALES)
  locale: Locale;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @MinLength(2)
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Agenda item titles in this language, in agenda order.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @HasNoBidiControls({ each: true })
  @MaxLength(300, { each: true })
  agendaTitles?: string[];

  @Field(() => [[String]], {
    nullable: true,
    description:
      "Each agenda item's speakers as this language writes them, in agenda order, sent with `agendaTitles`: names in " +
      "another script, roles translated. An empty list: the original's, as written; omitted: unchanged. At most 20 per item, each up to 200 characters.",
  })
  @IsOptional()
  @ArrayMaxSize(100)
  agendaSpeakers?: string[][];

  @Field(() => String, {
    nullable: true,
    description:
      "The place in this language (not in the original's: that is `updateEvent`). Empty or null: the original's; omitted: unchanged.",
  })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(300)
  place?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The region in this language, like `place`.',
  })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(200)
  region?: string;

  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@ArgsType()
export class FacilitatorCandidatesArgs {
  @Field(() => String, { defaultValue: '', description: 'Part of the name, any case; empty lists everyone.' })
  @IsString()
  @MaxLength(100)
  nameContains = '';

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 50;
}
