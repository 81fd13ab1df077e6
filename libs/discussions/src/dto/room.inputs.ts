import { HasNoBidiControls, IsNotBlank, MaxLength, MinLength } from '@ashar/errors';
import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { Transform } from 'class-transformer';
import { canonicalEmoji, MAX_EMOJI_LENGTH } from '../reaction-emoji';
import { RoomRole, RoomScope, RoomVisibility } from '../room-kinds';

/**
 * One well-formed emoji, shown as one symbol (`canonicalEmoji`): "👍👍" is two reactions, not a new one,
 * and "👍" with a dangling joiner is no emoji (reported as `matches`).
 */
function IsOneEmoji(): PropertyDecorator {
  return ValidateBy({
    name: 'matches',
    validator: { validate: (value: unknown) => typeof value === 'string' && canonicalEmoji(value) !== null },
  });
}

/** The most people one message may mention. */
export const MAX_MENTIONS = 20;

/** The people a message mentions, by id: optional, at most MAX_MENTIONS. */
const Mentions = (description: string) =>
  applyDecorators(
    Field(() => [ID], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(MAX_MENTIONS),
    IsUUID('all', { each: true }),
  );

/** Longest message body, in characters (UTF-16 code units, as JavaScript counts them). */
export const MAX_MESSAGE_LENGTH = 10_000;

@InputType()
export class RoomFilter {
  @Field(() => RoomScope, { nullable: true })
  @IsOptional()
  @IsEnum(RoomScope)
  scope?: RoomScope;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO31661Alpha2()
  countryCode?: string;

  @Field(() => String, { nullable: true, description: 'Theme key, event id or case-study key.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  scopeKey?: string;

  @Field(() => RoomVisibility, { nullable: true })
  @IsOptional()
  @IsEnum(RoomVisibility)
  visibility?: RoomVisibility;
}

@InputType()
export class CreateRoomInput {
  @Field(() => RoomScope)
  @IsEnum(RoomScope)
  scope: RoomScope;

  @Field(() => String, { nullable: true, description: 'Required for COUNTRY rooms.' })
  @IsOptional()
  @IsISO31661Alpha2()
  countryCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Theme key, event id or case-study key; required for THEME, EVENT and CASE_STUDY rooms.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  scopeKey?: string;

  @Field(() => RoomVisibility, {
    nullable: true,
    description:
      'Required, except for EVENT and CASE_STUDY rooms: the record sets up its room, and giving visibility, title, description or originalLocale for one is BAD_USER_INPUT.',
  })
  @IsOptional()
  @IsEnum(RoomVisibility)
  visibility?: RoomVisibility;

  @Field(() => String, {
    nullable: true,
    description: 'Left out: a title in the reader’s language. Not for EVENT and CASE_STUDY rooms.',
  })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MaxLength(200)
  title?: string;

  @Field(() => String, { nullable: true, description: 'Not for EVENT and CASE_STUDY rooms.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The language the title and description are written in. Required, except for EVENT and CASE_STUDY rooms (not given for them).',
  })
  @IsOptional()
  @IsIn(LOCALES)
  originalLocale?: Locale;
}

@InputType()
export class CreateThreadInput {
  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true, description: 'A lesson of the case study this room discusses.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lessonKey?: string;
}

@InputType()
export class PostMessageInput {
  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field(() => ID)
  @IsUUID()
  threadId: string;

  @Field({ description: `Markdown, at most ${MAX_MESSAGE_LENGTH} characters.` })
  @IsString()
  @IsNotBlank()
  body: string;

  @Field({ description: 'A client-generated id; sending it again returns the stored message.' })
  @IsString()
  @Matches(/^[\w.:-]{1,100}$/)
  clientId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  replyTo?: string;

  @Mentions('People mentioned (@name) in the body.')
  mentions?: string[];
}

@InputType()
export class EditMessageInput {
  @Field(() => ID)
  @IsUUID()
  messageId: string;

  @Field()
  @IsString()
  @IsNotBlank()
  body: string;

  @Mentions(
    'People the edited body mentions (@name): they replace the message’s mentions, and those not mentioned before are told. Left out, the mentions stay as they were.',
  )
  mentions?: string[];
}

@InputType()
export class ReactionInput {
  @Field(() => ID)
  @IsUUID()
  messageId: string;

  @Field({
    description:
      'One emoji (with its modifiers and joiners, as one symbol shows). Stored fully qualified: "❤" and "❤️" are one reaction, listed as "❤️".',
  })
  // One vote per person and emoji as it shows, however the sender wrote it: read in its one stored form.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (canonicalEmoji(value) ?? value) : value,
  )
  @IsString()
  @MaxLength(MAX_EMOJI_LENGTH)
  @IsOneEmoji()
  emoji: string;
}

@InputType()
export class MuteMemberInput {
  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => Int, { description: 'How long, in minutes; 0 lifts the mute.' })
  @IsInt()
  @Min(0)
  @Max(60 * 24 * 90)
  minutes: number;
}

@InputType()
export class BanMemberInput {
  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => Boolean, { defaultValue: true, description: 'false lifts the ban.' })
  @IsBoolean()
  banned = true;
}

@InputType()
export class RoomMemberInput {
  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => RoomRole, { defaultValue: RoomRole.MEMBER })
  @IsEnum(RoomRole)
  role: RoomRole = RoomRole.MEMBER;
}

@ArgsType()
export class MessagesArgs {
  @Field(() => ID)
  @IsUUID()
  threadId: string;

  @Field(() => Int, { nullable: true, description: 'Only messages before this seq (older pages).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  beforeSeq?: number;

  @Field(() => Int, { nullable: true, description: 'Only messages after this seq (catching up).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only these messages of the thread (the ones replies answer, say), in seq order; `first` does not apply.',
  })
  @IsOptional()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 50;
}

@ArgsType()
export class MarkReadArgs {
  @Field(() => ID)
  @IsUUID()
  roomId: string;

  @Field(() => Int, { description: 'The seq read up to (0: nothing read yet).' })
  @IsInt()
  @Min(0)
  seq: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only this thread is read up to seq (the others stay as they were); left out: the whole room.',
  })
  @IsOptional()
  @IsUUID()
  threadId?: string;
}

@ArgsType()
export class ScopeRoomArgs {
  @Field(() => RoomScope, { description: 'EVENT or CASE_STUDY.' })
  @IsEnum(RoomScope)
  scope: RoomScope;

  @Field({ description: 'The event id or the case-study key.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  key: string;
}

// ----- socket.io payloads -----

export class JoinRoomPayload {
  @IsUUID()
  roomId: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sinceSeq?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class RoomPayload {
  @IsUUID()
  roomId: string;
}

export class MessagePayload {
  @IsUUID()
  messageId: string;
}

export class TypingPayload {
  @IsUUID()
  roomId: string;

  @IsOptional()
  @IsUUID()
  threadId?: string;
}

@InputType()
export class ReportMessageInput {
  @Field(() => ID)
  @IsUUID()
  messageId: string;

  @Field(() => String, {
    nullable: true,
    description: "What is wrong with it, for the room's hosts and moderators.",
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @MaxLength(500)
  reason?: string;
}
