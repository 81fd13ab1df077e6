import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { coordinatedCountries, isNetworkWide, managesCountries, type AuthUser } from '@ashar/accounts';
import { appendOutbox, savedAt, SqlParams } from '@ashar/database';
import { AppError, optionalText, requireText } from '@ashar/errors';
import { countryName, LOCALES, t, type Locale } from '@ashar/i18n';
import { NetworkService, type CountryModel, type OrganisationModel } from '@ashar/network';
import { decodeCursor, refuseIfEditedSince, toConnection, type ConnectionShape } from '@ashar/transport';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CaseStudyFieldsInput,
  CaseStudyFilter,
  CaseStudyTranslationInput,
  CreateCaseStudyInput,
  LessonFilter,
  LessonInput,
  ResultIndicatorInput,
  TextTranslationInput,
  UpdateCaseStudyInput,
} from './dto/knowledge.inputs';
import type {
  CaseStudyModel,
  CaseStudyOrganisationModel,
  CaseStudyPermissionsModel,
  LessonModel,
  ResultIndicatorModel,
  ThemeModel,
  TranslationTaskModel,
} from './dto/knowledge.models';
import { CaseStudyStatusListeners } from './case-study-status';
import { CaseStudyEntity, LessonEntity, ResultIndicatorEntity } from './knowledge.entities';
import { CaseStudyWriter, type WriteCaseStudy } from './import/case-study-writer';
import {
  num,
  serve,
  translationsJson,
  type CaseStudyRow,
  type LessonRow,
  type ResultRow,
} from './knowledge-rows';
import {
  CaseStudyStatus,
  OrganisationRole,
  TranslatableRecord,
  TranslationTaskReason,
} from './knowledge.enums';
import { requireThemeKeys, THEME_KEYS } from './themes';
import { approachLabel, unitLabel } from './vocabulary';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Case studies are listed newest first by when they were first published (a draft by when it was
 * begun), as search browses them: a case study drafted for months and published today is news today.
 */
