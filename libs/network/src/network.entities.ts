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
import { OrganisationKind } from './organisation-kind';

@Entity('country')
export class CountryEntity {
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  @Column({ type: 'jsonb' })
  names: Record<Locale, string>;
}

@Entity('national_network')
export class NationalNetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'country_code', type: 'char', length: 2 })
  countryCode: string;

  @Column({ name: 'founded_year', type: 'smallint', nullable: true })
  foundedYear: number | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('organisation')
export class OrganisationEntity extends AuditColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  name: string;

  @Column({ type: 'varchar' })
  kind: OrganisationKind;

  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ type: 'varchar', nullable: true })
  region: string | null;

  @Column({ type: 'varchar', array: true })
  languages: Locale[];

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ name: 'contact_email', type: 'varchar', nullable: true })
  contactEmail: string | null;

  @Column({ type: 'varchar', nullable: true })
  website: string | null;

  @OneToMany(() => OrganisationTranslationEntity, (translation) => translation.organisation, {
    cascade: true,
  })
  translations: OrganisationTranslationEntity[];
}

@Entity('organisation_translation')
export class OrganisationTranslationEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar' })
  locale: Locale;

  @ManyToOne(() => OrganisationEntity, (organisation) => organisation.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: OrganisationEntity;

  @Column({ type: 'text' })
  description: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('membership')
export class MembershipEntity {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
