import { Logger, UseGuards } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { AccessGuard, AccountsService, Allow, type AuthUser, type PersonModel } from '@ashar/accounts';
import { AppError, clientErrorOf, illFormedText, translateError, validationProblems } from '@ashar/errors';
import { negotiateLocale } from '@ashar/i18n';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Server, Socket } from 'socket.io';
import {
  EditMessageInput,
  JoinRoomPayload,
  MessagePayload,
  PostMessageInput,
  ReactionInput,
  RoomPayload,
  TypingPayload,
} from './dto/room.inputs';
import { MessageService } from './message.service';
import { canModerate, discussionNotFound, postRefusal, requireRead } from './room-access';
import {
  GUEST_CHANNEL,
  moderatorsChannel,
  personOf,
  RoomEvents,
  roomChannel,
  userChannel,
  type RoomSocketData,
  type ServerToClientEvents,
} from './room-events';
import { RoomRateLimiter } from './room-rate-limiter';
import { RoomRedisAdapter } from './room-redis-adapter';
import { RoomService } from './room.service';

/**
 * Roles can change while a socket stays open; they are re-read at most this often, and at the next
 * event once a grant or revoke made through any instance has said so (`RoomEvents.forgetRoles`).
 */
const USER_REFRESH_MS = 10_000;

type RoomSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, RoomSocketData>;

export type Ack =
  { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };

const CLIENT_EVENTS = new Set([
  'room:join',
  'room:leave',
  'message:send',
  'message:edit',
  'message:delete',
  'reaction:toggle',
  'typing',
]);

const DEFAULT_JOIN_PAGE = 200;

/**
 * The real-time face of the rooms, at /socket.io on the API's HTTP server. Thin: each handler validates
 * its payload and calls a service that checks the caller's rights on every event, not only at join.
 * Every handler answers through its acknowledgement; nothing thrown escapes to socket.io.
 */
