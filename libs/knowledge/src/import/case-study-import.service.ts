import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pgErrorCode } from '@ashar/database';
import { AppError } from '@ashar/errors';
import { t, type Locale } from '@ashar/i18n';
import { DataSource } from 'typeorm';
import { NetworkService, type OrganisationKind } from '@ashar/network';
import type { OrganisationRole } from '../knowledge.enums';
import { CaseStudyStatusListeners } from '../case-study-status';
import {
  CaseStudyWriter,
  DEFAULT_KIND,
  OrganisationNames,
  organisationSpelling,
  type WriteCaseStudy,
  type WriteOutcome,
} from './case-study-writer';
import type { ImportFailure, ImportReportShape } from './import-record';
import { caseStudiesOf, validateImportRecord } from './import-validator';

/** Chunks written at the same time, each on its own connection. */
const IMPORT_CONCURRENCY = 2;

export interface ImportOptions {
  /** Who imports (recorded as created_by/updated_by); null for the command line without an account. */
  actorId: string | null;
  /** The language of the error messages in the report. */
  locale: Locale;
  /** Records per transaction; a chunk that fails in the database is redone record by record. */
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Bulk import of case studies (docs/import-format.md): validates every record in JS first (Ajv),
 * then writes the valid ones in chunks, each chunk one transaction of set-based statements.
 * Idempotent by slug. An invalid record writes nothing and is reported with its JSON paths.
 */
@Injectable()
export class CaseStudyImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly writer: CaseStudyWriter,
    private readonly network: NetworkService,
    private readonly statusListeners: CaseStudyStatusListeners,
  ) {}

  async import(document: unknown, options: ImportOptions): Promise<ImportReportShape> {
    const items = caseStudiesOf(document);
    const { locale } = options;
    const chunkSize = options.chunkSize ?? 500;
    // Anything else made no chunks (NaN: nothing imported, reported as success) or never ended (0).
    if (!Number.isInteger(chunkSize) || chunkSize < 1)
      throw new AppError('BAD_USER_INPUT', 'knowledge:errors.chunkSize', { value: String(chunkSize) });
    const report: ImportReportShape = { created: 0, updated: 0, failed: [] };
    const known = await this.knownCountries(items);

    const valid: { index: number; record: WriteCaseStudy }[] = [];
    const firstIndexOfSlug = new Map<string, number>();
    items.forEach((item, index) => {
      const errors = validateImportRecord(item, index, locale, (code) => known.has(code));
      const slug = slugOf(item);
      if (!errors.length && slug !== null) {
        const first = firstIndexOfSlug.get(slug);
        if (first !== undefined)
          errors.push({
            path: `/caseStudies/${index}/slug`,
            message: t(locale, 'knowledge:import.duplicateSlug', { index: first }),
          });
        else firstIndexOfSlug.set(slug, index);
      }
      if (errors.length) report.failed.push({ index, slug, errors });
      else valid.push({ index, record: normalise(item as WriteCaseStudy) });
    });

    const organisations = await this.resolveOrganisations(
      valid.map((v) => v.record),
      options.actorId,
    );
    const chunks: { index: number; record: WriteCaseStudy }[][] = [];
    for (let start = 0; start < valid.length; start += chunkSize)
      chunks.push(valid.slice(start, start + chunkSize));
    let done = report.failed.length;
    options.onProgress?.(done, items.length);
    const written = async (outcome: WriteOutcome) => {
      report.created += outcome.created.length;
      report.updated += outcome.updated.length;
      await this.statusListeners.notify(outcome.statusChanges);
    };
    const writeChunk = async (chunk: { index: number; record: WriteCaseStudy }[]) => {
      try {
        const outcome = await this.db.transaction((tx) =>
          this.writer.write(
            tx,
            chunk.map((c) => c.record),
            options.actorId,
            organisations,
          ),
        );
        await written(outcome);
      } catch (chunkError) {
        if (chunk.length === 1) report.failed.push(this.databaseFailure(chunk[0], chunkError, locale));
        else
          for (const one of chunk) {
            try {
              const outcome = await this.db.transaction((tx) =>
                this.writer.write(tx, [one.record], options.actorId, organisations),
              );
              await written(outcome);
            } catch (error) {
              report.failed.push(this.databaseFailure(one, error, locale));
            }
          }
      }
      done += chunk.length;
      options.onProgress?.(done, items.length);
    };
    // Two chunks in flight keep both a database core and this process busy; slugs are distinct
    // across chunks, so concurrent chunks never touch the same rows.
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await writeChunk(chunks[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(IMPORT_CONCURRENCY, chunks.length) }, worker));
    report.failed.sort((a, b) => a.index - b.index);
    return report;
  }

  private databaseFailure(
    item: { index: number; record: WriteCaseStudy },
    error: unknown,
    locale: Locale,
  ): ImportFailure {
    if (!pgErrorCode(error)) throw error;
    const detail = (error as { driverError?: { constraint?: string; detail?: string }; message?: string })
      .driverError;
    return {
      index: item.index,
      slug: item.record.slug,
      errors: [
        {
          path: `/caseStudies/${item.index}`,
          message: t(locale, 'knowledge:import.database', {
            detail: detail?.constraint ?? detail?.detail ?? pgErrorCode(error),
          }),
        },
      ],
    };
  }

  /**
   * Matches every organisation name of the valid records (case-insensitively, with PostgreSQL's lower()
   * as the directory does) or creates it, once, before the chunks run, so that concurrent chunks never
   * race to create the same organisation. Every spelling is then known to the run.
   */
  private async resolveOrganisations(
    records: WriteCaseStudy[],
    actorId: string | null,
  ): Promise<OrganisationNames> {
    const names = new OrganisationNames();
    const named = records.flatMap((record) => (record.organisations ?? []).map((org) => ({ record, org })));
    if (!named.length) return names;
    const folded = await this.db.query<{ key: string }[]>(
      `SELECT lower(n) AS key FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i`,
      [named.map(({ org }) => organisationSpelling(org.name))],
    );
    const wanted = new Map<
      string,
      {
        name: string;
        record: WriteCaseStudy;
        role: OrganisationRole;
        kind?: OrganisationKind;
        spellings: string[];
      }
    >();
    for (const [i, { record, org }] of named.entries()) {
      const key = folded[i].key;
      const first = wanted.get(key);
      if (first) first.spellings.push(org.name);
      else wanted.set(key, { name: org.name, record, role: org.role, kind: org.kind, spellings: [org.name] });
    }
    await this.db.transaction(async (tx) => {
      for (const { name, record, role, kind, spellings } of wanted.values()) {
        const id = await this.network.findOrCreateOrganisationByName(
          tx,
          name,
          kind ?? DEFAULT_KIND[role],
          record.originalLocale,
          actorId,
        );
        for (const spelling of spellings) names.set(spelling, id);
      }
    });
    names.commit();
    return names;
  }

  private async knownCountries(items: unknown[]): Promise<Set<string>> {
    const codes = new Set<string>();
    for (const item of items) {
      const countries = (item as { countries?: unknown } | null)?.countries;
      if (Array.isArray(countries)) for (const c of countries) if (typeof c === 'string') codes.add(c);
    }
    const known = new Set<string>();
    for (const code of codes)
      if (/^[A-Z]{2}$/.test(code) && (await this.network.country(code, 'en'))) known.add(code);
    return known;
  }
}

function slugOf(item: unknown): string | null {
  const slug = (item as { slug?: unknown } | null)?.slug;
  return typeof slug === 'string' ? slug : null;
}

/** The document is the truth for an imported case study: absent collections mean "none". */
function normalise(record: WriteCaseStudy): WriteCaseStudy {
  return {
    ...record,
    countries: record.countries ?? [],
    themes: record.themes ?? [],
    organisations: record.organisations ?? [],
    results: record.results ?? [],
    lessons: record.lessons ?? [],
  };
}
