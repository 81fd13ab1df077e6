import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Locale } from '@ashar/i18n';
import { RoomRole, RoomScope, RoomVisibility } from './room-kinds';

/** bigint columns arrive from pg as strings; seqs stay far below 2^53. */
const bigintAsNumber = { to: (value: number) => value, from: (value: string | null) => Number(value ?? 0) };

@Entity('room')
export class RoomEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  scope: RoomScope;

  @Column({ name: 'scope_key', type: 'varchar', nullable: true })
  scopeKey: string | null;

  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ type: 'varchar' })
  visibility: RoomVisibility;

  @Column({ type: 'varchar', nullable: true })
  title: string | null;

  @Column({ type: 'varchar', nullable: true })
  description: string | null;

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ name: 'last_seq', type: 'bigint', transformer: bigintAsNumber })
  lastSeq: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('room_member')
export class RoomMemberEntity {
  @PrimaryColumn({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar' })
  role: RoomRole;

  /** Invited into a PRIVATE room (other rooms record members only for read state and moderation). */
  @Column({ type: 'boolean' })
  invited: boolean;

  @Column({ name: 'muted_until', type: 'timestamptz', nullable: true })
  mutedUntil: Date | null;

  @Column({ name: 'banned_at', type: 'timestamptz', nullable: true })
  bannedAt: Date | null;

  @Column({ name: 'banned_by', type: 'uuid', nullable: true })
  bannedBy: string | null;

  @Column({ name: 'last_read_seq', type: 'bigint', transformer: bigintAsNumber })
  lastReadSeq: number;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('room_thread')
export class RoomThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ name: 'lesson_key', type: 'varchar', nullable: true })
  lessonKey: string | null;

  @Column({ type: 'boolean' })
  pinned: boolean;

  @Column({ type: 'boolean' })
  locked: boolean;

  @Column({ name: 'message_count', type: 'int' })
  messageCount: number;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('room_message')
export class RoomMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  seq: number;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'client_id', type: 'varchar' })
  clientId: string;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'body_html', type: 'text' })
  bodyHtml: string;

  @Column({ type: 'uuid', array: true })
  mentions: string[];

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity('room_message_version')
export class RoomMessageVersionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'edited_by', type: 'uuid', nullable: true })
  editedBy: string | null;

  @CreateDateColumn({ name: 'replaced_at', type: 'timestamptz' })
  replacedAt: Date;
}

@Entity('room_message_reaction')
export class RoomMessageReactionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar' })
  emoji: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const DISCUSSION_ENTITIES = [
  RoomEntity,
  RoomMemberEntity,
  RoomThreadEntity,
  RoomMessageEntity,
  RoomMessageVersionEntity,
  RoomMessageReactionEntity,
];
