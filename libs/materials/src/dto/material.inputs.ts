import { HasNoBidiControls, IsNotBlank, MaxLength, MinLength } from '@ashar/errors';
import { Field, ID, InputType, OmitType, PartialType } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import { ExpectedUpdatedAt } from '@ashar/transport';
import {
  ArrayMaxSize,
  IsEnum,
  IsIn,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';
import { MaterialKind, MaterialStatus, MaterialVisibility } from '../material-kind';

const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@InputType()
export class MaterialFilter {
  @Field(() => [MaterialKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsEnum(MaterialKind, { each: true })
  kinds?: MaterialKind[];

  @Field(() => [String], { nullable: true, description: 'Theme keys; materials with any of them.' })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  themes?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  caseStudySlug?: string;

  @Field(() => [String], { nullable: true, description: 'Materials with a file in any of these languages.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsIn(LOCALES, { each: true })
  locales?: Locale[];
}

@InputType()
export class MaterialInput {
  @Field(() => MaterialKind)
  @IsEnum(MaterialKind)
  kind: MaterialKind;

  @Field(() => MaterialVisibility, { nullable: true, description: 'Default PUBLIC.' })
  @IsOptional()
  @IsEnum(MaterialVisibility)
  visibility?: MaterialVisibility;

  @Field(() => MaterialStatus, {
    nullable: true,
    description: 'Facilitators and coordinators publish directly (default); members can only propose.',
  })
  @IsOptional()
  @IsEnum(MaterialStatus)
  status?: MaterialStatus;

  @Field(() => String)
  @IsIn(LOCALES)
  originalLocale: Locale;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countryCodes?: string[];

  @Field(() => [String], { nullable: true, description: 'Theme keys, e.g. community-driven-development.' })
  @IsOptional()
  @ArrayMaxSize(30)
  @Matches(KEY, { each: true })
  @MaxLength(100, { each: true })
  themes?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  eventIds?: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(KEY, { each: true })
  @MaxLength(200, { each: true })
  caseStudySlugs?: string[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  roomIds?: string[];
}

@InputType()
export class UpdateMaterialInput extends PartialType(
  OmitType(MaterialInput, ['originalLocale'] as const),
  InputType,
) {
  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@InputType()
export class MaterialTranslationInput {
  @Field(() => String)
  @IsIn(LOCALES)
  locale: Locale;

  @Field()
  @IsString()
  @HasNoBidiControls()
  @IsNotBlank()
  @MinLength(2)
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}
