import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, CurrentUser, PersonModel, type AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import type { Locale } from '@ashar/i18n';
import { IdPipe, PageArgs, RequestLocale } from '@ashar/transport';
import {
  BanMemberInput,
  CreateRoomInput,
  CreateThreadInput,
  EditMessageInput,
  MarkReadArgs,
  MessagesArgs,
  MuteMemberInput,
  PostMessageInput,
  ReactionInput,
  ReportMessageInput,
  RoomFilter,
  RoomMemberInput,
  ScopeRoomArgs,
} from './dto/room.inputs';
import {
  MessageModel,
  MessageVersionModel,
  ReactionModel,
  ReportedMessageModel,
  RoomConnection,
  RoomMemberModel,
  RoomModel,
  ThreadConnection,
  ThreadModel,
} from './dto/room.models';
import { MessageReports } from './message-report.service';
import { MessageService } from './message.service';
import { RoomService } from './room.service';

/** The message services name the fields of a socket payload; in GraphQL they are in `input`. */
function underInput(error: unknown): never {
  throw error instanceof AppError ? error.under('input') : error;
}

@Resolver(() => RoomModel)
export class RoomResolver {
  constructor(
    private readonly roomService: RoomService,
    private readonly messageService: MessageService,
    private readonly reports: MessageReports,
  ) {}

  @Allow('GUEST')
  @Query(() => RoomConnection, { description: 'Rooms the caller may read.' })
  rooms(
    @CurrentUser() user: AuthUser | undefined,
    @Args() page: PageArgs,
    // Typed as the class (not `| undefined`), so that its metadata names it and it is validated; the
    // validation pipe makes a missing filter an empty one.
    @Args('filter', { type: () => RoomFilter, nullable: true }) filter: RoomFilter,
    @RequestLocale() locale: Locale,
  ) {
    return this.roomService.rooms(user, filter, page.first, page.after, locale);
  }

  @Allow('GUEST')
  @Query(() => RoomModel)
  room(
    @CurrentUser() user: AuthUser | undefined,
    @Args('id', { type: () => ID }, IdPipe) id: string,
    @RequestLocale() locale: Locale,
  ) {
    return this.roomService.room(user, id, locale);
  }

  @Allow('GUEST')
  @Query(() => ThreadConnection)
  threads(
    @CurrentUser() user: AuthUser | undefined,
    @Args('roomId', { type: () => ID }, IdPipe) roomId: string,
    @Args() page: PageArgs,
  ) {
    return this.roomService.threads(user, roomId, page.first, page.after);
  }

  @Allow('GUEST')
  @Query(() => [MessageModel], { description: 'Messages of a thread in seq order.' })
  messages(@CurrentUser() user: AuthUser | undefined, @Args() args: MessagesArgs) {
    return this.messageService.threadMessages(user, args);
  }

  @Allow('USER')
  @Query(() => [MessageVersionModel], { description: 'Earlier versions of an edited message (moderators).' })
  messageVersions(@CurrentUser() user: AuthUser, @Args('messageId', { type: () => ID }, IdPipe) id: string) {
    return this.messageService.versions(user, id);
  }

  @Allow('USER')
  @Query(() => [RoomMemberModel], { description: 'Recorded members of a room (moderators).' })
  roomMembers(@CurrentUser() user: AuthUser, @Args('roomId', { type: () => ID }, IdPipe) roomId: string) {
    return this.roomService.members(user, roomId);
  }

  @Allow('USER')
  @Query(() => [PersonModel], {
    description:
      'Whom the caller may mention in a room: its hosts, then its moderators and invited members, then everyone else who wrote in it, most recent writers first; at most 500, never the caller or anyone banned. For those who may post there.',
  })
  mentionable(@CurrentUser() user: AuthUser, @Args('roomId', { type: () => ID }, IdPipe) roomId: string) {
    return this.roomService.mentionable(user, roomId);
  }

  @Allow('USER')
  @Mutation(() => RoomModel)
  createRoom(
    @CurrentUser() user: AuthUser,
    @Args('input') input: CreateRoomInput,
    @RequestLocale() locale: Locale,
  ) {
    return this.roomService.createRoom(user, input, locale);
  }

  @Allow('USER')
  @Mutation(() => RoomModel, {
    description: 'The room of an event or a case study ("discuss this project"), created on first use.',
  })
  roomForScope(
    @CurrentUser() user: AuthUser,
    @Args() { scope, key }: ScopeRoomArgs,
    @RequestLocale() locale: Locale,
  ) {
    return this.roomService.roomForScope(scope, key, user, locale);
  }

