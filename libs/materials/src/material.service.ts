import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  coordinatedCountries,
  hasRole,
  isNetworkWide,
  managesCountries,
  Role,
  type AuthUser,
} from '@ashar/accounts';
import { appendOutbox, savedAt } from '@ashar/database';
import { AppError, requireText } from '@ashar/errors';
import { countryName, isLocale, LOCALES, serveTranslation, type Locale } from '@ashar/i18n';
import { EventsService } from '@ashar/events';
import { CaseStudyService, requireThemeKeys } from '@ashar/knowledge';
import { RoomService } from '@ashar/discussions';
import { NetworkService } from '@ashar/network';
import {
  decodeCursor,
  refuseIfEditedSince,
  toConnection,
  toTheMillisecond,
  type ConnectionShape,
} from '@ashar/transport';
import { DataSource, In, type EntityManager } from 'typeorm';
import type {
  MaterialFilter,
  MaterialInput,
  MaterialTranslationInput,
  UpdateMaterialInput,
} from './dto/material.inputs';
import type { MaterialFileModel, MaterialModel, ServedMaterialFileModel } from './dto/material.models';
import { MaterialFileEntity, MaterialEntity, MaterialTranslationEntity } from './material.entities';
import { MaterialStatus, MaterialVisibility } from './material-kind';

export const notFound = () => new AppError('NOT_FOUND', 'materials:errors.notFound');

