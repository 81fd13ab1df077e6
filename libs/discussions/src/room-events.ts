import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser, PersonModel } from '@ashar/accounts';
import type { Server } from 'socket.io';
import type { MessageModel, ReactionModel } from './dto/room.models';

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
}

export const roomChannel = (roomId: string) => `room:${roomId}`;
export const userChannel = (userId: string) => `user:${userId}`;
/** Every guest's socket (no token, or an account deleted meanwhile) is in this channel. */
export const GUEST_CHANNEL = 'guests';

/**
 * Fans committed changes out to the sockets in a room, on this instance and (through the Redis
 * adapter) on every other. Services call it only after their transaction has committed.
 */
@Injectable()
export class RoomEvents {
  private readonly logger = new Logger('RoomEvents');
  private server?: Server<Record<string, never>, ServerToClientEvents>;

  bind(server: Server): void {
    this.server = server as unknown as Server<Record<string, never>, ServerToClientEvents>;
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

  reactionUpdated(roomId: string, messageId: string, reactions: ReactionModel[]): void {
    this.server?.to(roomChannel(roomId)).emit('reaction:updated', { roomId, messageId, reactions });
  }

  /** Tells mentioned people who are online, wherever they are connected. */
  mention(userIds: string[], message: MessageModel): void {
    if (userIds.length > 0) this.server?.to(userIds.map(userChannel)).emit('mention', message);
  }

  /**
   * Removes sockets from a room on every instance: all of these people's sockets, and every guest's
   * when `guests` (a ban; a room that some may no longer read). They stop being told anything; what
   * they send next is refused by the usual checks.
   */
  evict(roomId: string, { userIds = [], guests = false }: { userIds?: string[]; guests?: boolean }): void {
    const channels = [...userIds.map(userChannel), ...(guests ? [GUEST_CHANNEL] : [])];
    if (channels.length > 0) this.server?.in(channels).socketsLeave(roomChannel(roomId));
  }

  /**
   * The signed-in people with a socket in the room (each user once, as their socket last read them),
   * asked of every instance; when another instance does not answer in time, this instance's only.
   */
  async usersIn(roomId: string): Promise<AuthUser[]> {
    if (!this.server) return [];
    const channel = roomChannel(roomId);
    const sockets = await this.server
      .in(channel)
      .fetchSockets()
      .catch((error: Error) => {
        this.logger.warn(`Not every instance said who is in ${channel}: ${error.message}`);
        return this.server!.local.in(channel).fetchSockets();
      });
    const users = new Map<string, AuthUser>();
    for (const socket of sockets) {
      const user = (socket.data as { user?: AuthUser } | undefined)?.user;
      if (user) users.set(user.id, user);
    }
    return [...users.values()];
  }
}
