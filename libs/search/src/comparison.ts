import type { CaseStudyProfile } from './search-engine';
import { foldWord } from './search-query';

export type ReasonKind = 'SHARED_THEMES' | 'SAME_COUNTRY' | 'SAME_REGION' | 'SIMILAR_SCALE' | 'SIMILAR_TEXT';

export interface Reason {
  kind: ReasonKind;
  /** What the reason is about: shared theme keys, country codes, the region, the scale measures. */
  values: string[];
}

export interface Comparison {
  profile: CaseStudyProfile;
  score: number;
  reasons: Reason[];
}

/** How much each kind of likeness weighs; they add up to 1. */
const WEIGHTS = { themes: 0.4, country: 0.2, region: 0.1, scale: 0.15, text: 0.15 };
/** A measure this alike (1 equal, 0 three orders of magnitude apart) counts as a similar scale. */
const CLOSE_SCALE = 0.66;
/** Title and summary words shared this much (Jaccard, in a language both have) count as similar text. */
const SIMILAR_TEXT = 0.12;
const SCALE_KEYS = ['communities', 'households', 'organisations', 'people'] as const;

function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Theme likeness: the shared themes over the geometric mean of both counts (the cosine of the two
 * sets). Unlike Jaccard it does not sink a project described with many themes: two of four and six
 * themes shared scores 0.41, not 0.25; one project listing every theme still scores low.
 */
function themeLikeness(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const shared = a.filter((theme) => b.includes(theme)).length;
  return shared / Math.sqrt(a.length * b.length);
}

/** 1 when equal, 0 when three orders of magnitude or more apart. */
function scaleLikeness(a: number, b: number): number {
  if (a <= 0 || b <= 0) return 0;
  return Math.max(0, 1 - Math.abs(Math.log10(a) - Math.log10(b)) / 3);
}

function words(text: string): Set<string> {
  return new Set((text.match(/[\p{L}\p{N}]{4,}/gu) ?? []).map(foldWord));
}

/** Text likeness over the languages both have (best of them), by shared words of title and summary. */
function textLikeness(a: CaseStudyProfile, b: CaseStudyProfile): number {
  let best = 0;
  for (const mine of a.texts) {
    const theirs = b.texts.find((text) => text.locale === mine.locale);
    if (theirs) best = Math.max(best, jaccard(words(mine.text), words(theirs.text)));
  }
  return best;
}

/**
 * Scores how comparable `candidate` is to `target`: shared themes, the same country or region, a
 * similar scale of reach or funding, similar words. Only what is reported as a reason adds to the
 * score, so the order never rests on likeness the reader is not shown.
 */
export function compare(target: CaseStudyProfile, candidate: CaseStudyProfile): Comparison {
  const reasons: Reason[] = [];
  let score = 0;

  const sharedThemes = candidate.themes.filter((theme) => target.themes.includes(theme));
  const themeScore = themeLikeness(target.themes, candidate.themes);
  if (sharedThemes.length > 0) reasons.push({ kind: 'SHARED_THEMES', values: sharedThemes });
  score += WEIGHTS.themes * themeScore;

  const sharedCountries = candidate.countries.filter((country) => target.countries.includes(country));
  if (sharedCountries.length > 0) {
    reasons.push({ kind: 'SAME_COUNTRY', values: sharedCountries });
    score += WEIGHTS.country;
  }

  const region = target.facts.region?.trim().toLowerCase();
  if (region && region === candidate.facts.region?.trim().toLowerCase()) {
    reasons.push({ kind: 'SAME_REGION', values: [candidate.facts.region as string] });
    score += WEIGHTS.region;
  }

  const measures: [string, number][] = [];
  for (const key of SCALE_KEYS) {
    const mine = target.facts[key];
    const theirs = candidate.facts[key];
    if (mine && theirs) measures.push([key, scaleLikeness(mine, theirs)]);
  }
  const funding = target.facts.funding;
  const otherFunding = candidate.facts.funding;
  if (funding && otherFunding && funding.currency === otherFunding.currency) {
    measures.push(['funding', scaleLikeness(funding.amount, otherFunding.amount)]);
  }
  // Only the measures close enough to be named as a reason add to the score.
  const close = measures.filter(([, value]) => value >= CLOSE_SCALE);
  if (close.length > 0) {
    score += (WEIGHTS.scale * close.reduce((sum, [, value]) => sum + value, 0)) / measures.length;
    reasons.push({ kind: 'SIMILAR_SCALE', values: close.map(([key]) => key) });
  }

  const text = textLikeness(target, candidate);
  if (text >= SIMILAR_TEXT) {
    score += WEIGHTS.text * Math.min(1, text * 3);
    reasons.push({ kind: 'SIMILAR_TEXT', values: [] });
  }

  return { profile: candidate, score: Math.round(score * 1000) / 1000, reasons };
}
