/**
 * The case study form's draft: what the fields hold, how a case study fills it, and the API input it
 * makes, checked by the API's own rules (libs/knowledge: dto/knowledge.inputs.ts and the service's
 * checks) before asking.
 */
import { same } from './changes';

export const ORGANISATION_ROLES = ['IMPLEMENTER', 'FUNDER', 'PARTNER'] as const;
/** The API's limits on a case study's texts, in characters (libs/knowledge: the case-study inputs). */
export const TEXT_LIMITS = {
  title: 300,
  summary: 5000,
  body: 200000,
  scalingUp: 20000,
  region: 200,
  resultLabel: 500,
  resultUnit: 32,
  lesson: 20000,
} as const;
export const REACH_KEYS = ['communities', 'households', 'organisations', 'people'] as const;
type ReachKey = (typeof REACH_KEYS)[number];

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CURRENCY = /^[A-Z]{3}$/;
const URL = /^https?:\/\/[^\s/]+\.[^\s]+$/i;

export interface OrganisationDraft {
  key: number;
  name: string;
  role: string;
}

export interface SourceDraft {
  key: number;
  title: string;
  url: string;
  publisher: string;
  year: string;
}

export interface CaseStudyDraft {
  originalLocale: string;
  organisationId: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  scalingUp: string;
  countries: string[];
  region: string;
  themes: string[];
  /** Comma-separated tags, as typed. */
  approaches: string;
  periodStart: string;
  periodEnd: string;
  fundingAmount: string;
  fundingCurrency: string;
  reach: Record<ReachKey, string>;
  organisations: OrganisationDraft[];
  sources: SourceDraft[];
}

/** A case study as the edit form needs it: its texts in the language it was written in. */
export interface CaseStudyToEdit {
  id: string;
  slug: string;
  status: string;
  originalLocale: string;
  organisationId: string | null;
  title: string;
  summary: string;
  body: string;
  scalingUp: string | null;
  region: string | null;
  approaches: { key: string }[];
  period: { start: number | null; end: number | null };
  funding: { amount: number; currency: string } | null;
  reach: Record<ReachKey, number | null>;
  sources: { title: string; url: string | null; publisher: string | null; year: number | null }[];
  countries: { code: string; name: string }[];
  themes: { key: string }[];
  organisations: { role: string; organisation: { name: string } }[];
  viewerCan: { edit: boolean; publish: boolean; archive: boolean };
  updatedAt: string;
}

export const CASE_STUDY_TO_EDIT = `query CaseStudyToEdit($slug: String!) { caseStudy(slug: $slug) {
  id slug status updatedAt originalLocale organisationId title summary body scalingUp region approaches { key }
  period { start end } funding { amount currency } reach { communities households organisations people }
  sources { title url publisher year } countries { code name } themes { key }
  organisations { role organisation { name } } viewerCan { edit publish archive } } }`;

export type Problems = Record<string, string>;
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  ң: 'n',
  ө: 'o',
  ү: 'u',
};

/** A web address made from a title in any of the site's languages (`Вода в селе` → `voda-v-sele`). */
export function slugOf(title: string): string {
  return [
    ...title
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, ''),
  ]
    .map((char) => CYRILLIC[char] ?? char)
    .join('')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

export function emptyDraft(locale: string, organisationId = ''): CaseStudyDraft {
  return {
    originalLocale: locale,
    organisationId,
    slug: '',
    title: '',
    summary: '',
    body: '',
    scalingUp: '',
    countries: [],
    region: '',
    themes: [],
    approaches: '',
    periodStart: '',
    periodEnd: '',
    fundingAmount: '',
    fundingCurrency: '',
    reach: { communities: '', households: '', organisations: '', people: '' },
    organisations: [],
    sources: [],
  };
}

const text = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

