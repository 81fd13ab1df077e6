import { Injectable } from '@nestjs/common';
import { appendOutbox } from '@ashar/database';
import { AppError, optionalText } from '@ashar/errors';
import type { CaseStudyStatusChange } from '../case-study-status';
import type { Locale } from '@ashar/i18n';
import { NetworkService, OrganisationKind, organisationSpelling } from '@ashar/network';
import type { EntityManager } from 'typeorm';
import { CaseStudyStatus, OrganisationRole } from '../knowledge.enums';
import type { ImportCaseStudy } from './import-record';

/**
 * A case study as the writer takes it. Collections left undefined (countries, themes, organisations,
 * results, lessons) are kept as they are; given ones replace what is stored. Translations are
 * upserted per language; languages not given are kept (and become outdated when the original changes).
 */
export interface WriteCaseStudy extends ImportCaseStudy {
  /**
   * The organisation whose members may edit the draft: null for none. Left undefined (imports), the
   * first implementer named owns it.
   */
  ownerOrganisationId?: string | null;
}

export interface WriteOutcome {
  created: string[];
  updated: string[];
  ids: Map<string, string>;
  /** The organisations this write linked, by spelling: a caller may reuse them once it has committed. */
  organisations: Map<string, string>;
  /** Stored case studies whose status this write changed. */
  statusChanges: CaseStudyStatusChange[];
}

export interface WriteOptions {
  /**
   * Only create: a slug that is stored, or that a concurrent transaction is inserting, fails the whole
   * write with CONFLICT instead of updating that case study (imports update by slug on purpose).
   */
  createOnly?: boolean;
  /**
   * The country each organisation the records name would be created in (`organisationCountries`), when
   * a run decides it over more records than this write holds; else this write's own records decide.
   */
  organisationCountries?: ReadonlyMap<string, string | null>;
}

/**
 * The country a new organisation is created in, by name (as `organisationSpelling` writes it): a
 * new organisation that carries out or partners in projects of one country is taken to be of that
 * country (its coordinators then look after it); a funder is not, nor one the records name for
 * projects in different countries or in several at once.
 */
export function organisationCountries(
  records: readonly Pick<WriteCaseStudy, 'countries' | 'organisations'>[],
): Map<string, string | null> {
  const countries = new Map<string, string | null>();
  for (const record of records)
    for (const org of record.organisations ?? []) {
      const spelling = organisationSpelling(org.name);
      const country =
        org.role !== OrganisationRole.FUNDER && record.countries?.length === 1 ? record.countries[0] : null;
      countries.set(
        spelling,
        countries.has(spelling) && countries.get(spelling) !== country ? null : country,
      );
    }
  return countries;
}

const slugTaken = () =>
  new AppError('CONFLICT', 'knowledge:errors.slugTaken', {}, [{ path: 'input.slug', code: 'invalid' }]);

/**
 * Organisation ids by name as written (see `organisationSpelling`), known to one import run from the
 * writes it has committed. Nothing is folded here: which spellings name one organisation is for
 * PostgreSQL's lower() to say, as the directory's unique index does. JavaScript's toLowerCase folds some
 * letters otherwise ('İ', a final 'Σ'), and would make a run link names the directory tells apart.
 */
export type OrganisationNames = ReadonlyMap<string, string>;

interface ExistingCaseStudy {
  id: string;
  slug: string;
  version: number;
  status: CaseStudyStatus;
  original_locale: Locale;
  region: string | null;
  countries: string[];
  themes: string[];
  title: string | null;
  summary: string | null;
  body: string | null;
  scaling_up: string | null;
}

interface ExistingChild {
  id: string;
  case_study_id: string;
  position: number;
  version: number;
  original_locale: Locale;
  text: string | null;
}

export const DEFAULT_KIND: Record<OrganisationRole, OrganisationKind> = {
  [OrganisationRole.FUNDER]: OrganisationKind.DONOR,
  [OrganisationRole.IMPLEMENTER]: OrganisationKind.NGO,
  [OrganisationRole.PARTNER]: OrganisationKind.NGO,
};

