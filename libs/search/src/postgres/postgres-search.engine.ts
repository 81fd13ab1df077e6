import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SqlParams } from '@ashar/database';
import { AppError } from '@ashar/errors';
import { LOCALES, type Locale } from '@ashar/i18n';
import { DataSource } from 'typeorm';
import { ConcurrencyGate } from '../concurrency-gate';
import type { AggregateDocuments } from '../search-document';
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
import { allowedTypos, editDistance, foldWord, type ParsedQuery } from '../search-query';
import { MARK_END, MARK_START } from '../snippet';

const CONFIG: Record<Locale, string> = { en: 'english', ru: 'russian', es: 'spanish', nl: 'dutch' };
/**
 * The same analysis with `unaccent` before the stemmer (migration SearchHighlight): it reads the
 * original text the way the index reads its unaccented copy, so that highlighting finds "Defensoría"
 * for `defensoria`.
 */
const HIGHLIGHT_CONFIG: Record<Locale, string> = {
  en: 'ashar_english',
  ru: 'ashar_russian',
  es: 'ashar_spanish',
  nl: 'ashar_dutch',
};

/** ts_rank weights for {D, C, B, A}: title (A) ≫ summary (B) ≫ body (C). */
const WEIGHTS = `'{0.05, 0.2, 0.5, 1.0}'`;
/** A document holding the last word typed, whole, ranks above one holding only longer words it begins. */
const WHOLE_WORD_BOOST = 2;
/** The most characters of a summary a hit without a query (browsing) shows. */
const BROWSE_SNIPPET = 240;
const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;
/**
 * A snippet is looked for in the title, the summary and this many characters of the body first: a
 * headline costs about as much as the text is long (some 3 ms for 40,000 characters, and a body may
 * hold 200,000), and most hits match early. Only a hit with no match there is read whole.
 */
const HEADLINE_NEAR = 4000;
/** Typo tolerance helps when the exact search, without filters, finds fewer documents than this. */
const TYPO_THRESHOLD = 3;
/** Indexed words most like a typed one (by trigrams) that are weighed as its alternatives… */
const TYPO_CANDIDATES = 10;
/** …and how many of those within its allowed typos it may stand for. */
const TYPO_ALTERNATIVES = 3;
/**
 * Typo tolerance spells out each term of the query, in every language's statement: past this many
 * terms the statement grows to hundreds of kilobytes and costs more to plan than to run, so a longer
 * query is matched as typed only.
 */
const MAX_TOLERANT_TERMS = 10;
/** The most indexed words an unfinished last word is expanded to before it stays a prefix match. */
const MAX_COMPLETIONS = 50;
/** `search_word` holds the indexed words of at least this many letters. */
const MIN_LISTED_WORD = 5;
/** No tsquery (nothing to rank by: a query of excluded words only); written as it is, not in `queries`. */
const NO_TSQUERY = 'NULL::tsquery';
/**
 * Browse counts older than this are checked against the index's version in the background (and
 * recounted if it moved); older than the second, before answering.
 */
const BROWSE_COUNTS_TTL_MS = 30_000;
const BROWSE_COUNTS_MAX_AGE_MS = 300_000;

/**
 * Marks a change to the index, in the change's transaction, so that other instances know their
 * browse counts are out of date (`browseCounts`).
 */
const BUMP_VERSION = `UPDATE search_index_version SET version = version + 1`;

/** A facet, named like both its result field and the filter it ignores (disjunctive facets). */
type Facet = { key: keyof EngineResult['facets'] & keyof SearchFilters; column: string };
const FACETS: readonly Facet[] = [
  { key: 'themes', column: 'unnest(m.themes)' },
  { key: 'countries', column: 'unnest(m.countries)' },
  { key: 'types', column: 'm.doc_type' },
  { key: 'locales', column: 'unnest(m.locales)' },
];

/** Counts of a facet's values over `from` (rows aliased `m`, e.g. "matched m WHERE …"). */
const facetSql = (column: string, from: string) =>
  `(SELECT COALESCE(json_agg(json_build_object('value', v, 'count', n) ORDER BY n DESC, v), '[]')
      FROM (SELECT ${column} AS v, count(*)::int AS n FROM ${from} GROUP BY 1) f)`;

type BrowseCounts = Omit<EngineResult, 'hits'>;

/** Browse counts for one filter combination, as `browseCounts` keeps them. */
interface CachedCounts {
  /** When the counts were last known to match the index (counted, or its version read unchanged). */
  checkedAt: number;
  /** This instance's `generation` when counted. */
  generation: number;
  /** The index version (`search_index_version`) the counts include. */
  version: string;
  counts: Promise<BrowseCounts>;
  /** The version check (and recount) in progress, if any. */
  refreshing: Promise<BrowseCounts> | null;
}

type MatchRow = { hits: EngineHit[]; total: number; window_rows: number } & Partial<
  Record<keyof EngineResult['facets'], FacetCount[]>
>;

/** Indexed words to match, each whole or as a prefix; rendered by `lexemes`. */
interface Words {
  words: string[];
  prefix: boolean;
}