export function draftOf(cs: CaseStudyToEdit, nextKey: () => number): CaseStudyDraft {
  return {
    originalLocale: cs.originalLocale,
    organisationId: cs.organisationId ?? '',
    slug: cs.slug,
    title: cs.title,
    summary: cs.summary,
    body: cs.body,
    scalingUp: cs.scalingUp ?? '',
    countries: cs.countries.map((c) => c.code),
    region: cs.region ?? '',
    themes: cs.themes.map((theme) => theme.key),
    approaches: cs.approaches.map((a) => a.key).join(', '),
    periodStart: text(cs.period.start),
    periodEnd: text(cs.period.end),
    fundingAmount: text(cs.funding?.amount),
    fundingCurrency: cs.funding?.currency ?? '',
    reach: {
      communities: text(cs.reach.communities),
      households: text(cs.reach.households),
      organisations: text(cs.reach.organisations),
      people: text(cs.reach.people),
    },
    organisations: cs.organisations.map((o) => ({ key: nextKey(), name: o.organisation.name, role: o.role })),
    sources: cs.sources.map((s) => ({
      key: nextKey(),
      title: s.title,
      url: s.url ?? '',
      publisher: s.publisher ?? '',
      year: text(s.year),
    })),
  };
}

/**
 * A number as people write one in any of the four languages, or undefined when it cannot be read for
 * sure: spaces anywhere, thousands set off by "," or "." ("15,000", "15.000", "1.500.000"), and with
 * `decimals` 2 a decimal "," or "." followed by one or two digits ("15 000,50", "15,000.50", "1,5"). Three digits after a single mark are thousands, as an amount of money has cents, not
 * thousandths; anything else ("1,5000", "-3", "1.2.3") is refused, never guessed at.
 */
export function figure(text: string, decimals: 0 | 2): number | undefined {
  const compact = text.replace(/\s/g, '');
  // The whole part, plain or grouped by threes, then a decimal part after the other mark.
  const match = /^(\d+|[1-9]\d{0,2}(?:([.,])\d{3})(?:\2\d{3})*)(?:([.,])(\d{1,2}))?$/.exec(compact);
  if (!match) return undefined;
  const [, whole, group, mark, cents] = match;
  if (cents !== undefined && (decimals === 0 || mark === group)) return undefined;
  return Number(`${whole.replace(/[.,]/g, '')}.${cents ?? 0}`);
}

/**
 * The API's input for the draft (every field, as createCaseStudy takes it), and what the form can
 * already tell is wrong, by the path the API would name (`input.period.end`, `input.sources.0.url`).
 * `needsOrganisation`: the caller drafts only for their own organisation in the countries chosen.
 */