@Injectable()
export class MaterialsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly network: NetworkService,
    private readonly events: EventsService,
    private readonly caseStudies: CaseStudyService,
    private readonly rooms: RoomService,
  ) {}

  // ----- rules -----

  /** Facilitators and network-wide roles manage every material; coordinators those of their countries. */
  isManager(user: AuthUser | undefined, countryCodes: readonly string[]): boolean {
    if (!user) return false;
    return (
      isNetworkWide(user) ||
      hasRole(user, Role.FACILITATOR) ||
      (countryCodes.length > 0 && managesCountries(user, countryCodes))
    );
  }

  /** Managers edit; the member who proposed a material edits it until it is published. */
  canEdit(user: AuthUser | undefined, row: MaterialEntity): boolean {
    if (!user) return false;
    if (this.isManager(user, row.countryCodes)) return true;
    return row.createdBy === user.id && row.status === MaterialStatus.PROPOSED;
  }

  canSee(viewer: AuthUser | undefined, row: MaterialEntity): boolean {
    if (row.status === MaterialStatus.PUBLISHED)
      return row.visibility === MaterialVisibility.PUBLIC || !!viewer;
    return this.canEdit(viewer, row);
  }

  async requireVisible(viewer: AuthUser | undefined, id: string): Promise<MaterialEntity> {
    const row = await this.db.getRepository(MaterialEntity).findOneBy({ id });
    if (!row || !this.canSee(viewer, row)) throw notFound();
    return row;
  }

  /** NOT_FOUND when the viewer cannot even see it; FORBIDDEN when they see it but may not edit. */
  async requireEditable(
    actor: AuthUser,
    id: string,
    tx: EntityManager = this.db.manager,
  ): Promise<MaterialEntity> {
    const query = tx.getRepository(MaterialEntity).createQueryBuilder('m').where('m.id = :id', { id });
    if (tx.queryRunner?.isTransactionActive) query.setLock('pessimistic_write');
    const row = await query.getOne();
    if (!row || !this.canSee(actor, row)) throw notFound();
    if (!this.canEdit(actor, row)) throw AppError.forbidden('materials:errors.mayNotEdit');
    return row;
  }

  // ----- reading -----

  async list(
    viewer: AuthUser | undefined,
    filter: MaterialFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<MaterialModel>> {
    // The materials of an event or case study the viewer may not see would tell that it exists, and
    // what it is about.
    if (
      (filter.eventId && (await this.events.visibleEventIds(viewer, [filter.eventId])).length === 0) ||
      (filter.caseStudySlug &&
        (await this.caseStudies.visibleSlugs(viewer, [filter.caseStudySlug])).length === 0)
    )
      return toConnection([], first, 0, (m: MaterialModel) => [m.createdAt.toISOString(), m.id]);
    const base = this.db.getRepository(MaterialEntity).createQueryBuilder('m');
    if (!viewer) {
      base.andWhere('m.status = :published AND m.visibility = :public', {
        published: MaterialStatus.PUBLISHED,
        public: MaterialVisibility.PUBLIC,
      });
    } else if (!isNetworkWide(viewer) && !hasRole(viewer, Role.FACILITATOR)) {
      // Proposals are seen by their author and by the coordinators of their countries.
      base.andWhere(
        '(m.status = :published OR m.created_by = :viewer OR m.country_codes && :mine::varchar[])',
        {
          published: MaterialStatus.PUBLISHED,
          viewer: viewer.id,
          mine: viewer.grants
            .filter((g) => g.role === Role.NATIONAL_COORDINATOR && g.countryCode)
            .map((g) => g.countryCode),
        },
      );
    }
    if (filter.kinds?.length) base.andWhere('m.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.themes?.length) base.andWhere('m.themes && :themes::varchar[]', { themes: filter.themes });
    if (filter.eventId) base.andWhere(':eventId::uuid = ANY(m.event_ids)', { eventId: filter.eventId });
    if (filter.caseStudySlug)
      base.andWhere(':slug::varchar = ANY(m.case_study_slugs)', { slug: filter.caseStudySlug });
    if (filter.locales?.length)
      base.andWhere(
        'EXISTS (SELECT 1 FROM material_file f WHERE f.material_id = m.id AND f.locale IN (:...locales))',
        {
          locales: filter.locales,
        },
      );
    const totalCount = await base.clone().getCount();
    const page = base
      .clone()
      .select('m.id', 'id')
      .orderBy(toTheMillisecond('m.created_at'), 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(first + 1);
    if (after) {
      const [createdAt, id] = decodeCursor(after, ['timestamp', 'uuid']);
      page.andWhere(`(${toTheMillisecond('m.created_at')}, m.id) < (:createdAt::timestamptz, :id::uuid)`, {
        createdAt,
        id,
      });
    }
    const ids = (await page.getRawMany<{ id: string }>()).map((row) => row.id);
    const models = await this.toModels(await this.loadRows(ids), viewer, locale);
    return toConnection(models, first, totalCount, (m) => [m.createdAt.toISOString(), m.id]);
  }

  async material(viewer: AuthUser | undefined, id: string, locale: Locale): Promise<MaterialModel> {
    const [row] = await this.loadRows([id]);
    if (!row || !this.canSee(viewer, row)) throw notFound();
    return (await this.toModels([row], viewer, locale))[0];
  }

  /** The latest file in `requested`, else in the original language, else in any language; says which. */
  async servedFile(material: MaterialModel, requested: string): Promise<ServedMaterialFileModel | null> {
    if (!isLocale(requested)) throw AppError.badInput([{ path: 'locale', code: 'isLocale' }]);
    const order = [requested, material.originalLocale, ...LOCALES];
    for (const candidate of order) {
      const file = material.files.find((f) => f.locale === candidate);
      if (file)
        return { requestedLocale: requested, locale: file.locale, fallback: file.locale !== requested, file };
    }
    return null;
  }

  /** The stored row for a download: the latest of a language, or an exact version. */
  async fileFor(materialId: string, locale: Locale, version?: number): Promise<MaterialFileEntity> {
    const row = await this.db.getRepository(MaterialFileEntity).findOne({
      where: { materialId, locale, ...(version ? { version } : {}) },
      order: { version: 'DESC' },
    });
    if (!row)
      throw new AppError('NOT_FOUND', 'materials:errors.fileNotFound', { locale, version: version ?? '' });
    return row;
  }

  // ----- writing -----

  async create(actor: AuthUser, input: MaterialInput, locale: Locale): Promise<MaterialModel> {
    const title = requireText(input.title, 'input.title');
    const links = await this.links(actor, input);
    const manager = this.isManager(actor, links.countryCodes ?? []);
    if (input.status === MaterialStatus.PUBLISHED && !manager) throw publishRefusal(actor, locale);
    const id = await this.db.transaction(async (tx) => {
      const saved = await tx.getRepository(MaterialEntity).save({
        kind: input.kind,
        status: input.status ?? (manager ? MaterialStatus.PUBLISHED : MaterialStatus.PROPOSED),
        visibility: input.visibility ?? MaterialVisibility.PUBLIC,
        originalLocale: input.originalLocale,
        countryCodes: links.countryCodes ?? [],
        themes: links.themes ?? [],
        eventIds: links.eventIds ?? [],
        caseStudySlugs: links.caseStudySlugs ?? [],
        roomIds: links.roomIds ?? [],
        createdBy: actor.id,
        updatedBy: actor.id,
        translations: [{ locale: input.originalLocale, title, description: input.description ?? '' }],
      });
      await this.announce(tx, saved.id, 'material.changed');
      return saved.id;
    });
    return this.material(actor, id, locale);
  }

  async update(
    actor: AuthUser,
    id: string,
    input: UpdateMaterialInput,
    locale: Locale,
  ): Promise<MaterialModel> {
    // Left out or null: unchanged (a title cannot be cleared).
    const title = input.title == null ? undefined : requireText(input.title, 'input.title');
    const saved = await this.db.transaction(async (tx) => {
      const row = await this.requireEditable(actor, id, tx);
      refuseIfEditedSince(row.updatedAt, input.expectedUpdatedAt);
      const links = await this.links(actor, input, row);
      const countryCodes = links.countryCodes ?? row.countryCodes;
      if (input.status && input.status !== row.status && !this.isManager(actor, countryCodes))
        throw publishRefusal(actor, locale);
      // A coordinator may not move a material out of the countries they coordinate.
      if (
        links.countryCodes &&
        !this.isManager(actor, countryCodes) &&
        !this.canEdit(actor, { ...row, countryCodes })
      )
        throw AppError.forbidden('materials:errors.mayNotEdit');
      const changes: Partial<MaterialEntity> = { updatedBy: actor.id, countryCodes };
      if (input.kind) changes.kind = input.kind;
      if (input.status) changes.status = input.status;
      if (input.visibility) changes.visibility = input.visibility;
      if (links.themes) changes.themes = links.themes;
      if (links.eventIds) changes.eventIds = links.eventIds;
      if (links.caseStudySlugs) changes.caseStudySlugs = links.caseStudySlugs;
      if (links.roomIds) changes.roomIds = links.roomIds;
      await tx.getRepository(MaterialEntity).update({ id }, changes);
      if (title !== undefined || input.description !== undefined) {
        const original = await tx
          .getRepository(MaterialTranslationEntity)
          .findOneByOrFail({ materialId: id, locale: row.originalLocale });
        await tx.getRepository(MaterialTranslationEntity).update(
          { materialId: id, locale: row.originalLocale },
          {
            title: title ?? original.title,
            description: input.description ?? original.description,
          },
        );
      }
      await this.announce(tx, id, 'material.changed');
      return savedAt(tx, MaterialEntity, id);
    });
    return { ...(await this.material(actor, id, locale)), updatedAt: saved };
  }

  async translate(
    actor: AuthUser,
    id: string,
    input: MaterialTranslationInput,
    locale: Locale,
  ): Promise<MaterialModel> {
    const title = requireText(input.title, 'input.title');
    const saved = await this.db.transaction(async (tx) => {
      const row = await this.requireEditable(actor, id, tx);
      refuseIfEditedSince(row.updatedAt, input.expectedUpdatedAt);
      // A description left out stays as it was: saving a title alone never blanks it.
      const stored = await tx
        .getRepository(MaterialTranslationEntity)
        .findOneBy({ materialId: id, locale: input.locale });
      await tx.getRepository(MaterialTranslationEntity).upsert(
        {
          materialId: id,
          locale: input.locale,
          title,
          description: input.description ?? stored?.description ?? '',
        },
        ['materialId', 'locale'],
      );
      await tx.getRepository(MaterialEntity).update({ id }, { updatedBy: actor.id });
      await this.announce(tx, id, 'material.changed');
      return savedAt(tx, MaterialEntity, id);
    });
    return { ...(await this.material(actor, id, locale)), updatedAt: saved };
  }

  /** Deletes the rows in one transaction and returns the storage keys to remove once it committed. */
  async delete(actor: AuthUser, id: string): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      await this.requireEditable(actor, id, tx);
      const files = await tx.getRepository(MaterialFileEntity).findBy({ materialId: id });
      await tx.getRepository(MaterialEntity).delete({ id });
      await this.announce(tx, id, 'material.deleted');
      return files.map((file) => file.storageKey);
    });
  }

  /**
   * Adds a file version under a lock on the material, so two uploads of the same language get
   * consecutive versions. The caller stored the bytes first and removes them if this fails.
   */
  async addFile(
    actor: AuthUser,
    materialId: string,
    file: Omit<MaterialFileEntity, 'id' | 'version' | 'createdAt' | 'materialId' | 'createdBy'>,
  ): Promise<MaterialFileModel> {
    const saved = await this.db.transaction(async (tx) => {
      await this.requireEditable(actor, materialId, tx);
      const [{ next }] = await tx.query(
        `SELECT coalesce(max(version), 0) + 1 AS next FROM material_file WHERE material_id = $1 AND locale = $2`,
        [materialId, file.locale],
      );
      const row = await tx
        .getRepository(MaterialFileEntity)
        .save({ ...file, materialId, version: Number(next), createdBy: actor.id });
      await tx.getRepository(MaterialEntity).update({ id: materialId }, { updatedBy: actor.id });
      return row;
    });
    return toFileModel(saved);
  }

  // ----- helpers -----

  private async links(actor: AuthUser, input: Partial<MaterialInput>, stored?: MaterialEntity) {
    // The same taxonomy, and the same error, as case studies and lessons.
    requireThemeKeys(input.themes, 'input.themes');
    const countryCodes = input.countryCodes
      ? [...new Set(input.countryCodes.map((c) => c.toUpperCase()))]
      : undefined;
    for (const [index, code] of (countryCodes ?? []).entries())
      await this.network.requireCountry(code, `input.countryCodes.${index}`);
    const unique = (values: string[] | undefined) =>
      values ? [...new Set(values.map((value) => value.toLowerCase()))] : undefined;
    // Only records the editor may see can be linked: anything else is refused as unknown.
    const eventIds = await checkedLinks(
      unique(input.eventIds),
      stored?.eventIds,
      'eventIds',
      'unknownEvent',
      (ids) => this.events.visibleEventIds(actor, ids),
    );
    const caseStudySlugs = await checkedLinks(
      unique(input.caseStudySlugs),
      stored?.caseStudySlugs,
      'caseStudySlugs',
      'unknownCaseStudy',
      (slugs) => this.caseStudies.visibleSlugs(actor, slugs),
    );
    const roomIds = await checkedLinks(
      unique(input.roomIds),
      stored?.roomIds,
      'roomIds',
      'unknownRoom',
      (ids) => this.rooms.readableRoomIds(actor, ids),
    );
    return {
      countryCodes,
      eventIds,
      themes: input.themes ? [...new Set(input.themes)] : undefined,
      caseStudySlugs,
      roomIds,
    };
  }

  /** Search picks materials up (type MATERIAL) from the outbox, written in the same transaction. */
  private async announce(tx: EntityManager, id: string, topic: string): Promise<void> {
    await appendOutbox(tx, {
      topic,
      aggregateType: 'material',
      aggregateId: id,
      payload: { type: 'MATERIAL' },
    });
  }

  /** The materials `ids` names, in that order (a page's, as its query sorted it). */
  private async loadRows(ids: string[]): Promise<MaterialEntity[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .getRepository(MaterialEntity)
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.translations', 'tr')
      .where('m.id IN (:...ids)', { ids })
      .getMany();
    const at = new Map(ids.map((id, index) => [id, index]));
    return rows.sort((a, b) => (at.get(a.id) as number) - (at.get(b.id) as number));
  }

  private async toModels(
    rows: MaterialEntity[],
    viewer: AuthUser | undefined,
    locale: Locale,
  ): Promise<MaterialModel[]> {
    if (rows.length === 0) return [];
    // A public material may be linked to members-only events, draft case studies or private rooms:
    // name only those the viewer may see.
    const linked = (of: (row: MaterialEntity) => string[]) => [...new Set(rows.flatMap(of))];
    const [visibleEvents, visibleCaseStudies, visibleRooms] = (
      await Promise.all([
        this.events.visibleEventIds(
          viewer,
          linked((row) => row.eventIds),
        ),
        this.caseStudies.visibleSlugs(
          viewer,
          linked((row) => row.caseStudySlugs),
        ),
        this.rooms.readableRoomIds(
          viewer,
          linked((row) => row.roomIds),
        ),
      ])
    ).map((ids) => new Set(ids));
    const files = await this.db.getRepository(MaterialFileEntity).find({
      where: { materialId: In(rows.map((r) => r.id)) },
      order: { locale: 'ASC', version: 'DESC' },
    });
    return rows.map((row) => {
      const served = serveTranslation(row.translations, locale, row.originalLocale);
      const own = files.filter((f) => f.materialId === row.id).map(toFileModel);
      return {
        id: row.id,
        kind: row.kind,
        status: row.status,
        visibility: row.visibility,
        title: served?.translation.title ?? '',
        description: served?.translation.description ?? '',
        locale: served?.translation.locale ?? row.originalLocale,
        originalLocale: row.originalLocale,
        availableLocales: served?.availableLocales ?? [],
        countryCodes: row.countryCodes,
        themes: row.themes,
        eventIds: row.eventIds.filter((eventId) => visibleEvents.has(eventId)),
        caseStudySlugs: row.caseStudySlugs.filter((slug) => visibleCaseStudies.has(slug)),
        roomIds: row.roomIds.filter((roomId) => visibleRooms.has(roomId)),
        files: own,
        fileLocales: [...new Set(own.map((f) => f.locale))],
        viewerCan: {
          edit: this.canEdit(viewer, row),
          publish: row.status !== MaterialStatus.PUBLISHED && this.isManager(viewer, row.countryCodes),
        },
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
    });
  }
}

