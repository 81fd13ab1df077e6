import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '@ashar/accounts';
import { Connection } from '@ashar/transport';
import { OrganisationKind } from '../organisation-kind';

@ObjectType('CountryNames')
export class CountryNamesModel {
  @Field() en: string;
  @Field() ru: string;
  @Field() es: string;
  @Field() nl: string;
}

@ObjectType('Country')
export class CountryModel {
  @Field({ description: 'ISO 3166-1 alpha-2 code.' })
  code: string;

  @Field({ description: "The name in the request's language." })
  name: string;

  @Field(() => CountryNamesModel)
  names: CountryNamesModel;
}

@ObjectType('NationalNetwork')
export class NationalNetworkModel {
  @Field(() => ID)
  id: string;

  @Field({ description: "The network's name in the request's language." })
  name: string;

  @Field(() => CountryModel)
  country: CountryModel;

  @Field(() => Int, { nullable: true })
  foundedYear: number | null;

  @Field(() => [PersonModel], { description: 'The national coordinators who host this network.' })
  coordinators: PersonModel[];

  @Field(() => Int)
  organisationCount: number;
}

@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => OrganisationKind)
  kind: OrganisationKind;

  @Field(() => CountryModel, { nullable: true })
  country: CountryModel | null;

  @Field(() => String, { nullable: true })
  region: string | null;

  @Field(() => [String], { description: 'Languages the organisation works in (en, ru, es, nl).' })
  languages: string[];

  @Field(() => String, {
    nullable: true,
    description: 'In `locale`: the requested language when translated, else the original.',
  })
  description: string | null;

  @Field({ description: 'The language `description` is served in.' })
  locale: string;

  @Field()
  originalLocale: string;

  @Field(() => [String])
  availableLocales: string[];

  @Field(() => String, { nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true })
  website: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('OrganisationPermissions', {
  description: 'What the caller may do with an organisation now; all false for guests.',
})
export class OrganisationPermissions {
  @Field({ description: 'Update it and translate it (its members, and those who manage it).' })
  edit: boolean;

  @Field({
    description: "Add and remove members (its country's national coordinators, steering group, admins).",
  })
  manageMembers: boolean;
}

@ObjectType('OrganisationInvitation', {
  description: 'An invitation to an organisation for an e-mail address no account used when it was sent.',
})
export class OrganisationInvitationModel {
  @Field({ description: 'The address invited, lower-cased.' })
  email: string;

  @Field(() => PersonModel, { nullable: true, description: 'Who invited; null once their account is gone.' })
  invitedBy: PersonModel | null;

  @Field({ description: 'When the invitation was last mailed.' })
  createdAt: Date;

  @Field({ description: 'After this, an account for the address no longer joins.' })
  expiresAt: Date;
}

@ObjectType()
export class CountryConnection extends Connection(CountryModel, 'Country') {}

@ObjectType()
export class NationalNetworkConnection extends Connection(NationalNetworkModel, 'NationalNetwork') {}

@ObjectType()
export class OrganisationConnection extends Connection(OrganisationModel, 'Organisation') {}
