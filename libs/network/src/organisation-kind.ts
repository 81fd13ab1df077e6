import { registerEnumType } from '@nestjs/graphql';

export enum OrganisationKind {
  CBO = 'CBO',
  NGO = 'NGO',
  GOVERNMENT = 'GOVERNMENT',
  DONOR = 'DONOR',
  RESEARCH = 'RESEARCH',
}

registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
