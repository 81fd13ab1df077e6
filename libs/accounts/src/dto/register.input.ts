import { HasNoBidiControls, IsMailAddress, IsNotBlank, MaxLength } from '@ashar/errors';
import { Field, InputType } from '@nestjs/graphql';
import { LOCALES, type Locale } from '@ashar/i18n';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { HasNoInvisibleCharacters } from './display-name';
import { IsNewPassword } from './password';

@InputType()
export class RegisterInput {
  @Field()
  @IsMailAddress()
  @MaxLength(254)
  email: string;

  @Field()
  @IsNewPassword()
  password: string;

  @Field()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @HasNoInvisibleCharacters()
  @MaxLength(100)
  displayName: string;

  @Field(() => String, {
    nullable: true,
    description: 'One of en, ru, es, nl; defaults to the request language.',
  })
  @IsOptional()
  @IsIn(LOCALES)
  preferredLocale?: Locale;
}
