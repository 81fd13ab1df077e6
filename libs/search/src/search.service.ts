import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '@ashar/accounts';
import { t, type Locale } from '@ashar/i18n';
import { CaseStudyService } from '@ashar/knowledge';
import { NetworkService } from '@ashar/network';
import { decodeCursor, encodeCursor } from '@ashar/transport';
import { compare } from './comparison';
import type { ComparableCaseStudy, SearchFilter, SearchHitType, SearchResult } from './dto/search.models';
import { SEARCH_ENGINE, type SearchEngine } from './search-engine';
import { parseQuery } from './search-query';
import { markedSnippet } from './snippet';

const CANDIDATES = 300;

@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
    private readonly network: NetworkService,
    private readonly caseStudies: CaseStudyService,
  ) {}

  /** Full-text search over published content; any text a person can type is a valid query. */
  async search(
    query: string,
    filter: SearchFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<SearchResult> {
    const [offset] = after ? decodeCursor(after, ['offset']) : [0];
    const result = await this.engine.search({
      query: parseQuery(query),
      filters: { ...filter, countries: filter.countries?.map((code) => code.toUpperCase()) },
      locale,
      offset,
      limit: first,
    });
    const countryNames = await Promise.all(
      result.facets.countries.map((c) => this.network.country(c.value, locale)),
    );
    const end = offset + result.hits.length;
    return {
      totalCount: result.totalCount,
      totalCountExact: result.totalCountExact,
      hits: result.hits.map((hit) => ({
        ...hit,
        type: hit.type as SearchHitType,
        snippet: markedSnippet(hit.snippet),
      })),
      facets: {
        themes: result.facets.themes.map((f) => ({
          key: f.value,
          label: this.themeLabel(locale, f.value),
          count: f.count,
        })),
        countries: result.facets.countries.map((f, i) => ({
          code: f.value,
          name: countryNames[i]?.name ?? f.value,
          count: f.count,
        })),
        types: result.facets.types.map((f) => ({ type: f.value as SearchHitType, count: f.count })),
        locales: result.facets.locales.map((f) => ({ locale: f.value, count: f.count })),
      },
      pageInfo: {
        hasNextPage: end < result.totalCount,
        endCursor: result.hits.length ? encodeCursor([end]) : null,
      },
    };
  }

  private readonly themeLabels = new Map<string, string>();

  /** A theme's label, looked up once per language (every search result lists up to 30). */
  private themeLabel(locale: Locale, key: string): string {
    const id = `${locale}:${key}`;
    let label = this.themeLabels.get(id);
    if (label === undefined) {
      label = t(locale, `knowledge:themes.${key}`);
      this.themeLabels.set(id, label);
    }
    return label;
  }

  /** Published case studies most like the given one, with the reasons why; never the case study itself. */
  async comparable(
    actor: AuthUser | undefined,
    slug: string,
    first: number,
    locale: Locale,
  ): Promise<ComparableCaseStudy[]> {
    const target = await this.caseStudies.caseStudyBySlug(actor, slug, locale); // NOT_FOUND when not visible
    const [profile] = await this.engine.caseStudyProfiles({ ids: [target.id], limit: 1 });
    if (!profile) return [];
    const candidates = await this.engine.caseStudyProfiles({
      themes: profile.themes,
      countries: profile.countries,
      limit: CANDIDATES,
    });
    const ranked = candidates
      .filter((candidate) => candidate.id !== profile.id)
      .map((candidate) => compare(profile, candidate))
      .filter((comparison) => comparison.reasons.length > 0)
      .sort((a, b) => b.score - a.score || a.profile.slug.localeCompare(b.profile.slug))
      .slice(0, first);
    const models = await this.caseStudies.caseStudiesByIds(
      ranked.map((r) => r.profile.id),
      locale,
    );
    const countryName = async (code: string) => (await this.network.country(code, locale))?.name ?? code;
    return Promise.all(
      ranked.map(async (comparison, index) => ({
        caseStudy: models[index]!,
        score: comparison.score,
        reasons: await Promise.all(
          comparison.reasons.map(async (reason) => ({
            kind: reason.kind as never,
            label: t(locale, `search:reasons.${reason.kind}`, {
              count: reason.values.length,
              themes: reason.values.map((key) => t(locale, `knowledge:themes.${key}`)).join(', '),
              countries: (await Promise.all(reason.values.map(countryName))).join(', '),
              // The region as the reader's language names it, where the case study's translation does.
              region: models[index]?.region ?? reason.values[0],
              measures: reason.values.map((key) => t(locale, `search:measures.${key}`)).join(', '),
            }),
          })),
        ),
      })),
    ).then((list) => list.filter((item) => item.caseStudy));
  }
}