/** The query as typed: websearch_to_tsquery for the words, the last word expanded as typed. */
interface WebMatcher {
  kind: 'web';
  websearch: string;
  /** `websearch` without the excluded terms: ranking and highlighting (a NOT ranks every row near 0). */
  rankedWebsearch: string;
  prefixJoin: 'and' | 'or';
  /** The last word, as matched; null when the query does not end in a plain word. */
  last: Words | null;
  /** The last word as ranked and highlighted: the prefix typed, so that its completions do not dilute the rank. */
  lastRanked: Words | null;
  /** The last word whole: a document holding it ranks above one with only a longer word beginning with it. */
  lastWhole: Words | null;
}

/** A term of a typo-tolerant query: any of its groups of words (the term as typed, its alternatives). */
interface TolerantTerm {
  negated: boolean;
  groups: Words[];
}

type Matcher =
  | WebMatcher
  /**
   * Typo tolerance: the query's clauses with each plain word's alternatives beside it; `exact` is
   * the query as typed, so that documents it matches rank above those found through an alternative.
   */
  | { kind: 'tsquery'; clauses: TolerantTerm[][]; exact: WebMatcher };

/** A matcher whose texts are bound parameters: SQL expressions yielding tsquery text. */
interface BoundWeb {
  kind: 'web';
  websearch: string | null;
  rankedWebsearch: string | null;
  last: string | null;
  lastRanked: string | null;
  lastWhole: string | null;
  prefixJoin: 'and' | 'or';
}
type BoundMatcher =
  BoundWeb | { kind: 'tsquery'; text: string; rankedText: string | null; exact: BoundWeb | null };

/**
 * SQL for tsquery text matching any of `words`: each bound, unaccented like the index, then quoted
 * for to_tsquery with its quotes and backslashes escaped, so that no text can break the syntax.
 */
function lexemes(params: SqlParams, { words, prefix }: Words): string {
  const operand = (word: string) =>
    `'''' || replace(replace(ashar_unaccent(${params.add(word)}::text), '\\', '\\\\'), '''', '''''') || '''${prefix ? ':*' : ''}'`;
  return `(${words.map(operand).join(` || ' | ' || `)})`;
}

type FilterName = keyof SearchFilters;

/** The first BROWSE_SNIPPET characters of `text` (SQL), ended at a word boundary with " …" when cut. */
const opening = (text: string) =>
  `(SELECT CASE WHEN length(t) <= ${BROWSE_SNIPPET} THEN t
                ELSE regexp_replace(left(t, ${BROWSE_SNIPPET + 1}), '\\s+\\S*$', '') || ' …' END FROM (SELECT ${text} AS t) o)`;

const hasFilters = (filters: SearchFilters) =>
  Object.values(filters).some((value) =>
    Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null,
  );

/** A word folded the way the index folds text (and `search_word` holds it). */
const folded = (sql: string) => `lower(ashar_unaccent(${sql}))`;

