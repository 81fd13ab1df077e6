import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Locale } from '@ashar/i18n';
import { DataSource } from 'typeorm';

/** A published case study with every language of every text, for indexes (search) and exports. */
export interface PublishedCaseStudy {
  id: string;
  slug: string;
  originalLocale: Locale;
  region: string | null;
  startYear: number | null;
  endYear: number | null;
  funding: { amount: number; currency: string } | null;
  reach: {
    communities: number | null;
    households: number | null;
    organisations: number | null;
    people: number | null;
  };
  publishedAt: Date;
  countries: string[];
  themes: string[];
  translations: {
    locale: Locale;
    title: string;
    summary: string;
    body: string;
    scalingUp: string | null;
    /** The region in this language, where the translation names one (never in the original's). */
    region: string | null;
    /** The labels of the case study's result indicators in this language, one per line. */
    results: string | null;
  }[];
  lessons: {
    id: string;
    originalLocale: Locale;
    themes: string[];
    translations: { locale: Locale; text: string }[];
  }[];
}

interface Row {
  id: string;
  slug: string;
  original_locale: Locale;
  region: string | null;
  start_year: number | null;
  end_year: number | null;
  funding_amount: string | null;
  funding_currency: string | null;
  reach_communities: number | null;
  reach_households: number | null;
  reach_organisations: number | null;
  reach_people: number | null;
  published_at: Date | null;
  updated_at: Date;
  countries: string[];
  themes: string[];
  translations: {
    locale: Locale;
    title: string;
    summary: string;
    body: string;
    scaling_up: string | null;
    region: string | null;
    results: string | null;
  }[];
  lessons: {
    id: string;
    original_locale: Locale;
    themes: string[];
    translations: { locale: Locale; text: string }[];
  }[];
}

/** Read-only access to published case studies, for other domains that build views of them. */
@Injectable()
export class CaseStudyExport {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Those of the case studies that are published (drafts, archived and deleted ones never leave). */
  async published(ids: readonly string[]): Promise<PublishedCaseStudy[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<Row[]>(
      `SELECT c.id, c.slug, c.original_locale, c.region, c.start_year, c.end_year, c.funding_amount, c.funding_currency,
              c.reach_communities, c.reach_households, c.reach_organisations, c.reach_people, c.published_at, c.updated_at,
              c.countries::text[] AS countries,
              c.themes::text[] AS themes,
              COALESCE((SELECT json_agg(json_build_object('locale', t.locale, 'title', t.title, 'summary', t.summary,
                        'body', t.body, 'scaling_up', t.scaling_up, 'region', t.region,
                        'results', (SELECT string_agg(rt.label, E'\n' ORDER BY r.position)
                                      FROM result_indicator r
                                      JOIN result_indicator_translation rt ON rt.result_indicator_id = r.id AND rt.locale = t.locale
                                     WHERE r.case_study_id = c.id)) ORDER BY t.locale)
                        FROM case_study_translation t WHERE t.case_study_id = c.id), '[]') AS translations,
              COALESCE((SELECT json_agg(json_build_object('id', l.id, 'original_locale', l.original_locale,
                        'themes', l.themes,
                        'translations', COALESCE((SELECT json_agg(json_build_object('locale', lt.locale, 'text', lt.text))
                                                  FROM lesson_translation lt WHERE lt.lesson_id = l.id), '[]'))
                        ORDER BY l.position)
                        FROM lesson l WHERE l.case_study_id = c.id), '[]') AS lessons
         FROM case_study c
        WHERE c.id::text = ANY($1::text[]) AND c.status = 'PUBLISHED'`,
      [ids],
    );
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      originalLocale: row.original_locale,
      region: row.region,
      startYear: row.start_year,
      endYear: row.end_year,
      funding:
        row.funding_amount !== null && row.funding_currency
          ? { amount: Number(row.funding_amount), currency: row.funding_currency }
          : null,
      reach: {
        communities: row.reach_communities,
        households: row.reach_households,
        organisations: row.reach_organisations,
        people: row.reach_people,
      },
      publishedAt: row.published_at ?? row.updated_at,
      countries: row.countries,
      themes: row.themes,
      translations: row.translations.map(({ scaling_up, ...t }) => ({ ...t, scalingUp: scaling_up })),
      lessons: row.lessons.map((l) => ({
        id: l.id,
        originalLocale: l.original_locale,
        themes: l.themes,
        translations: l.translations,
      })),
    }));
  }

  /** Ids of every case study (any status: a reindex must also drop what is no longer published), in pages. */
  async ids(after: string | null, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id::text FROM case_study WHERE ($1::text IS NULL OR id::text > $1) ORDER BY id::text LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }
}
