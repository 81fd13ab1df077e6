import { IsMailAddress, MaxLength } from '@ashar/errors';
import { ArgsType, Field } from '@nestjs/graphql';
import { IsString } from 'class-validator';
import { IsNewPassword } from './password';

@ArgsType()
export class RequestPasswordResetArgs {
  @Field()
  @IsMailAddress()
  @MaxLength(254)
  email: string;
}

@ArgsType()
export class ResetPasswordArgs {
  /** Any text up to the limit: one that is no token gets the answer of an unknown or expired one. */
  @Field({ description: 'The token from the link in the password reset e-mail.' })
  @IsString()
  @MaxLength(200)
  token: string;

  @Field()
  @IsNewPassword()
  newPassword: string;
}
