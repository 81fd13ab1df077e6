import DataLoader from 'dataloader';
import type { Locale } from '@ashar/i18n';
import { perRequest } from '@ashar/transport';
import type { CaseStudyService } from './case-study.service';
import type {
  CaseStudyModel,
  CaseStudyOrganisationModel,
  LessonModel,
  ResultIndicatorModel,
} from './dto/knowledge.models';

/**
 * The batch loaders of one request: a page of case studies asks for its organisations, results and
 * lessons with one query each, not one per case study (countries and themes come with the row).
 */
export class KnowledgeLoaders {
  readonly organisations: DataLoader<string, CaseStudyOrganisationModel[]>;
  readonly results: DataLoader<string, ResultIndicatorModel[]>;
  readonly lessons: DataLoader<string, LessonModel[]>;
  readonly caseStudies: DataLoader<string, CaseStudyModel | null>;

  constructor(service: CaseStudyService, locale: Locale) {
    this.organisations = new DataLoader((ids) => service.organisationsOf(ids, locale));
    this.results = new DataLoader((ids) => service.resultsOf(ids, locale));
    this.lessons = new DataLoader((ids) => service.lessonsOf(ids, locale));
    this.caseStudies = new DataLoader((ids) => service.caseStudiesByIds(ids, locale));
  }
}

/** The loaders of the request `req` (created on first use, dropped with the request). */
export function loadersFor(req: object, service: CaseStudyService, locale: Locale): KnowledgeLoaders {
  return perRequest(req, KnowledgeLoaders, () => new KnowledgeLoaders(service, locale));
}
