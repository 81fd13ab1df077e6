import { LOCALES, t, type Locale } from '@ashar/i18n';
import {
  MeiliSearch,
  type EnqueuedTask,
  type Hit,
  type MultiSearchParams,
  type MultiSearchQuery,
  type Task,
} from 'meilisearch';
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

/** Meilisearch names languages by ISO 639-3 (in `localizedAttributes` and in the `locales` search parameter). */
const ISO3: Record<Locale, string> = { en: 'eng', ru: 'rus', es: 'spa', nl: 'nld' };
const FACETS = ['themes', 'countries', 'type', 'locales'] as const;
/** The texts of each language, in the order they rank (title > summary > body) and make snippets. */
const TEXTS = ['title', 'summary', 'body'] as const;
/** More values than any facet has (there are 249 ISO 3166 countries): every value is counted. */
const MAX_FACET_VALUES = 500;
/** How many matched texts (title, summary, body) a snippet joins, like the PostgreSQL engine's fragments. */
const SNIPPET_FRAGMENTS = 2;
const SETTINGS_TIMEOUT_MS = 120_000;
const WRITE_TIMEOUT_MS = 120_000;

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
const list = (values: readonly string[]) => `[${values.map(quote).join(', ')}]`;

/**
 * A task the client waited for. The client resolves with the task whatever its outcome ("failed" and
 * "canceled" too): anything but "succeeded" is an error here, so that callers (the outbox worker) retry,
 * unless its error code is one of `allowed`.
 */
function succeeded(task: Task, what: string, allowed: readonly string[] = []): Task {
  if (task.status === 'succeeded' || (task.error && allowed.includes(task.error.code))) return task;
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : 'no error reported';
  throw new Error(`Meilisearch ${what} failed: task ${task.uid} (${task.type}) ${task.status}: ${reason}`);
}

