import { MaxLength } from '@ashar/errors';
import { Field, InputType } from '@nestjs/graphql';
import { IsString, MinLength } from 'class-validator';
import { IsNewPassword } from './password';

@InputType()
export class ChangePasswordInput {
  /** Checked like a login's password (same limits), not against the rules for new ones. */
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @Field()
  @IsNewPassword()
  newPassword: string;
}