/** Upsert clauses, used only when a chunk contains case studies that are already stored. */
const ON_CONFLICT = {
  caseStudyTranslation: `ON CONFLICT (case_study_id, locale) DO UPDATE SET
              title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body,
              scaling_up = EXCLUDED.scaling_up, region = EXCLUDED.region,
              machine_translated = EXCLUDED.machine_translated,
              source_version = EXCLUDED.source_version, updated_by = EXCLUDED.updated_by, updated_at = now()`,
  resultIndicator: `ON CONFLICT (case_study_id, position) DO UPDATE SET
              value = EXCLUDED.value, unit = EXCLUDED.unit, baseline = EXCLUDED.baseline,
              baseline_year = EXCLUDED.baseline_year, year = EXCLUDED.year,
              original_locale = EXCLUDED.original_locale, version = EXCLUDED.version,
              updated_by = EXCLUDED.updated_by, updated_at = now()`,
  resultIndicatorTranslation: `ON CONFLICT (result_indicator_id, locale) DO UPDATE SET label = EXCLUDED.label,
              machine_translated = EXCLUDED.machine_translated, source_version = EXCLUDED.source_version,
              updated_by = EXCLUDED.updated_by, updated_at = now()`,
  lesson: `ON CONFLICT (case_study_id, position) WHERE case_study_id IS NOT NULL DO UPDATE SET
              original_locale = EXCLUDED.original_locale, version = EXCLUDED.version, themes = EXCLUDED.themes,
              updated_by = EXCLUDED.updated_by, updated_at = now()`,
  lessonTranslation: `ON CONFLICT (lesson_id, locale) DO UPDATE SET text = EXCLUDED.text,
              machine_translated = EXCLUDED.machine_translated, source_version = EXCLUDED.source_version,
              updated_by = EXCLUDED.updated_by, updated_at = now()`,
};

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * Writes many case studies with a handful of set-based statements (INSERT … SELECT FROM a JSON
 * recordset or unnest(…)),
 * whatever their number: the import path and the GraphQL mutations share it, so both keep the same
 * versioning and outbox rules. Runs inside the caller's transaction.
 */
@Injectable()
export class CaseStudyWriter {
  constructor(private readonly network: NetworkService) {}

