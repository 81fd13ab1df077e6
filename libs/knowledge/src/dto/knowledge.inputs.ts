import { HasNoBidiControls, IsNotBlank, MaxLength, MinLength } from '@ashar/errors';
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import { ORGANISATION_NAME_MIN_LENGTH, OrganisationNameMaxLength } from '@ashar/network';
import { ExpectedUpdatedAt } from '@ashar/transport';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CaseStudyStatus, OrganisationRole } from '../knowledge.enums';

@InputType()
export class CaseStudyFilter {
  @Field(() => [String], { nullable: true, description: 'Any of these countries.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];

  @Field(() => [String], { nullable: true, description: 'Any of these theme keys.' })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  themes?: string[];

  @Field(() => [CaseStudyStatus], {
    nullable: true,
    description: 'Default PUBLISHED. Drafts and archived ones only show to those who may edit them.',
  })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(CaseStudyStatus, { each: true })
  statuses?: CaseStudyStatus[];

  @Field(() => Int, { nullable: true, description: 'Running in or after this year.' })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  yearFrom?: number;

  @Field(() => Int, { nullable: true, description: 'Started in or before this year.' })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  yearTo?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

@InputType()
export class LessonFilter {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  themes?: string[];

  @Field(() => [String], {
    nullable: true,
    description: 'Lessons of case studies in any of these countries.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  caseStudySlug?: string;
}

@InputType()
export class PeriodInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  start?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  end?: number;
}

@InputType()
export class FundingInput {
  @Field(() => Float)
  @IsNumber()
  @Min(0)
  @Max(1e13)
  amount: number;

  @Field({ description: 'An ISO 4217 code, e.g. USD, EUR, KGS, PEN.' })
  @IsISO4217CurrencyCode()
  currency: string;
}

@InputType()
export class ReachInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  communities?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  households?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  organisations?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  people?: number;
}

@InputType()
export class SourceInput {
  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MaxLength(500)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  publisher?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  year?: number;
}

@InputType()
export class CaseStudyOrganisationInput {
  @Field({ description: 'Found in the directory by this name, or added to it.' })
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MinLength(ORGANISATION_NAME_MIN_LENGTH)
  @OrganisationNameMaxLength()
  name: string;

  @Field(() => OrganisationRole)
  @IsEnum(OrganisationRole)
  role: OrganisationRole;
}

/** The fields of a case study that are not text in a language. */
@InputType()
export class CaseStudyFieldsInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(200)
  region?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(29)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  themes?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotBlank({ each: true })
  @MaxLength(64, { each: true })
  approaches?: string[];

  @Field(() => PeriodInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PeriodInput)
  period?: PeriodInput;

  @Field(() => FundingInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => FundingInput)
  funding?: FundingInput;

  @Field(() => ReachInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReachInput)
  reach?: ReachInput;

  @Field(() => [CaseStudyOrganisationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CaseStudyOrganisationInput)
  organisations?: CaseStudyOrganisationInput[];

  @Field(() => [SourceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SourceInput)
  sources?: SourceInput[];
}

@InputType()
export class CreateCaseStudyInput extends CaseStudyFieldsInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(120)
  slug: string;

  @Field(() => String)
  @IsIn(LOCALES)
  originalLocale: Locale;

  @Field(() => ID, {
    nullable: true,
    description: 'The organisation drafting it; required for members, who draft for their own organisation.',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5000)
  summary: string = '';

  @Field({ defaultValue: '', description: 'Markdown.' })
  @IsString()
  @MaxLength(200000)
  body: string = '';

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  scalingUp?: string;
}

@InputType()
export class UpdateCaseStudyInput extends CaseStudyFieldsInput {
  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@InputType()
export class CaseStudyTranslationInput {
  @Field(() => String, { description: 'Writing the original language changes the original (a new version).' })
  @IsIn(LOCALES)
  locale: Locale;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @Field(() => String, {
    nullable: true,
    description: 'Left out: as it was (empty for a language added now). Likewise body and scalingUp.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  summary?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200000)
  body?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  scalingUp?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The region in this language; empty or null: readers of it see the original's. Not for the original language (updateCaseStudy's region).",
  })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(200)
  region?: string | null;

  @Field({ defaultValue: false })
  @IsBoolean()
  machineTranslated: boolean = false;

  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@InputType()
export class ResultIndicatorInput {
  @Field(() => Float)
  @IsNumber()
  @Min(-1e15)
  @Max(1e15)
  value: number;

  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(32)
  unit: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(-1e15)
  @Max(1e15)
  baseline?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  baselineYear?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  year?: number;

  @Field(() => String, { nullable: true, description: "Defaults to the case study's original language." })
  @IsOptional()
  @IsIn(LOCALES)
  originalLocale?: Locale;

  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(500)
  label: string;
}

@InputType()
export class LessonInput {
  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(29)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  themes: string[] = [];

  @Field(() => String, { nullable: true, description: "Defaults to the case study's original language." })
  @IsOptional()
  @IsIn(LOCALES)
  originalLocale?: Locale;

  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(20000)
  text: string;
}

@InputType()
export class TextTranslationInput {
  @Field(() => String)
  @IsIn(LOCALES)
  locale: Locale;

  @Field()
  @IsString()
  @IsNotBlank()
  @MaxLength(20000)
  text: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  machineTranslated: boolean = false;

  /** The result's or lesson's `updatedAt`, which every one of its texts in any language moves. */
  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}