const LISTED_AT = `coalesce(cs.published_at, cs.created_at)`;
// `sort_key` keeps the listing time to the microsecond for cursors (a JS Date would round it to
// milliseconds), in ISO form whatever the server's DateStyle.
const sortKey = (time: string) =>
  `to_char(${time} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;
const CASE_STUDY_COLUMNS = `cs.*, ${sortKey(LISTED_AT)}, ${translationsJson('case_study_translation', 'case_study_id', 'cs')} AS translations`;
const LESSON_COLUMNS = `l.*, ${sortKey('l.created_at')}, ${translationsJson('lesson_translation', 'lesson_id', 'l')} AS translations`;

/**
 * Case studies, their result indicators and lessons: reading in a language, the record-level
 * rules (who may draft, edit, publish) and every write. Writes go through one transaction that also
 * appends the outbox event.
 */
@Injectable()
export class CaseStudyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly network: NetworkService,
    private readonly writer: CaseStudyWriter,
    private readonly statusListeners: CaseStudyStatusListeners,
  ) {}

  // ----- reading -----

  themes(locale: Locale): ThemeModel[] {
    return THEME_KEYS.map((key) => ({ key, label: t(locale, `knowledge:themes.${key}`) }));
  }

  async caseStudyBySlug(actor: AuthUser | undefined, slug: string, locale: Locale): Promise<CaseStudyModel> {
    const params = new SqlParams();
    const where = `cs.slug = ${params.add(slug)} AND ${await this.visible(actor, 'cs', params)}`;
    const [row] = await this.db.query<CaseStudyRow[]>(
      `SELECT ${CASE_STUDY_COLUMNS} FROM case_study cs WHERE ${where}`,
      params.values,
    );
    if (!row) throw AppError.notFound('caseStudy');
    return toCaseStudy(row, locale);
  }

  /** Those of `slugs` that `actor` may read (published, or theirs to edit), in one query. */
  async visibleSlugs(actor: AuthUser | undefined, slugs: readonly string[]): Promise<string[]> {
    if (slugs.length === 0) return [];
    const params = new SqlParams();
    const rows = await this.db.query<{ slug: string }[]>(
      `SELECT cs.slug FROM case_study cs
        WHERE cs.slug = ANY(${params.add(slugs)}::text[]) AND ${await this.visible(actor, 'cs', params)}`,
      params.values,
    );
    return rows.map((row) => row.slug);
  }

  /** For other domains: the titles of these case studies, in `locale` where translated, else the original. */
  async titlesBySlug(slugs: readonly string[], locale: Locale): Promise<Map<string, string>> {
    if (slugs.length === 0) return new Map();
    const rows = await this.db.query<{ slug: string; title: string | null }[]>(
      `SELECT cs.slug, coalesce(t.title, o.title) AS title
         FROM case_study cs
         LEFT JOIN case_study_translation t ON t.case_study_id = cs.id AND t.locale = $2
         LEFT JOIN case_study_translation o ON o.case_study_id = cs.id AND o.locale = cs.original_locale
        WHERE cs.slug = ANY($1::text[])`,
      [slugs, locale],
    );
    return new Map(rows.filter((row) => row.title).map((row) => [row.slug, row.title as string]));
  }

  async caseStudies(
    actor: AuthUser | undefined,
    filter: CaseStudyFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<CaseStudyModel>> {
    const params = new SqlParams();
    const statuses = filter.statuses?.length ? filter.statuses : [CaseStudyStatus.PUBLISHED];
    const conditions = [
      `cs.status = ANY(${params.add(statuses)}::varchar[])`,
      await this.visible(actor, 'cs', params),
    ];
    if (filter.countries?.length)
      conditions.push(
        `cs.countries && ${params.add(filter.countries.map((c) => c.toUpperCase()))}::bpchar[]`,
      );
    if (filter.themes?.length) conditions.push(`cs.themes && ${params.add(filter.themes)}::varchar[]`);
    if (filter.yearFrom !== undefined)
      conditions.push(
        `cs.start_year IS NOT NULL AND COALESCE(cs.end_year, 9999) >= ${params.add(filter.yearFrom)}`,
      );
    if (filter.yearTo !== undefined)
      conditions.push(`cs.start_year IS NOT NULL AND cs.start_year <= ${params.add(filter.yearTo)}`);
    if (filter.organisationId)
      conditions.push(
        `(cs.organisation_id = ${params.add(filter.organisationId)} OR EXISTS (SELECT 1 FROM case_study_organisation o WHERE o.case_study_id = cs.id AND o.organisation_id = $${params.values.length}))`,
      );
    const where = conditions.join(' AND ');
    const [{ count }] = await this.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM case_study cs WHERE ${where}`,
      params.values,
    );
    let page = where;
    if (after) {
      const [listedAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page += ` AND (${LISTED_AT}, cs.id) < (${params.add(listedAt)}::timestamptz, ${params.add(id)}::uuid)`;
    }
    const rows = await this.db.query<CaseStudyRow[]>(
      `SELECT ${CASE_STUDY_COLUMNS} FROM case_study cs WHERE ${page}
        ORDER BY ${LISTED_AT} DESC, cs.id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
    return toConnection(
      rows.map((row) => toCaseStudy(row, locale)),
      first,
      count,
      (cs) => [cs.sortKey as string, cs.id],
    );
  }

  async lessons(
    actor: AuthUser | undefined,
    filter: LessonFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<LessonModel>> {
    const params = new SqlParams();
    // Lessons of drafts show only to those who may edit the draft, like the draft itself.
    const conditions = [await this.visible(actor, 'cs', params)];
    if (filter.themes?.length) conditions.push(`l.themes && ${params.add(filter.themes)}::varchar[]`);
    if (filter.countries?.length)
      conditions.push(
        `cs.countries && ${params.add(filter.countries.map((c) => c.toUpperCase()))}::bpchar[]`,
      );
    if (filter.caseStudySlug) conditions.push(`cs.slug = ${params.add(filter.caseStudySlug)}`);
    const where = conditions.join(' AND ');
    const from = `lesson l JOIN case_study cs ON cs.id = l.case_study_id`;
    const [{ count }] = await this.db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${from} WHERE ${where}`,
      params.values,
    );
    let page = where;
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page += ` AND (l.created_at, l.id) < (${params.add(createdAt)}::timestamptz, ${params.add(id)}::uuid)`;
    }
    const rows = await this.db.query<LessonRow[]>(
      `SELECT ${LESSON_COLUMNS} FROM ${from}
        WHERE ${page} ORDER BY l.created_at DESC, l.id DESC LIMIT ${params.add(first + 1)}`,
      params.values,
    );
    return toConnection(
      rows.map((row) => toLesson(row, locale)),
      first,
      count,
      (l) => [l.sortKey as string, l.id],
    );
  }

  /**
   * What needs translating (no text in a language) or re-translating (made from an older version of
   * the original), for the case studies of the countries a coordinator manages.
   */
  async translationTasks(
    actor: AuthUser,
    countries: string[] | undefined,
    first: number,
  ): Promise<TranslationTaskModel[]> {
    const named = countries?.map((c) => c.toUpperCase());
    const outside = isNetworkWide(actor) ? [] : (named ?? []).filter((c) => !managesCountries(actor, [c]));
    if (outside.length > 0)
      throw new AppError('FORBIDDEN', 'knowledge:errors.countriesNotCoordinated', {
        count: outside.length,
        countries: outside.join(', '),
      });
    const scope = isNetworkWide(actor) ? named : (named ?? coordinatedCountries(actor));
    if (!isNetworkWide(actor) && !managesCountries(actor, scope ?? [])) throw AppError.forbidden();
    const params = new SqlParams();
    const inScope = scope?.length ? `AND cs.countries && ${params.add(scope)}::bpchar[]` : '';
    const locales = params.add([...LOCALES]);
    const task = (
      record: TranslatableRecord,
      table: string,
      key: string,
      trTable: string,
      trKey: string,
      join: string,
    ) => `
      SELECT '${record}' AS record, r.id AS record_id, cs.slug AS case_study_slug, loc AS locale,
             r.version AS current_version, tr.source_version AS translated_version, cs.created_at
        FROM ${table} r ${join}
       CROSS JOIN unnest(${locales}::varchar[]) AS loc
        LEFT JOIN ${trTable} tr ON tr.${trKey} = r.${key} AND tr.locale = loc
       WHERE cs.status <> 'ARCHIVED' ${inScope} AND loc <> r.original_locale
         AND (tr.locale IS NULL OR tr.source_version < r.version)`;
    const rows = await this.db.query<
      {
        record: TranslatableRecord;
        record_id: string;
        case_study_slug: string;
        locale: string;
        current_version: number;
        translated_version: number | null;
      }[]
    >(
      `${task(TranslatableRecord.CASE_STUDY, 'case_study', 'id', 'case_study_translation', 'case_study_id', 'JOIN case_study cs ON cs.id = r.id')}
       UNION ALL
       ${task(TranslatableRecord.RESULT_INDICATOR, 'result_indicator', 'id', 'result_indicator_translation', 'result_indicator_id', 'JOIN case_study cs ON cs.id = r.case_study_id')}
       UNION ALL
       ${task(TranslatableRecord.LESSON, 'lesson', 'id', 'lesson_translation', 'lesson_id', 'JOIN case_study cs ON cs.id = r.case_study_id')}
       ORDER BY case_study_slug, record, record_id, locale LIMIT ${params.add(first)}`,
      params.values,
    );
    return rows.map((row) => ({
      record: row.record,
      recordId: row.record_id,
      caseStudySlug: row.case_study_slug,
      locale: row.locale,
      reason:
        row.translated_version === null ? TranslationTaskReason.MISSING : TranslationTaskReason.OUTDATED,
      currentVersion: row.current_version,
      translatedVersion: row.translated_version,
    }));
  }

  // ----- batch reads for DataLoaders (one query per page, whatever its size) -----

  /** Countries are reference data the network domain caches: no query per page. */
  async countries(codes: readonly string[], locale: Locale): Promise<CountryModel[]> {
    const countries = await Promise.all(codes.map((code) => this.network.country(code, locale)));
    return countries.filter((c): c is CountryModel => !!c);
  }

  themeLabels(keys: readonly string[], locale: Locale): ThemeModel[] {
    const position = new Map<string, number>(THEME_KEYS.map((key, i) => [key, i]));
    return [...keys]
      .sort((a, b) => (position.get(a) ?? 99) - (position.get(b) ?? 99))
      .map((key) => ({ key, label: t(locale, `knowledge:themes.${key}`) }));
  }

  async organisationsOf(ids: readonly string[], locale: Locale): Promise<CaseStudyOrganisationModel[][]> {
    const rows = await this.db.query<
      { case_study_id: string; organisation_id: string; role: OrganisationRole }[]
    >(
      `SELECT case_study_id, organisation_id, role FROM case_study_organisation
        WHERE case_study_id = ANY($1::uuid[]) ORDER BY position, role`,
      [ids],
    );
    const organisations = new Map<string, OrganisationModel>(
      (await this.network.organisationsByIds([...new Set(rows.map((r) => r.organisation_id))], locale)).map(
        (o) => [o.id, o],
      ),
    );
    return groupBy(ids, rows, (r) => r.case_study_id).map((list) =>
      list
        .filter((r) => organisations.has(r.organisation_id))
        .map((r) => ({
          role: r.role,
          organisation: organisations.get(r.organisation_id) as OrganisationModel,
        })),
    );
  }

  async resultsOf(ids: readonly string[], locale: Locale): Promise<ResultIndicatorModel[][]> {
    const rows = await this.db.query<ResultRow[]>(
      `SELECT r.*, ${translationsJson('result_indicator_translation', 'result_indicator_id', 'r')} AS translations
         FROM result_indicator r WHERE r.case_study_id = ANY($1::uuid[]) ORDER BY r.position`,
      [ids],
    );
    return groupBy(ids, rows, (r) => r.case_study_id).map((list) => list.map((r) => toResult(r, locale)));
  }

  async lessonsOf(ids: readonly string[], locale: Locale): Promise<LessonModel[][]> {
    const rows = await this.db.query<LessonRow[]>(
      `SELECT ${LESSON_COLUMNS}
         FROM lesson l WHERE l.case_study_id = ANY($1::uuid[]) ORDER BY l.position`,
      [ids],
    );
    return groupBy(ids, rows, (r) => r.case_study_id as string).map((list) =>
      list.map((r) => toLesson(r, locale)),
    );
  }

  async caseStudiesByIds(ids: readonly string[], locale: Locale): Promise<(CaseStudyModel | null)[]> {
    const rows = await this.db.query<CaseStudyRow[]>(
      `SELECT ${CASE_STUDY_COLUMNS} FROM case_study cs WHERE cs.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, toCaseStudy(row, locale)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  // ----- case study writes -----

  async create(actor: AuthUser, input: CreateCaseStudyInput, locale: Locale): Promise<CaseStudyModel> {
    if (!SLUG.test(input.slug)) throw AppError.badInput([{ path: 'input.slug', code: 'invalid' }]);
    const title = requireText(input.title, 'input.title');
    await this.checkFields(input, actor);
    const countries = (input.countries ?? []).map((c) => c.toUpperCase());
    const owner = input.organisationId;
    if (!isNetworkWide(actor) && !(countries.length && managesCountries(actor, countries))) {
      // A coordinator is told what they may do without an organisation; a member, that they need one.
      const coordinated = coordinatedCountries(actor);
      if (!owner)
        throw new AppError(
          'BAD_USER_INPUT',
          coordinated.length
            ? 'knowledge:errors.organisationRequiredOutsideCountries'
            : 'knowledge:errors.organisationRequired',
          {
            countries: coordinated.map((code) => countryName(locale, code)).join(', '),
          },
          [{ path: 'input.organisationId', code: 'isDefined' }],
        );
      if (!(await this.network.organisationIdsOf(actor.id)).includes(owner))
        throw AppError.forbidden('knowledge:errors.notYourCaseStudy');
    }
    if (owner && (await this.network.organisationsByIds([owner], locale)).length === 0)
      throw AppError.notFound('organisation', owner);
    const id = await this.db.transaction(async (tx) => {
      // A slug already taken, even by a create running at this very moment, is a CONFLICT: never an update.
      const outcome = await this.writer.write(
        tx,
        [
          {
            ...fieldsOf(input),
            slug: input.slug,
            status: CaseStudyStatus.DRAFT,
            originalLocale: input.originalLocale,
            // Naming an implementer does not make it the owner: only organisationId does.
            ownerOrganisationId: owner ?? null,
            countries,
            themes: input.themes ?? [],
            organisations: input.organisations ?? [],
            results: [],
            lessons: [],
            translations: {
              [input.originalLocale]: {
                title,
                summary: input.summary,
                body: input.body,
                scalingUp: input.scalingUp,
              },
            },
          },
        ],
        actor.id,
        undefined,
        { createOnly: true },
      );
      return outcome.ids.get(input.slug) as string;
    });
    return this.byId(id, locale);
  }

  async update(
    actor: AuthUser,
    id: string,
    input: UpdateCaseStudyInput,
    locale: Locale,
  ): Promise<CaseStudyModel> {
    await this.checkFields(input, actor);
    const stamp = await this.db.transaction(async (tx) => {
      const row = await this.lockForEdit(tx, actor, id);
      refuseIfEditedSince(row.updated_at, input.expectedUpdatedAt);
      const countries = input.countries?.map((c) => c.toUpperCase());
      if (countries && !(await this.mayEditWithCountries(actor, row, countries)))
        throw new AppError('FORBIDDEN', 'knowledge:errors.countriesOutsideScope');
      const current = asWrite(row);
      await this.writer.write(
        tx,
        [
          {
            ...current,
            ...definedFieldsOf(input, current),
            countries,
            themes: input.themes,
            organisations: input.organisations,
            // Listing organisations never hands the case study to another one (imports go by the first implementer).
            ownerOrganisationId: row.organisation_id,
          },
        ],
        actor.id,
      );
      return savedAt(tx, CaseStudyEntity, id);
    });
    return { ...(await this.byId(id, locale)), updatedAt: stamp };
  }

  async translate(
    actor: AuthUser,
    id: string,
    input: CaseStudyTranslationInput,
    locale: Locale,
  ): Promise<CaseStudyModel> {
    const title = requireText(input.title, 'input.title');
    const stamp = await this.db.transaction(async (tx) => {
      const row = await this.lockForEdit(tx, actor, id);
      refuseIfEditedSince(row.updated_at, input.expectedUpdatedAt);
      // A text left out stays as it was: saving a title alone never blanks the summary and the body.
      const [stored] = await tx.query<{ summary: string; body: string; scaling_up: string | null }[]>(
        `SELECT summary, body, scaling_up FROM case_study_translation WHERE case_study_id = $1 AND locale = $2`,
        [id, input.locale],
      );
      const text = {
        title,
        summary: input.summary ?? stored?.summary ?? '',
        body: input.body ?? stored?.body ?? '',
        // null clears it, as an empty summary or body clears those.
        scalingUp: (input.scalingUp === undefined ? stored?.scaling_up : input.scalingUp) ?? undefined,
        machineTranslated: input.machineTranslated,
      };
      if (input.region?.trim() && (input.locale === row.original_locale || !row.region))
        throw new AppError(
          'BAD_USER_INPUT',
          input.locale === row.original_locale
            ? 'knowledge:errors.translateOriginalRegion'
            : 'knowledge:errors.regionWithoutOriginal',
          {},
          [{ path: 'input.region', code: 'invalid' }],
        );
      refuseMachineOriginal(input, row.original_locale);
      if (input.locale === row.original_locale) {
        // Writing the original is an edit of the original: the writer decides whether it is a new version.
        await this.writer.write(tx, [{ ...asWrite(row), translations: { [input.locale]: text } }], actor.id);
        return savedAt(tx, CaseStudyEntity, id);
      }
      // The region is kept when the input leaves it out, and cleared by an empty one.
      await tx.query(
        `INSERT INTO case_study_translation (case_study_id, locale, title, summary, body, scaling_up,
                machine_translated, source_version, updated_by, region)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11)
         ON CONFLICT (case_study_id, locale) DO UPDATE SET title = EXCLUDED.title, summary = EXCLUDED.summary,
                body = EXCLUDED.body, scaling_up = EXCLUDED.scaling_up,
                region = CASE WHEN $10 THEN EXCLUDED.region ELSE case_study_translation.region END,
                machine_translated = EXCLUDED.machine_translated, source_version = EXCLUDED.source_version,
                updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [
          id,
          input.locale,
          text.title,
          text.summary,
          text.body,
          text.scalingUp ?? null,
          text.machineTranslated,
          row.version,
          actor.id,
          input.region !== undefined,
          optionalText(input.region),
        ],
      );
      await this.touch(tx, id, row.slug, actor.id);
      return savedAt(tx, CaseStudyEntity, id);
    });
    return { ...(await this.byId(id, locale)), updatedAt: stamp };
  }

  async setStatus(
    actor: AuthUser,
    id: string,
    status: CaseStudyStatus.PUBLISHED | CaseStudyStatus.ARCHIVED,
    locale: Locale,
  ): Promise<CaseStudyModel> {
    const slug = await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      if (!managesCountries(actor, row.countries)) {
        // Someone who cannot even read an unpublished case study must not learn that it exists.
        if (row.status !== CaseStudyStatus.PUBLISHED && !(await this.isOrganisationMember(actor, row)))
          throw AppError.notFound('caseStudy', id);
        throw AppError.forbidden('knowledge:errors.cannotPublish');
      }
      await tx.query(
        `UPDATE case_study SET status = $2::varchar,
                published_at = CASE WHEN $2::varchar = 'PUBLISHED' THEN COALESCE(published_at, now()) ELSE published_at END,
                updated_by = $3, updated_at = now()
          WHERE id = $1`,
        [id, status, actor.id],
      );
      await appendOutbox(tx, {
        topic: 'case-study.changed',
        aggregateType: 'case_study',
        aggregateId: id,
        payload: { slug: row.slug, status },
      });
      return row.slug;
    });
    await this.statusListeners.notify([{ id, slug, status }]);
    return this.byId(id, locale);
  }

  // ----- results and lessons -----

  async addResult(
    actor: AuthUser,
    caseStudyId: string,
    input: ResultIndicatorInput,
    locale: Locale,
  ): Promise<ResultIndicatorModel> {
    const label = requireText(input.label, 'input.label');
    const unit = requireText(input.unit, 'input.unit');
    const resultId = await this.db.transaction(async (tx) => {
      const row = await this.lockForEdit(tx, actor, caseStudyId);
      const originalLocale = input.originalLocale ?? row.original_locale;
      const [{ id }] = await tx.query<{ id: string }[]>(
        `INSERT INTO result_indicator (case_study_id, position, value, unit, baseline, baseline_year, year,
                original_locale, version, created_by, updated_by)
         VALUES ($1, (SELECT COALESCE(max(position) + 1, 0) FROM result_indicator WHERE case_study_id = $1),
                 $2, $3, $4, $5, $6, $7, 1, $8, $8)
         RETURNING id`,
        [
          caseStudyId,
          input.value,
          unit,
          input.baseline ?? null,
          input.baselineYear ?? null,
          input.year ?? null,
          originalLocale,
          actor.id,
        ],
      );
      await tx.query(
        `INSERT INTO result_indicator_translation (result_indicator_id, locale, label, source_version, updated_by)
         VALUES ($1, $2, $3, 1, $4)`,
        [id, originalLocale, label, actor.id],
      );
      await this.touch(tx, caseStudyId, row.slug, actor.id);
      return id;
    });
    return (await this.resultsById([resultId], locale))[0];
  }

  async translateResult(
    actor: AuthUser,
    resultId: string,
    input: TextTranslationInput,
    locale: Locale,
  ): Promise<ResultIndicatorModel> {
    const updatedAt = await this.translateChild(
      actor,
      'result_indicator',
      'result_indicator_translation',
      'result_indicator_id',
      'label',
      resultId,
      input,
    );
    return { ...(await this.resultsById([resultId], locale))[0], updatedAt };
  }

  async removeResult(actor: AuthUser, resultId: string): Promise<boolean> {
    return this.removeChild(actor, 'result_indicator', resultId);
  }

  async addLesson(
    actor: AuthUser,
    caseStudyId: string,
    input: LessonInput,
    locale: Locale,
  ): Promise<LessonModel> {
    const text = requireText(input.text, 'input.text');
    requireThemeKeys(input.themes, 'input.themes');
    const lessonId = await this.db.transaction(async (tx) => {
      const row = await this.lockForEdit(tx, actor, caseStudyId);
      const originalLocale = input.originalLocale ?? row.original_locale;
      const [{ id }] = await tx.query<{ id: string }[]>(
        `INSERT INTO lesson (case_study_id, position, original_locale, version, themes, created_by, updated_by)
         VALUES ($1, (SELECT COALESCE(max(position) + 1, 0) FROM lesson WHERE case_study_id = $1), $2, 1,
                 $4::varchar[], $3, $3)
         RETURNING id`,
        [caseStudyId, originalLocale, actor.id, [...new Set(input.themes)]],
      );
      await tx.query(
        `INSERT INTO lesson_translation (lesson_id, locale, text, source_version, updated_by) VALUES ($1, $2, $3, 1, $4)`,
        [id, originalLocale, text, actor.id],
      );
      await appendOutbox(tx, {
        topic: 'lesson.changed',
        aggregateType: 'lesson',
        aggregateId: id,
        payload: { caseStudyId },
      });
      await this.touch(tx, caseStudyId, row.slug, actor.id);
      return id;
    });
    return (await this.lessonsById([lessonId], locale))[0];
  }

  async translateLesson(
    actor: AuthUser,
    lessonId: string,
    input: TextTranslationInput,
    locale: Locale,
  ): Promise<LessonModel> {
    const updatedAt = await this.translateChild(
      actor,
      'lesson',
      'lesson_translation',
      'lesson_id',
      'text',
      lessonId,
      input,
    );
    return { ...(await this.lessonsById([lessonId], locale))[0], updatedAt };
  }

  async removeLesson(actor: AuthUser, lessonId: string): Promise<boolean> {
    return this.removeChild(actor, 'lesson', lessonId);
  }

  // ----- rules -----

  /** What `actor` may do with the case study, by the rules of lockForEdit and setStatus. */
  async permissionsOf(actor: AuthUser | undefined, cs: CaseStudyModel): Promise<CaseStudyPermissionsModel> {
    if (!actor) return { edit: false, publish: false, archive: false };
    const manages = managesCountries(actor, cs.countryCodes);
    const member =
      !manages &&
      cs.status === CaseStudyStatus.DRAFT &&
      !!cs.organisationId &&
      (await this.network.organisationIdsOf(actor.id)).includes(cs.organisationId);
    return {
      edit: manages || member,
      publish: manages && cs.status !== CaseStudyStatus.PUBLISHED,
      archive: manages && cs.status !== CaseStudyStatus.ARCHIVED,
    };
  }

  /** SQL condition: the case study is visible to `actor` (published, or theirs to edit). */
  private async visible(actor: AuthUser | undefined, alias: string, params: SqlParams): Promise<string> {
    if (!actor) return `${alias}.status = 'PUBLISHED'`;
    return `(${alias}.status = 'PUBLISHED' OR ${await this.editableCondition(actor, alias, params)})`;
  }

  /** SQL condition: `actor` may edit the case study (network-wide, its coordinator, or its organisation). */
  private async editableCondition(actor: AuthUser, alias: string, params: SqlParams): Promise<string> {
    if (isNetworkWide(actor)) return 'TRUE';
    const organisations = await this.network.organisationIdsOf(actor.id);
    const countries = coordinatedCountries(actor);
    return `(${alias}.organisation_id = ANY(${params.add(organisations)}::uuid[])
      OR ${alias}.countries && ${params.add(countries)}::bpchar[])`;
  }

  private async lock(tx: EntityManager, id: string): Promise<CaseStudyRow> {
    const [row] = await tx.query<CaseStudyRow[]>(
      `SELECT ${CASE_STUDY_COLUMNS} FROM case_study cs WHERE cs.id = $1 FOR UPDATE OF cs`,
      [id],
    );
    if (!row) throw AppError.notFound('caseStudy', id);
    return row;
  }

  /**
   * Editors: the network-wide roles, the coordinators of its countries, and members of its
   * organisation while it is a draft. Others get NOT_FOUND for drafts they cannot see.
   */
  private async lockForEdit(tx: EntityManager, actor: AuthUser, id: string): Promise<CaseStudyRow> {
    const row = await this.lock(tx, id);
    if (managesCountries(actor, row.countries)) return row;
    if (!(await this.isOrganisationMember(actor, row))) {
      if (row.status !== CaseStudyStatus.PUBLISHED) throw AppError.notFound('caseStudy', id);
      throw AppError.forbidden('knowledge:errors.notYourCaseStudy');
    }
    if (row.status !== CaseStudyStatus.DRAFT) throw AppError.forbidden('knowledge:errors.draftsOnly');
    return row;
  }

  private async mayEditWithCountries(
    actor: AuthUser,
    row: CaseStudyRow,
    countries: string[],
  ): Promise<boolean> {
    // A coordinator must keep one of their own countries (an empty list would put the case study out
    // of their reach); members of the owning organisation place their draft where they like.
    if (managesCountries(actor, countries)) return true;
    return this.isOrganisationMember(actor, row);
  }

  private async isOrganisationMember(actor: AuthUser, row: CaseStudyRow): Promise<boolean> {
    return (
      !!row.organisation_id && (await this.network.organisationIdsOf(actor.id)).includes(row.organisation_id)
    );
  }

  private async checkFields(input: CaseStudyFieldsInput, actor: AuthUser): Promise<void> {
    requireThemeKeys(input.themes, 'input.themes');
    // Naming an organisation the directory lacks adds it to the public directory: only those who may
    // add organisations (network-wide roles, national coordinators) may do that here.
    const named = (input.organisations ?? []).map((org) => org.name);
    if (!isNetworkWide(actor) && coordinatedCountries(actor).length === 0) {
      const unknown = new Set(await this.network.unknownOrganisationNames(named));
      const problems = named.flatMap((name, i) =>
        unknown.has(name) ? [{ path: `input.organisations.${i}.name`, code: 'unknownOrganisation' }] : [],
      );
      if (problems.length) throw AppError.badInput(problems);
    }
    for (const code of input.countries ?? [])
      if (!(await this.network.country(code, 'en')))
        throw new AppError('BAD_USER_INPUT', 'knowledge:errors.unknownCountry', { country: code }, [
          { path: 'input.countries', code: 'unknownCountry' },
        ]);
    if (input.funding && !/^[A-Z]{3}$/.test(input.funding.currency))
      throw AppError.badInput([{ path: 'input.funding.currency', code: 'invalid' }]);
    if (
      input.period?.start !== undefined &&
      input.period.end !== undefined &&
      input.period.end < input.period.start
    )
      throw AppError.badInput([{ path: 'input.period.end', code: 'invalid' }]);
  }

  private async touch(tx: EntityManager, id: string, slug: string, actorId: string): Promise<void> {
    await tx.query(`UPDATE case_study SET updated_by = $2, updated_at = now() WHERE id = $1`, [id, actorId]);
    await appendOutbox(tx, {
      topic: 'case-study.changed',
      aggregateType: 'case_study',
      aggregateId: id,
      payload: { slug },
    });
  }

  /** Adds or replaces one language of a result's label or a lesson's text; the original bumps the version. */
  private async translateChild(
    actor: AuthUser,
    table: 'result_indicator' | 'lesson',
    trTable: string,
    trKey: string,
    column: 'label' | 'text',
    id: string,
    input: TextTranslationInput,
  ): Promise<Date> {
    const text = requireText(input.text, 'input.text');
    if (column === 'label' && text.length > 500)
      throw AppError.badInput([{ path: 'input.text', code: 'maxLength', params: { count: 500, max: 500 } }]);
    const notFound = () => AppError.notFound(table === 'lesson' ? 'lesson' : 'resultIndicator', id);
    return this.db.transaction(async (tx) => {
      // The case study first, then the item: the order every write of its items locks them in.
      const [owner] = await tx.query<{ case_study_id: string }[]>(
        `SELECT case_study_id FROM ${table} WHERE id = $1`,
        [id],
      );
      if (!owner) throw notFound();
      const row = await this.lockForEdit(tx, actor, owner.case_study_id);
      const [child] = await tx.query<{ original_locale: Locale; version: number; updated_at: Date }[]>(
        `SELECT original_locale, version, updated_at FROM ${table} WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!child) throw notFound(); // removed while this waited for the case study
      refuseIfEditedSince(child.updated_at, input.expectedUpdatedAt);
      refuseMachineOriginal(input, child.original_locale);
      let version = child.version;
      if (input.locale === child.original_locale) {
        const [current] = await tx.query<{ value: string }[]>(
          `SELECT ${column} AS value FROM ${trTable} WHERE ${trKey} = $1 AND locale = $2`,
          [id, input.locale],
        );
        if (current?.value !== text) version += 1;
      }
      // Any of its texts saved is a save of the item: an editor who loaded it before must see this one.
      await tx.query(`UPDATE ${table} SET version = $2, updated_by = $3, updated_at = now() WHERE id = $1`, [
        id,
        version,
        actor.id,
      ]);
      await tx.query(
        `INSERT INTO ${trTable} (${trKey}, locale, ${column}, machine_translated, source_version, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (${trKey}, locale) DO UPDATE SET ${column} = EXCLUDED.${column},
                machine_translated = EXCLUDED.machine_translated, source_version = EXCLUDED.source_version,
                updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [id, input.locale, text, input.machineTranslated, version, actor.id],
      );
      if (table === 'lesson')
        await appendOutbox(tx, {
          topic: 'lesson.changed',
          aggregateType: 'lesson',
          aggregateId: id,
          payload: { caseStudyId: owner.case_study_id },
        });
      await this.touch(tx, owner.case_study_id, row.slug, actor.id);
      return savedAt(tx, table === 'lesson' ? LessonEntity : ResultIndicatorEntity, id);
    });
  }

  private async removeChild(
    actor: AuthUser,
    table: 'result_indicator' | 'lesson',
    id: string,
  ): Promise<boolean> {
    await this.db.transaction(async (tx) => {
      const [child] = await tx.query<{ case_study_id: string }[]>(
        `SELECT case_study_id FROM ${table} WHERE id = $1`,
        [id],
      );
      if (!child) throw AppError.notFound(table === 'lesson' ? 'lesson' : 'resultIndicator', id);
      const row = await this.lockForEdit(tx, actor, child.case_study_id);
      await tx.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
      if (table === 'lesson')
        await appendOutbox(tx, {
          topic: 'lesson.deleted',
          aggregateType: 'lesson',
          aggregateId: id,
          payload: {},
        });
      await this.touch(tx, child.case_study_id, row.slug, actor.id);
    });
    return true;
  }

  private async byId(id: string, locale: Locale): Promise<CaseStudyModel> {
    const [model] = await this.caseStudiesByIds([id], locale);
    if (!model) throw AppError.notFound('caseStudy', id);
    return model;
  }

  private async resultsById(ids: string[], locale: Locale): Promise<ResultIndicatorModel[]> {
    const rows = await this.db.query<ResultRow[]>(
      `SELECT r.*, ${translationsJson('result_indicator_translation', 'result_indicator_id', 'r')} AS translations
         FROM result_indicator r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) => toResult(row, locale));
  }

  private async lessonsById(ids: string[], locale: Locale): Promise<LessonModel[]> {
    const rows = await this.db.query<LessonRow[]>(
      `SELECT ${LESSON_COLUMNS}
         FROM lesson l WHERE l.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((row) => toLesson(row, locale));
  }
}

/** Translations are made from the original: it is never marked as machine-translated. */
function refuseMachineOriginal(
  input: { locale: string; machineTranslated: boolean },
  original: string,
): void {
  if (input.locale === original && input.machineTranslated)
    throw new AppError('BAD_USER_INPUT', 'knowledge:errors.originalMachineTranslated', {}, [
      { path: 'input.machineTranslated', code: 'invalid' },
    ]);
}

function groupBy<T>(ids: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}

/** The stored scalar fields of a case study in the writer's shape (collections left to keep). */
function asWrite(row: CaseStudyRow): WriteCaseStudy {
  return {
    slug: row.slug,
    status: row.status,
    originalLocale: row.original_locale,
    region: row.region ?? undefined,
    approaches: row.approaches,
    period: { start: row.start_year ?? undefined, end: row.end_year ?? undefined },
    funding:
      row.funding_amount !== null && row.funding_currency
        ? { amount: Number(row.funding_amount), currency: row.funding_currency }
        : undefined,
    reach: {
      communities: row.reach_communities ?? undefined,
      households: row.reach_households ?? undefined,
      organisations: row.reach_organisations ?? undefined,
      people: row.reach_people ?? undefined,
    },
    sources: row.sources,
    translations: {},
  };
}

function fieldsOf(input: CaseStudyFieldsInput): Partial<WriteCaseStudy> {
  return {
    region: input.region?.trim() || undefined,
    approaches: input.approaches ? [...new Set(input.approaches.map((a) => a.trim()))] : [],
    period: input.period ? { start: input.period.start, end: input.period.end } : undefined,
    funding: input.funding ? { amount: input.funding.amount, currency: input.funding.currency } : undefined,
    reach: input.reach ? { ...input.reach } : undefined,
    sources:
      input.sources?.map((s) => ({ title: s.title, url: s.url, publisher: s.publisher, year: s.year })) ?? [],
  };
}

/** Only the fields an update names replace the stored ones. */
function definedFieldsOf(input: UpdateCaseStudyInput, current: WriteCaseStudy): Partial<WriteCaseStudy> {
  const given = fieldsOf(input);
  return {
    region: input.region !== undefined ? given.region : current.region,
    approaches: input.approaches !== undefined ? given.approaches : current.approaches,
    period: input.period !== undefined ? given.period : current.period,
    funding: input.funding !== undefined ? given.funding : current.funding,
    reach: input.reach !== undefined ? given.reach : current.reach,
    sources: input.sources !== undefined ? given.sources : current.sources,
  };
}

export function toCaseStudy(row: CaseStudyRow, locale: Locale): CaseStudyModel {
  const served = serve(row.translations, locale, row.original_locale, row.version);
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    title: served.text.title,
    summary: served.text.summary,
    body: served.text.body,
    scalingUp: served.text.scaling_up,
    locale: served.locale,
    originalLocale: served.originalLocale,
    availableLocales: served.availableLocales,
    version: row.version,
    machineTranslated: served.machineTranslated,
    outdated: served.outdated,
    translations: served.translations,
    // A translation's own region where it has one; the original's otherwise.
    region: served.text.region ?? row.region,
    approaches: row.approaches.map((key) => ({ key, label: approachLabel(locale, key) })),
    period: { start: row.start_year, end: row.end_year },
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
    sources: row.sources.map((s) => ({
      title: s.title,
      url: s.url ?? null,
      publisher: s.publisher ?? null,
      year: s.year ?? null,
    })),
    organisationId: row.organisation_id,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    publishedAt: row.published_at ? new Date(row.published_at) : null,
    sortKey: row.sort_key,
    countryCodes: row.countries,
    themeKeys: row.themes,
  };
}