  async write(
    tx: EntityManager,
    records: WriteCaseStudy[],
    actorId: string | null,
    organisations: OrganisationNames = new Map(),
    {
      createOnly = false,
      organisationCountries: countries = organisationCountries(records),
    }: WriteOptions = {},
  ): Promise<WriteOutcome> {
    const existing = new Map(
      (
        await tx.query<ExistingCaseStudy[]>(
          `SELECT cs.id, cs.slug, cs.version, cs.status, cs.original_locale, cs.region, cs.countries, cs.themes,
                  t.title, t.summary, t.body, t.scaling_up
             FROM case_study cs
             LEFT JOIN case_study_translation t ON t.case_study_id = cs.id AND t.locale = cs.original_locale
            WHERE cs.slug = ANY($1::varchar[])
              FOR UPDATE OF cs`,
          [records.map((r) => r.slug)],
        )
      ).map((row) => [row.slug, row]),
    );
    if (createOnly && existing.size) throw slugTaken();

    // Organisations first: the owner of a case study is one of them. Those the run does not know yet
    // are found or created in this transaction, so a refused write leaves none behind.
    const named = records.flatMap((record) =>
      (record.organisations ?? []).map((org) => ({ record, org, spelling: organisationSpelling(org.name) })),
    );
    const resolved = new Map<string, string>();
    const unknown = new Map<
      string,
      {
        name: string;
        kind: OrganisationKind;
        originalLocale: WriteCaseStudy['originalLocale'];
        countryCode: string | null;
      }
    >();
    for (const { record, org, spelling } of named) {
      const id = organisations.get(spelling);
      if (id) resolved.set(spelling, id);
      else if (!unknown.has(spelling))
        unknown.set(spelling, {
          name: spelling,
          kind: org.kind ?? DEFAULT_KIND[org.role],
          originalLocale: record.originalLocale,
          countryCode: countries.get(spelling) ?? null,
        });
    }
    for (const [spelling, id] of await this.network.findOrCreateOrganisationsByName(
      tx,
      [...unknown.values()],
      actorId,
    ))
      resolved.set(spelling, id);
    const links: { slug: string; organisationId: string; role: OrganisationRole; position: number }[] = [];
    const owners = new Map<string, string>();
    for (const record of records) {
      const seen = new Set<string>();
      for (const [position, org] of (record.organisations ?? []).entries()) {
        const id = resolved.get(organisationSpelling(org.name));
        if (!id) throw new Error(`organisation "${org.name}" was neither found nor created`);
        const key = `${id}:${org.role}`;
        if (seen.has(key)) continue;
        seen.add(key);
        links.push({ slug: record.slug, organisationId: id, role: org.role, position });
        if (org.role === OrganisationRole.IMPLEMENTER && !owners.has(record.slug))
          owners.set(record.slug, id);
      }
    }

    /** Whether a stored case study's region is not the record's. */
    const regionChanged = (record: WriteCaseStudy) => {
      const before = existing.get(record.slug);
      return before !== undefined && before.region !== (record.region ?? null);
    };
    const versions = records.map((record) => {
      const before = existing.get(record.slug);
      if (!before) return 1;
      const text = record.translations[record.originalLocale];
      // The region is text the translations carry too: a new one makes them outdated.
      const changed =
        before.original_locale !== record.originalLocale ||
        regionChanged(record) ||
        (text !== undefined &&
          (before.title !== text.title ||
            before.summary !== (text.summary ?? '') ||
            before.body !== (text.body ?? '') ||
            before.scaling_up !== (text.scalingUp ?? null)));
      return changed ? before.version + 1 : before.version;
    });

    // Rows travel as one JSON parameter: V8 serialises it far faster than node-postgres escapes arrays.
    const rows = await tx.query<{ id: string; slug: string }[]>(
      `INSERT INTO case_study (slug, status, original_locale, version, organisation_id, region, approaches,
              start_year, end_year, funding_amount, funding_currency, reach_communities, reach_households,
              reach_organisations, reach_people, sources, countries, themes, published_at, created_by, updated_by)
       SELECT u.slug, u.status, u.original_locale, u.version, u.organisation_id, u.region,
              ARRAY(SELECT jsonb_array_elements_text(u.approaches))::varchar[],
              u.start_year, u.end_year, u.funding_amount, u.funding_currency, u.rc, u.rh, u.ro, u.rp,
              u.sources, ARRAY(SELECT jsonb_array_elements_text(u.countries))::char(2)[],
              ARRAY(SELECT jsonb_array_elements_text(u.themes))::varchar[],
              CASE WHEN u.status = 'PUBLISHED' THEN now() END, $2::uuid, $2::uuid
         FROM json_to_recordset($1::json)
           AS u(slug varchar, status varchar, original_locale varchar, version int, organisation_id uuid,
                region varchar, approaches jsonb, start_year smallint, end_year smallint, funding_amount numeric,
                funding_currency varchar, rc int, rh int, ro int, rp int, sources jsonb, countries jsonb,
                themes jsonb)
       ${
         createOnly
           ? // Waits for a concurrent insert of the same slug, then skips the row if that one committed.
             'ON CONFLICT (slug) DO NOTHING'
           : `ON CONFLICT (slug) DO UPDATE SET
              status = EXCLUDED.status,
              original_locale = EXCLUDED.original_locale,
              version = EXCLUDED.version,
              organisation_id = COALESCE(EXCLUDED.organisation_id, case_study.organisation_id),
              region = EXCLUDED.region,
              approaches = EXCLUDED.approaches,
              start_year = EXCLUDED.start_year,
              end_year = EXCLUDED.end_year,
              funding_amount = EXCLUDED.funding_amount,
              funding_currency = EXCLUDED.funding_currency,
              reach_communities = EXCLUDED.reach_communities,
              reach_households = EXCLUDED.reach_households,
              reach_organisations = EXCLUDED.reach_organisations,
              reach_people = EXCLUDED.reach_people,
              sources = EXCLUDED.sources,
              countries = EXCLUDED.countries,
              themes = EXCLUDED.themes,
              published_at = CASE WHEN EXCLUDED.status = 'PUBLISHED'
                                  THEN COALESCE(case_study.published_at, now()) ELSE case_study.published_at END,
              updated_by = EXCLUDED.updated_by,
              updated_at = now()`
       }
       RETURNING id, slug`,
      [
        JSON.stringify(
          records.map((r, index) => ({
            slug: r.slug,
            status: r.status ?? existing.get(r.slug)?.status ?? CaseStudyStatus.DRAFT,
            original_locale: r.originalLocale,
            version: versions[index],
            organisation_id:
              r.ownerOrganisationId === undefined ? (owners.get(r.slug) ?? null) : r.ownerOrganisationId,
            region: orNull(r.region),
            approaches: r.approaches ?? [],
            start_year: orNull(r.period?.start),
            end_year: orNull(r.period?.end),
            funding_amount: orNull(r.funding?.amount),
            funding_currency: orNull(r.funding?.currency),
            rc: orNull(r.reach?.communities),
            rh: orNull(r.reach?.households),
            ro: orNull(r.reach?.organisations),
            rp: orNull(r.reach?.people),
            sources: r.sources ?? [],
            countries: [...new Set(r.countries ?? existing.get(r.slug)?.countries ?? [])],
            themes: [...new Set(r.themes ?? existing.get(r.slug)?.themes ?? [])],
          })),
        ),
        actorId,
      ],
    );
    if (createOnly && rows.length < records.length) throw slugTaken();
    const ids = new Map(rows.map((row) => [row.slug, row.id]));
    // Rows of case studies created by this very statement cannot conflict: plain INSERTs for them.
    const anyStored = existing.size > 0;
    const idOf = (record: WriteCaseStudy) => ids.get(record.slug) as string;
    const wasStored = (record: WriteCaseStudy) => existing.has(record.slug);

    // A region that changed makes the translated ones wrong: they go (those given below come back), and
    // the translations are outdated (the version moved on above) until someone looks at them again.
    const regionsGone = records.filter(regionChanged).map(idOf);
    if (regionsGone.length > 0)
      await tx.query(
        `UPDATE case_study_translation SET region = NULL WHERE case_study_id = ANY($1::uuid[]) AND region IS NOT NULL`,
        [regionsGone],
      );

    // Translations: every language given, made from the version just written. The original's own
    // region is the case study's; only the other languages carry one.
    const tr = records.flatMap((record, index) =>
      Object.entries(record.translations).map(([locale, text]) => ({
        id: idOf(record),
        locale,
        text: text as NonNullable<(typeof record.translations)[Locale]>,
        version: versions[index],
        original: locale === record.originalLocale,
      })),
    );
    await tx.query(
      `INSERT INTO case_study_translation (case_study_id, locale, title, summary, body, scaling_up, region,
              machine_translated, source_version, updated_by)
       SELECT u.*, $2::uuid FROM json_to_recordset($1::json)
           AS u(case_study_id uuid, locale varchar, title varchar, summary text, body text, scaling_up text,
                region varchar, machine_translated boolean, source_version int)
       ${anyStored ? ON_CONFLICT.caseStudyTranslation : ''}`,
      [
        JSON.stringify(
          tr.map((x) => ({
            case_study_id: x.id,
            locale: x.locale,
            title: x.text.title.trim(),
            summary: x.text.summary ?? '',
            body: x.text.body ?? '',
            scaling_up: x.text.scalingUp ?? null,
            region: x.original ? null : optionalText(x.text.region),
            machine_translated: x.text.machineTranslated ?? false,
            source_version: x.version,
          })),
        ),
        actorId,
      ],
    );

    const withOrganisations = records.filter((r) => r.organisations !== undefined);
    const storedWithOrganisations = withOrganisations.filter(wasStored).map(idOf);
    if (storedWithOrganisations.length)
      await tx.query(`DELETE FROM case_study_organisation WHERE case_study_id = ANY($1::uuid[])`, [
        storedWithOrganisations,
      ]);
    if (links.length)
      await tx.query(
        `INSERT INTO case_study_organisation (case_study_id, organisation_id, role, position)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::smallint[])`,
        [
          links.map((l) => ids.get(l.slug)),
          links.map((l) => l.organisationId),
          links.map((l) => l.role),
          links.map((l) => l.position),
        ],
      );

    await this.writeResults(tx, records, idOf, wasStored, actorId, anyStored);
    await this.writeLessons(tx, records, idOf, wasStored, actorId, anyStored);

    await appendOutbox(
      tx,
      records.map((record, index) => ({
        topic: 'case-study.changed',
        aggregateType: 'case_study',
        aggregateId: idOf(record),
        payload: { slug: record.slug, version: versions[index] },
      })),
    );

    return {
      created: records.filter((r) => !wasStored(r)).map((r) => r.slug),
      updated: records.filter(wasStored).map((r) => r.slug),
      ids,
      organisations: resolved,
      statusChanges: records
        .filter((r) => wasStored(r) && r.status && r.status !== existing.get(r.slug)?.status)
        .map((r) => ({ id: idOf(r), slug: r.slug, status: r.status! })),
    };
  }

