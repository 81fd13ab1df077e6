import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@ashar/transport';
import { CountryModel, OrganisationModel } from '@ashar/network';
import {
  CaseStudyStatus,
  OrganisationRole,
  TranslatableRecord,
  TranslationTaskReason,
} from '../knowledge.enums';

@ObjectType('Theme')
export class ThemeModel {
  @Field({ description: 'Stable key, e.g. `community-driven-development`.' })
  key: string;

  @Field({ description: "The label in the request's language." })
  label: string;
}

@ObjectType('Approach', {
  description: 'A way of working a case study names, e.g. `participatory-budgeting`.',
})
export class ApproachModel {
  @Field({ description: 'The tag as stored; filters and imports use it.' })
  key: string;

  @Field({ description: "The label in the request's language; a tag without one, as entered." })
  label: string;
}

@ObjectType('TranslationInfo', { description: 'One language a record exists in.' })
export class TranslationInfoModel {
  @Field()
  locale: string;

  @Field({ description: 'Made by a machine (false for everything people write).' })
  machineTranslated: boolean;

  @Field(() => Int, { description: 'The version of the original this translation was made from.' })
  sourceVersion: number;

  @Field({ description: 'The original changed after this translation was made.' })
  outdated: boolean;

  @Field()
  updatedAt: Date;
}

@ObjectType('Period')
export class PeriodModel {
  @Field(() => Int, { nullable: true })
  start: number | null;

  @Field(() => Int, { nullable: true })
  end: number | null;
}

@ObjectType('Funding')
export class FundingModel {
  @Field(() => Float)
  amount: number;

  @Field({ description: 'ISO 4217 code.' })
  currency: string;
}

@ObjectType('Reach')
export class ReachModel {
  @Field(() => Int, { nullable: true })
  communities: number | null;

  @Field(() => Int, { nullable: true })
  households: number | null;

  @Field(() => Int, { nullable: true })
  organisations: number | null;

  @Field(() => Int, { nullable: true })
  people: number | null;
}

@ObjectType('Source')
export class SourceModel {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true })
  publisher: string | null;

  @Field(() => Int, { nullable: true })
  year: number | null;
}

@ObjectType('CaseStudyOrganisation')
export class CaseStudyOrganisationModel {
  @Field(() => OrganisationRole)
  role: OrganisationRole;

  @Field(() => OrganisationModel)
  organisation: OrganisationModel;
}

/** Fields every translatable model exposes about the language it is served in. */
@ObjectType({ isAbstract: true })
abstract class Translatable {
  @Field({
    description:
      'The language the text fields are served in: the requested one when it exists, else the original.',
  })
  locale: string;

  @Field()
  originalLocale: string;

  @Field(() => [String])
  availableLocales: string[];

  @Field(() => Int, { description: 'Increments whenever the original-language text changes.' })
  version: number;

  @Field({ description: 'The served text was made by a machine.' })
  machineTranslated: boolean;

  @Field({ description: 'The served text is a translation made from an older version of the original.' })
  outdated: boolean;

  @Field(() => [TranslationInfoModel])
  translations: TranslationInfoModel[];
}

@ObjectType('ResultIndicator')
export class ResultIndicatorModel extends Translatable {
  @Field(() => ID)
  id: string;

  caseStudyId: string;

  @Field()
  label: string;

  @Field(() => Float)
  value: number;

  @Field({ description: 'The unit as stored, e.g. `households`.' })
  unit: string;

  @Field({
    description:
      "The unit in the request's language, in the plural form `value` takes there (`3 домохозяйства`); a unit without a translation, as stored.",
  })
  unitLabel: string;

  @Field(() => Float, { nullable: true })
  baseline: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'As `unitLabel`, in the form `baseline` takes; null without a baseline.',
  })
  baselineUnitLabel: string | null;

  @Field(() => Int, { nullable: true })
  baselineYear: number | null;

  @Field(() => Int, { nullable: true })
  year: number | null;

  @Field({ description: 'When the result or any of its labels was last saved.' })
  updatedAt: Date;
}

