import { registerEnumType } from '@nestjs/graphql';

export enum CaseStudyStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}

export enum OrganisationRole {
  IMPLEMENTER = 'IMPLEMENTER',
  FUNDER = 'FUNDER',
  PARTNER = 'PARTNER',
}

export enum TranslationTaskReason {
  MISSING = 'MISSING',
  OUTDATED = 'OUTDATED',
}

export enum TranslatableRecord {
  CASE_STUDY = 'CASE_STUDY',
  RESULT_INDICATOR = 'RESULT_INDICATOR',
  LESSON = 'LESSON',
}

registerEnumType(CaseStudyStatus, {
  name: 'CaseStudyStatus',
  description:
    'DRAFT: being written (its editors only); PUBLISHED: everyone; ARCHIVED: kept, no longer shown.',
});
registerEnumType(OrganisationRole, { name: 'OrganisationRole' });
registerEnumType(TranslationTaskReason, {
  name: 'TranslationTaskReason',
  description:
    'MISSING: no translation in that language; OUTDATED: made from an older version of the original.',
});
registerEnumType(TranslatableRecord, { name: 'TranslatableRecord' });