  /** Versions of nested records (results, lessons) kept by position: unchanged text keeps its version. */
  private async childVersions(
    tx: EntityManager,
    sql: string,
    caseStudyIds: string[],
  ): Promise<Map<string, ExistingChild>> {
    if (!caseStudyIds.length) return new Map();
    const rows = await tx.query<ExistingChild[]>(sql, [caseStudyIds]);
    return new Map(rows.map((row) => [`${row.case_study_id}:${row.position}`, row]));
  }

  private async writeResults(
    tx: EntityManager,
    all: WriteCaseStudy[],
    idOf: (r: WriteCaseStudy) => string,
    wasStored: (r: WriteCaseStudy) => boolean,
    actorId: string | null,
    anyStored: boolean,
  ): Promise<void> {
    const records = all.filter((r) => r.results !== undefined);
    if (!records.length) return;
    const before = await this.childVersions(
      tx,
      `SELECT r.id, r.case_study_id, r.position, r.version, r.original_locale, t.label AS text
         FROM result_indicator r
         LEFT JOIN result_indicator_translation t ON t.result_indicator_id = r.id AND t.locale = r.original_locale
        WHERE r.case_study_id = ANY($1::uuid[])`,
      records.filter(wasStored).map(idOf),
    );
    const items = records.flatMap((record) =>
      (record.results ?? []).map((result, position) => {
        const caseStudyId = idOf(record);
        const originalLocale = result.originalLocale ?? record.originalLocale;
        const old = before.get(`${caseStudyId}:${position}`);
        const label = result.translations[originalLocale]?.label;
        const version = !old
          ? 1
          : old.original_locale !== originalLocale || old.text !== label
            ? old.version + 1
            : old.version;
        return { caseStudyId, position, result, originalLocale, version };
      }),
    );
    const counts = records.map((r) => [idOf(r), r.results?.length ?? 0] as const);
    if (anyStored)
      await tx.query(
        `DELETE FROM result_indicator r USING unnest($1::uuid[], $2::int[]) AS k(cs, n)
        WHERE r.case_study_id = k.cs AND r.position >= k.n`,
        [counts.map((c) => c[0]), counts.map((c) => c[1])],
      );
    if (!items.length) return;
    const saved = await tx.query<{ id: string; case_study_id: string; position: number }[]>(
      `INSERT INTO result_indicator (case_study_id, position, value, unit, baseline, baseline_year, year,
              original_locale, version, created_by, updated_by)
       SELECT u.*, $10::uuid, $10::uuid FROM unnest($1::uuid[], $2::smallint[], $3::numeric[], $4::varchar[],
              $5::numeric[], $6::smallint[], $7::smallint[], $8::varchar[], $9::int[]) AS u
       ${anyStored ? ON_CONFLICT.resultIndicator : ''}
       RETURNING id, case_study_id, position`,
      [
        items.map((i) => i.caseStudyId),
        items.map((i) => i.position),
        items.map((i) => i.result.value),
        items.map((i) => i.result.unit),
        items.map((i) => orNull(i.result.baseline)),
        items.map((i) => orNull(i.result.baselineYear)),
        items.map((i) => orNull(i.result.year)),
        items.map((i) => i.originalLocale),
        items.map((i) => i.version),
        actorId,
      ],
    );
    const idAt = new Map(saved.map((row) => [`${row.case_study_id}:${row.position}`, row.id]));
    const tr = items.flatMap((item) =>
      Object.entries(item.result.translations).map(([locale, text]) => ({
        id: idAt.get(`${item.caseStudyId}:${item.position}`),
        locale,
        label: (text as { label: string }).label.trim(),
        machine: (text as { machineTranslated?: boolean }).machineTranslated ?? false,
        version: item.version,
      })),
    );
    await tx.query(
      `INSERT INTO result_indicator_translation (result_indicator_id, locale, label, machine_translated,
              source_version, updated_by)
       SELECT u.*, $2::uuid FROM json_to_recordset($1::json)
           AS u(id uuid, locale varchar, label varchar, machine boolean, version int)
       ${anyStored ? ON_CONFLICT.resultIndicatorTranslation : ''}`,
      [JSON.stringify(tr), actorId],
    );
  }

