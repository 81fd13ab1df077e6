import { Injectable } from '@nestjs/common';
import { CaseStudyExport, type PublishedCaseStudy } from '@ashar/knowledge';
import { markdownToText } from '@ashar/markdown';
import type { AggregateDocuments, SearchDocument, SearchSource } from './search-document';

/** Case studies and their lessons, as search documents. Drafts and archived ones have none. */
@Injectable()
export class CaseStudySearchSource implements SearchSource {
  readonly aggregateType = 'case_study';

  constructor(private readonly caseStudies: CaseStudyExport) {}

  async documents(aggregateIds: string[]): Promise<AggregateDocuments[]> {
    const published = new Map(
      (await this.caseStudies.published(aggregateIds)).map((study) => [study.id, study]),
    );
    return aggregateIds.map((aggregateId) => {
      const study = published.get(aggregateId);
      return { aggregateId, documents: study ? toDocuments(study) : [] };
    });
  }

  aggregateIds(after: string | null, limit: number): Promise<string[]> {
    return this.caseStudies.ids(after, limit);
  }
}

export function toDocuments(study: PublishedCaseStudy): SearchDocument[] {
  const common = {
    slug: study.slug,
    countries: study.countries,
    yearFrom: study.startYear,
    yearTo: study.endYear,
    publishedAt: study.publishedAt,
  };
  const titles = new Map(study.translations.map((t) => [t.locale, t.title]));
  const titleIn = (locale: string) =>
    titles.get(locale as never) ?? titles.get(study.originalLocale) ?? study.slug;
  const caseStudy: SearchDocument = {
    ...common,
    type: 'CASE_STUDY',
    id: study.id,
    originalLocale: study.originalLocale,
    themes: study.themes,
    facts: {
      region: study.region,
      ...study.reach,
      funding: study.funding,
    },
    texts: study.translations.map((t) => ({
      locale: t.locale,
      displayTitle: t.title,
      title: t.title,
      summary: markdownToText(t.summary),
      // The region is found in each language by its name there (the original's where not translated).
      body: [t.region ?? study.region, markdownToText(t.body), t.results, markdownToText(t.scalingUp)]
        .filter(Boolean)
        .join('\n\n'),
    })),
  };
  const lessons: SearchDocument[] = study.lessons.map((lesson) => ({
    ...common,
    type: 'LESSON',
    id: lesson.id,
    originalLocale: lesson.originalLocale,
    themes: [...new Set([...lesson.themes, ...study.themes])],
    facts: {},
    texts: lesson.translations.map((t) => ({
      locale: t.locale,
      displayTitle: titleIn(t.locale),
      title: null,
      summary: markdownToText(t.text),
      body: null,
    })),
  }));
  return [caseStudy, ...lessons];
}
