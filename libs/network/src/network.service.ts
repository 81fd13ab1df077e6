import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  accountMail,
  AccountsService,
  isNetworkWide,
  managesCountries,
  Role,
  type AuthUser,
} from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { FOREIGN_KEY_VIOLATION, likePattern, pgErrorCode, savedAt, UNIQUE_VIOLATION } from '@ashar/database';
import { AppError, isBlank, optionalText, requireText } from '@ashar/errors';
import { serveTranslation, t, type Locale } from '@ashar/i18n';
import { MailQueue } from '@ashar/mail';
import {
  decodeCursor,
  invalidCursor,
  RateCounter,
  refuseIfEditedSince,
  toConnection,
  type ConnectionShape,
} from '@ashar/transport';
import { DataSource, In, type EntityManager } from 'typeorm';
import type {
  CountryFilter,
  CreateNationalNetworkInput,
  InvitationInput,
  MembershipInput,
  OrganisationFilter,
  OrganisationInput,
  OrganisationTranslationInput,
  UpdateOrganisationInput,
} from './dto/network.inputs';
import type {
  CountryModel,
  NationalNetworkModel,
  OrganisationInvitationModel,
  OrganisationModel,
  OrganisationPermissions,
} from './dto/network.models';
import {
  CountryEntity,
  MembershipEntity,
  NationalNetworkEntity,
  OrganisationEntity,
  OrganisationTranslationEntity,
} from './network.entities';
import {
  ORGANISATION_NAME_MAX_LENGTH,
  organisationNameTooLong,
  organisationSpelling,
} from './organisation-name';

/** How long an invitation to an organisation waits for an account. */
const INVITATION_DAYS = 30;
/** Inviting an address again within this many minutes renews the invitation without mailing it again. */
const RESEND_MINUTES = 10;

/** An organisation as stored or as served: what the permission checks read of it. */
type Managed = OrganisationEntity | OrganisationModel;

