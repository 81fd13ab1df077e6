import {
  Column,
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
import { CaseStudyStatus } from './knowledge.enums';

export interface SourceRecord {
  title: string;
  url?: string;
  publisher?: string;
  year?: number;
}

/** Columns every translation row shares: which version of the original it was made from, and how. */
abstract class TranslationColumns {
  @PrimaryColumn({ type: 'varchar' })
  locale: Locale;

  @Column({ name: 'machine_translated', type: 'boolean', default: false })
  machineTranslated: boolean;

  @Column({ name: 'source_version', type: 'int' })
  sourceVersion: number;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('case_study')
export class CaseStudyEntity extends AuditColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  slug: string;

  @Column({ type: 'varchar' })
  status: CaseStudyStatus;

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', nullable: true })
  region: string | null;

  @Column({ type: 'varchar', array: true })
  approaches: string[];

  @Column({ name: 'start_year', type: 'smallint', nullable: true })
  startYear: number | null;

  @Column({ name: 'end_year', type: 'smallint', nullable: true })
  endYear: number | null;

  @Column({ name: 'funding_amount', type: 'numeric', nullable: true })
  fundingAmount: string | null;

  @Column({ name: 'funding_currency', type: 'char', length: 3, nullable: true })
  fundingCurrency: string | null;

  @Column({ name: 'reach_communities', type: 'int', nullable: true })
  reachCommunities: number | null;

  @Column({ name: 'reach_households', type: 'int', nullable: true })
  reachHouseholds: number | null;

  @Column({ name: 'reach_organisations', type: 'int', nullable: true })
  reachOrganisations: number | null;

  @Column({ name: 'reach_people', type: 'int', nullable: true })
  reachPeople: number | null;

  @Column({ type: 'jsonb' })
  sources: SourceRecord[];

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @OneToMany(() => CaseStudyTranslationEntity, (tr) => tr.caseStudy)
  translations: CaseStudyTranslationEntity[];
}

@Entity('case_study_translation')
export class CaseStudyTranslationEntity extends TranslationColumns {
  @PrimaryColumn({ name: 'case_study_id', type: 'uuid' })
  caseStudyId: string;

  @ManyToOne(() => CaseStudyEntity, (cs) => cs.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_study_id' })
  caseStudy: CaseStudyEntity;

  @Column({ type: 'varchar' })
  title: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'scaling_up', type: 'text', nullable: true })
  scalingUp: string | null;

  @Column({ type: 'varchar', nullable: true })
  region: string | null;
}

@Entity('result_indicator')
export class ResultIndicatorEntity extends AuditColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_study_id', type: 'uuid' })
  caseStudyId: string;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ type: 'numeric' })
  value: string;

  @Column({ type: 'varchar' })
  unit: string;

  @Column({ type: 'numeric', nullable: true })
  baseline: string | null;

  @Column({ name: 'baseline_year', type: 'smallint', nullable: true })
  baselineYear: number | null;

  @Column({ type: 'smallint', nullable: true })
  year: number | null;

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ type: 'int' })
  version: number;

  @OneToMany(() => ResultIndicatorTranslationEntity, (tr) => tr.result)
  translations: ResultIndicatorTranslationEntity[];
}

@Entity('result_indicator_translation')
export class ResultIndicatorTranslationEntity extends TranslationColumns {
  @PrimaryColumn({ name: 'result_indicator_id', type: 'uuid' })
  resultIndicatorId: string;

  @ManyToOne(() => ResultIndicatorEntity, (r) => r.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'result_indicator_id' })
  result: ResultIndicatorEntity;

  @Column({ type: 'varchar' })
  label: string;
}

@Entity('lesson')
export class LessonEntity extends AuditColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The owner; workshops will own lessons too, hence nullable. */
  @Column({ name: 'case_study_id', type: 'uuid', nullable: true })
  caseStudyId: string | null;

  @Column({ type: 'smallint' })
  position: number;

  @Column({ name: 'original_locale', type: 'varchar' })
  originalLocale: Locale;

  @Column({ type: 'int' })
  version: number;

  @OneToMany(() => LessonTranslationEntity, (tr) => tr.lesson)
  translations: LessonTranslationEntity[];
}

@Entity('lesson_translation')
export class LessonTranslationEntity extends TranslationColumns {
  @PrimaryColumn({ name: 'lesson_id', type: 'uuid' })
  lessonId: string;

  @ManyToOne(() => LessonEntity, (l) => l.translations, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lesson_id' })
  lesson: LessonEntity;

  @Column({ type: 'text' })
  text: string;
}

export const KNOWLEDGE_ENTITIES = [
  CaseStudyEntity,
  CaseStudyTranslationEntity,
  ResultIndicatorEntity,
  ResultIndicatorTranslationEntity,
  LessonEntity,
  LessonTranslationEntity,
];
