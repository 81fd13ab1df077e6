import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { AuditColumns } from '@ashar/database';
import type { Locale } from '@ashar/i18n';
import { EventKind, EventStatus, EventVisibility } from './event-kind';
import type { MonthlyRule } from './recurrence';

@Entity('event')
export class EventEntity extends AuditColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  kind: EventKind;

  @Column({ type: 'varchar' })
  status: EventStatus;

  @Column({ type: 'varchar' })
  visibility: EventVisibility;

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ name: 'country_codes', type: 'varchar', array: true })
  countryCodes: string[];

  @Column({ type: 'varchar', nullable: true })
  region: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  /** The end of the last occurrence (= endsAt for a single event); lets date filters use an index. */
  @Column({ name: 'series_ends_at', type: 'timestamptz' })
  seriesEndsAt: Date;

  @Column({ name: 'time_zone', type: 'varchar' })
  timeZone: string;

  @Column({ type: 'varchar', nullable: true })
  place: string | null;

  @Column({ name: 'online_url', type: 'varchar', nullable: true })
  onlineUrl: string | null;

  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'jsonb', nullable: true })
  recurrence: MonthlyRule | null;

  @Column({ name: 'room_id', type: 'uuid', nullable: true })
  roomId: string | null;

  @OneToMany(() => EventTranslationEntity, (translation) => translation.event, { cascade: true })
  translations: EventTranslationEntity[];

  @OneToMany(() => AgendaItemEntity, (item) => item.event, { cascade: true })
  agenda: AgendaItemEntity[];
}

@Entity('event_translation')
export class EventTranslationEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ type: 'varchar' })
  locale: Locale;

  @ManyToOne(() => EventEntity, (event) => event.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: EventEntity;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  /** The place in this language, when a translation gives one (else the event's own). */
  @Column({ type: 'varchar', nullable: true })
  place: string | null;

  /** The region in this language, when a translation gives one (else the event's own). */
  @Column({ type: 'varchar', nullable: true })
  region: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('event_agenda_item')
export class AgendaItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => EventEntity, (event) => event.agenda, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event: EventEntity;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'varchar', array: true })
  speakers: string[];

  @OneToMany(() => AgendaItemTranslationEntity, (translation) => translation.item, { cascade: true })
  translations: AgendaItemTranslationEntity[];
}

@Entity('event_agenda_item_translation')
export class AgendaItemTranslationEntity {
  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @PrimaryColumn({ type: 'varchar' })
  locale: Locale;

  @ManyToOne(() => AgendaItemEntity, (item) => item.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item: AgendaItemEntity;

  @Column({ type: 'varchar' })
  title: string;

  /** The speakers as this language writes them; null in the original and where they stay as written. */
  @Column({ type: 'varchar', array: true, nullable: true })
  speakers: string[] | null;
}

@Entity('event_facilitator')
export class EventFacilitatorEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;
}

@Entity('event_registration')
export class EventRegistrationEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
