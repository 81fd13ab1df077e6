import { LOCALES, t, type Locale } from '@ashar/i18n';
import { MeiliSearch, type MultiSearchQuery, type SearchResponse } from 'meilisearch';
import type { AggregateDocuments, SearchDocument, SearchDocumentType } from '../search-document';
import {
  type CaseStudyProfile,
  type EngineHit,
  type EngineResult,
  type FacetCount,
  MAX_TOTAL_HITS,
  type SearchEngine,
  type SearchFilters,
  type SearchRequest,
} from '../search-engine';
import { MARK_END, MARK_START } from '../snippet';

/** Meilisearch names languages by ISO 639-3. */
const ISO3: Record<Locale, string> = { en: 'eng', ru: 'rus', es: 'spa', nl: 'nld' };
const FACETS = ['themes', 'countries', 'type', 'locales'] as const;

type MeiliDocument = Record<string, unknown> & {
  key: string;
  type: SearchDocumentType;
  id: string;
  slug: string;
  originalLocale: Locale;
  locales: Locale[];
  themes: string[];
  countries: string[];
  facts: CaseStudyProfile['facts'];
};

const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/**
 * Meilisearch as the search engine: one document per record with per-language attributes
 * (`title_ru`, `summary_es`, …) tokenized in their language (localizedAttributes), attributes ranked
 * title > summary > body, filterable facets, and the theme labels of all four languages as synonyms.
 */
export class MeilisearchSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly client: MeiliSearch;

  constructor(
    host: string,
    apiKey: string | undefined,
    private readonly indexName: string,
  ) {
    this.client = new MeiliSearch({ host, apiKey });
  }

  private get index() {
    return this.client.index<MeiliDocument>(this.indexName);
  }

  async prepare(): Promise<void> {
    await this.client
      .createIndex(this.indexName, { primaryKey: 'key' })
      .waitTask({ timeout: 60_000 })
      .catch(() => undefined);
    const field = (name: string) => LOCALES.map((locale) => `${name}_${locale}`);
    await this.index
      .updateSettings({
        searchableAttributes: [...field('title'), ...field('summary'), ...field('body')],
        displayedAttributes: ['*'],
        filterableAttributes: [
          'type',
          'id',
          'themes',
          'countries',
          'locales',
          'yearFrom',
          'yearTo',
          'aggregate',
        ],
        sortableAttributes: ['publishedAt'],
        pagination: { maxTotalHits: MAX_TOTAL_HITS },
        localizedAttributes: LOCALES.map((locale) => ({
          attributePatterns: [`*_${locale}`],
          locales: [ISO3[locale]] as never,
        })),
        synonyms: themeSynonyms(),
      })
      .waitTask({ timeout: 120_000 });
  }

  async replace(aggregateType: string, batch: AggregateDocuments[]): Promise<void> {
    if (batch.length === 0) return;
    const aggregates = batch.map((entry) => `${aggregateType}:${entry.aggregateId}`);
    // Tasks on one index run in order, so the additions land after the deletion.
    const deletion = this.index.deleteDocuments({
      filter: `aggregate IN [${aggregates.map(quote).join(', ')}]`,
    });
    const documents = batch.flatMap((entry) =>
      entry.documents.map((doc) => toMeili(doc, `${aggregateType}:${entry.aggregateId}`)),
    );
    await (documents.length > 0 ? this.index.addDocuments(documents) : deletion).waitTask({
      timeout: 120_000,
    });
  }

  async clear(): Promise<void> {
    await this.index.deleteAllDocuments().waitTask({ timeout: 120_000 });
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const q = request.query.text;
    const base = (filters: SearchFilters, extra: Partial<MultiSearchQuery>): MultiSearchQuery => ({
      indexUid: this.indexName,
      q,
      filter: toFilter(filters),
      ...(request.query.isEmpty ? { sort: ['publishedAt:desc'] } : {}),
      ...extra,
    });
    const without = (name: keyof SearchFilters): SearchFilters => ({ ...request.filters, [name]: undefined });
    const { results } = await this.client.multiSearch({
      queries: [
        base(request.filters, {
          offset: request.offset,
          limit: request.limit,
          showRankingScore: true,
          attributesToHighlight: ['*'],
          attributesToCrop: LOCALES.flatMap((l) => [`summary_${l}`, `body_${l}`]),
          cropLength: 28,
          highlightPreTag: MARK_START,
          highlightPostTag: MARK_END,
        }),
        base(without('themes'), { limit: 0, facets: ['themes'] }),
        base(without('countries'), { limit: 0, facets: ['countries'] }),
        base(without('types'), { limit: 0, facets: ['type'] }),
        base(without('locales'), { limit: 0, facets: ['locales'] }),
      ],
    });
    const [main, ...facetResults] = results as unknown as SearchResponse<MeiliDocument>[];
    const facet = (index: number): FacetCount[] =>
      Object.entries(facetResults[index].facetDistribution?.[FACETS[index]] ?? {})
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      totalCount: main.estimatedTotalHits ?? main.totalHits ?? main.hits.length,
      totalCountExact: (main.estimatedTotalHits ?? 0) < MAX_TOTAL_HITS,
      hits: main.hits.map((hit) => toHit(hit, request.locale)),
      facets: { themes: facet(0), countries: facet(1), types: facet(2), locales: facet(3) },
    };
  }

  async caseStudyProfiles(options: {
    ids?: string[];
    themes?: string[];
    countries?: string[];
    limit: number;
  }): Promise<CaseStudyProfile[]> {
    const filter = options.ids
      ? `type = CASE_STUDY AND id IN [${options.ids.map(quote).join(', ')}]`
      : `type = CASE_STUDY AND (themes IN [${(options.themes ?? []).map(quote).join(', ')}] OR countries IN [${(options.countries ?? []).map(quote).join(', ')}])`;
    const result = await this.index.search('', { filter, limit: options.limit });
    return result.hits.map((hit) => ({
      id: hit.id,
      slug: hit.slug,
      themes: hit.themes,
      countries: hit.countries,
      facts: hit.facts,
      texts: hit.locales.map((locale) => ({
        locale,
        text: `${hit[`title_${locale}`] ?? ''} ${hit[`summary_${locale}`] ?? ''}`,
      })),
    }));
  }
}