@Allow('GUEST')
@UseGuards(AccessGuard) // global guards do not reach gateways in Nest; this makes @Allow apply here too
@WebSocketGateway({ cors: { origin: true }, maxHttpBufferSize: 256 * 1024 })
export class RoomGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('RoomGateway');

  constructor(
    private readonly accounts: AccountsService,
    private readonly rooms: RoomService,
    private readonly messages: MessageService,
    private readonly events: RoomEvents,
    private readonly limiter: RoomRateLimiter,
    private readonly redis: RoomRedisAdapter,
  ) {}

  afterInit(server: Server): void {
    this.events.bind(server, this.redis.attach(server));
    server.use((socket, next) => {
      this.authenticate(socket as RoomSocket).then(
        () => next(),
        (error: unknown) => {
          const translated = translateError(error, (socket as RoomSocket).data.locale ?? 'en');
          next(Object.assign(new Error(translated.message), { data: translated }));
        },
      );
    });
  }

  handleConnection(socket: RoomSocket): void {
    const user = socket.data.user;
    // A channel of one's own (mentions, evictions) or the guests' (evicted together).
    void socket.join(user ? userChannel(user.id) : GUEST_CHANNEL);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event === 'string' && CLIENT_EVENTS.has(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function')
        ack(
          this.failure(
            socket,
            new AppError('BAD_USER_INPUT', 'discussions:errors.unknownEvent', {
              event: String(event).slice(0, 50),
            }),
          ),
        );
    });
    socket.on('disconnecting', () => {
      if (!user) return;
      for (const channel of socket.rooms)
        if (channel.startsWith('room:')) void this.events.left(channel.slice(5), user, socket.id);
    });
  }

  @SubscribeMessage('room:join')
  join(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.handle(socket, async () => {
      const payload = await parse(JoinRoomPayload, body);
      const user = socket.data.user ? await this.signedIn(socket) : undefined;
      const standing = await this.rooms.standing(payload.roomId, user);
      requireRead(standing);
      const channel = roomChannel(payload.roomId);
      const rejoin = socket.rooms.has(channel);
      // Asked before joining: of two tabs joining at once, each would otherwise see the other and
      // neither announce the person (a second "joined" is harmless: clients keep people by id).
      const alreadyHere =
        !!user && !rejoin && (await this.events.hasOtherSocket(payload.roomId, user.id, socket.id));
      // Join before reading, so nothing committed in between is missed (clients de-duplicate by id).
      await socket.join(channel);
      // A moderator's page is told when the room's reports change; joining again re-checks the right.
      if (canModerate(standing)) await socket.join(moderatorsChannel(payload.roomId));
      else await socket.leave(moderatorsChannel(payload.roomId));
      try {
        const page = await this.messages.since(
          standing,
          payload.sinceSeq ?? 0,
          payload.limit ?? DEFAULT_JOIN_PAGE,
        );
        const [room] = await this.rooms.toRooms([standing.room], user, socket.data.locale);
        if (user && !rejoin && !alreadyHere)
          socket.to(channel).emit('presence', { roomId: room.id, joined: personOf(user) });
        return { room, ...page, present: await this.present(payload.roomId) };
      } catch (error) {
        if (!rejoin) {
          await socket.leave(channel);
          await socket.leave(moderatorsChannel(payload.roomId));
        }
        throw error;
      }
    });
  }

  @SubscribeMessage('room:leave')
  leave(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.handle(socket, async () => {
      const { roomId } = await parse(RoomPayload, body);
      const channel = roomChannel(roomId);
      const user = socket.data.user;
      await socket.leave(moderatorsChannel(roomId));
      if (socket.rooms.has(channel)) {
        await socket.leave(channel);
        if (user) await this.events.left(roomId, user, socket.id);
      }
      return {};
    });
  }

  @SubscribeMessage('message:send')
  send(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.inOrder(socket, async () => {
      const input = await parse(PostMessageInput, body);
      const { message, created } = await this.messages.post(await this.signedIn(socket), input);
      return { message, duplicate: !created };
    });
  }

  @SubscribeMessage('message:edit')
  edit(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.inOrder(socket, async () => ({
      message: await this.messages.edit(await this.signedIn(socket), await parse(EditMessageInput, body)),
    }));
  }

  @SubscribeMessage('message:delete')
  remove(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.inOrder(socket, async () => {
      const { messageId } = await parse(MessagePayload, body);
      return { message: await this.messages.remove(await this.signedIn(socket), messageId) };
    });
  }

  @SubscribeMessage('reaction:toggle')
  react(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.inOrder(socket, async () => {
      const input = await parse(ReactionInput, body);
      return {
        messageId: input.messageId,
        reactions: await this.messages.toggleReaction(await this.signedIn(socket), input),
      };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.handle(socket, async () => {
      const payload = await parse(TypingPayload, body);
      const user = await this.signedIn(socket);
      const channel = roomChannel(payload.roomId);
      if (!socket.rooms.has(channel)) throw new AppError('BAD_USER_INPUT', 'discussions:errors.joinFirst');
      await this.limiter.hit(user.id, 'typing');
      // Typing announces a message: not broadcast for someone who may not post it (muted, banned, or
      // in a locked thread), with the same refusal a send would get.
      const [standing, thread] = await Promise.all([
        this.rooms.standing(payload.roomId, user),
        payload.threadId ? this.rooms.requireThread(payload.threadId) : undefined,
      ]);
      if (thread && thread.roomId !== payload.roomId) throw discussionNotFound('thread', payload.threadId);
      const refusal = postRefusal(standing, thread);
      if (refusal) throw refusal;
      socket.to(channel).emit('typing', {
        roomId: payload.roomId,
        threadId: payload.threadId ?? null,
        person: personOf(user),
      });
      return {};
    });
  }

  /** The socket's user, with roles no older than USER_REFRESH_MS; a deleted account is signed out. */
  private async signedIn(socket: RoomSocket): Promise<AuthUser> {
    const user = socket.data.user;
    if (!user) throw AppError.unauthenticated();
    const { checkedAt, roleChanges = 0, checkedChanges } = socket.data;
    if (
      checkedChanges === roleChanges &&
      checkedAt !== undefined &&
      performance.now() - checkedAt < USER_REFRESH_MS
    )
      return user;
    // Counted before the read: a role change told while it runs leaves these roles stale.
    const readAt = performance.now();
    const fresh = await this.accounts.findAuthUser(user.id);
    if (!fresh || fresh.tokenVersion !== user.tokenVersion) {
      // Deleted, or its token revoked: a guest from now on, out of every room the person had joined.
      socket.data.user = undefined;
      for (const channel of socket.rooms) if (channel.startsWith('room:')) void socket.leave(channel);
      void socket.leave(userChannel(user.id));
      void socket.join(GUEST_CHANNEL);
      throw AppError.unauthenticated('errors:invalidToken');
    }
    socket.data.user = fresh;
    socket.data.checkedAt = readAt;
    socket.data.checkedChanges = roleChanges;
    return fresh;
  }

  private async authenticate(socket: RoomSocket): Promise<void> {
    const { auth, query, headers } = socket.handshake;
    const lang = [auth?.lang, query?.lang, headers['accept-language']].find((v) => typeof v === 'string');
    socket.data.locale = negotiateLocale(lang as string | undefined);
    const token = auth?.token;
    if (token === undefined || token === null || token === '') return; // a guest
    if (typeof token !== 'string') throw AppError.unauthenticated('errors:invalidToken');
    const user = await this.accounts.userOfToken(token);
    // Not marked fresh: until the socket joins its own channel a role change cannot reach it, so its
    // first event reads the roles again.
    socket.data.user = user;
  }

  /** Who is in a room, across instances; falls back to this instance when another does not answer. */
  private async present(roomId: string): Promise<PersonModel[]> {
    return (await this.events.usersIn(roomId)).map(personOf);
  }

  /** What each socket's last message event will have settled: the next one waits for it. */
  private readonly lastInOrder = new WeakMap<RoomSocket, Promise<Ack>>();

  /**
   * `handle`, after the socket's earlier message events have finished. Socket.IO delivers one socket's
   * events in order, but their handlers run side by side and the slowest would decide the seq: a fast
   * typist or a client flushing what it queued offline would see its messages stored out of order.
   */
  private inOrder(socket: RoomSocket, run: () => Promise<Record<string, unknown>>): Promise<Ack> {
    const previous = this.lastInOrder.get(socket) ?? Promise.resolve(undefined);
    const next = previous.then(() => this.handle(socket, run)); // handle never rejects
    this.lastInOrder.set(socket, next);
    return next;
  }

  private async handle(socket: RoomSocket, run: () => Promise<Record<string, unknown>>): Promise<Ack> {
    try {
      return { ok: true, ...(await run()) };
    } catch (error) {
      return this.failure(socket, error);
    }
  }

  private failure(socket: RoomSocket, thrown: unknown): Ack {
    const error = clientErrorOf(thrown);
    if (!(error instanceof AppError)) this.logger.error(error instanceof Error ? error.stack : String(error));
    const { code, message, ...rest } = translateError(error, socket.data.locale ?? 'en');
    return { ok: false, error: { ...rest, code, message } };
  }
}

/** Validates a socket payload with the same class-validator rules as the GraphQL inputs. */
async function parse<T extends object>(type: new () => T, body: unknown): Promise<T> {
  // A plain object: not an array, and not a binary attachment (a Buffer) or anything else with a class.
  if (typeof body !== 'object' || body === null || Object.getPrototypeOf(body) !== Object.prototype)
    throw AppError.badInput([{ path: 'payload', code: 'invalid' }]);
  const illFormed = illFormedText(body);
  if (illFormed.length > 0) throw AppError.badInput(illFormed);
  const instance = plainToInstance(type, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw AppError.badInput(validationProblems(errors));
  return instance;
}
