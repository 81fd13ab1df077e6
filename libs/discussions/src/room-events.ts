import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser, PersonModel } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import type { RemoteSocket, Server } from 'socket.io';
import type { MessageModel, ReactionModel } from './dto/room.models';

/** What the handshake leaves on every socket (the `user` shape is the one AccessGuard reads). */
export interface RoomSocketData {
  user?: AuthUser;
  locale: Locale;
  /** When the user's roles were last read (performance.now(), a clock that never steps back). */
  checkedAt?: number;
  /** How many role changes this socket has been told of; `checkedChanges`, how many its roles include. */
  roleChanges?: number;
  checkedChanges?: number;
}

export interface PresenceEvent {
  roomId: string;
  joined?: PersonModel;
  left?: PersonModel;
}

export interface TypingEvent {
  roomId: string;
  threadId: string | null;
  person: PersonModel;
}

/** Every event the server sends to clients, and its payload. Nothing else is ever emitted. */
export interface ServerToClientEvents {
  'message:new': (message: MessageModel) => void;
  'message:updated': (message: MessageModel) => void;
  'message:deleted': (event: { roomId: string; threadId: string; id: string; seq: number }) => void;
  'reaction:updated': (event: { roomId: string; messageId: string; reactions: ReactionModel[] }) => void;
  typing: (event: TypingEvent) => void;
  presence: (event: PresenceEvent) => void;
  mention: (message: MessageModel) => void;
  /** This person may no longer be in the room (banned, or it closed to them): their page says so. */
  removed: (event: { roomId: string }) => void;
  /** This person may take part in the room again (their ban was lifted): their page opens it anew. */
  restored: (event: { roomId: string }) => void;
  /** A moderator muted this person here until `until`, or (null) lifted their mute: their page says so. */
  muted: (event: { roomId: string; until: Date | null }) => void;
  /**
   * To the room's moderators only: its open reports changed (one was filed, dismissed, or its message
   * deleted). Their pages ask for the reports again, which the API answers by their own rights.
   */
  reports: (event: { roomId: string }) => void;
  /** A thread was locked, unlocked, pinned or unpinned: pages showing the room read its threads again. */
  'thread:changed': (event: { roomId: string; threadId: string }) => void;
}

/** What instances tell each other (through the Redis adapter), each answering when done. */
export interface InterServerEvents {
  /** Someone's roles changed: their sockets on the receiving instance read them at their next event. */
  'roles:changed': (userId: string, done: (ok: boolean) => void) => void;
}

type RoomServer = Server<Record<string, never>, ServerToClientEvents, InterServerEvents, RoomSocketData>;

const ROOM_PREFIX = 'room:';
/** How long a role change waits for the other instances (the Redis adapter's request timeout, and some). */
const OTHER_INSTANCES_TIMEOUT_MS = 2500;
/** The public face of a signed-in person, as events show them. */
export function personOf(user: AuthUser): PersonModel {
  return { id: user.id, displayName: user.displayName };
}

export const roomChannel = (roomId: string) => `${ROOM_PREFIX}${roomId}`;
export const userChannel = (userId: string) => `user:${userId}`;
/** The sockets in a room whose person moderated it when they joined (`room:join`). */
export const moderatorsChannel = (roomId: string) => `moderators:${roomId}`;
/** Every guest's socket (no token, or an account deleted meanwhile) is in this channel. */
export const GUEST_CHANNEL = 'guests';

/**
 * Fans committed changes out to the sockets in a room, on this instance and (through the Redis
 * adapter) on every other. Services call it only after their transaction has committed.
 */
@Injectable()
export class RoomEvents {
  private readonly logger = new Logger('RoomEvents');
  private server?: RoomServer;
  /** Other instances share this one's rooms (the Redis adapter is attached). */
  private shared = false;

  bind(server: Server, shared: boolean): void {
    this.server = server as unknown as RoomServer;
    this.shared = shared;
    this.server.on('roles:changed', (userId, done) => {
      this.forgetRolesHere(userId);
      done(true);
    });
  }

