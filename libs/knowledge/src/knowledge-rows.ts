import { serveTranslation, type Locale } from '@ashar/i18n';
import type { SourceRecord } from './knowledge.entities';
import type { CaseStudyStatus } from './knowledge.enums';
import type { TranslationInfoModel } from './dto/knowledge.models';

/** Columns every translation row carries, as PostgreSQL returns them from json_agg. */
export interface TranslationRow {
  locale: Locale;
  machine_translated: boolean;
  source_version: number;
  updated_at: string | Date;
}

export interface CaseStudyTranslationRow extends TranslationRow {
  title: string;
  summary: string;
  body: string;
  scaling_up: string | null;
  /** The region in this language; null in the original's row and where not translated. */
  region: string | null;
}

export interface CaseStudyRow {
  id: string;
  slug: string;
  status: CaseStudyStatus;
  original_locale: Locale;
  version: number;
  organisation_id: string | null;
  region: string | null;
  approaches: string[];
  start_year: number | null;
  end_year: number | null;
  funding_amount: string | null;
  funding_currency: string | null;
  reach_communities: number | null;
  reach_households: number | null;
  reach_organisations: number | null;
  reach_people: number | null;
  sources: SourceRecord[];
  countries: string[];
  themes: string[];
  published_at: Date | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
  sort_key?: string;
  translations: CaseStudyTranslationRow[];
}

export interface ResultRow {
  id: string;
  case_study_id: string;
  position: number;
  value: string;
  unit: string;
  baseline: string | null;
  baseline_year: number | null;
  year: number | null;
  original_locale: Locale;
  version: number;
  updated_at: Date;
  translations: (TranslationRow & { label: string })[];
}

export interface LessonRow {
  id: string;
  case_study_id: string | null;
  position: number;
  original_locale: Locale;
  version: number;
  themes: string[];
  created_at: Date;
  updated_at: Date;
  sort_key?: string;
  translations: (TranslationRow & { text: string })[];
}

/** `SELECT … , <this> AS translations` — the translation rows of a record as a JSON array. */
export const translationsJson = (table: string, key: string, alias: string) =>
  `COALESCE((SELECT json_agg(t ORDER BY t.locale) FROM ${table} t WHERE t.${key} = ${alias}.id), '[]'::json)`;

export interface Served<T extends TranslationRow> {
  text: T;
  locale: Locale;
  originalLocale: Locale;
  availableLocales: Locale[];
  version: number;
  machineTranslated: boolean;
  outdated: boolean;
  translations: TranslationInfoModel[];
}

/**
 * The translation to serve in `requested` (else the original), and what the API says about it. A
 * translation is outdated when it was made from an older version of the original; the original never is.
 */
export function serve<T extends TranslationRow>(
  rows: T[],
  requested: Locale,
  originalLocale: Locale,
  version: number,
): Served<T> {
  const chosen = serveTranslation(rows, requested, originalLocale);
  if (!chosen) throw new Error('A translatable record without any translation');
  const outdated = (row: TranslationRow) => row.locale !== originalLocale && row.source_version < version;
  return {
    text: chosen.translation,
    locale: chosen.translation.locale,
    originalLocale,
    availableLocales: chosen.availableLocales,
    version,
    machineTranslated: chosen.translation.machine_translated,
    outdated: outdated(chosen.translation),
    translations: rows.map((row) => ({
      locale: row.locale,
      machineTranslated: row.machine_translated,
      sourceVersion: row.source_version,
      outdated: outdated(row),
      updatedAt: new Date(row.updated_at),
    })),
  };
}

const num = (value: string | null) => (value === null ? null : Number(value));

export { num };
