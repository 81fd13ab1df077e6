import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pgErrorCode } from '@ashar/database';
import { AppError } from '@ashar/errors';
import { t, type Locale } from '@ashar/i18n';
import { DataSource } from 'typeorm';
import { NetworkService } from '@ashar/network';
import { CaseStudyStatusListeners } from '../case-study-status';
import { CaseStudyWriter, type WriteCaseStudy, type WriteOutcome } from './case-study-writer';
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

    // Organisations the run has created or found, from committed writes only; each write finds or
    // creates the others in its own transaction.
    const organisations = new Map<string, string>();
    const chunks: { index: number; record: WriteCaseStudy }[][] = [];
    for (let start = 0; start < valid.length; start += chunkSize)
      chunks.push(valid.slice(start, start + chunkSize));
    let done = report.failed.length;
    options.onProgress?.(done, items.length);
    const written = async (outcome: WriteOutcome) => {
      for (const [spelling, id] of outcome.organisations) organisations.set(spelling, id);
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