export function inputOf(
  draft: CaseStudyDraft,
  t: Translate,
  needsOrganisation: (countries: string[]) => boolean = () => false,
): { input: Record<string, unknown>; problems: Problems } {
  const problems: Problems = {};
  const required = t('caseStudyForm.errors.required');
  const tooLong = (path: string, value: string, max: number) => {
    if ([...value].length > max) problems[path] = t('caseStudyForm.errors.maxLength', { max });
  };
  const year = (path: string, value: string) => {
    const trimmed = value.trim();
    if (!trimmed) return undefined;
    const number = Number(trimmed);
    if (!/^\d{4}$/.test(trimmed) || number < 1900 || number > 2100) {
      problems[path] = t('caseStudyForm.errors.year');
      return undefined;
    }
    return number;
  };
  const whole = (path: string, value: string) => {
    if (!value.trim()) return undefined;
    const number = figure(value, 0);
    if (number === undefined || number > 2147483647) {
      problems[path] = t('caseStudyForm.errors.wholeNumber');
      return undefined;
    }
    return number;
  };

  const slug = draft.slug.trim();
  if (!slug) problems['input.slug'] = required;
  else if (slug.length < 3 || slug.length > 120 || !SLUG.test(slug))
    problems['input.slug'] = t('caseStudyForm.errors.slug');
  const title = draft.title.trim();
  if (!title) problems['input.title'] = required;
  tooLong('input.title', title, TEXT_LIMITS.title);
  tooLong('input.summary', draft.summary.trim(), TEXT_LIMITS.summary);
  tooLong('input.body', draft.body, TEXT_LIMITS.body);
  tooLong('input.scalingUp', draft.scalingUp, TEXT_LIMITS.scalingUp);
  tooLong('input.region', draft.region.trim(), TEXT_LIMITS.region);
  if (needsOrganisation(draft.countries) && !draft.organisationId)
    problems['input.organisationId'] = t('caseStudyForm.errors.organisationRequired');

  const approaches = [
    ...new Set(
      draft.approaches
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
  if (approaches.length > 30) problems['input.approaches'] = t('caseStudyForm.errors.tooMany', { max: 30 });
  else if (approaches.some((tag) => tag.length > 64))
    problems['input.approaches'] = t('caseStudyForm.errors.maxLength', { max: 64 });

  const start = year('input.period.start', draft.periodStart);
  const end = year('input.period.end', draft.periodEnd);
  if (start !== undefined && end !== undefined && end < start)
    problems['input.period.end'] = t('caseStudyForm.errors.endBeforeStart');

  const amountText = draft.fundingAmount.trim();
  const currency = draft.fundingCurrency.trim().toUpperCase();
  let funding: { amount: number; currency: string } | null = null;
  if (amountText || currency) {
    const amount = figure(amountText, 2) ?? NaN;
    if (!amountText) problems['input.funding.amount'] = required;
    else if (Number.isNaN(amount)) problems['input.funding.amount'] = t('caseStudyForm.errors.amountFormat');
    else if (amount > 1e13) problems['input.funding.amount'] = t('caseStudyForm.errors.amount');
    if (!CURRENCY.test(currency)) problems['input.funding.currency'] = t('caseStudyForm.errors.currency');
    funding = { amount, currency };
  }

  const reach: Record<string, number | null> = {};
  for (const key of REACH_KEYS) reach[key] = whole(`input.reach.${key}`, draft.reach[key]) ?? null;

  const organisations = draft.organisations.map((org, index) => {
    const name = org.name.trim();
    const path = `input.organisations.${index}.name`;
    if (!name) problems[path] = required;
    else if (name.length < 2) problems[path] = t('caseStudyForm.errors.minLength', { min: 2 });
    else tooLong(path, name, 200);
    return { name, role: org.role };
  });

  const sources = draft.sources.map((source, index) => {
    const path = `input.sources.${index}`;
    const sourceTitle = source.title.trim();
    if (!sourceTitle) problems[`${path}.title`] = required;
    tooLong(`${path}.title`, sourceTitle, 500);
    const url = source.url.trim();
    if (url && (!URL.test(url) || url.length > 2000)) problems[`${path}.url`] = t('caseStudyForm.errors.url');
    const publisher = source.publisher.trim();
    tooLong(`${path}.publisher`, publisher, 200);
    const sourceYear = year(`${path}.year`, source.year);
    return {
      title: sourceTitle,
      ...(url ? { url } : {}),
      ...(publisher ? { publisher } : {}),
      ...(sourceYear !== undefined ? { year: sourceYear } : {}),
    };
  });

  return {
    input: {
      slug,
      originalLocale: draft.originalLocale,
      organisationId: draft.organisationId || null,
      title,
      summary: draft.summary.trim(),
      body: draft.body,
      scalingUp: draft.scalingUp.trim() || null,
      countries: draft.countries,
      region: draft.region.trim() || null,
      themes: draft.themes,
      approaches,
      period: { start: start ?? null, end: end ?? null },
      funding,
      reach,
      organisations,
      sources,
    },
    problems,
  };
}

const FIELDS = [
  'countries',
  'region',
  'themes',
  'approaches',
  'period',
  'funding',
  'reach',
  'organisations',
  'sources',
];
const TEXTS = ['title', 'summary', 'body', 'scalingUp'];

/**
 * What an edit changes, split as the API takes it: the fields for updateCaseStudy, and the texts
 * (written in the original language) for translateCaseStudy, each only when something changed.
 */
export function changesOf(
  input: Record<string, unknown>,
  before: Record<string, unknown>,
): { fields: Record<string, unknown>; texts: Record<string, unknown> | null } {
  const fields: Record<string, unknown> = {};
  for (const key of FIELDS) if (!same(input[key], before[key])) fields[key] = input[key];
  const textChanged = TEXTS.some((key) => !same(input[key], before[key]));
  const texts = textChanged ? Object.fromEntries(TEXTS.map((key) => [key, input[key]])) : null;
  return { fields, texts };
}

/**
 * The draft as saved once an edit's fields went through but its texts not (yet): `mine`'s fields,
 * `base`'s texts. What the next save compares with, so that it sends the texts only.
 */
export function fieldsSaved(base: CaseStudyDraft, mine: CaseStudyDraft): CaseStudyDraft {
  const { title, summary, body, scalingUp } = base;
  return { ...mine, title, summary, body, scalingUp };
}

/** The input for createCaseStudy: empty optional fields left out rather than sent as nulls. */
export function createInputOf(input: Record<string, unknown>): Record<string, unknown> {
  const period = input.period as { start: number | null; end: number | null };
  const reach = Object.fromEntries(
    Object.entries(input.reach as Record<string, number | null>).filter(([, value]) => value !== null),
  );
  const { organisationId, scalingUp, region, funding, ...rest } = input;
  return {
    ...rest,
    ...(organisationId ? { organisationId } : {}),
    ...(scalingUp ? { scalingUp } : {}),
    ...(region ? { region } : {}),
    ...(funding ? { funding } : {}),
    period: {
      ...(period.start !== null ? { start: period.start } : {}),
      ...(period.end !== null ? { end: period.end } : {}),
    },
    reach,
  };
}

/** Each field's label (an i18n key), to name the fields two people both changed. */
export const DRAFT_LABELS: Record<keyof CaseStudyDraft, string> = {
  originalLocale: 'caseStudyForm.writtenIn',
  organisationId: 'caseStudyForm.organisation',
  slug: 'caseStudyForm.slug',
  title: 'caseStudyForm.title',
  summary: 'caseStudyForm.summary',
  body: 'caseStudyForm.body',
  scalingUp: 'caseStudyForm.scalingUp',
  countries: 'caseStudyForm.countries',
  region: 'caseStudyForm.region',
  themes: 'caseStudyForm.themes',
  approaches: 'caseStudyForm.approaches',
  periodStart: 'caseStudyForm.periodStart',
  periodEnd: 'caseStudyForm.periodEnd',
  fundingAmount: 'caseStudyForm.fundingAmount',
  fundingCurrency: 'caseStudyForm.fundingCurrency',
  reach: 'caseStudyForm.reach',
  organisations: 'caseStudy.organisations',
  sources: 'caseStudy.sources',
};

/** Fields an edit merged with someone else's takes whole from one side: a range, an amount and its currency. */
export const DRAFT_GROUPS: (keyof CaseStudyDraft)[][] = [
  ['periodStart', 'periodEnd'],
  ['fundingAmount', 'fundingCurrency'],
];

/** The paths the form shows an error next to; the API's other problems go above the form. */
export function fieldPaths(draft: CaseStudyDraft): string[] {
  return [
    ...['slug', 'originalLocale', 'organisationId', 'title', 'summary', 'body', 'scalingUp'],
    ...['countries', 'region', 'themes', 'approaches', 'period.start', 'period.end', 'period'],
    ...['funding.amount', 'funding.currency', 'funding', 'reach', 'organisations', 'sources'],
    ...REACH_KEYS.map((key) => `reach.${key}`),
    ...draft.organisations.flatMap((_, i) => [`organisations.${i}.name`, `organisations.${i}.role`]),
    ...draft.sources.flatMap((_, i) =>
      ['title', 'url', 'publisher', 'year'].map((field) => `sources.${i}.${field}`),
    ),
  ].map((path) => `input.${path}`);
}
