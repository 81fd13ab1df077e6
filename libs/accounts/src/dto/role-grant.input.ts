import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsISO31661Alpha2, IsOptional, IsUUID } from 'class-validator';
import { Role } from '../role';

@InputType()
export class RoleGrantInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => Role)
  @IsEnum(Role)
  role: Role;

  @Field(() => String, {
    nullable: true,
    description: 'Required for NATIONAL_COORDINATOR, refused otherwise.',
  })
  @IsOptional()
  @IsISO31661Alpha2()
  countryCode?: string;
}