  /** Sockets connected to this instance that passed the handshake (for /metrics). */
  connections(): number {
    return this.server?.sockets.sockets.size ?? 0;
  }

  messageNew(message: MessageModel): void {
    this.server?.to(roomChannel(message.roomId)).emit('message:new', message);
  }

  messageUpdated(message: MessageModel): void {
    this.server?.to(roomChannel(message.roomId)).emit('message:updated', message);
  }

  messageDeleted(message: MessageModel): void {
    this.server?.to(roomChannel(message.roomId)).emit('message:deleted', {
      roomId: message.roomId,
      threadId: message.threadId,
      id: message.id,
      seq: message.seq,
    });
  }

  threadChanged(roomId: string, threadId: string): void {
    this.server?.to(roomChannel(roomId)).emit('thread:changed', { roomId, threadId });
  }

  reactionUpdated(roomId: string, messageId: string, reactions: ReactionModel[]): void {
    this.server?.to(roomChannel(roomId)).emit('reaction:updated', { roomId, messageId, reactions });
  }

  /** Tells mentioned people who are online, wherever they are connected. */
  mention(userIds: string[], message: MessageModel): void {
    if (userIds.length > 0) this.server?.to(userIds.map(userChannel)).emit('mention', message);
  }

  /** Tells a person's pages, wherever they are connected, that a room let them back in. */
  restored(roomId: string, userId: string): void {
    this.server?.to(userChannel(userId)).emit('restored', { roomId });
  }

  /** Tells a person's pages, wherever they are connected, that a room muted them or lifted it. */
  muted(roomId: string, userId: string, until: Date | null): void {
    this.server?.to(userChannel(userId)).emit('muted', { roomId, until });
  }

  /**
   * Tells the sockets in the room's moderators' channel, on every instance, that its reports changed:
   * those whose person `moderators` says still moderates the room, but for `except` (the reported
   * message's author). The others are taken out of the channel (their right was lost since joining).
   */
  async reportsChanged(
    roomId: string,
    moderators: (userIds: string[]) => Promise<Set<string>>,
    except: string | null,
  ): Promise<void> {
    const server = this.server;
    if (!server) return;
    const channel = moderatorsChannel(roomId);
    const sockets = await server.in(channel).fetchSockets();
    const still = await moderators([
      ...new Set(sockets.flatMap((socket) => (socket.data.user ? [socket.data.user.id] : []))),
    ]);
    for (const socket of sockets) {
      const userId = socket.data.user?.id;
      if (!userId || !still.has(userId)) socket.leave(channel);
      else if (userId !== except) socket.emit('reports', { roomId });
    }
  }

  /**
   * Removes sockets from a room on every instance: all of these people's sockets, and every guest's
   * when `guests` (a ban; a room that some may no longer read). They stop being told anything; what
   * they send next is refused by the usual checks. Their pages are told at once (`removed`), and the
   * others in the room see them leave.
   */
  evict(roomId: string, { userIds = [], guests = false }: { userIds?: string[]; guests?: boolean }): void {
    const channels = [...userIds.map(userChannel), ...(guests ? [GUEST_CHANNEL] : [])];
    const server = this.server;
    if (channels.length === 0 || !server) return;
    const channel = roomChannel(roomId);
    server.in(channels).socketsLeave([channel, moderatorsChannel(roomId)]);
    server.to(channels).emit('removed', { roomId });
    // Who was there, read from the sockets (on every instance): they are the ones seen leaving.
    void server
      .in(channels)
      .fetchSockets()
      .then((sockets) => {
        const gone = new Map(
          sockets.flatMap((socket) =>
            socket.data.user ? [[socket.data.user.id, personOf(socket.data.user)]] : [],
          ),
        );
        for (const left of gone.values()) server.to(channel).emit('presence', { roomId, left });
      })
      .catch((error: Error) => this.logger.warn(`Could not tell room ${roomId} who left: ${error.message}`));
  }

