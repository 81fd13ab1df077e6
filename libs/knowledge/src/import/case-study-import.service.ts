import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { coordinatedCountries, isNetworkWide, type AuthUser } from '@ashar/accounts';
import { pgErrorCode } from '@ashar/database';
import { AppError } from '@ashar/errors';
import { t, type Locale } from '@ashar/i18n';
import { DataSource, type EntityManager } from 'typeorm';
import { NetworkService } from '@ashar/network';
import { CaseStudyStatusListeners } from '../case-study-status';
import { CaseStudyWriter, organisationCountries, type WriteCaseStudy } from './case-study-writer';
import type { ImportFailure, ImportProblem, ImportReportShape } from './import-record';
import { caseStudiesOf, validateImportRecord } from './import-validator';

/** Records checked between two looks at other work (the event loop). */
const VALIDATION_SLICE = 200;
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
  /**
   * The countries the importer may place case studies in and whose case studies it may update;
   * left out, anywhere (network-wide roles, the command line). A record outside them fails alone.
   */
  allowedCountries?: readonly string[];
  /**
   * Checks everything an import would, the database's own constraints included, by writing each chunk
   * and rolling its transaction back: the report says what an import would do, and nothing is kept.
   */
  dryRun?: boolean;
}

type Item = { index: number; record: WriteCaseStudy };

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

  /**
   * An import through the API: network-wide roles import anything; a national coordinator imports
   * only within the countries they coordinate (docs/authorization.md).
   */
  importAs(
    actor: AuthUser,
    document: unknown,
    options: { locale: Locale; dryRun?: boolean },
  ): Promise<ImportReportShape> {
    return this.import(document, {
      ...options,
      actorId: actor.id,
      allowedCountries: isNetworkWide(actor) ? undefined : coordinatedCountries(actor),
    });
  }

  async import(document: unknown, options: ImportOptions): Promise<ImportReportShape> {
    const items = caseStudiesOf(document);
    const { locale } = options;
    const chunkSize = options.chunkSize ?? 500;
    // Anything else made no chunks (NaN: nothing imported, reported as success) or never ended (0).
    if (!Number.isInteger(chunkSize) || chunkSize < 1)
      throw new AppError('BAD_USER_INPUT', 'knowledge:errors.chunkSize', { value: String(chunkSize) });
    const report: ImportReportShape = { created: 0, updated: 0, failed: [] };
    const known = await this.knownCountries(items);

    const valid: Item[] = [];
    const firstIndexOfSlug = new Map<string, number>();
    for (const [index, item] of items.entries()) {
      // Checking a large file takes a while: other requests are answered between slices of it.
      if (index > 0 && index % VALIDATION_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const errors = validateImportRecord(item, index, locale, (code) => known.has(code));
      if (options.allowedCountries)
        errors.push(...outsideCountries(item, index, locale, options.allowedCountries));
      // Whether or not the record has other problems: one run lists every one of them.
      const slug = slugOf(item);
      if (slug !== null) {
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
    }

    // Organisations the run has created or found, from committed writes only; each write finds or
    // creates the others in its own transaction.
    const organisations = new Map<string, string>();
    // Decided over the whole run, so that neither its chunking nor the order chunks commit in matters.
    const countries = organisationCountries(valid.map((item) => item.record));
    const chunks: Item[][] = [];
    for (let start = 0; start < valid.length; start += chunkSize)
      chunks.push(valid.slice(start, start + chunkSize));
    let done = report.failed.length;
    options.onProgress?.(done, items.length);
    /** Writes records in one transaction (rolled back on a dry run); reports them once it has ended. */
    const writePart = async (part: Item[]) => {
      const refused: ImportFailure[] = [];
      const outcome = await this.transaction(!!options.dryRun, async (tx) => {
        const writable = options.allowedCountries
          ? await this.withinScope(tx, part, options.allowedCountries, locale, refused)
          : part;
        return writable.length
          ? this.writer.write(
              tx,
              writable.map((c) => c.record),
              options.actorId,
              organisations,
              { organisationCountries: countries },
            )
          : null;
      });
      report.failed.push(...refused);
      if (!outcome) return;
      report.created += outcome.created.length;
      report.updated += outcome.updated.length;
      // Nothing of a dry run exists afterwards: no organisation to reuse, no status that changed.
      if (options.dryRun) return;
      for (const [spelling, id] of outcome.organisations) organisations.set(spelling, id);
      await this.statusListeners.notify(outcome.statusChanges);
    };
    const writeChunk = async (chunk: Item[]) => {
      try {
        await writePart(chunk);
      } catch (chunkError) {
        if (chunk.length === 1) report.failed.push(this.databaseFailure(chunk[0], chunkError, locale));
        else
          for (const one of chunk) {
            try {
              await writePart([one]);
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

  /** A transaction that commits, or on a dry run one that is always rolled back. */
  private async transaction<T>(dryRun: boolean, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (!dryRun) return this.db.transaction(work);
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      try {
        return await work(runner.manager);
      } finally {
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * The records that create a case study or update one the importer may manage (one of its current
   * countries is theirs); the others go to `refused`. The stored rows are locked, so their countries
   * cannot change before this transaction writes.
   */
  private async withinScope(
    tx: EntityManager,
    part: Item[],
    allowed: readonly string[],
    locale: Locale,
    refused: ImportFailure[],
  ): Promise<Item[]> {
    const stored = new Map(
      (
        await tx.query<{ slug: string; countries: string[] }[]>(
          `SELECT slug, countries FROM case_study WHERE slug = ANY($1::varchar[]) ORDER BY slug FOR UPDATE`,
          [part.map((c) => c.record.slug)],
        )
      ).map((row) => [row.slug, row.countries]),
    );
    return part.filter(({ index, record }) => {
      const countries = stored.get(record.slug);
      if (!countries || countries.some((code) => allowed.includes(code))) return true;
      refused.push({
        index,
        slug: record.slug,
        errors: [
          {
            path: `/caseStudies/${index}/countries`,
            message: countries.length
              ? t(locale, 'knowledge:import.caseStudyOutsideCountries', {
                  count: countries.length,
                  countries: countries.join(', '),
                })
              : t(locale, 'knowledge:import.caseStudyWithoutCountries'),
          },
        ],
      });
      return false;
    });
  }

  private databaseFailure(item: Item, error: unknown, locale: Locale): ImportFailure {
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

/**
 * The problem with a record placed outside the importer's countries: every country it names must be
 * theirs, and it must name one (a case study without countries would be out of their reach).
 */
function outsideCountries(
  item: unknown,
  index: number,
  locale: Locale,
  allowed: readonly string[],
): ImportProblem[] {
  const countries = (item as { countries?: unknown } | null)?.countries;
  const named = Array.isArray(countries) ? countries.filter((c): c is string => typeof c === 'string') : [];
  const path = `/caseStudies/${index}/countries`;
  if (!named.length)
    return [
      { path, message: t(locale, 'knowledge:import.countriesRequired', { countries: allowed.join(', ') }) },
    ];
  const outside = [...new Set(named.filter((code) => !allowed.includes(code)))];
  if (!outside.length) return [];
  return [
    {
      path,
      message: t(locale, 'knowledge:import.countriesNotCoordinated', {
        count: outside.length,
        countries: outside.join(', '),
      }),
    },
  ];
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