@Injectable()
export class NetworkService {
  /** Countries are reference data (249 rows) read on every page; they are loaded once. */
  private countries?: Promise<Map<string, CountryEntity>>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly mail: MailQueue,
    private readonly rates: RateCounter,
  ) {}

  // ----- countries -----

  async country(code: string, locale: Locale): Promise<CountryModel | null> {
    const entity = (await this.countryMap()).get(code.toUpperCase());
    return entity ? toCountry(entity, locale) : null;
  }

  async requireCountry(code: string, path: string): Promise<CountryEntity> {
    const entity = (await this.countryMap()).get(code.toUpperCase());
    if (!entity) throw AppError.badInput([{ path, code: 'unknownCountry' }]);
    return entity;
  }

  async listCountries(
    filter: CountryFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<CountryModel>> {
    const withNetwork = filter.withNetwork
      ? new Set((await this.db.getRepository(NationalNetworkEntity).find()).map((n) => n.countryCode))
      : undefined;
    const needle = filter.search?.trim().toLocaleLowerCase();
    const all = [...(await this.countryMap()).values()]
      .filter((c) => !withNetwork || withNetwork.has(c.code))
      .filter(
        (c) =>
          !needle ||
          c.code.toLowerCase() === needle ||
          Object.values(c.names).some((n) => n.toLocaleLowerCase().includes(needle)),
      )
      .map((c) => toCountry(c, locale))
      .sort((a, b) => a.name.localeCompare(b.name, locale) || a.code.localeCompare(b.code));
    let start = 0;
    if (after) {
      const [code] = decodeCursor(after, ['text']);
      start = all.findIndex((c) => c.code === code) + 1;
      if (start === 0) throw invalidCursor(); // a country not in this list
    }
    return toConnection(all.slice(start, start + first + 1), first, all.length, (c) => [c.code]);
  }

  // ----- national networks -----

  async nationalNetworks(
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<NationalNetworkModel>> {
    const query = this.db
      .getRepository(NationalNetworkEntity)
      .createQueryBuilder('n')
      .orderBy('n.country_code')
      .limit(first + 1);
    if (after) query.where('n.country_code > :after', { after: decodeCursor(after, ['text'])[0] });
    const [rows, totalCount] = await Promise.all([
      query.getMany(),
      this.db.getRepository(NationalNetworkEntity).count(),
    ]);
    const models = await this.toNetworks(rows, locale);
    return toConnection(models, first, totalCount, (n) => [n.country.code]);
  }

  async nationalNetwork(countryCode: string, locale: Locale): Promise<NationalNetworkModel | null> {
    const row = await this.db
      .getRepository(NationalNetworkEntity)
      .findOneBy({ countryCode: countryCode.toUpperCase() });
    return row ? (await this.toNetworks([row], locale))[0] : null;
  }

  async createNationalNetwork(
    actor: AuthUser,
    input: CreateNationalNetworkInput,
    locale: Locale,
  ): Promise<NationalNetworkModel> {
    if (!isNetworkWide(actor)) throw AppError.forbidden();
    const country = await this.requireCountry(input.countryCode, 'input.countryCode');
    try {
      const saved = await this.db.getRepository(NationalNetworkEntity).save({
        countryCode: country.code,
        foundedYear: input.foundedYear ?? null,
        createdBy: actor.id,
      });
      return (await this.toNetworks([saved], locale))[0];
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', 'errors:nationalNetworkExists', {}, [
          { path: 'input.countryCode', code: 'taken' },
        ]);
      }
      throw error;
    }
  }

  private async toNetworks(rows: NationalNetworkEntity[], locale: Locale): Promise<NationalNetworkModel[]> {
    if (rows.length === 0) return [];
    const codes = rows.map((r) => r.countryCode);
    const counts = await this.db
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .select('o.country_code', 'code')
      .addSelect('count(*)::int', 'count')
      .where('o.country_code IN (:...codes)', { codes })
      .groupBy('o.country_code')
      .getRawMany<{ code: string; count: number }>();
    const coordinators = await Promise.all(
      codes.map((code) => this.accounts.holders(Role.NATIONAL_COORDINATOR, code)),
    );
    const countries = await this.countryMap();
    return rows.map((row, index) => {
      const country = toCountry(countries.get(row.countryCode) as CountryEntity, locale);
      return {
        id: row.id,
        name: t(locale, 'common:nationalNetworkName', { country: country.name }),
        country,
        foundedYear: row.foundedYear,
        coordinators: coordinators[index],
        organisationCount: counts.find((c) => c.code === row.countryCode)?.count ?? 0,
      };
    });
  }

  // ----- organisations -----

  async organisations(
    filter: OrganisationFilter,
    first: number,
    after: string | undefined,
    locale: Locale,
  ): Promise<ConnectionShape<OrganisationModel>> {
    const base = this.db.getRepository(OrganisationEntity).createQueryBuilder('o');
    if (filter.countryCodes?.length)
      base.andWhere('o.country_code IN (:...countries)', {
        countries: filter.countryCodes.map((c) => c.toUpperCase()),
      });
    if (filter.kinds?.length) base.andWhere('o.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter.languages?.length)
      base.andWhere('o.languages && :languages::varchar[]', { languages: filter.languages });
    // Any case and any accents: "defensoria" finds "Defensoría del Pueblo", as search does.
    if (filter.search?.trim())
      base.andWhere('ashar_unaccent(o.name) ILIKE ashar_unaccent(:search)', {
        search: likePattern(filter.search),
      });
    if (filter.memberId) {
      base.andWhere(
        'EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = o.id AND m.user_id = :memberId)',
        {
          memberId: filter.memberId,
        },
      );
    }
    const totalCount = await base.clone().getCount();
    // Page over ids first, so the translation join below cannot shrink the page.
    const pageQuery = base
      .clone()
      .select('o.id', 'id')
      .addSelect('lower(o.name)', 'sortName')
      .orderBy('lower(o.name)')
      .addOrderBy('o.id')
      .limit(first + 1);
    if (after) {
      const [name, id] = decodeCursor(after, ['text', 'uuid']);
      pageQuery.andWhere('(lower(o.name), o.id) > (:name, :id)', { name, id });
    }
    const ids = await pageQuery.getRawMany<{ id: string; sortName: string }>();
    // The cursor holds PostgreSQL's lower-casing, which the next page compares with: JavaScript's differs
    // for some letters ('İ', a final 'Σ'), and a page would then skip names or repeat one forever.
    const sortNames = new Map(ids.map((row) => [row.id, row.sortName]));
    const rows = ids.length
      ? await this.db
          .getRepository(OrganisationEntity)
          .createQueryBuilder('o')
          .leftJoinAndSelect('o.translations', 'tr')
          .where('o.id IN (:...ids)', { ids: ids.map((r) => r.id) })
          .orderBy('lower(o.name)')
          .addOrderBy('o.id')
          .getMany()
      : [];
    const models = await Promise.all(rows.map((row) => this.toOrganisation(row, locale)));
    return toConnection(models, first, totalCount, (o) => [sortNames.get(o.id) as string, o.id]);
  }

  async organisation(id: string, locale: Locale): Promise<OrganisationModel> {
    return this.toOrganisation(await this.requireOrganisation(id), locale);
  }

  /** Several organisations in one query (for other domains' DataLoaders); unknown ids are left out. */
  async organisationsByIds(ids: readonly string[], locale: Locale): Promise<OrganisationModel[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .leftJoinAndSelect('o.translations', 'tr')
      .where('o.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return Promise.all(rows.map((row) => this.toOrganisation(row, locale)));
  }

  /** Those of `names` that no organisation has (compared as `findOrCreateOrganisationsByName` does). */
  async unknownOrganisationNames(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const known = await this.db.query<{ name: string }[]>(
      `SELECT n AS name FROM unnest($1::text[]) AS n WHERE EXISTS (SELECT 1 FROM organisation o WHERE lower(o.name) = lower(n))`,
      [names.map(organisationSpelling)],
    );
    const found = new Set(known.map((row) => row.name));
    return names.filter((name) => !found.has(organisationSpelling(name)));
  }

  /**
   * Finds organisations by name (case-insensitively, with PostgreSQL's lower() as the unique index
   * does) or creates those missing, in the caller's transaction, so that a write the database refuses
   * leaves no organisation behind. Used by imports and case-study writes. Missing names are inserted in
   * the order of their folded spelling: two transactions creating overlapping sets wait for each other
   * instead of deadlocking. Where several spellings fold alike, the first one given is stored.
   * Answers each spelling (trimmed and composed, as stored) with its organisation's id.
   */
  async findOrCreateOrganisationsByName(
    tx: EntityManager,
    wanted: readonly {
      name: string;
      kind: OrganisationEntity['kind'];
      originalLocale: Locale;
      /** The country of a new organisation, if known; an existing one keeps its own. */
      countryCode?: string | null;
    }[],
    actorId: string | null,
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    if (wanted.length === 0) return ids;
    const names = wanted.map((w) => organisationSpelling(w.name));
    await tx.query(
      `INSERT INTO organisation (name, kind, original_locale, country_code, languages, created_by, updated_by)
       SELECT w.name, w.kind, w.locale, w.country, '{}', $5, $5
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::char(2)[])
              WITH ORDINALITY AS w(name, kind, locale, country, i)
        WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE lower(o.name) = lower(w.name))
        ORDER BY lower(w.name), w.i
       ON CONFLICT DO NOTHING`,
      [
        names,
        wanted.map((w) => w.kind),
        wanted.map((w) => w.originalLocale),
        wanted.map((w) => w.countryCode ?? null),
        actorId,
      ],
    );
    const rows = await tx.query<{ name: string; id: string }[]>(
      `SELECT n AS name, o.id FROM unnest($1::varchar[]) AS n JOIN organisation o ON lower(o.name) = lower(n)`,
      [names],
    );
    for (const row of rows) ids.set(row.name, row.id);
    return ids;
  }

  async createOrganisation(
    actor: AuthUser,
    input: OrganisationInput,
    locale: Locale,
  ): Promise<OrganisationModel> {
    const countryCode = input.countryCode
      ? (await this.requireCountry(input.countryCode, 'input.countryCode')).code
      : null;
    if (!isNetworkWide(actor) && !(countryCode && managesCountries(actor, [countryCode])))
      throw AppError.forbidden();
    try {
      const saved = await this.db.getRepository(OrganisationEntity).save({
        name: organisationName(input.name),
        kind: input.kind,
        countryCode,
        region: optionalText(input.region),
        languages: [...new Set(input.languages)],
        originalLocale: input.originalLocale,
        contactEmail: input.contactEmail ?? null,
        website: input.website ?? null,
        createdBy: actor.id,
        updatedBy: actor.id,
        // A blank description is none, as a blank region is: it would hide the others in that language.
        translations:
          input.description && !isBlank(input.description)
            ? [{ locale: input.originalLocale, description: input.description.trim() }]
            : [],
      });
      return this.organisation(saved.id, locale);
    } catch (error) {
      throw this.organisationConflict(error);
    }
  }

  async updateOrganisation(
    actor: AuthUser,
    id: string,
    input: UpdateOrganisationInput,
    locale: Locale,
  ): Promise<OrganisationModel> {
    const organisation = await this.requireOrganisation(id);
    await this.requireEditor(actor, organisation);
    const changes: Partial<OrganisationEntity> = { updatedBy: actor.id };
    // Left out or null: unchanged, for what cannot be cleared; region, e-mail and website can be.
    if (input.name != null) changes.name = organisationName(input.name);
    if (input.kind != null) changes.kind = input.kind;
    if (input.region !== undefined) changes.region = optionalText(input.region);
    if (input.languages != null) changes.languages = [...new Set(input.languages)];
    if (input.contactEmail !== undefined) changes.contactEmail = input.contactEmail || null;
    if (input.website !== undefined) changes.website = input.website || null;
    let saved: Date;
    try {
      saved = await this.db.transaction(async (tx) => {
        await this.lockUnchangedSince(tx, id, input.expectedUpdatedAt);
        await tx.getRepository(OrganisationEntity).update({ id }, changes);
        return savedAt(tx, OrganisationEntity, id);
      });
    } catch (error) {
      throw this.organisationConflict(error);
    }
    return { ...(await this.organisation(id, locale)), updatedAt: saved };
  }

  /** Locks the organisation for an edit, refused when it was saved after `expected` (`refuseIfEditedSince`). */
  private async lockUnchangedSince(tx: EntityManager, id: string, expected: Date | undefined): Promise<void> {
    const row = await tx
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .select(['o.id', 'o.updatedAt'])
      .where('o.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!row) throw AppError.notFound('organisation', id);
    refuseIfEditedSince(row.updatedAt, expected);
  }

  /** Adds or replaces the description in one language. */
  async translateOrganisation(
    actor: AuthUser,
    id: string,
    input: OrganisationTranslationInput,
    locale: Locale,
  ): Promise<OrganisationModel> {
    const organisation = await this.requireOrganisation(id);
    await this.requireEditor(actor, organisation);
    const description = requireText(input.description, 'input.description');
    // A translation translates the original: without one, only the original may be written.
    const original = organisation.translations.some((tr) => tr.locale === organisation.originalLocale);
    if (input.locale !== organisation.originalLocale && !original)
      throw new AppError('CONFLICT', 'errors:nothingToTranslate', {}, [
        { path: 'input.locale', code: 'noOriginal' },
      ]);
    const saved = await this.db.transaction(async (tx) => {
      await this.lockUnchangedSince(tx, id, input.expectedUpdatedAt);
      await tx
        .getRepository(OrganisationTranslationEntity)
        .upsert({ organisationId: id, locale: input.locale, description }, ['organisationId', 'locale']);
      await tx.getRepository(OrganisationEntity).update({ id }, { updatedBy: actor.id });
      return savedAt(tx, OrganisationEntity, id);
    });
    return { ...(await this.organisation(id, locale)), updatedAt: saved };
  }

  /**
   * Deletes an organisation no case study names (CONFLICT, `organisationInCaseStudies`, with how many
   * do): deleting would silently drop it from published ones and take its members' drafts from them.
   * The row is locked first: a case study naming it meanwhile (its foreign key shares that lock) waits
   * and is counted, or comes after and finds it gone.
   */
  async deleteOrganisation(actor: AuthUser, id: string): Promise<boolean> {
    if (!isNetworkWide(actor)) throw AppError.forbidden();
    await this.db.transaction(async (tx) => {
      const [found] = await tx.query<{ id: string }[]>(
        `SELECT id FROM organisation WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!found) throw AppError.notFound('organisation', id);
      const [{ count }] = await tx.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM case_study c
          WHERE c.organisation_id = $1
             OR EXISTS (SELECT 1 FROM case_study_organisation l WHERE l.case_study_id = c.id AND l.organisation_id = $1)`,
        [id],
      );
      if (count > 0) throw new AppError('CONFLICT', 'errors:organisationInCaseStudies', { count });
      await tx.getRepository(OrganisationEntity).delete({ id });
    });
    return true;
  }

  // ----- memberships -----

  async addMember(actor: AuthUser, membership: MembershipInput, locale: Locale): Promise<OrganisationModel> {
    const organisation = await this.requireOrganisation(membership.organisationId);
    this.requireManager(actor, organisation);
    const userId = await this.personOf(
      membership,
      () =>
        new AppError('NOT_FOUND', 'errors:notFound.userEmail', {}, [
          { path: 'input.email', code: 'unknownAccount' },
        ]),
    );
    try {
      // The membership and the mail telling the person about it commit together.
      await this.db.transaction(async (tx) => {
        await tx
          .getRepository(MembershipEntity)
          .insert({ organisationId: organisation.id, userId, addedBy: actor.id });
        await this.tellNewMember(actor, userId, organisation, tx);
      });
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) throw new AppError('CONFLICT', 'errors:membershipExists');
      if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) throw AppError.notFound('user', userId);
      throw error;
    }
    return this.toOrganisation(organisation, locale);
  }

  async removeMember(actor: AuthUser, membership: MembershipInput): Promise<boolean> {
    const organisation = await this.requireOrganisation(membership.organisationId);
    this.requireManager(actor, organisation);
    const userId = await this.personOf(membership, () => AppError.notFound('membership'));
    const result = await this.db
      .getRepository(MembershipEntity)
      .delete({ organisationId: organisation.id, userId });
    if (!result.affected) throw AppError.notFound('membership');
    return true;
  }

  /**
   * Invites an address no account uses yet, for INVITATION_DAYS: the account that comes to use it joins
   * the organisation as it is created (a trigger on app_user, migration OrganisationInvitation). The
   * invitation is mailed in the caller's language, since nobody knows the invitee's. Inviting again
   * renews it, and mails it again unless the last mail is under RESEND_MINUTES old. A person sends at
   * most `invitationLimit.perSender` invitations an hour (RATE_LIMITED): each can mail an address
   * nobody has vouched for.
   */
  async invite(actor: AuthUser, invitation: InvitationInput, locale: Locale): Promise<boolean> {
    const organisation = await this.requireOrganisation(invitation.organisationId);
    this.requireManager(actor, organisation);
    const verdict = await this.rates.hit(
      `invite:sender:${actor.id}`,
      this.config.invitationLimit.perSender,
      3600,
    );
    if (!verdict.allowed) throw AppError.rateLimited(verdict.retryAfterSeconds);
    await this.db.transaction(async (tx) => {
      // The same lock the account's trigger takes: an account created meanwhile is seen here, or sees
      // this invitation (migration OrganisationInvitation).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('invitation:' || lower(trim($1))))`, [
        invitation.email,
      ]);
      if (await this.accounts.idOfEmail(invitation.email, tx))
        throw new AppError('CONFLICT', 'errors:accountExists', {}, [{ path: 'input.email', code: 'taken' }]);
      const [row] = await tx.query<{ email: string; mail: boolean }[]>(
        `WITH before AS (SELECT created_at FROM organisation_invitation WHERE organisation_id = $1 AND email = lower(trim($2)))
         INSERT INTO organisation_invitation (organisation_id, email, invited_by, expires_at)
         VALUES ($1, lower(trim($2)), $3, now() + make_interval(days => $4))
         ON CONFLICT (organisation_id, email) DO UPDATE
            SET invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at,
                created_at = CASE WHEN organisation_invitation.created_at > now() - make_interval(mins => $5)
                                  THEN organisation_invitation.created_at ELSE now() END
         RETURNING email, NOT EXISTS (SELECT 1 FROM before WHERE created_at > now() - make_interval(mins => $5)) AS mail`,
        [organisation.id, invitation.email, actor.id, INVITATION_DAYS, RESEND_MINUTES],
      );
      if (!row.mail) return;
      // The address travels in the fragment, which browsers never send: it stays out of request logs.
      const link = `${this.config.publicUrl}/register?lang=${locale}#email=${encodeURIComponent(row.email)}`;
      await this.mail.enqueue(
        accountMail('invitationMail', { email: row.email, displayName: '', preferredLocale: locale }, link, {
          expiry: { count: INVITATION_DAYS },
          params: { organisation: organisation.name, actor: actor.displayName },
        }),
        tx,
      );
    });
    return true;
  }

  /** The invitations waiting for an account, newest first (for those who manage the organisation). */
  async invitations(actor: AuthUser, organisationId: string): Promise<OrganisationInvitationModel[]> {
    const organisation = await this.requireOrganisation(organisationId);
    this.requireManager(actor, organisation);
    const rows = await this.db.query<
      { email: string; invited_by: string | null; created_at: Date; expires_at: Date }[]
    >(
      `SELECT email, invited_by, created_at, expires_at FROM organisation_invitation
        WHERE organisation_id = $1 AND expires_at > now() ORDER BY created_at DESC, email`,
      [organisationId],
    );
    const people = new Map(
      (await this.accounts.persons(rows.flatMap((row) => row.invited_by ?? []))).map((p) => [p.id, p]),
    );
    return rows.map((row) => ({
      email: row.email,
      invitedBy: (row.invited_by && people.get(row.invited_by)) || null,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }));
  }

  async cancelInvitation(actor: AuthUser, invitation: InvitationInput): Promise<boolean> {
    const organisation = await this.requireOrganisation(invitation.organisationId);
    this.requireManager(actor, organisation);
    const [{ deleted }] = await this.db.query<{ deleted: number }[]>(
      `WITH gone AS (DELETE FROM organisation_invitation WHERE organisation_id = $1 AND email = lower(trim($2)) RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [organisation.id, invitation.email],
    );
    if (deleted === 0) throw AppError.notFound('invitation');
    return true;
  }

  /**
   * What the caller may do with an organisation, by the rules its mutations apply: managers (its
   * country's coordinators, network-wide roles) add and remove members; they and its members edit it.
   * `isMember` answers whether the caller belongs to it: a list of organisations passes a batch loader
   * (`membersOf`), so that it asks the database once.
   */
  async permissions(
    actor: AuthUser | undefined,
    organisation: OrganisationModel,
    isMember?: (organisationId: string) => Promise<boolean>,
  ): Promise<OrganisationPermissions> {
    if (!actor) return { edit: false, manageMembers: false };
    return {
      edit: await this.mayEdit(actor, organisation, isMember),
      manageMembers: this.manages(actor, organisation),
    };
  }

  /** For each of `organisationIds`, whether `actor` is a member of it (one query). */
  async membersOf(actor: AuthUser | undefined, organisationIds: readonly string[]): Promise<boolean[]> {
    if (!actor || organisationIds.length === 0) return organisationIds.map(() => false);
    const rows = await this.db
      .getRepository(MembershipEntity)
      .findBy({ userId: actor.id, organisationId: In([...organisationIds]) });
    const member = new Set(rows.map((row) => row.organisationId));
    return organisationIds.map((id) => member.has(id));
  }

  private async isMember(actor: AuthUser | undefined, organisationId: string): Promise<boolean> {
    return (await this.membersOf(actor, [organisationId]))[0];
  }

  /** Tells a person, in their language, that they were added to an organisation and what that allows. */
  private async tellNewMember(
    actor: AuthUser,
    userId: string,
    organisation: OrganisationEntity,
    tx: EntityManager,
  ) {
    const person = await this.accounts.findAuthUser(userId);
    if (!person || person.id === actor.id) return;
    const link = `${this.config.publicUrl}/organisations/${organisation.id}?lang=${person.preferredLocale}`;
    await this.mail.enqueue(
      accountMail('membershipMail', person, link, {
        params: { organisation: organisation.name, actor: actor.displayName },
      }),
      tx,
    );
  }

  /**
   * The account a membership names, by id or (any case) by e-mail address: exactly one of the two.
   * An address no account uses is NOT_FOUND with `unknown` (adding: the person has to sign up first;
   * removing: not a member).
   */
  private async personOf({ userId, email }: MembershipInput, unknown: () => AppError): Promise<string> {
    if (!userId && !email) throw AppError.badInput([{ path: 'input.email', code: 'isNotEmpty' }]);
    if (userId && email)
      throw new AppError('BAD_USER_INPUT', 'errors:memberByIdOrEmail', {}, [
        { path: 'input.email', code: 'idOrEmail' },
      ]);
    if (userId) return userId;
    const found = await this.accounts.idOfEmail(email as string);
    if (!found) throw unknown();
    return found;
  }

  async members(organisationId: string) {
    await this.requireOrganisation(organisationId);
    const rows = await this.db.getRepository(MembershipEntity).findBy({ organisationId });
    return this.accounts.persons(rows.map((r) => r.userId));
  }

  /** The names of the organisations each person belongs to, alphabetically, in `userIds`' order. */
  async organisationNamesOf(userIds: readonly string[]): Promise<string[][]> {
    const rows = await this.db.query<{ user_id: string; name: string }[]>(
      `SELECT m.user_id, o.name FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = ANY($1::uuid[]) ORDER BY lower(o.name), o.id`,
      [userIds],
    );
    const names = new Map<string, string[]>();
    for (const row of rows) names.set(row.user_id, [...(names.get(row.user_id) ?? []), row.name]);
    return userIds.map((id) => names.get(id) ?? []);
  }

  /** Organisations a user belongs to; other domains use it for "members draft for their organisation". */
  async organisationIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db.getRepository(MembershipEntity).findBy({ userId });
    return rows.map((r) => r.organisationId);
  }

  // ----- helpers -----

  private countryMap(): Promise<Map<string, CountryEntity>> {
    this.countries ??= this.db
      .getRepository(CountryEntity)
      .find()
      .then((rows) => new Map(rows.map((row) => [row.code, row])));
    return this.countries;
  }

  private async requireOrganisation(id: string): Promise<OrganisationEntity> {
    const organisation = await this.db
      .getRepository(OrganisationEntity)
      .findOne({ where: { id }, relations: { translations: true } });
    if (!organisation) throw AppError.notFound('organisation', id);
    return organisation;
  }

  /**
   * Managers of an organisation (as stored, or as served with its country): network-wide roles and the
   * coordinators of its country.
   */
  private manages(actor: AuthUser, organisation: Managed): boolean {
    const code = 'countryCode' in organisation ? organisation.countryCode : organisation.country?.code;
    return managesCountries(actor, code ? [code] : []);
  }

  private requireManager(actor: AuthUser, organisation: OrganisationEntity): void {
    if (!this.manages(actor, organisation)) throw AppError.forbidden();
  }

  /** Editors: managers, and the organisation's own members. */
  private async mayEdit(
    actor: AuthUser,
    organisation: Managed,
    isMember: (organisationId: string) => Promise<boolean> = (id) => this.isMember(actor, id),
  ): Promise<boolean> {
    return this.manages(actor, organisation) || isMember(organisation.id);
  }

  private async requireEditor(actor: AuthUser, organisation: OrganisationEntity): Promise<void> {
    if (!(await this.mayEdit(actor, organisation))) throw AppError.forbidden();
  }

  private organisationConflict(error: unknown): unknown {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) {
      return new AppError('CONFLICT', 'errors:CONFLICT', {}, [{ path: 'input.name', code: 'taken' }]);
    }
    return error;
  }

  private async toOrganisation(row: OrganisationEntity, locale: Locale): Promise<OrganisationModel> {
    const served = serveTranslation(row.translations ?? [], locale, row.originalLocale);
    const countries = await this.countryMap();
    const country = row.countryCode ? countries.get(row.countryCode) : undefined;
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      country: country ? toCountry(country, locale) : null,
      region: row.region,
      languages: row.languages,
      description: served?.translation.description ?? null,
      locale: served?.translation.locale ?? row.originalLocale,
      originalLocale: row.originalLocale,
      availableLocales: served?.availableLocales ?? [],
      contactEmail: row.contactEmail,
      website: row.website,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

function toCountry(entity: CountryEntity, locale: Locale): CountryModel {
  return { code: entity.code, name: entity.names[locale] ?? entity.names.en, names: entity.names };
}

/**
 * A name a person typed, as stored: refused on the field `path` when blank (`isNotEmpty`) or too long
 * once composed (`maxLength`).
 */
function organisationName(raw: string, path = 'input.name'): string {
  const spelling = organisationSpelling(requireText(raw, path));
  if (organisationNameTooLong(spelling))
    throw AppError.badInput([
      {
        path,
        code: 'maxLength',
        params: { count: ORGANISATION_NAME_MAX_LENGTH, max: ORGANISATION_NAME_MAX_LENGTH },
      },
    ]);
  return spelling;
}