  private async writeLessons(
    tx: EntityManager,
    all: WriteCaseStudy[],
    idOf: (r: WriteCaseStudy) => string,
    wasStored: (r: WriteCaseStudy) => boolean,
    actorId: string | null,
    anyStored: boolean,
  ): Promise<void> {
    const records = all.filter((r) => r.lessons !== undefined);
    if (!records.length) return;
    const before = await this.childVersions(
      tx,
      `SELECT l.id, l.case_study_id, l.position, l.version, l.original_locale, t.text
         FROM lesson l
         LEFT JOIN lesson_translation t ON t.lesson_id = l.id AND t.locale = l.original_locale
        WHERE l.case_study_id = ANY($1::uuid[])`,
      records.filter(wasStored).map(idOf),
    );
    const items = records.flatMap((record) =>
      (record.lessons ?? []).map((lesson, position) => {
        const caseStudyId = idOf(record);
        const originalLocale = lesson.originalLocale ?? record.originalLocale;
        const old = before.get(`${caseStudyId}:${position}`);
        const text = lesson.translations[originalLocale]?.text;
        const version = !old
          ? 1
          : old.original_locale !== originalLocale || old.text !== text
            ? old.version + 1
            : old.version;
        return { caseStudyId, position, lesson, originalLocale, version };
      }),
    );
    const counts = records.map((r) => [idOf(r), r.lessons?.length ?? 0] as const);
    if (anyStored)
      await tx.query(
        `DELETE FROM lesson l USING unnest($1::uuid[], $2::int[]) AS k(cs, n)
        WHERE l.case_study_id = k.cs AND l.position >= k.n`,
        [counts.map((c) => c[0]), counts.map((c) => c[1])],
      );
    if (!items.length) return;
    const saved = await tx.query<{ id: string; case_study_id: string; position: number }[]>(
      `INSERT INTO lesson (case_study_id, position, original_locale, version, themes, created_by, updated_by)
       SELECT u.cs, u.position, u.original_locale, u.version,
              ARRAY(SELECT jsonb_array_elements_text(u.themes::jsonb))::varchar[], $6::uuid, $6::uuid
         FROM unnest($1::uuid[], $2::smallint[], $3::varchar[], $4::int[], $5::text[])
           AS u(cs, position, original_locale, version, themes)
       ${anyStored ? ON_CONFLICT.lesson : ''}
       RETURNING id, case_study_id, position`,
      [
        items.map((i) => i.caseStudyId),
        items.map((i) => i.position),
        items.map((i) => i.originalLocale),
        items.map((i) => i.version),
        items.map((i) => JSON.stringify([...new Set(i.lesson.themes ?? [])])),
        actorId,
      ],
    );
    const idAt = new Map(saved.map((row) => [`${row.case_study_id}:${row.position}`, row.id]));
    const tr = items.flatMap((item) =>
      Object.entries(item.lesson.translations).map(([locale, text]) => ({
        id: idAt.get(`${item.caseStudyId}:${item.position}`),
        locale,
        text: (text as { text: string }).text,
        machine: (text as { machineTranslated?: boolean }).machineTranslated ?? false,
        version: item.version,
      })),
    );
    await tx.query(
      `INSERT INTO lesson_translation (lesson_id, locale, text, machine_translated, source_version, updated_by)
       SELECT u.*, $2::uuid FROM json_to_recordset($1::json)
           AS u(id uuid, locale varchar, text text, machine boolean, version int)
       ${anyStored ? ON_CONFLICT.lessonTranslation : ''}`,
      [JSON.stringify(tr), actorId],
    );
  }
}
