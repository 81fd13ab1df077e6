import { HasNoBidiControls, IsNotBlank, MaxLength } from '@ashar/errors';
import { Field, InputType } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';
import { HasNoInvisibleCharacters } from './display-name';

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @HasNoInvisibleCharacters()
  @MaxLength(100)
  displayName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(LOCALES)
  preferredLocale?: Locale;

  @Field(() => Boolean, { nullable: true, description: 'E-mail mentions left unread for 10 minutes.' })
  @IsOptional()
  @IsBoolean()
  mentionMail?: boolean;
}
