import { Injectable } from '@nestjs/common';
import { LOCALES } from '@ashar/i18n';
import { CaseStudyExport, type PublishedCaseStudy } from '@ashar/knowledge';
import { markdownToText } from '@ashar/markdown';
import { NetworkService } from '@ashar/network';
import type { AggregateDocuments, SearchDocument, SearchSource } from './search-document';

/** Case studies and their lessons, as search documents. Drafts and archived ones have none. */
@Injectable()
export class CaseStudySearchSource implements SearchSource {
  readonly aggregateType = 'case_study';

  constructor(
    private readonly caseStudies: CaseStudyExport,
    private readonly network: NetworkService,
  ) {}

  async documents(aggregateIds: string[]): Promise<AggregateDocuments[]> {
    const studies = await this.caseStudies.published(aggregateIds);
    const published = new Map(studies.map((study) => [study.id, study]));
    // Each country's name in the four languages, so that "Kenya", "Кения" or "Kenia" finds its case
    // studies whatever language they are written in.
    const codes = [...new Set(studies.flatMap((study) => study.countries))];
    const countryNames = new Map(
      await Promise.all(
        codes.map(async (code) => {
          const names = await Promise.all(LOCALES.map((locale) => this.network.country(code, locale)));
          return [code, [...new Set(names.flatMap((country) => (country ? [country.name] : [])))]] as const;
        }),
      ),
    );
    return aggregateIds.map((aggregateId) => {
      const study = published.get(aggregateId);
      return { aggregateId, documents: study ? toDocuments(study, countryNames) : [] };
    });
  }

  aggregateIds(after: string | null, limit: number): Promise<string[]> {
    return this.caseStudies.ids(after, limit);
  }
}

export function toDocuments(
  study: PublishedCaseStudy,
  countryNames: ReadonlyMap<string, readonly string[]>,
): SearchDocument[] {
  const countries = study.countries.flatMap((code) => countryNames.get(code) ?? []);
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
      // The places come last, set off as a line of their own, so that a snippet does not run them into
      // the story: the region by its name in this language (the original's where not translated) and
      // the countries by their names in every language.
      body: [
        markdownToText(t.body),
        t.results,
        markdownToText(t.scalingUp),
        [t.region ?? study.region, ...countries].filter(Boolean).join(' · '),
      ]
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