  @Allow('USER')
  @Mutation(() => ThreadModel)
  createThread(@CurrentUser() user: AuthUser, @Args('input') input: CreateThreadInput) {
    return this.roomService.createThread(user, input);
  }

  @Allow('USER')
  @Mutation(() => MessageModel, {
    description: 'Same rules as the socket event: a repeated clientId returns the stored message.',
  })
  async postMessage(@CurrentUser() user: AuthUser, @Args('input') input: PostMessageInput) {
    return (await this.messageService.post(user, input).catch(underInput)).message;
  }

  @Allow('USER')
  @Mutation(() => MessageModel)
  editMessage(@CurrentUser() user: AuthUser, @Args('input') input: EditMessageInput) {
    return this.messageService.edit(user, input).catch(underInput);
  }

  @Allow('USER')
  @Mutation(() => MessageModel)
  deleteMessage(@CurrentUser() user: AuthUser, @Args('id', { type: () => ID }, IdPipe) id: string) {
    return this.messageService.remove(user, id);
  }

  @Allow('USER')
  @Mutation(() => [ReactionModel])
  toggleReaction(@CurrentUser() user: AuthUser, @Args('input') input: ReactionInput) {
    return this.messageService.toggleReaction(user, input);
  }

  @Allow('USER')
  @Mutation(() => Boolean, {
    description: "Reports someone else's message to the room's hosts and moderators (once per message).",
  })
  reportMessage(@CurrentUser() user: AuthUser, @Args('input') input: ReportMessageInput) {
    return this.reports.report(user, input).catch(underInput);
  }

  @Allow('USER')
  @Query(() => [ReportedMessageModel], {
    description: 'Messages of the room with open reports, the latest reported first (moderators).',
  })
  reportedMessages(
    @CurrentUser() user: AuthUser,
    @Args('roomId', { type: () => ID }, IdPipe) roomId: string,
  ) {
    return this.reports.reported(user, roomId);
  }

  @Allow('USER')
  @Mutation(() => Int, {
    description:
      "Closes a message's open reports (moderators; not of their own message), those made up to seenUntil when given; returns how many.",
  })
  dismissReports(
    @CurrentUser() user: AuthUser,
    @Args('messageId', { type: () => ID }, IdPipe) messageId: string,
    @Args('seenUntil', { type: () => Date, nullable: true }) seenUntil: Date | null,
  ) {
    return this.reports.dismiss(user, messageId, seenUntil ?? undefined);
  }

  @Allow('USER')
  @Mutation(() => ThreadModel)
  lockThread(
    @CurrentUser() user: AuthUser,
    @Args('threadId', { type: () => ID }, IdPipe) threadId: string,
    @Args('locked', { type: () => Boolean, defaultValue: true }) locked: boolean,
  ) {
    return this.roomService.setThreadFlag(user, threadId, 'locked', locked);
  }

  @Allow('USER')
  @Mutation(() => ThreadModel)
  pinThread(
    @CurrentUser() user: AuthUser,
    @Args('threadId', { type: () => ID }, IdPipe) threadId: string,
    @Args('pinned', { type: () => Boolean, defaultValue: true }) pinned: boolean,
  ) {
    return this.roomService.setThreadFlag(user, threadId, 'pinned', pinned);
  }

  @Allow('USER')
  @Mutation(() => RoomMemberModel, { description: 'Invites a person (PRIVATE rooms) or sets their role.' })
  addRoomMember(@CurrentUser() user: AuthUser, @Args('input') input: RoomMemberInput) {
    return this.roomService.addMember(user, input);
  }

  @Allow('USER')
  @Mutation(() => RoomMemberModel)
  muteMember(@CurrentUser() user: AuthUser, @Args('input') input: MuteMemberInput) {
    return this.roomService.muteMember(user, input);
  }

  @Allow('USER')
  @Mutation(() => RoomMemberModel)
  banMember(@CurrentUser() user: AuthUser, @Args('input') input: BanMemberInput) {
    return this.roomService.banMember(user, input);
  }

  @Allow('USER')
  @Mutation(() => RoomModel, {
    description: 'Marks the room (or one thread of it) read up to seq; unread counts start after it.',
  })
  markRead(
    @CurrentUser() user: AuthUser,
    @Args() { roomId, seq, threadId }: MarkReadArgs,
    @RequestLocale() locale: Locale,
  ) {
    return this.roomService.markRead(user, roomId, seq, locale, threadId);
  }

  @ResolveField(() => [PersonModel], {
    description: 'Who hosts the room: national coordinators of its country and the hosts it names.',
  })
  hosts(@Parent() room: RoomModel) {
    return this.roomService.hosts(room);
  }
}
