import type { Locale } from '@ashar/i18n';
import type { OrganisationKind } from '@ashar/network';
import type { CaseStudyStatus, OrganisationRole } from '../knowledge.enums';
import type { SourceRecord } from '../knowledge.entities';

/** One case study as the import document (docs/import-format.md) describes it. */
export interface ImportCaseStudy {
  slug: string;
  status?: CaseStudyStatus;
  originalLocale: Locale;
  countries?: string[];
  region?: string;
  themes?: string[];
  approaches?: string[];
  period?: { start?: number; end?: number };
  funding?: { amount: number; currency: string };
  reach?: { communities?: number; households?: number; organisations?: number; people?: number };
  organisations?: { name: string; role: OrganisationRole; kind?: OrganisationKind }[];
  translations: Partial<Record<Locale, ImportCaseStudyText>>;
  results?: ImportResult[];
  lessons?: ImportLesson[];
  sources?: SourceRecord[];
}

export interface ImportCaseStudyText {
  title: string;
  summary?: string;
  body?: string;
  scalingUp?: string;
  /** The region in this language (not in the original's: that is the case study's `region`). */
  region?: string;
  machineTranslated?: boolean;
}

export interface ImportResult {
  value: number;
  unit: string;
  baseline?: number;
  baselineYear?: number;
  year?: number;
  originalLocale?: Locale;
  translations: Partial<Record<Locale, { label: string; machineTranslated?: boolean }>>;
}

export interface ImportLesson {
  themes?: string[];
  originalLocale?: Locale;
  translations: Partial<Record<Locale, { text: string; machineTranslated?: boolean }>>;
}

export interface ImportDocument {
  caseStudies: unknown[];
}

export interface ImportProblem {
  path: string;
  message: string;
}

export interface ImportFailure {
  index: number;
  slug: string | null;
  errors: ImportProblem[];
}

export interface ImportReportShape {
  created: number;
  updated: number;
  failed: ImportFailure[];
}
