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
import { MaterialKind, MaterialStatus, MaterialVisibility } from './material-kind';

@Entity('material')
export class MaterialEntity extends AuditColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  kind: MaterialKind;

  @Column({ type: 'varchar' })
  status: MaterialStatus;

  @Column({ type: 'varchar' })
  visibility: MaterialVisibility;

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ name: 'country_codes', type: 'varchar', array: true })
  countryCodes: string[];

  @Column({ type: 'varchar', array: true })
  themes: string[];

  @Column({ name: 'event_ids', type: 'uuid', array: true })
  eventIds: string[];

  @Column({ name: 'case_study_slugs', type: 'varchar', array: true })
  caseStudySlugs: string[];

  @Column({ name: 'room_ids', type: 'uuid', array: true })
  roomIds: string[];

  @OneToMany(() => MaterialTranslationEntity, (translation) => translation.material, { cascade: true })
  translations: MaterialTranslationEntity[];
}

@Entity('material_translation')
export class MaterialTranslationEntity {
  @PrimaryColumn({ name: 'material_id', type: 'uuid' })
  materialId: string;

  @PrimaryColumn({ type: 'varchar' })
  locale: Locale;

  @ManyToOne(() => MaterialEntity, (material) => material.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'material_id' })
  material: MaterialEntity;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One stored file: one language variant of a material, in one version. */
@Entity('material_file')
export class MaterialFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'material_id', type: 'uuid' })
  materialId: string;

  @Column({ type: 'varchar' })
  locale: Locale;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'storage_key', type: 'varchar' })
  storageKey: string;

  @Column({ type: 'varchar' })
  filename: string;

  @Column({ name: 'content_type', type: 'varchar' })
  contentType: string;

  /** bigint arrives as a string from pg; files stay far below 2^53. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
