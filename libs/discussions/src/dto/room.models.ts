import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '@ashar/accounts';
import { CountryModel } from '@ashar/network';
import { Connection } from '@ashar/transport';
import { RoomRole, RoomScope, RoomVisibility } from '../room-kinds';

@ObjectType('Room')
export class RoomModel {
  @Field(() => ID)
  id: string;

  @Field(() => RoomScope)
  scope: RoomScope;

  @Field(() => String, { nullable: true, description: 'Theme key, event id or case-study key.' })
  scopeKey: string | null;

  @Field(() => CountryModel, { nullable: true })
  country: CountryModel | null;

  @Field(() => RoomVisibility)
  visibility: RoomVisibility;

  @Field({ description: 'The title its host gave it, or a title in the request’s language.' })
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field()
  originalLocale: string;

  @Field(() => Int, { description: 'Sequence number of the latest message in the room.' })
  lastSeq: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Messages by others after my last markRead; null for guests.',
  })
  unreadCount: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Of those, the messages that mention me; null for guests.',
  })
  unreadMentions: number | null;

  @Field(() => RoomRole, { nullable: true, description: 'My role when I am a recorded member.' })
  myRole: RoomRole | null;

  @Field({ description: 'May I post here now (not banned, not muted, signed in)?' })
  canPost: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'When the mute I am under here ends; null when none is.',
  })
  myMutedUntil: Date | null;

  @Field({ description: 'May I moderate here (host, moderator or network-wide role)?' })
  canModerate: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Messages here with open reports (reportedMessages); null unless I may moderate.',
  })
  openReports: number | null;

  @Field()
  createdAt: Date;
}

@ObjectType('Thread')
export class ThreadModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  roomId: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true, description: 'The case-study lesson this thread discusses.' })
  lessonKey: string | null;

  @Field()
  pinned: boolean;

  @Field()
  locked: boolean;

  @Field(() => Int)
  messageCount: number;

  @Field(() => Date, { nullable: true })
  lastMessageAt: Date | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Messages by others here that I have not marked read; null for guests (and outside `threads`).',
  })
  unreadCount: number | null;

  @Field(() => Int, { nullable: true, description: 'Of those, the messages that mention me.' })
  unreadMentions: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "The room's newest seq when `unreadCount` was counted: live messages after it are not in the count.",
  })
  unreadUpTo: number | null;

  @Field(() => PersonModel, { nullable: true })
  createdBy: PersonModel | null;

  @Field()
  createdAt: Date;
}

@ObjectType('Reaction')
export class ReactionModel {
  @Field()
  emoji: string;

  @Field(() => Int)
  count: number;

  @Field(() => [ID])
  userIds: string[];
}

@ObjectType('Message')
export class MessageModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  roomId: string;

  @Field(() => ID)
  threadId: string;

  @Field(() => Int, { description: 'Per-room sequence number: strictly increasing, no gaps.' })
  seq: number;

  @Field()
  clientId: string;

  @Field(() => PersonModel, { nullable: true })
  author: PersonModel | null;

  @Field(() => ID, { nullable: true })
  replyTo: string | null;

  @Field(() => String, { nullable: true, description: 'Markdown; null once deleted.' })
  body: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Safe HTML rendered from the body; null once deleted.',
  })
  bodyHtml: string | null;

  @Field(() => [PersonModel])
  mentions: PersonModel[];

  @Field(() => [ReactionModel])
  reactions: ReactionModel[];

  @Field()
  edited: boolean;

  @Field(() => Date, { nullable: true })
  editedAt: Date | null;

  @Field()
  deleted: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType('MessageVersion')
export class MessageVersionModel {
  @Field({ description: 'The body as it read before an edit or the deletion.' })
  body: string;

  @Field(() => ID, { nullable: true })
  editedBy: string | null;

  @Field(() => PersonModel, {
    nullable: true,
    description: 'Who edited (or deleted) it; null when that account no longer exists.',
  })
  editor: PersonModel | null;

  @Field({ description: 'When it was replaced by an edit, or deleted.' })
  replacedAt: Date;

  @Field({
    description: 'True for the text as it read when the message was deleted (always the last version).',
  })
  deleted: boolean;
}

@ObjectType('RoomMember')
export class RoomMemberModel {
  @Field(() => PersonModel)
  person: PersonModel;

  @Field(() => RoomRole)
  role: RoomRole;

  @Field(() => Date, { nullable: true })
  mutedUntil: Date | null;

  @Field()
  banned: boolean;

  @Field({
    description:
      'Hosts or moderates the room, by its role here or one beyond it (network-wide, the country coordinator): cannot be muted or banned.',
  })
  moderates: boolean;
}

@ObjectType()
export class RoomConnection extends Connection(RoomModel, 'Room') {}

@ObjectType()
export class ThreadConnection extends Connection(ThreadModel, 'Thread') {}

@ObjectType('MessageReport')
export class MessageReportModel {
  @Field(() => PersonModel, { nullable: true, description: 'Null when that account no longer exists.' })
  reporter: PersonModel | null;

  @Field(() => String, { description: 'Empty when none was given.' })
  reason: string;

  @Field()
  reportedAt: Date;
}

@ObjectType('ReportedMessage')
export class ReportedMessageModel {
  @Field(() => MessageModel)
  message: MessageModel;

  @Field(() => [MessageReportModel], { description: 'The open reports of it, latest first.' })
  reports: MessageReportModel[];
}