/** PostgreSQL full-text search over `search_document` (see docs/search.md for the ranking). */
@Injectable()
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  /**
   * Searches running at once in this process (`SEARCH_CONCURRENCY`); the others wait their turn, up
   * to `SEARCH_QUEUE` of them, and any more are refused (RATE_LIMITED) instead of waiting ever longer.
   */
  private readonly gate: ConcurrencyGate;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    { concurrency, queue }: { concurrency: number; queue: number },
  ) {
    this.gate = new ConcurrencyGate(
      concurrency,
      queue,
      () => new AppError('RATE_LIMITED', 'errors:searchBusy', {}, [], { retryAfter: 1 }),
    );
  }

  async prepare(): Promise<void> {
    // The index is a table created by a migration: nothing to do.
  }

  async replace(aggregateType: string, batch: AggregateDocuments[]): Promise<void> {
    if (batch.length === 0) return;
    const documents = batch.flatMap((entry) =>
      entry.documents.map((doc) => ({ doc, aggregateId: entry.aggregateId })),
    );
    const rows = documents.flatMap(({ doc, aggregateId }) =>
      doc.texts.map((text) => ({
        aggregate_id: aggregateId,
        doc_type: doc.type,
        doc_id: doc.id,
        locale: text.locale,
        slug: doc.slug,
        original_locale: doc.originalLocale,
        display_title: text.displayTitle,
        title: text.title,
        summary: text.summary,
        body: text.body,
        themes: doc.themes,
        countries: doc.countries,
        locales: doc.texts.map((t) => t.locale),
        year_from: doc.yearFrom,
        year_to: doc.yearTo,
        facts: doc.facts,
        published_at: doc.publishedAt,
      })),
    );
    // Every word of five to 100 letters or digits, folded in SQL exactly as the index folds it.
    const words = new Set<string>();
    for (const { doc } of documents)
      for (const text of doc.texts)
        for (const word of `${text.title ?? ''} ${text.summary ?? ''} ${text.body ?? ''}`
          .normalize('NFC')
          .match(/[\p{L}\p{N}]+/gu) ?? [])
          if (word.length >= 5 && word.length <= 100) words.add(word.toLowerCase());

    this.forgetBrowseCounts();
    await this.db.transaction(async (tx) => {
      await tx.query(BUMP_VERSION);
      await tx.query(
        `DELETE FROM search_document WHERE aggregate_type = $1 AND aggregate_id = ANY($2::varchar[])`,
        [aggregateType, batch.map((entry) => entry.aggregateId)],
      );
      if (rows.length > 0) {
        await tx.query(
          `INSERT INTO search_document (doc_type, doc_id, locale, aggregate_type, aggregate_id, slug, original_locale,
                  display_title, title, summary, body, themes, countries, locales, year_from, year_to, facts, published_at)
           SELECT r.doc_type, r.doc_id, r.locale, $2, r.aggregate_id, r.slug, r.original_locale, r.display_title, r.title, r.summary,
                  r.body, r.themes, r.countries, r.locales, r.year_from, r.year_to, r.facts, r.published_at
             FROM jsonb_to_recordset($1::jsonb) AS r(aggregate_id varchar, doc_type varchar, doc_id uuid, locale varchar, slug varchar,
                  original_locale varchar, display_title text, title text, summary text, body text, themes varchar[],
                  countries varchar[], locales varchar[], year_from smallint, year_to smallint, facts jsonb,
                  published_at timestamptz)`,
          [JSON.stringify(rows), aggregateType],
        );
      }
      if (words.size > 0) {
        await tx.query(
          `INSERT INTO search_word (word)
           SELECT DISTINCT f FROM (SELECT ${folded('w')} AS f FROM unnest($1::text[]) AS w) words
            WHERE length(f) BETWEEN 5 AND 100 AND strpos(f, '''') = 0 AND strpos(f, '\\') = 0
           ON CONFLICT DO NOTHING`,
          [[...words]],
        );
      }
    });
    this.forgetBrowseCounts(); // also what was counted while the transaction was open
  }

  async clear(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // The version row first, as `replace` takes it: the same order of locks, so they cannot deadlock.
      await tx.query(BUMP_VERSION);
      await tx.query(`TRUNCATE search_document, search_word`);
    });
    this.forgetBrowseCounts();
  }

  search(request: SearchRequest): Promise<EngineResult> {
    return this.gate.run(() => this.searchNow(request));
  }

  private async searchNow(request: SearchRequest): Promise<EngineResult> {
    if (request.query.isEmpty) return this.browse(request);
    const webMatcher = await this.webMatcher(request.query);
    const exact = await this.match(request, webMatcher);
    if (
      exact.totalCount >= TYPO_THRESHOLD ||
      request.query.fuzzyWords.length === 0 ||
      request.query.clauses.flat().length > MAX_TOLERANT_TERMS
    )
      return exact;
    // Whether to tolerate typos is the query's to decide, not the filters': so a facet's count (made
    // by the search without that filter) is what choosing it shows.
    if (hasFilters(request.filters)) {
      const unfiltered = await this.match({ ...request, filters: {}, offset: 0, limit: 1 }, webMatcher);
      if (unfiltered.totalCount >= TYPO_THRESHOLD) return exact;
    }
    const fuzzy = await this.fuzzyMatcher(request.query, webMatcher.last);
    if (!fuzzy) return exact;
    const tolerant = await this.match(request, { ...fuzzy, exact: webMatcher });
    return tolerant.totalCount > exact.totalCount ? tolerant : exact;
  }

  /**
   * Search as you type: the last word is a prefix. One of four or more letters becomes the indexed
   * words it begins (at most MAX_COMPLETIONS, looked up in `search_word`; a word of four letters is
   * too short to be listed there, so it also stands for itself): PostgreSQL then reads their posting
   * lists directly, faster than a prefix match, which first collects every entry beginning with the
   * prefix's stem (docs/search.md). Shorter or more open ones stay a prefix match.
   */
  private async webMatcher(query: ParsedQuery): Promise<WebMatcher> {
    const typed = query.prefix ? { words: [query.prefix], prefix: true } : null;
    const matcher = {
      kind: 'web' as const,
      websearch: query.websearch,
      rankedWebsearch: query.rankedWebsearch,
      prefixJoin: query.prefixJoin,
      lastRanked: typed,
      lastWhole: typed && { words: [query.prefix], prefix: false },
    };
    if (query.prefix.length < MIN_LISTED_WORD - 1) return { ...matcher, last: typed };
    const completions = (
      await this.db.query<{ word: string }[]>(
        `SELECT word FROM search_word
          WHERE word LIKE replace(replace(replace(${folded('$1::text')}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
          ORDER BY word LIMIT ${MAX_COMPLETIONS + 1}`,
        [query.prefix],
      )
    ).map((row) => row.word);
    const words = query.prefix.length < MIN_LISTED_WORD ? [query.prefix, ...completions] : completions;
    // No indexed word begins with it (a typo, often): it stays a prefix of its stem, which finds
    // "microenterprises" for "microenterprize" without the slower typo-tolerant pass.
    const last = words.length > 0 && completions.length <= MAX_COMPLETIONS ? { words, prefix: false } : typed;
    return { ...matcher, last };
  }

  /**
   * Typo tolerance: each plain word of five or more letters may also be any of the three indexed words
   * most similar to it by trigrams ("microenterprize" → "microenterprises") that are also within the
   * typos Meilisearch allows (`allowedTypos`: `irigation` is one from `irrigation`, four from
   * `innovation`), in the query's own structure: exclusions, phrases and OR stay as typed. The last
   * word is matched as the exact search matched it (`last`).
   */
  private async fuzzyMatcher(
    query: ParsedQuery,
    last: Words | null,
  ): Promise<Omit<Matcher & { kind: 'tsquery' }, 'exact'> | null> {
    const rows = await this.db.query<{ input: string; word: string }[]>(
      `SELECT w.input, s.word
         FROM unnest($1::text[]) AS w(input)
         CROSS JOIN LATERAL (SELECT word FROM search_word, ${folded('w.input')} AS f
                              WHERE word % f AND word <> f
                              ORDER BY word <-> f LIMIT ${TYPO_CANDIDATES}) s`,
      [query.fuzzyWords],
    );
    const alternatives = new Map<string, string[]>();
    for (const row of rows) {
      const found = alternatives.get(row.input) ?? [];
      const typos = allowedTypos(row.input);
      if (found.length < TYPO_ALTERNATIVES && editDistance(row.input, row.word, typos) <= typos)
        alternatives.set(row.input, [...found, row.word]);
    }
    if (alternatives.size === 0) return null;
    const lastTerm = query.clauses.at(-1)?.at(-1);
    return {
      kind: 'tsquery',
      clauses: query.clauses.map((clause) =>
        clause.map((term) => {
          const typed = term.words.join(' ');
          // The last word stays a prefix; its alternatives, indexed words, are whole.
          const prefix = term === lastTerm && !term.phrase && !term.negated && typed === query.prefix;
          const others = term.phrase || term.negated ? [] : (alternatives.get(foldWord(typed)) ?? []);
          const groups = [
            prefix && last ? last : { words: [typed], prefix },
            { words: others, prefix: false },
          ];
          return { negated: term.negated, groups: groups.filter((group) => group.words.length > 0) };
        }),
      ),
    };
  }

  /**
   * Matching reads at most MAX_TOTAL_HITS index rows that pass the filters: every language's title
   * hits first, then the other hits. Those are ranked (title hits above the rest, then ts_rank), and
   * counted for the total and the facets; when the window fills up, the total is "at least" and the
   * facets describe the window. A facet whose own dimension is filtered is counted over a window
   * without that filter (disjunctive facets), in a statement of its own.
   */
  private async match(request: SearchRequest, matcher: Matcher): Promise<EngineResult> {
    const filtered = FACETS.filter(({ key }) => request.filters[key]?.length);
    const [main, others] = await Promise.all([
      this.matchPage(request, matcher, filtered),
      Promise.all(filtered.map((facet) => this.matchFacet(request, matcher, facet))),
    ]);
    filtered.forEach((facet, i) => (main.facets[facet.key] = others[i]));
    return main;
  }

  private async matchPage(
    request: SearchRequest,
    matcher: Matcher,
    filtered: readonly Facet[],
  ): Promise<EngineResult> {
    const params = new SqlParams();
    const reader = params.add(request.locale);
    const order = `m.exact DESC, m.in_reader DESC, m.in_title DESC, m.in_summary DESC, m.score DESC, m.published_at DESC, m.doc_id`;
    const limit = params.add(request.limit);
    const offset = params.add(request.offset);
    const sql = `${this.matched(request, matcher, params, { reader })},
      page AS (SELECT m.* FROM matched m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
      SELECT ${this.hits(order, reader)} AS hits,
             (SELECT count(*)::int FROM filled) AS window_rows,
             (SELECT count(*)::int FROM matched) AS total
             ${FACETS.filter((facet) => !filtered.includes(facet))
               .map((facet) => `, ${facetSql(facet.column, 'matched m')} AS ${facet.key}`)
               .join('')}`;
    const [row] = await this.db.query<MatchRow[]>(sql, params.values);
    return {
      totalCount: Math.min(row.total, MAX_TOTAL_HITS),
      totalCountExact: row.window_rows <= MAX_TOTAL_HITS,
      hits: row.hits,
      facets: {
        themes: row.themes ?? [],
        countries: row.countries ?? [],
        types: row.types ?? [],
        locales: row.locales ?? [],
      },
    };
  }

  private async matchFacet(request: SearchRequest, matcher: Matcher, facet: Facet): Promise<FacetCount[]> {
    const params = new SqlParams();
    const [row] = await this.db.query<{ facet: FacetCount[] }[]>(
      `${this.matched(request, matcher, params, { except: facet.key })}
       SELECT ${facetSql(facet.column, 'matched m')} AS facet`,
      params.values,
    );
    return row.facet;
  }

  /**
   * The CTEs `filled` (the matching rows, one more than MAX_TOTAL_HITS so that a full window shows),
   * `win` (the first MAX_TOTAL_HITS of them, in tier order: what is ranked, counted and faceted) and
   * `matched` (one row per document). The window is filled tier by tier, each tier
   * taking only the room the earlier ones left, so the order holds whatever plan PostgreSQL picks:
   * title hits in the reader's language, the other hits in the reader's language, then title hits in
   * the other languages and last their other hits (one statement per tier, each language an OR arm
   * that PostgreSQL answers from that language's partial index). A document with an excluded term in
   * any of its languages is left out. With a `reader`, documents are ranked (see docs/search.md:
   * matched as typed before through a typo alternative, then matched in the reader's language, then
   * a title hit, then ts_rank) and served in the reader's language when it matched there; without one
   * (facet counts) nothing is ranked.
   *
   * Every tsquery the statement reads is worked out once, in the CTE `queries`, and read from there.
   * Written where it is read, each copy was parsed, unaccented and stemmed again while planning (a
   * one-word search spells out 44), which made a search a third slower (docs/search.md).
   */
  private matched(
    request: SearchRequest,
    matcher: Matcher,
    params: SqlParams,
    options: { reader?: string; except?: FilterName },
  ): string {
    const ranked = options.reader !== undefined;
    const queries = new Map<string, string>();
    /** `expression` (a tsquery) as read from `queries`. */
    const once = (expression: string) => {
      if (expression === NO_TSQUERY) return expression;
      let column = queries.get(expression);
      if (!column) queries.set(expression, (column = `q${queries.size + 1}`));
      return `(SELECT ${column} FROM queries)`;
    };
    const where = [this.filters(request.filters, params, 'd', options.except)];
    const excluded = request.query.excluded;
    if (excluded.length > 0) {
      // The excluded words are read as the reader typed them, in the reader's language, in every
      // translation: read with each translation's own stemmer, "-solar" dropped a document whose
      // Spanish text says "sol" (sun), which Spanish stems alike.
      const terms = lexemes(params, { words: excluded, prefix: false });
      where.push(`NOT EXISTS (SELECT 1 FROM search_document x
        WHERE x.doc_type = d.doc_type AND x.doc_id = d.doc_id AND x.locale <> d.locale
          AND x.tsv @@ ${once(`to_tsquery('${CONFIG[request.locale]}'::regconfig, ${terms})`)})`);
    }
    const bound = this.bindMatcher(matcher, params, ranked);
    const tsq = (locale: Locale) => once(this.tsquery(locale, bound));
    const columns = `d.doc_type, d.doc_id, d.locale, d.themes, d.countries, d.locales, d.published_at`;
    // A title hit: the title alone matches the query, and the whole document does too (-excluded words).
    // That second test is written so that it is checked on the few rows found, never through the big
    // tsvector index ("IS TRUE" is not indexable).
    const titleHit = (locale: Locale) => `d.title IS NOT NULL AND d.tsv_title @@ ${tsq(locale)}`;
    const others = LOCALES.filter((locale) => locale !== request.locale);
    /** Rows of `locales` meeting `condition(locale)`: one OR arm per language, each on its own partial index. */
    const anyOf = (locales: readonly Locale[], condition: (locale: Locale) => string) =>
      `(${locales.map((locale) => `(d.locale = '${locale}' AND ${condition(locale)})`).join(' OR ')})`;
    /** `expression` for the row's language, among a tier's `locales`. */
    const byLocale = (locales: readonly Locale[], expression: (locale: Locale) => string) =>
      locales.length === 1
        ? expression(locales[0])
        : `CASE d.locale ${locales.map((locale) => `WHEN '${locale}' THEN ${expression(locale)}`).join(' ')} END`;
    // The query as ranked and highlighted.
    const tsqOf = (locales: readonly Locale[]) =>
      byLocale(locales, (locale) => once(this.tsquery(locale, bound, true)));
    // A row holding the last word as typed, whole, ranks above one holding only longer words it begins.
    const boost = (locale: Locale) => {
      if (bound.kind !== 'web' || !bound.lastWhole) return '1';
      const whole = once(`to_tsquery('${CONFIG[locale]}'::regconfig, ${bound.lastWhole})`);
      return `CASE WHEN d.tsv @@ ${whole} THEN ${WHOLE_WORD_BOOST} ELSE 1 END`;
    };
    // Whether the query as typed matches the row too (typo tolerance finds more).
    const exact = (locale: Locale) =>
      bound.kind === 'tsquery' && bound.exact
        ? `(d.tsv @@ ${once(this.tsquery(locale, bound.exact))}) IS TRUE`
        : 'true';
    // A summary hit: the summary alone (weight B) matches the query as ranked. Title hits rank above
    // it anyway, so it is only worked out for the other rows.
    const summaryHit = (locale: Locale) =>
      `(ts_filter(d.tsv, '{b}') @@ ${once(this.tsquery(locale, bound, true))}) IS TRUE`;
    // Rows are ranked as they are found, so that the tsvectors are read once and never carried along.
    const rankColumns = (locales: readonly Locale[], inTitle: boolean) =>
      ranked
        ? `, coalesce(ts_rank(${WEIGHTS}, d.tsv, ${tsqOf(locales)}, 1), 0) * ${byLocale(locales, boost)} AS score,
             ${byLocale(locales, exact)} AS exact, ${inTitle ? 'false' : byLocale(locales, summaryHit)} AS in_summary`
        : '';
    const tier = (locales: readonly Locale[], inTitle: boolean) =>
      `SELECT ${columns}, ${inTitle} AS in_title, ${tsqOf(locales)} AS tsq${rankColumns(locales, inTitle)} FROM search_document d
         WHERE ${anyOf(locales, (locale) =>
           inTitle
             ? `${titleHit(locale)} AND (d.tsv @@ ${tsq(locale)}) IS TRUE`
             : `d.tsv @@ ${tsq(locale)} AND NOT (${titleHit(locale)})`,
         )} AND ${where.join(' AND ')}`;
    const tiers = [
      tier([request.locale], true),
      tier([request.locale], false),
      tier(others, true),
      tier(others, false),
    ];
    const room = (tier: number) =>
      [
        String(MAX_TOTAL_HITS + 1),
        ...tiers.slice(0, tier).map((_, i) => `(SELECT count(*) FROM tier${i})`),
      ].join(' - ');
    const window = `queries AS MATERIALIZED (SELECT ${[...queries]
      .map(([expression, column]) => `${expression} AS ${column}`)
      .join(', ')}),
      ${tiers.map((sql, i) => `tier${i} AS MATERIALIZED (${sql} LIMIT GREATEST(${room(i)}, 0))`).join(',\n')},
      filled AS MATERIALIZED (${tiers.map((_, i) => `SELECT * FROM tier${i}`).join(' UNION ALL ')}),
      win AS MATERIALIZED (SELECT * FROM filled LIMIT ${MAX_TOTAL_HITS})`;
    if (!ranked)
      return `WITH ${window},
        matched AS MATERIALIZED (
          SELECT DISTINCT ON (w.doc_type, w.doc_id) w.doc_type, w.doc_id, w.themes, w.countries, w.locales FROM win w)`;
    const reader = options.reader as string;
    const perDocument = 'OVER (PARTITION BY w.doc_type, w.doc_id)';
    return `WITH ${window},
      matched AS MATERIALIZED (
        SELECT DISTINCT ON (w.doc_type, w.doc_id)
               w.doc_type, w.doc_id, w.locale, w.themes, w.countries, w.locales, w.published_at,
               w.doc_exact AS exact, w.doc_in_reader AS in_reader, w.doc_in_title AS in_title,
               w.doc_in_summary AS in_summary, w.score, w.tsq
          FROM (SELECT w.*, bool_or(w.exact) ${perDocument} AS doc_exact,
                       bool_or(w.locale = ${reader}) ${perDocument} AS doc_in_reader,
                       bool_or(w.in_title) ${perDocument} AS doc_in_title,
                       bool_or(w.in_summary) ${perDocument} AS doc_in_summary
                  FROM win w) w
         ORDER BY w.doc_type, w.doc_id, (w.locale = ${reader}) DESC, w.exact DESC, w.in_title DESC, w.in_summary DESC, w.score DESC)`;
  }

  /**
   * The page's hits as JSON, with a snippet from the served row: a headline when there is a query,
   * from the opening HEADLINE_NEAR characters of the body (cut at a word boundary) when it matches
   * there, else from the whole text.
   */
  private hits(order: string, reader: string): string {
    const headline = (body: string) =>
      `ts_headline(CASE p.locale ${LOCALES.map((locale) => `WHEN '${locale}' THEN '${HIGHLIGHT_CONFIG[locale]}'::regconfig`).join(' ')} END,
                   concat_ws(' … ', nullif(d.title, ''), nullif(d.summary, ''), nullif(${body}, '')), p.tsq, '${HEADLINE}')`;
    const bodyNear = `CASE WHEN length(d.body) <= ${HEADLINE_NEAR} THEN d.body
                          ELSE regexp_replace(left(d.body, ${HEADLINE_NEAR + 1}), '\\S*$', '') END`;
    return `(SELECT COALESCE(json_agg(json_build_object(
            'type', p.doc_type, 'id', p.doc_id, 'slug', d.slug, 'title', d.display_title, 'locale', d.locale,
            'score', p.score,
            'snippet', CASE WHEN p.tsq IS NULL THEN ${opening("coalesce(nullif(d.summary, ''), d.body, '')")}
                       ELSE (SELECT CASE WHEN strpos(near, '${MARK_START}') > 0 OR length(coalesce(d.body, '')) <= ${HEADLINE_NEAR} THEN near
                                         ELSE ${headline('d.body')} END
                               FROM (SELECT ${headline(bodyNear)} AS near) h) END)
            ORDER BY ${order.replace(/m\./g, 'p.')}), '[]')
           FROM page p JOIN search_document d ON d.doc_type = p.doc_type AND d.doc_id = p.doc_id
            AND d.locale = CASE WHEN p.tsq IS NULL AND ${reader} = ANY(p.locales) THEN ${reader} ELSE p.locale END)`;
  }

  /**
   * Browsing (an empty query) pages through each document's original-language row, newest first, and
   * counts every published document exactly, from the browse index's own columns (an index-only scan).
   * Those counts grow with the corpus while the answer changes only when content does: see
   * `browseCounts` for how long they are kept.
   */
  private async browse(request: SearchRequest): Promise<EngineResult> {
    const params = new SqlParams();
    const reader = params.add(request.locale);
    const order = 'm.published_at DESC, m.doc_id';
    const limit = params.add(request.limit);
    const offset = params.add(request.offset);
    const matched = `WITH matched AS (
           SELECT d.doc_type, d.doc_id, d.locale, d.themes, d.countries, d.locales, d.year_from, d.year_to, d.published_at,
                  false AS in_title, 0::real AS score, NULL::tsquery AS tsq
             FROM search_document d WHERE d.locale = d.original_locale)`;
    const pageSql = `${matched},
      page AS (SELECT m.* FROM matched m WHERE ${this.filters(request.filters, params, 'm')} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
      SELECT ${this.hits(order, reader)} AS hits`;
    const key = JSON.stringify(request.filters);
    const [[row], counts] = await Promise.all([
      this.db.query<{ hits: EngineHit[] }[]>(pageSql, params.values),
      this.browseCounts(key, async () => {
        const p = new SqlParams();
        const where = (except?: FilterName) => this.filters(request.filters, p, 'm', except);
        // Only the browse index's own columns, and inlined into each count: index-only scans.
        const [counted] = await this.db.query<MatchRow[]>(
          `WITH matched AS NOT MATERIALIZED (
             SELECT d.doc_type, d.themes, d.countries, d.locales, d.year_from, d.year_to
               FROM search_document d WHERE d.locale = d.original_locale)
           SELECT (SELECT count(*)::int FROM matched m WHERE ${where()}) AS total
             ${FACETS.map(
               (facet) =>
                 `, ${facetSql(facet.column, `matched m WHERE ${where(facet.key)}`)} AS ${facet.key}`,
             ).join('')}`,
          p.values,
        );
        return {
          totalCount: counted.total,
          totalCountExact: true,
          facets: {
            themes: counted.themes ?? [],
            countries: counted.countries ?? [],
            types: counted.types ?? [],
            locales: counted.locales ?? [],
          },
        };
      }),
    ]);
    return { ...counts, hits: row.hits };
  }

  private readonly browseCache = new Map<string, CachedCounts>();
  /** Bumped whenever this instance changes the index: counts computed before are not kept. */
  private generation = 0;

  private forgetBrowseCounts(): void {
    this.generation += 1;
    this.browseCache.clear();
  }

  /** The index's version: `search_index_version`, bumped in the transaction of every change to the index. */
  private async indexVersion(): Promise<string> {
    const [row] = await this.db.query<{ version: string }[]>(
      `SELECT version::text AS version FROM search_index_version`,
    );
    return row.version;
  }

  /**
   * Counts from the cache. Missing, or computed before this instance last changed the index: counted
   * now, once however many ask. Older than BROWSE_COUNTS_TTL_MS, for changes made through other
   * instances: served as they are while the index's version is read, and counted again (in the
   * background) only if it moved, so that under steady traffic nobody waits for a count over the
   * whole corpus and an index that did not change is not counted again. Older than
   * BROWSE_COUNTS_MAX_AGE_MS (nobody browsed this way for a while): the version is read, and the
   * counts made again if needed, before answering.
   */
  private browseCounts(key: string, compute: () => Promise<BrowseCounts>): Promise<BrowseCounts> {
    const cached = this.browseCache.get(key);
    if (cached && cached.generation === this.generation) {
      const age = Date.now() - cached.checkedAt;
      if (age >= BROWSE_COUNTS_TTL_MS && !cached.refreshing) {
        cached.refreshing = this.refreshBrowseCounts(key, cached, compute);
        cached.refreshing.catch(() => undefined); // served the older counts; the next request retries
      }
      return age >= BROWSE_COUNTS_MAX_AGE_MS && cached.refreshing ? cached.refreshing : cached.counts;
    }
    if (this.browseCache.size > 500) this.browseCache.clear();
    const entry: CachedCounts = {
      checkedAt: Date.now(),
      generation: this.generation,
      version: '',
      counts: this.indexVersion().then((version) => {
        entry.version = version; // read first: the counts hold at least this version's changes
        return compute();
      }),
      refreshing: null,
    };
    this.browseCache.set(key, entry);
    entry.counts.then(
      () => (entry.checkedAt = Date.now()), // the counts are as fresh as the moment they were read
      () => this.browseCache.get(key) === entry && this.browseCache.delete(key),
    );
    return entry.counts;
  }

  /** Reads the index's version and counts again if it moved since `cached` was counted. */
  private async refreshBrowseCounts(
    key: string,
    cached: CachedCounts,
    compute: () => Promise<BrowseCounts>,
  ): Promise<BrowseCounts> {
    const generation = this.generation;
    try {
      const version = await this.indexVersion();
      const counts = version === cached.version ? await cached.counts : await compute();
      if (this.browseCache.get(key) === cached && this.generation === generation)
        this.browseCache.set(key, {
          checkedAt: Date.now(),
          generation,
          version,
          counts: Promise.resolve(counts),
          refreshing: null,
        });
      return counts;
    } finally {
      cached.refreshing = null;
    }
  }

  /**
   * Binds the query's texts once; every language's tsquery refers to the same parameters. What only
   * ranking reads is bound only for a ranked statement (a statement must use every parameter it gets).
   */
  private bindMatcher(matcher: Matcher, params: SqlParams, ranked: boolean): BoundMatcher {
    if (matcher.kind === 'tsquery') {
      const or = ` || ' | ' || `;
      const term = ({ negated, groups }: TolerantTerm) =>
        `'${negated ? '!' : ''}(' || ${groups.map((words) => lexemes(params, words)).join(or)} || ')'`;
      /** Every clause (each any of its terms), leaving out the excluded terms when ranking. */
      const text = (withExcluded: boolean) =>
        matcher.clauses
          .map((clause) => clause.filter((t) => withExcluded || !t.negated))
          .filter((clause) => clause.length > 0)
          .map((clause) => `'(' || ${clause.map(term).join(or)} || ')'`)
          .join(` || ' & ' || `) || null;
      return {
        kind: 'tsquery',
        text: text(true) as string,
        rankedText: text(false),
        // Only ranking reads it, and only as matched (a statement must use every parameter it gets).
        exact: ranked
          ? (this.bindMatcher(
              { ...matcher.exact, rankedWebsearch: '', lastRanked: null },
              params,
              false,
            ) as BoundWeb)
          : null,
      };
    }
    return {
      kind: 'web',
      websearch: matcher.websearch ? params.add(matcher.websearch) : null,
      rankedWebsearch: matcher.rankedWebsearch ? params.add(matcher.rankedWebsearch) : null,
      last: matcher.last && lexemes(params, matcher.last),
      lastRanked: matcher.lastRanked && lexemes(params, matcher.lastRanked),
      lastWhole: ranked && matcher.lastWhole ? lexemes(params, matcher.lastWhole) : null,
      prefixJoin: matcher.prefixJoin,
    };
  }

  /** The query in `locale`'s configuration, as matched or (`ranked`) as ranked and highlighted. */
  private tsquery(locale: Locale, matcher: BoundMatcher, ranked = false): string {
    const config = `'${CONFIG[locale]}'::regconfig`;
    const query = (text: string | null) => (text ? `to_tsquery(${config}, ${text})` : NO_TSQUERY);
    if (matcher.kind === 'tsquery') return query(ranked ? matcher.rankedText : matcher.text);
    const parts: string[] = [];
    const websearch = ranked ? matcher.rankedWebsearch : matcher.websearch;
    if (websearch) parts.push(`websearch_to_tsquery(${config}, ashar_unaccent(${websearch}))`);
    const last = ranked ? matcher.lastRanked : matcher.last;
    if (last) parts.push(query(last));
    return parts.length ? `(${parts.join(matcher.prefixJoin === 'or' ? ' || ' : ' && ')})` : NO_TSQUERY;
  }

  private filters(filters: SearchFilters, params: SqlParams, alias: string, except?: FilterName): string {
    const a = alias;
    const clauses = ['TRUE'];
    if (filters.types?.length && except !== 'types')
      clauses.push(`${a}.doc_type = ANY(${params.add(filters.types)}::varchar[])`);
    if (filters.themes?.length && except !== 'themes')
      clauses.push(`${a}.themes && ${params.add(filters.themes)}::varchar[]`);
    if (filters.countries?.length && except !== 'countries')
      clauses.push(`${a}.countries && ${params.add(filters.countries)}::varchar[]`);
    if (filters.locales?.length && except !== 'locales')
      clauses.push(`${a}.locales && ${params.add(filters.locales)}::varchar[]`);
    // Running in or after yearFrom (a project with no end year is still running), begun by yearTo: as
    // `caseStudies` reads the same filter.
    if (filters.yearFrom !== undefined)
      clauses.push(
        `${a}.year_from IS NOT NULL AND coalesce(${a}.year_to, 32767) >= ${params.add(filters.yearFrom)}`,
      );
    if (filters.yearTo !== undefined) clauses.push(`${a}.year_from <= ${params.add(filters.yearTo)}`);
    return clauses.join(' AND ');
  }

  async caseStudyProfiles(options: {
    ids?: string[];
    themes?: string[];
    countries?: string[];
    limit: number;
  }): Promise<CaseStudyProfile[]> {
    const params = new SqlParams();
    const conditions = [`d.doc_type = 'CASE_STUDY'`];
    if (options.ids) conditions.push(`d.doc_id = ANY(${params.add(options.ids)}::uuid[])`);
    else
      conditions.push(
        `(d.themes && ${params.add(options.themes ?? [])}::varchar[] OR d.countries && ${params.add(options.countries ?? [])}::varchar[])`,
      );
    const themes = params.add(options.themes ?? []);
    const rows = await this.db.query<
      {
        id: string;
        slug: string;
        themes: string[];
        countries: string[];
        facts: CaseStudyProfile['facts'];
        texts: CaseStudyProfile['texts'];
      }[]
    >(
      `SELECT d.doc_id AS id, min(d.slug) AS slug, min(d.themes) AS themes, min(d.countries) AS countries,
              (array_agg(d.facts))[1] AS facts,
              json_agg(json_build_object('locale', d.locale, 'text', concat_ws(' ', d.title, d.summary))) AS texts
         FROM search_document d
        WHERE ${conditions.join(' AND ')}
        GROUP BY d.doc_id
        ORDER BY cardinality(ARRAY(SELECT unnest(min(d.themes)) INTERSECT SELECT unnest(${themes}::varchar[]))) DESC, d.doc_id
        LIMIT ${params.add(options.limit)}`,
      params.values,
    );
    return rows;
  }
}
