import { HasNoBidiControls, IsMailAddress, IsNotBlank, MaxLength, MinLength } from '@ashar/errors';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import { ExpectedUpdatedAt } from '@ashar/transport';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import {
  ORGANISATION_NAME_MAX_LENGTH,
  ORGANISATION_NAME_MIN_LENGTH,
  organisationNameTooLong,
} from '../organisation-name';
import { OrganisationKind } from '../organisation-kind';

/**
 * An organisation's name within ORGANISATION_NAME_MAX_LENGTH characters as it is stored, which composing
 * can lengthen (`organisationNameTooLong`): counted as typed, "क़" 150 times passed and the database then
 * refused its 300 characters with an internal error. Reported as `maxLength`. Case studies' inputs name
 * organisations too.
 */
export function OrganisationNameMaxLength(): PropertyDecorator {
  return ValidateBy({
    name: 'maxLength',
    constraints: [ORGANISATION_NAME_MAX_LENGTH],
    validator: { validate: (value: unknown) => typeof value === 'string' && !organisationNameTooLong(value) },
  });
}

@InputType()
export class CountryFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Part of the name in any of the four languages, or the code.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only countries that have a national network.' })
  @IsOptional()
  @IsBoolean()
  withNetwork?: boolean;
}

@InputType()
export class OrganisationFilter {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsISO31661Alpha2({ each: true })
  countryCodes?: string[];

  @Field(() => [OrganisationKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(OrganisationKind, { each: true })
  kinds?: OrganisationKind[];

  @Field(() => [String], { nullable: true, description: 'Organisations working in any of these languages.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsIn(LOCALES, { each: true })
  languages?: Locale[];

  @Field(() => String, { nullable: true, description: 'Part of the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => ID, { nullable: true, description: 'Only organisations this person is a member of.' })
  @IsOptional()
  @IsUUID()
  memberId?: string;
}

@InputType()
export class CreateNationalNetworkInput {
  @Field()
  @IsISO31661Alpha2()
  countryCode: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  foundedYear?: number;
}

@InputType()
export class OrganisationInput {
  @Field()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @MinLength(ORGANISATION_NAME_MIN_LENGTH)
  @OrganisationNameMaxLength()
  name: string;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO31661Alpha2()
  countryCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(200)
  region?: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(4)
  @IsIn(LOCALES, { each: true })
  languages: Locale[] = [];

  @Field(() => String, { description: 'The language the description is written in.' })
  @IsIn(LOCALES)
  originalLocale: Locale;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(5000)
  description?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsMailAddress()
  @MaxLength(254)
  contactEmail?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string;
}

@InputType()
export class UpdateOrganisationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @MinLength(ORGANISATION_NAME_MIN_LENGTH)
  @OrganisationNameMaxLength()
  name?: string;

  @Field(() => OrganisationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @HasNoBidiControls()
  @MaxLength(200)
  region?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsIn(LOCALES, { each: true })
  languages?: Locale[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsMailAddress()
  @MaxLength(254)
  contactEmail?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  website?: string;

  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@InputType()
export class OrganisationTranslationInput {
  @Field(() => String)
  @IsIn(LOCALES)
  locale: Locale;

  @Field()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @MaxLength(5000)
  description: string;

  @ExpectedUpdatedAt()
  expectedUpdatedAt?: Date;
}

@InputType({ description: 'A person in an organisation: give exactly one of `userId` and `email`.' })
export class MembershipInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @Field(() => String, {
    nullable: true,
    description: "The e-mail address of the person's account (any case), instead of `userId`.",
  })
  @IsOptional()
  @IsMailAddress()
  @MaxLength(254)
  email?: string;
}

@InputType({ description: 'An invitation to an organisation, for an e-mail address no account uses.' })
export class InvitationInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field({ description: 'The address invited (any case).' })
  @IsMailAddress()
  @MaxLength(254)
  email: string;
}