function toMeili(doc: SearchDocument, aggregate: string): MeiliDocument {
  const fields: Record<string, unknown> = {};
  for (const text of doc.texts) {
    fields[`displayTitle_${text.locale}`] = text.displayTitle;
    fields[`title_${text.locale}`] = text.title;
    fields[`summary_${text.locale}`] = text.summary;
    fields[`body_${text.locale}`] = text.body;
  }
  return {
    ...fields,
    key: `${doc.type}_${doc.id}`,
    aggregate,
    type: doc.type,
    id: doc.id,
    slug: doc.slug,
    originalLocale: doc.originalLocale,
    locales: doc.texts.map((text) => text.locale),
    themes: doc.themes,
    countries: doc.countries,
    yearFrom: doc.yearFrom,
    yearTo: doc.yearTo,
    facts: doc.facts,
    publishedAt: doc.publishedAt.getTime(),
  };
}

function toFilter(filters: SearchFilters): string[] {
  const list = (name: string, values?: string[]) =>
    values?.length ? [`${name} IN [${values.map(quote).join(', ')}]`] : [];
  return [
    ...list('type', filters.types),
    ...list('themes', filters.themes),
    ...list('countries', filters.countries),
    ...list('locales', filters.locales),
    ...(filters.yearFrom !== undefined
      ? [`(yearTo >= ${filters.yearFrom} OR yearFrom >= ${filters.yearFrom})`]
      : []),
    ...(filters.yearTo !== undefined
      ? [`(yearFrom <= ${filters.yearTo} OR yearTo <= ${filters.yearTo})`]
      : []),
  ];
}

function toHit(
  hit: MeiliDocument & { _formatted?: Record<string, unknown>; _rankingScore?: number },
  reader: Locale,
): EngineHit {
  const locale = hit.locales.includes(reader) ? reader : hit.originalLocale;
  const formatted = hit._formatted ?? {};
  const text = (name: string) => String(formatted[`${name}_${locale}`] ?? hit[`${name}_${locale}`] ?? '');
  const marked = ['title', 'summary', 'body'].map(text).find((value) => value.includes(MARK_START));
  return {
    type: hit.type,
    id: hit.id,
    slug: hit.slug,
    title: String(hit[`displayTitle_${locale}`] ?? ''),
    snippet: marked ?? (text('summary') || text('body')),
    locale,
    score: hit._rankingScore ?? 0,
  };
}

/** Each theme's labels in the four languages are synonyms of each other. */
function themeSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  const keys = Object.keys(
    (t('en', 'knowledge:themes', { returnObjects: true }) as unknown as Record<string, string>) ?? {},
  );
  for (const key of keys) {
    const labels = [...new Set(LOCALES.map((locale) => t(locale, `knowledge:themes.${key}`).toLowerCase()))];
    for (const label of labels) synonyms[label] = labels.filter((other) => other !== label);
  }
  return synonyms;
}
