import type { Locale } from '@ashar/i18n';

export type SearchDocumentType = 'CASE_STUDY' | 'LESSON' | 'MATERIAL';

export interface SearchDocumentText {
  locale: Locale;
  /** Shown as the hit's title (for a lesson: its case study's title in that language). */
  displayTitle: string;
  /** Indexed with weight A / B / C: a hit in a title outranks one in a summary, then the body. */
  title: string | null;
  summary: string | null;
  body: string | null;
}

/** Facts about a case study that "comparable projects" weighs. */
export interface CaseStudyFacts {
  region?: string | null;
  communities?: number | null;
  households?: number | null;
  organisations?: number | null;
  people?: number | null;
  funding?: { amount: number; currency: string } | null;
}

/** One published, searchable record with all its languages, as the outbox worker hands it to an engine. */
export interface SearchDocument {
  type: SearchDocumentType;
  id: string;
  /** Where to link: a case study's slug (lessons link to their case study). */
  slug: string;
  originalLocale: Locale;
  texts: SearchDocumentText[];
  themes: string[];
  countries: string[];
  yearFrom: number | null;
  yearTo: number | null;
  facts: CaseStudyFacts;
  publishedAt: Date;
}

/** Everything searchable under one aggregate (e.g. a case study and its lessons) as it is now. */
export interface AggregateDocuments {
  aggregateId: string;
  /** Empty when the aggregate is gone or not published. */
  documents: SearchDocument[];
}

/**
 * A record kind that can be indexed, keyed by the outbox `aggregateType` it announces changes under.
 * `documents(ids)` returns, for each id, what is searchable under that aggregate now, so applying an
 * event is "replace the aggregate's documents".
 */
export interface SearchSource {
  aggregateType: string;
  documents(aggregateIds: string[]): Promise<AggregateDocuments[]>;
  /** Ids of every aggregate that may have documents, in pages, for a full reindex. */
  aggregateIds(after: string | null, limit: number): Promise<string[]>;
}

export const SEARCH_SOURCES = Symbol('SEARCH_SOURCES');
