import type { Locale } from '@ashar/i18n';
import type { ParsedQuery } from './search-query';
import type { AggregateDocuments, CaseStudyFacts, SearchDocumentType } from './search-document';

export interface SearchFilters {
  types?: SearchDocumentType[];
  themes?: string[];
  countries?: string[];
  locales?: Locale[];
  yearFrom?: number;
  yearTo?: number;
}

export interface SearchRequest {
  query: ParsedQuery;
  filters: SearchFilters;
  /** The reader's language: preferred when a document exists in several. */
  locale: Locale;
  offset: number;
  limit: number;
}

export interface EngineHit {
  type: SearchDocumentType;
  id: string;
  slug: string;
  title: string;
  /** Text with MARK_START/MARK_END around matches; escaped later. */
  snippet: string;
  locale: Locale;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

/**
 * The most hits one search reads and counts (Meilisearch's `pagination.maxTotalHits`; the PostgreSQL
 * engine's window of matching rows). Beyond it totals are "at least" and pages end.
 */
export const MAX_TOTAL_HITS = 1000;

export interface EngineResult {
  totalCount: number;
  /** False when the engine stopped counting at its limit: there are at least `totalCount` hits. */
  totalCountExact: boolean;
  hits: EngineHit[];
  facets: { themes: FacetCount[]; countries: FacetCount[]; types: FacetCount[]; locales: FacetCount[] };
}

/** What "comparable projects" needs to know of a candidate case study. */
export interface CaseStudyProfile {
  id: string;
  slug: string;
  themes: string[];
  countries: string[];
  facts: CaseStudyFacts;
  /** Title and summary per language, for text similarity. */
  texts: { locale: Locale; text: string }[];
}

/**
 * A search engine holds documents and answers queries over them. Both implementations pass the same
 * contract suite (`__tests__/search-engine.contract.ts`).
 */
export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Makes the engine ready (indexes, settings); idempotent. */
  prepare(): Promise<void>;
  /** Replaces every document of each aggregate (e.g. a case study and its lessons) with the given ones. */
  replace(aggregateType: string, batch: AggregateDocuments[]): Promise<void>;
  /** Removes every document. */
  clear(): Promise<void>;
  search(request: SearchRequest): Promise<EngineResult>;
  /** Case study profiles sharing a theme or a country with the given ones (the candidates to compare). */
  caseStudyProfiles(options: {
    ids?: string[];
    themes?: string[];
    countries?: string[];
    limit: number;
  }): Promise<CaseStudyProfile[]>;
}

export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');