function toResult(row: ResultRow, locale: Locale): ResultIndicatorModel {
  const served = serve(row.translations, locale, row.original_locale, row.version);
  return {
    id: row.id,
    caseStudyId: row.case_study_id,
    label: served.text.label,
    value: Number(row.value),
    unit: row.unit,
    unitLabel: unitLabel(locale, row.unit, Number(row.value)),
    baseline: num(row.baseline),
    baselineUnitLabel: row.baseline === null ? null : unitLabel(locale, row.unit, Number(row.baseline)),
    baselineYear: row.baseline_year,
    year: row.year,
    locale: served.locale,
    originalLocale: served.originalLocale,
    availableLocales: served.availableLocales,
    version: row.version,
    machineTranslated: served.machineTranslated,
    outdated: served.outdated,
    translations: served.translations,
    updatedAt: row.updated_at,
  };
}

function toLesson(row: LessonRow, locale: Locale): LessonModel {
  const served = serve(row.translations, locale, row.original_locale, row.version);
  return {
    id: row.id,
    caseStudyId: row.case_study_id,
    text: served.text.text,
    locale: served.locale,
    originalLocale: served.originalLocale,
    availableLocales: served.availableLocales,
    version: row.version,
    machineTranslated: served.machineTranslated,
    outdated: served.outdated,
    translations: served.translations,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    sortKey: row.sort_key,
    themeKeys: row.themes,
  };
}
