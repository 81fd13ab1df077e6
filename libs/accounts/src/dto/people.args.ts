import { MaxLength } from '@ashar/errors';
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

@ArgsType()
export class PeopleArgs {
  @Field({ description: 'Part of the e-mail address or of the name, any case.' })
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  search: string;

  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(50)
  first = 20;
}
