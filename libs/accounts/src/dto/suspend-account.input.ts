import { HasNoBidiControls, IsNotBlank, MaxLength } from '@ashar/errors';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID } from 'class-validator';

@InputType()
export class SuspendAccountInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => String, {
    nullable: true,
    description: 'Why, for those who may lift the suspension; the person is not shown it.',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @HasNoBidiControls()
  @MaxLength(500)
  reason?: string;
}
