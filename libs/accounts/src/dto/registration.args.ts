import { MaxLength } from '@ashar/errors';
import { ArgsType, Field } from '@nestjs/graphql';
import { IsString } from 'class-validator';

@ArgsType()
export class ConfirmRegistrationArgs {
  /** Any text up to the limit: one that is no token gets the answer of an unknown or expired one. */
  @Field({ description: 'The token from the link in the sign-up e-mail.' })
  @IsString()
  @MaxLength(200)
  token: string;
}