/**
 * Meilisearch as the search engine: one document per record with per-language attributes
 * (`title_ru`, `summary_es`, …) tokenized in their language (localizedAttributes), attributes ranked
 * title > summary > body, filterable facets, and the theme labels of all four languages as synonyms.
 * Needs Meilisearch 1.10 or later (localizedAttributes and the `locales` search parameter).
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

  private async wait(enqueued: EnqueuedTask, what: string, timeout = WRITE_TIMEOUT_MS): Promise<Task> {
    return succeeded(await this.client.tasks.waitForTask(enqueued, { timeout }), what);
  }

  async prepare(): Promise<void> {
    // Network and authentication errors reject; a failed task only passes when the index exists already.
    succeeded(
      await this.client
        .createIndex(this.indexName, { primaryKey: 'key' })
        .waitTask({ timeout: SETTINGS_TIMEOUT_MS }),
      `creating index ${this.indexName}`,
      ['index_already_exists'],
    );
    const field = (name: string) => LOCALES.map((locale) => `${name}_${locale}`);
    succeeded(
      await this.index
        .updateSettings({
          searchableAttributes: TEXTS.flatMap(field),
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
          // One more than is counted: a search that reaches it has more hits than MAX_TOTAL_HITS.
          pagination: { maxTotalHits: MAX_TOTAL_HITS + 1 },
          faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { '*': 'count' } },
          localizedAttributes: LOCALES.map((locale) => ({
            attributePatterns: [`*_${locale}`],
            locales: [ISO3[locale]],
          })),
          synonyms: themeSynonyms(),
        })
        .waitTask({ timeout: SETTINGS_TIMEOUT_MS }),
      `updating the settings of index ${this.indexName}`,
    );
  }

  async replace(aggregateType: string, batch: AggregateDocuments[]): Promise<void> {
    if (batch.length === 0) return;
    const aggregates = batch.map((entry) => `${aggregateType}:${entry.aggregateId}`);
    const documents = batch.flatMap((entry) =>
      entry.documents.map((doc) => toMeili(doc, `${aggregateType}:${entry.aggregateId}`)),
    );
    // Tasks on one index run in the order they were enqueued: the deletion is enqueued (the server
    // answered with its task) before the addition is sent, so the additions land after it.
    const deletion = await this.index.deleteDocuments({ filter: `aggregate IN ${list(aggregates)}` });
    const addition =
      documents.length > 0 ? await this.index.addDocuments(documents, { primaryKey: 'key' }) : null;
    await this.wait(deletion, `deleting the documents of ${aggregates.length} ${aggregateType} aggregate(s)`);
    if (addition) await this.wait(addition, `adding ${documents.length} document(s)`);
  }

  async clear(): Promise<void> {
    await this.wait(await this.index.deleteAllDocuments(), `clearing index ${this.indexName}`);
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const base = (filters: SearchFilters, extra: Partial<MultiSearchQuery>): MultiSearchQuery => ({
      indexUid: this.indexName,
      q: request.query.text,
      filter: toFilter(filters),
      // Every word must match (the default, "last", drops words from the end until something matches).
      matchingStrategy: 'all',
      // The query is read as the reader's language (else Meilisearch guesses it from the few words typed).
      locales: [ISO3[request.locale]],
      ...(request.query.isEmpty ? { sort: ['publishedAt:desc'] } : {}),
      ...extra,
    });
    const without = (name: keyof SearchFilters): SearchFilters => ({ ...request.filters, [name]: undefined });
    const { results } = await this.client.multiSearch<MultiSearchParams, MeiliDocument>({
      queries: [
        base(request.filters, {
          offset: request.offset,
          limit: request.limit,
          showRankingScore: true,
          attributesToHighlight: TEXTS.flatMap((name) => LOCALES.map((l) => `${name}_${l}`)),
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
    const [main, ...facetResults] = results;
    const facet = (index: number): FacetCount[] =>
      Object.entries(facetResults[index].facetDistribution?.[FACETS[index]] ?? {})
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    // Meilisearch counts up to maxTotalHits (MAX_TOTAL_HITS + 1): reaching it means more than MAX_TOTAL_HITS.
    const counted = main.estimatedTotalHits ?? main.totalHits ?? request.offset + main.hits.length;
    return {
      totalCount: Math.min(counted, MAX_TOTAL_HITS),
      totalCountExact: counted <= MAX_TOTAL_HITS,
      hits: main.hits.map((hit) => toHit(hit, request.locale)),
      facets: { themes: facet(0), countries: facet(1), types: facet(2), locales: facet(3) },
    };
  }

  /**
   * Like the PostgreSQL engine: the case studies sharing a theme or a country, those sharing the most
   * themes first (then by id), at most `limit`. Meilisearch cannot rank by shared themes, so every
   * candidate it can return (up to its maxTotalHits) is read, with only the fields a profile needs.
   */
  async caseStudyProfiles(options: {
    ids?: string[];
    themes?: string[];
    countries?: string[];
    limit: number;
  }): Promise<CaseStudyProfile[]> {
    const texts = LOCALES.flatMap((locale) => [`title_${locale}`, `summary_${locale}`]);
    const attributesToRetrieve = ['id', 'slug', 'themes', 'countries', 'facts', 'locales', ...texts];
    let hits: MeiliDocument[];
    if (options.ids) {
      if (options.ids.length === 0 || options.limit <= 0) return [];
      const filter = `type = CASE_STUDY AND id IN ${list(options.ids)}`;
      hits = (await this.index.search('', { filter, limit: options.limit, attributesToRetrieve })).hits;
    } else {
      const themes = options.themes ?? [];
      const countries = options.countries ?? [];
      const shared = [
        ...(themes.length ? [`themes IN ${list(themes)}`] : []),
        ...(countries.length ? [`countries IN ${list(countries)}`] : []),
      ];
      if (shared.length === 0 || options.limit <= 0) return [];
      const filter = `type = CASE_STUDY AND (${shared.join(' OR ')})`;
      const { hits: candidates } = await this.index.search('', {
        filter,
        limit: MAX_TOTAL_HITS + 1,
        attributesToRetrieve,
      });
      const wanted = new Set(themes);
      const sharedThemes = (hit: MeiliDocument) => hit.themes.filter((theme) => wanted.has(theme)).length;
      hits = candidates
        .map((hit) => ({ hit, shared: sharedThemes(hit) }))
        .sort((a, b) => b.shared - a.shared || (a.hit.id < b.hit.id ? -1 : a.hit.id > b.hit.id ? 1 : 0))
        .slice(0, options.limit)
        .map(({ hit }) => hit);
    }
    return hits.map((hit) => ({
      id: hit.id,
      slug: hit.slug,
      themes: hit.themes,
      countries: hit.countries,
      facts: hit.facts,
      texts: hit.locales.map((locale) => ({
        locale,
        text: [hit[`title_${locale}`], hit[`summary_${locale}`]]
          .filter((text): text is string => typeof text === 'string' && text !== '')
          .join(' '),
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
  const any = (name: string, values?: string[]) => (values?.length ? [`${name} IN ${list(values)}`] : []);
  return [
    ...any('type', filters.types),
    ...any('themes', filters.themes),
    ...any('countries', filters.countries),
    ...any('locales', filters.locales),
    // As the PostgreSQL engine: running in or after yearFrom (no end year: still running), begun by yearTo.
    ...(filters.yearFrom !== undefined
      ? [`(yearFrom IS NOT NULL AND (yearTo >= ${filters.yearFrom} OR yearTo IS NULL))`]
      : []),
    ...(filters.yearTo !== undefined ? [`yearFrom <= ${filters.yearTo}`] : []),
  ];
}

/**
 * A hit in the language that matched, as the PostgreSQL engine serves the row that matched: the
 * reader's language when the query matched there, else the language whose title matched, else any
 * that matched (the original language first). Without a match (browsing) the reader's language when
 * the document has it, else its original language. The snippet joins the matched texts (title,
 * summary, body; summary and body cropped around the matches) of that language.
 */
function toHit(hit: Hit<MeiliDocument>, reader: Locale): EngineHit {
  const formatted: Record<string, unknown> = hit._formatted ?? {};
  const text = (locale: Locale, name: string): string => {
    const value = formatted[`${name}_${locale}`] ?? hit[`${name}_${locale}`];
    return typeof value === 'string' ? value : '';
  };
  const marked = (locale: Locale, name: string) => text(locale, name).includes(MARK_START);
  const languages = [
    ...new Set([reader, hit.originalLocale, ...LOCALES].filter((l) => hit.locales.includes(l))),
  ];
  const matched =
    languages.find((l) => l === reader && TEXTS.some((name) => marked(l, name))) ??
    languages.find((l) => marked(l, 'title')) ??
    languages.find((l) => TEXTS.some((name) => marked(l, name)));
  const locale = matched ?? (hit.locales.includes(reader) ? reader : hit.originalLocale);
  const fragments = TEXTS.filter((name) => marked(locale, name))
    .slice(0, SNIPPET_FRAGMENTS)
    .map((name) => text(locale, name));
  return {
    type: hit.type,
    id: hit.id,
    slug: hit.slug,
    title: String(hit[`displayTitle_${locale}`] ?? ''),
    snippet: fragments.length > 0 ? fragments.join(' … ') : text(locale, 'summary') || text(locale, 'body'),
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