  /**
   * Makes this person's sockets, on every instance, read their roles afresh at their next event (their
   * roles have changed). Resolves once the other instances have said so, or after the Redis adapter's
   * request timeout.
   */
  async forgetRoles(userId: string): Promise<void> {
    this.forgetRolesHere(userId);
    if (!this.server || !this.shared) return;
    // The adapter's own timeout does not cover Redis being unreachable (the call then never settles),
    // so the wait is bounded here: a grant or revoke is never held up longer than this.
    let timer: NodeJS.Timeout | undefined;
    const answered = this.server.serverSideEmitWithAck('roles:changed', userId);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer in time')), OTHER_INSTANCES_TIMEOUT_MS);
    });
    await Promise.race([answered, late])
      .catch((error: Error) =>
        this.logger.warn(`Not every instance forgot the roles of ${userId}: ${error.message}`),
      )
      .finally(() => clearTimeout(timer));
    answered.catch(() => undefined); // settled or not, after the race nobody waits for it
  }

  private forgetRolesHere(userId: string): void {
    const namespace = this.server?.sockets;
    for (const id of namespace?.adapter.rooms.get(userChannel(userId)) ?? []) {
      const socket = namespace?.sockets.get(id);
      if (socket) socket.data.roleChanges = (socket.data.roleChanges ?? 0) + 1;
    }
  }

  /**
   * Disconnects, on every instance, this person's sockets that signed in with a token of another version
   * than `tokenVersion` (their tokens were revoked); a socket of the new version stays. A socket whose
   * handshake raced the change finds out at its first event (the gateway reads the account again).
   */
  async disconnectRevoked(userId: string, tokenVersion: number): Promise<void> {
    for (const socket of await this.socketsIn(userChannel(userId)))
      if (socket.data?.user?.tokenVersion !== tokenVersion) socket.disconnect(true);
  }

  /**
   * The signed-in people with a socket in the room (each user once, as their socket last read them),
   * asked of every instance; when another instance does not answer in time, this instance's only.
   */
  async usersIn(roomId: string): Promise<AuthUser[]> {
    const users = new Map<string, AuthUser>();
    for (const socket of await this.socketsIn(roomChannel(roomId))) {
      const user = socket.data?.user;
      if (user) users.set(user.id, user);
    }
    return [...users.values()];
  }

  /**
   * Whether this person has a socket in the room, on any instance, other than `socketId`: someone with
   * two tabs open is still there when one of them closes, and came only once.
   */
  async hasOtherSocket(roomId: string, userId: string, socketId: string): Promise<boolean> {
    return (await this.socketsIn(roomChannel(roomId))).some(
      (socket) => socket.id !== socketId && socket.data?.user?.id === userId,
    );
  }

  /** Tells the room that this person left, unless another of their sockets is still in it. */
  async left(roomId: string, user: AuthUser, socketId: string): Promise<void> {
    if (await this.hasOtherSocket(roomId, user.id, socketId)) return;
    this.server
      ?.to(roomChannel(roomId))
      .except(socketId)
      .emit('presence', { roomId, left: personOf(user) });
  }

  /** The rooms in which this person has a socket, on any instance (as `usersIn` asks them). */
  async roomsOf(userId: string): Promise<string[]> {
    const rooms = new Set<string>();
    for (const socket of await this.socketsIn(userChannel(userId)))
      for (const channel of socket.rooms)
        if (channel.startsWith(ROOM_PREFIX)) rooms.add(channel.slice(ROOM_PREFIX.length));
    return [...rooms];
  }

  private async socketsIn(
    channel: string,
  ): Promise<RemoteSocket<ServerToClientEvents, RoomSocketData | undefined>[]> {
    if (!this.server) return [];
    return this.server
      .in(channel)
      .fetchSockets()
      .catch((error: Error) => {
        this.logger.warn(`Not every instance said who is in ${channel}: ${error.message}`);
        return this.server!.local.in(channel).fetchSockets();
      });
  }
}
