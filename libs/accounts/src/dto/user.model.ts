import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../role';

@ObjectType()
export class RoleGrantModel {
  @Field(() => Role)
  role: Role;

  @Field(() => String, {
    nullable: true,
    description: 'The country a national coordinator is responsible for.',
  })
  countryCode: string | null;
}

/** A person as they see themselves (and as admins see them): includes the email address. */
@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => String)
  preferredLocale: string;

  @Field({ description: 'Whether mentions left unread for 10 minutes are e-mailed to the person.' })
  mentionMail: boolean;

  @Field(() => [Role], { description: 'Distinct roles held, whatever their country.' })
  roles: Role[];

  @Field(() => [RoleGrantModel])
  grants: RoleGrantModel[];

  @Field(() => Date, {
    nullable: true,
    description: 'When the account was suspended, while it is: it cannot sign in (`suspendAccount`).',
  })
  suspendedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was suspended, when the suspender said.' })
  suspensionReason: string | null;
}

/** A person as anyone else sees them: no contact details. */
@ObjectType('Person')
export class PersonModel {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;
}

@ObjectType()
export class AuthPayload {
  @Field()
  accessToken: string;

  @Field(() => UserModel)
  user: UserModel;
}