@ObjectType('Lesson')
export class LessonModel extends Translatable {
  @Field(() => ID)
  id: string;

  caseStudyId: string | null;

  /** created_at to the microsecond, for cursors; not in the schema. */
  sortKey?: string;

  /** Resolved into `themes` with labels; not in the schema. */
  themeKeys: string[];

  @Field()
  text: string;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('CaseStudy')
export class CaseStudyModel extends Translatable {
  @Field(() => ID)
  id: string;

  @Field()
  slug: string;

  /** created_at to the microsecond, for cursors; not in the schema. */
  sortKey?: string;

  /** Resolved into `countries` and `themes`; not in the schema. */
  countryCodes: string[];
  themeKeys: string[];

  @Field(() => CaseStudyStatus)
  status: CaseStudyStatus;

  @Field()
  title: string;

  @Field()
  summary: string;

  @Field({ description: 'Markdown.' })
  body: string;

  @Field(() => String, { nullable: true })
  scalingUp: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The region in the served language when its translation names it, else the original's.",
  })
  region: string | null;

  @Field(() => [ApproachModel])
  approaches: ApproachModel[];

  @Field(() => PeriodModel)
  period: PeriodModel;

  @Field(() => FundingModel, { nullable: true })
  funding: FundingModel | null;

  @Field(() => ReachModel)
  reach: ReachModel;

  @Field(() => [SourceModel])
  sources: SourceModel[];

  @Field(() => ID, { nullable: true, description: 'The organisation whose members draft it.' })
  organisationId: string | null;

  @Field(() => ID, { nullable: true })
  createdBy: string | null;

  @Field(() => ID, { nullable: true })
  updatedBy: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;
}

@ObjectType('CaseStudyPermissions', {
  description: 'What the caller may do with a case study now; all false for guests.',
})
export class CaseStudyPermissionsModel {
  @Field({ description: 'Edit, translate, add or remove results and lessons.' })
  edit: boolean;

  @Field({ description: 'Publish it (false when it is already published).' })
  publish: boolean;

  @Field({ description: 'Archive it (false when it is already archived).' })
  archive: boolean;
}

@ObjectType()
export class CaseStudyConnection extends Connection(CaseStudyModel, 'CaseStudy') {}

@ObjectType()
export class LessonConnection extends Connection(LessonModel, 'Lesson') {}

@ObjectType('ImportProblem')
export class ImportProblemModel {
  @Field({ description: 'JSON Pointer into the document, e.g. `/caseStudies/3/themes/1`.' })
  path: string;

  @Field()
  message: string;
}

@ObjectType('ImportFailure')
export class ImportFailureModel {
  @Field(() => Int)
  index: number;

  @Field(() => String, { nullable: true })
  slug: string | null;

  @Field(() => [ImportProblemModel])
  errors: ImportProblemModel[];
}

@ObjectType('ImportReport')
export class ImportReportModel {
  @Field(() => Int)
  created: number;

  @Field(() => Int)
  updated: number;

  @Field(() => [ImportFailureModel], {
    description:
      'The first 1,000 records that failed, each with at most 50 problems (failedCount counts them all).',
  })
  failed: ImportFailureModel[];

  @Field(() => Int, { description: 'How many records failed.' })
  failedCount: number;
}

@ObjectType('TranslationTask', { description: 'A text that needs translating or re-translating.' })
export class TranslationTaskModel {
  @Field(() => TranslatableRecord)
  record: TranslatableRecord;

  @Field(() => ID)
  recordId: string;

  @Field()
  caseStudySlug: string;

  @Field({ description: 'The language the text is needed in.' })
  locale: string;

  @Field(() => TranslationTaskReason)
  reason: TranslationTaskReason;

  @Field(() => Int)
  currentVersion: number;

  @Field(() => Int, { nullable: true })
  translatedVersion: number | null;
}

export type { CountryModel };
