import { Injectable } from '@nestjs/common';
import type { PersonModel } from '@ashar/accounts';
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

/**
 * Fans committed changes out to the sockets in a room, on this instance and (through the Redis
 * adapter) on every other. Services call it only after their transaction has committed.
 */
@Injectable()
export class RoomEvents {
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

  /** Removes a person's sockets from a room (ban, lost invitation), on every instance. */
  evict(roomId: string, userId: string): void {
    this.server?.in(userChannel(userId)).socketsLeave(roomChannel(roomId));
  }
}
