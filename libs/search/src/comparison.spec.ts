import { compare } from './comparison';
import type { CaseStudyProfile } from './search-engine';

const profile = (slug: string, extra: Partial<CaseStudyProfile>): CaseStudyProfile => ({
  id: slug,
  slug,
  themes: [],
  countries: ['PE'],
  facts: {},
  texts: [],
  ...extra,
});

describe('compare', () => {
  const target = profile('cusco-health', {
    themes: ['health', 'community-driven-development', 'local-governance', 'women'],
    facts: { communities: 40, households: 5_000 },
    texts: [{ locale: 'en', text: 'Community health promoters in Cusco villages' }],
  });

  it('ranks a project sharing themes above one that shares only the country', () => {
    const sameCountryOnly = compare(
      target,
      profile('highlands', {
        themes: ['market-access'],
        facts: { communities: 400, households: 100_000 }, // far larger
        texts: [{ locale: 'en', text: 'Community markets for southern highland farmers' }],
      }),
    );
    const sharedThemes = compare(
      target,
      profile('fifty-years', {
        themes: ['health', 'women', 'family-farming', 'education', 'microenterprise', 'water-sanitation'],
      }),
    );
    expect(sharedThemes.score).toBeGreaterThan(sameCountryOnly.score);
    expect(sharedThemes.reasons.map((r) => r.kind)).toEqual(['SHARED_THEMES', 'SAME_COUNTRY']);
  });

  it('adds to the score only what it names as a reason', () => {
    const onlyCountry = compare(target, profile('other', { themes: ['market-access'] }));
    expect(onlyCountry.reasons.map((r) => r.kind)).toEqual(['SAME_COUNTRY']);
    // A scale a hundred times larger and a word in common: neither close enough to be named, so neither counts.
    const unnamed = compare(
      target,
      profile('other', {
        themes: ['market-access'],
        facts: { communities: 4_000, households: 500_000 },
        texts: [{ locale: 'en', text: 'Health markets, roads, bridges, schools, valleys and farms' }],
      }),
    );
    expect(unnamed.reasons.map((r) => r.kind)).toEqual(['SAME_COUNTRY']);
    expect(unnamed.score).toBe(onlyCountry.score);
    // The same scale and much the same words are named, and count.
    const named = compare(
      target,
      profile('other', {
        themes: ['market-access'],
        facts: { communities: 40, households: 5_000 },
        texts: [{ locale: 'en', text: 'Community health promoters in Cusco' }],
      }),
    );
    expect(named.reasons.map((r) => r.kind)).toEqual(['SAME_COUNTRY', 'SIMILAR_SCALE', 'SIMILAR_TEXT']);
    expect(named.score).toBeGreaterThan(onlyCountry.score);
  });
});
