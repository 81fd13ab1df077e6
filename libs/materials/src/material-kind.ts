import { registerEnumType } from '@nestjs/graphql';

export enum MaterialKind {
  PRESENTATION = 'PRESENTATION',
  AGENDA = 'AGENDA',
  REPORT = 'REPORT',
  NATIONAL_ACTION_PLAN = 'NATIONAL_ACTION_PLAN',
  TRAINING_GUIDE = 'TRAINING_GUIDE',
  OTHER = 'OTHER',
}

/** Members propose materials; facilitators and coordinators publish them. */
export enum MaterialStatus {
  PROPOSED = 'PROPOSED',
  PUBLISHED = 'PUBLISHED',
}

export enum MaterialVisibility {
  PUBLIC = 'PUBLIC',
  MEMBERS = 'MEMBERS',
}

registerEnumType(MaterialKind, { name: 'MaterialKind' });
registerEnumType(MaterialStatus, { name: 'MaterialStatus' });
registerEnumType(MaterialVisibility, { name: 'MaterialVisibility' });