export function toFileModel(row: MaterialFileEntity): MaterialFileModel {
  return {
    id: row.id,
    locale: row.locale,
    version: row.version,
    size: row.size,
    sha256: row.sha256,
    contentType: row.contentType,
    filename: row.filename,
    createdAt: row.createdAt,
    downloadUrl: `/materials/${row.materialId}/files/${row.locale}?version=${row.version}`,
  };
}

/** Why someone may not publish: a coordinator is told which countries' materials they do publish. */
function publishRefusal(actor: AuthUser, locale: Locale): AppError {
  const coordinated = coordinatedCountries(actor);
  return coordinated.length
    ? new AppError('FORBIDDEN', 'materials:errors.mayNotPublishOutsideCountries', {
        countries: coordinated.map((code) => countryName(locale, code)).join(', '),
      })
    : AppError.forbidden('materials:errors.mayNotPublish');
}

/**
 * `values` as they are to be stored, linked records checked: the first that `visible` does not return
 * (unknown, or not the editor's to see) is refused, naming its place in `input.<field>`, unless it was
 * linked already (`stored`). A stored link the editor cannot see was never shown to them, so leaving it
 * out of `values` does not remove it.
 */
async function checkedLinks(
  values: string[] | undefined,
  stored: readonly string[] = [],
  field: string,
  message: string,
  visible: (values: string[]) => Promise<string[]>,
): Promise<string[] | undefined> {
  if (!values) return undefined;
  const asked = [...new Set([...values, ...stored])];
  const seen = new Set(asked.length ? await visible(asked) : []);
  const missing = values.findIndex((value) => !seen.has(value) && !stored.includes(value));
  if (missing >= 0)
    throw new AppError('BAD_USER_INPUT', `materials:errors.${message}`, {}, [
      { path: `input.${field}.${missing}`, code: 'invalid' },
    ]);
  return [...values, ...stored.filter((value) => !seen.has(value) && !values.includes(value))];
}
