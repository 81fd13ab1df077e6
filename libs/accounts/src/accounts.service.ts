import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { FOREIGN_KEY_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from '@ashar/database';
import { AppError, requireText } from '@ashar/errors';
import { countryName, t, type Locale } from '@ashar/i18n';
import { MailQueue } from '@ashar/mail';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { accountMail } from './account-mail';
import { hasRole, isNetworkWide, NETWORK_WIDE_ROLES, type AuthUser, type RoleGrant } from './auth-user';
import type { ChangePasswordInput } from './dto/change-password.input';
import { isVisibleName } from './dto/display-name';
import type { LoginInput } from './dto/login.input';
import type { RoleGrantInput } from './dto/role-grant.input';
import type { SuspendAccountInput } from './dto/suspend-account.input';
import type { UpdateProfileInput } from './dto/update-profile.input';
import type { AuthPayload, PersonModel, UserModel } from './dto/user.model';
import { LoginRateLimiter } from './login-rate-limiter';
import { hashPassword, isUndigested, passwordMatches } from './password';
import { Role } from './role';
import { RoleChangeListeners } from './role-change';
import { TokenService } from './token.service';
import { UserEntity, UserRoleEntity } from './user.entity';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  preferredLocale: Locale;
  grants: RoleGrant[];
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenService,
    private readonly roleChanges: RoleChangeListeners,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly mail: MailQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates an account and its roles in one transaction; CONFLICT when the email is taken. */
  async createUser(newUser: NewUser, grantedBy?: string): Promise<AuthUser> {
    const { password, ...rest } = newUser;
    const passwordHash = await hashPassword(password);
    const id = await this.db.transaction((tx) => this.insertUser(tx, { ...rest, passwordHash }, grantedBy));
    return (await this.findAuthUser(id)) as AuthUser;
  }

  /**
   * Inserts an account, its password already hashed, and its roles in `tx`; CONFLICT when the email
   * is taken (the transaction is then aborted).
   */
  async insertUser(
    tx: EntityManager,
    newUser: Omit<NewUser, 'password'> & { passwordHash: string },
    grantedBy?: string,
  ): Promise<string> {
    // Inputs check this too; an account made another way (the demo, a script) is held to it as well.
    if (!isVisibleName(newUser.displayName))
      throw AppError.badInput([{ path: 'input.displayName', code: 'noInvisibleCharacters' }]);
    try {
      const saved = await tx.getRepository(UserEntity).save({
        email: newUser.email.trim().normalize('NFC'),
        displayName: newUser.displayName,
        passwordHash: newUser.passwordHash,
        preferredLocale: newUser.preferredLocale,
      });
      if (newUser.grants.length > 0) {
        await tx
          .getRepository(UserRoleEntity)
          .insert(
            newUser.grants.map((grant) => ({ ...grant, userId: saved.id, grantedBy: grantedBy ?? null })),
          );
      }
      return saved.id;
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', 'errors:emailTaken', {}, [{ path: 'input.email', code: 'taken' }]);
      }
      throw error;
    }
  }

  async login(input: LoginInput, address: string): Promise<AuthPayload> {
    // One spelling for the budget and the lookup, folded by PostgreSQL's lower() as the unique index on
    // emails is: JavaScript folds some letters differently (`İ`, a final `Σ`), which would lock such an
    // account out or let another spelling find it with a fresh budget.
    const [{ email }] = await this.db.query<{ email: string }[]>(`SELECT lower($1) AS email`, [
      input.email.trim(),
    ]);
    await this.rateLimiter.hit(email, address);
    const found = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = :email', { email })
      .getOne();
    if (!(await passwordMatches(input.password, found?.passwordHash))) {
      throw AppError.unauthenticated('errors:invalidCredentials');
    }
    await this.rateLimiter.succeeded(email, address);
    if (isUndigested(found!.passwordHash)) {
      await this.db
        .getRepository(UserEntity)
        .update({ id: found!.id }, { passwordHash: await hashPassword(input.password) });
    }
    return this.signedIn(found!.id);
  }

  /**
   * The person a Bearer or handshake token stands for: UNAUTHENTICATED when the token is forged,
   * expired or malformed, its account is gone, or its version is no longer the account's (a password
   * change or "sign out everywhere" came after it), all with the same message.
   */
  async userOfToken(token: string): Promise<AuthUser> {
    const claims = this.tokens.verify(token);
    const user = await this.findAuthUser(claims.userId);
    if (!user || user.tokenVersion !== claims.version) throw AppError.unauthenticated('errors:invalidToken');
    return user;
  }

  /**
   * Checks the current password against the account's login budget (so this cannot be used to guess
   * it), stores the new one and revokes every other token: the answer carries the only one that works.
   */
  async changePassword(actor: AuthUser, input: ChangePasswordInput, address: string): Promise<AuthPayload> {
    const [account] = await this.db.query<{ hash: string; budget: string }[]>(
      `SELECT password_hash AS hash, lower(email) AS budget FROM app_user WHERE id = $1`,
      [actor.id],
    );
    if (!account) throw AppError.unauthenticated('errors:invalidToken');
    // `budget` is the key login counts this account's attempts under (its email, folded alike).
    await this.rateLimiter.hit(account.budget, address);
    if (!(await passwordMatches(input.currentPassword, account.hash))) {
      throw new AppError('UNAUTHENTICATED', 'errors:wrongPassword', {}, [
        { path: 'input.currentPassword', code: 'wrongPassword' },
      ]);
    }
    await this.rateLimiter.succeeded(account.budget, address);
    await this.revokeTokens(actor.id, { passwordHash: await hashPassword(input.newPassword) }, (tx) =>
      this.refuseSuspended(tx, actor.id),
    );
    return this.signedIn(actor.id);
  }

  /** Revokes every token of the caller's, this request's included. */
  async signOutEverywhere(actor: AuthUser): Promise<boolean> {
    await this.revokeTokens(actor.id);
    return true;
  }

  /**
   * Revokes every token of the person's: raises the token version (with `changes`, in the same
   * statement; after `first`, in the same transaction), cancels the password-reset links not yet used
   * (whoever read the mailbox before a password change must not keep a way in) and, once committed,
   * tells the listeners.
   */
  async revokeTokens(
    userId: string,
    changes: QueryDeepPartialEntity<UserEntity> = {},
    first?: (tx: EntityManager) => Promise<void>,
  ): Promise<void> {
    const version = await this.db.transaction(async (tx) => {
      await first?.(tx);
      const { raw } = await tx
        .getRepository(UserEntity)
        .createQueryBuilder()
        .update()
        .set({ ...changes, tokenVersion: () => 'token_version + 1' })
        .where('id = :userId', { userId })
        .returning('token_version')
        .execute();
      const [row] = raw as { token_version: number }[];
      if (!row) throw AppError.unauthenticated('errors:invalidToken');
      await tx.query(`DELETE FROM password_reset WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      return row.token_version;
    });
    await this.roleChanges.notify([{ userId, granted: [], revoked: [], tokenVersion: version }]);
  }

  /**
   * A new session for the person: a token of their current version, and who they are. The only way
   * a token is issued, so a suspended account gets none (FORBIDDEN, `errors:accountSuspended`).
   */
  async signedIn(userId: string): Promise<AuthPayload> {
    const user = await this.findUser(userId);
    if (!user) throw AppError.unauthenticated('errors:invalidToken');
    if (user.suspendedAt) throw accountSuspended();
    return this.payload(toAuthUser(user));
  }

  async findAuthUser(id: string): Promise<AuthUser | undefined> {
    const user = await this.findUser(id);
    return user ? toAuthUser(user) : undefined;
  }

  /** The accounts of these ids that exist, with their roles, in one query (order not kept). */
  async findAuthUsers(ids: readonly string[]): Promise<AuthUser[]> {
    if (ids.length === 0) return [];
    const users = await this.db
      .getRepository(UserEntity)
      .find({ where: { id: In([...new Set(ids)]) }, relations: { roles: true } });
    return users.map(toAuthUser);
  }

  private findUser(id: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOne({ where: { id }, relations: { roles: true } });
  }

  /**
   * Suspends an account: it cannot sign in, every token it held stops working and its open sockets
   * close; what it wrote stays. Suspending it again replaces the reason. Who may: see `checkSuspender`.
   */
  async suspendAccount(actor: AuthUser, input: SuspendAccountInput): Promise<UserModel> {
    const reason = input.reason?.trim() || null;
    await this.revokeTokens(
      input.userId,
      {
        suspendedAt: () => 'coalesce(suspended_at, now())',
        suspendedBy: actor.id,
        suspendedByAdmin: hasRole(actor, Role.ADMIN),
        suspensionReason: reason,
      },
      (tx) => this.checkSuspender(tx, actor, input.userId, 'suspend'),
    );
    return this.userModel(input.userId);
  }

  /** Lifts a suspension (nothing happens to an account that is not suspended); its tokens stay revoked. */
  async restoreAccount(actor: AuthUser, userId: string): Promise<UserModel> {
    await this.db.transaction(async (tx) => {
      await this.checkSuspender(tx, actor, userId, 'restore');
      await tx
        .getRepository(UserEntity)
        .update(
          { id: userId },
          { suspendedAt: null, suspendedBy: null, suspendedByAdmin: false, suspensionReason: null },
        );
    });
    return this.userModel(userId);
  }

  /**
   * The steering group and admins suspend accounts and lift suspensions, but nobody their own; nobody
   * suspends an admin (revoke the role first); only admins suspend or restore a steering-group
   * member or an admin, and only admins change or lift a suspension an admin made, even once that admin
   * no longer is one (a steering-group member who took away a suspended peer's role still cannot let
   * them back in). Locks the account
   * first, so a role granted meanwhile (grantRole locks it too) is seen.
   */
  private async checkSuspender(
    tx: EntityManager,
    actor: AuthUser,
    userId: string,
    change: 'suspend' | 'restore',
  ): Promise<void> {
    if (!isNetworkWide(actor)) throw AppError.forbidden();
    if (userId === actor.id)
      throw new AppError('BAD_USER_INPUT', 'errors:cannotSuspendSelf', {}, [
        { path: 'input.userId', code: 'invalid' },
      ]);
    if (!(await this.lockAccount(tx, userId))) throw AppError.notFound('user', userId);
    const [person] = await tx.query<{ roles: Role[]; byAdmin: boolean }[]>(
      `SELECT ARRAY(SELECT role FROM user_role WHERE user_id = u.id) AS roles, u.suspended_by_admin AS "byAdmin"
         FROM app_user u WHERE u.id = $1`,
      [userId],
    );
    if (hasRole(actor, Role.ADMIN)) {
      if (change === 'suspend' && person.roles.includes(Role.ADMIN))
        throw AppError.forbidden('errors:cannotSuspendAdmin');
      return;
    }
    if (person.roles.some((role) => NETWORK_WIDE_ROLES.includes(role)))
      throw AppError.forbidden('errors:adminsOnlySuspension');
    if (person.byAdmin) throw AppError.forbidden('errors:suspendedByAdmin');
  }

  /** Locks an account's row for the transaction: whether it is suspended, or undefined when there is none. */
  private async lockAccount(tx: EntityManager, userId: string): Promise<{ suspended: boolean } | undefined> {
    const [row] = await tx.query<{ suspended: boolean }[]>(
      `SELECT suspended_at IS NOT NULL AS suspended FROM app_user WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    return row;
  }

  /**
   * Refuses (FORBIDDEN, `accountSuspended`) to change a suspended account's password, in the
   * transaction that would: a suspension committing meanwhile waits for it, or it for the suspension.
   */
  async refuseSuspended(tx: EntityManager, userId: string): Promise<void> {
    if ((await this.lockAccount(tx, userId))?.suspended) throw accountSuspended();
  }

  async updateProfile(actor: AuthUser, input: UpdateProfileInput): Promise<UserModel> {
    const changes: Partial<UserEntity> = {};
    // A field left out or null is left as it is: neither can be cleared.
    if (input.displayName != null) changes.displayName = requireText(input.displayName, 'input.displayName');
    if (input.preferredLocale != null) changes.preferredLocale = input.preferredLocale;
    if (input.mentionMail != null) changes.mentionMail = input.mentionMail;
    if (Object.keys(changes).length > 0)
      await this.db.getRepository(UserEntity).update({ id: actor.id }, changes);
    return toUserModel((await this.findAuthUser(actor.id)) as AuthUser);
  }

  /** Network-wide roles grant roles; only an admin grants or revokes ADMIN. */
  async grantRole(actor: AuthUser, input: RoleGrantInput): Promise<UserModel> {
    const grant = this.checkGrant(actor, input);
    let granted: boolean;
    try {
      // The grant and the mail telling the person about it commit together.
      granted = await this.db.transaction(async (tx) => {
        // Locked, as a suspension locks it: a suspended account gets no new role (an admin's role on
        // it would leave an admin nobody can suspend, and perhaps the only admin unable to sign in).
        const account = await this.lockAccount(tx, input.userId);
        if (!account) throw AppError.notFound('user', input.userId);
        if (account.suspended)
          throw new AppError('CONFLICT', 'errors:suspendedGetsNoRole', {}, [
            { path: 'input.userId', code: 'suspended' },
          ]);
        const { raw } = await tx
          .getRepository(UserRoleEntity)
          .createQueryBuilder()
          .insert()
          .values({
            userId: input.userId,
            role: grant.role,
            countryCode: grant.countryCode,
            grantedBy: actor.id,
          })
          .orIgnore()
          .execute();
        if ((raw as unknown[]).length === 0) return false; // the person held this role already
        const person = await this.findAuthUser(input.userId);
        if (person && person.id !== actor.id) await this.tellNewRole(actor, person, grant, tx);
        return true;
      });
    } catch (error) {
      // The account is there (locked above): the country is not.
      if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION)
        throw AppError.badInput([{ path: 'input.countryCode', code: 'unknownCountry' }]);
      throw error;
    }
    if (!granted) return this.userModel(input.userId);
    await this.roleChanges.notify([{ userId: input.userId, granted: [grant], revoked: [] }]);
    return this.userModel(input.userId);
  }

  /** Tells a person, in their language, which role they were given and by whom. */
  private async tellNewRole(
    actor: AuthUser,
    person: AuthUser,
    grant: RoleGrant,
    tx: EntityManager,
  ): Promise<void> {
    const lng = person.preferredLocale;
    const role = t(lng, `common:roles.${grant.role}`);
    const country = grant.countryCode && countryName(lng, grant.countryCode);
    const link = `${this.config.publicUrl}/?lang=${lng}`;
    await this.mail.enqueue(
      accountMail('roleMail', person, link, {
        params: { actor: actor.displayName, role: country ? `${role} (${country})` : role },
      }),
      tx,
    );
  }

  /** CONFLICT when it would leave nobody holding ADMIN (an admin may step down while another remains). */
  async revokeRole(actor: AuthUser, input: RoleGrantInput): Promise<UserModel> {
    const grant = this.checkGrant(actor, input);
    if (grant.role === Role.MEMBER)
      throw new AppError('BAD_USER_INPUT', 'errors:memberRoleKept', {}, [
        { path: 'input.role', code: 'invalid' },
      ]);
    const affected = await this.db.transaction(async (tx) => {
      // The person's own role rows first, locked: two revocations of their last two roles at once
      // take turns, so the second sees the first's and leaves MEMBER. Nobody there: not found.
      const [person] = await tx.query<{ id: string }[]>(`SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, [
        input.userId,
      ]);
      if (!person) throw AppError.notFound('user', input.userId);
      if (grant.role === Role.ADMIN) {
        // Every ADMIN row locked, in one order: of two admins revoking each other at once, the second
        // waits for the first and then sees one admin left.
        const admins = await tx.query<{ user_id: string }[]>(
          `SELECT r.user_id FROM user_role r JOIN app_user u ON u.id = r.user_id AND u.suspended_at IS NULL
            WHERE r.role = $1 ORDER BY r.id FOR UPDATE OF r`,
          [Role.ADMIN],
        );
        if (admins.length > 0 && admins.every((admin) => admin.user_id === input.userId))
          throw new AppError('CONFLICT', 'errors:lastAdmin');
      }
      const query = tx
        .getRepository(UserRoleEntity)
        .createQueryBuilder()
        .delete()
        .where('user_id = :userId AND role = :role', { userId: input.userId, role: grant.role });
      if (grant.countryCode) query.andWhere('country_code = :country', { country: grant.countryCode });
      const { affected: removed } = await query.execute();
      // Nobody is left with no role: an account created without MEMBER gets it back with its last role.
      await tx.query(
        `INSERT INTO user_role (user_id, role) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM user_role WHERE user_id = $1)`,
        [input.userId, Role.MEMBER],
      );
      return removed;
    });
    if (affected) await this.roleChanges.notify([{ userId: input.userId, granted: [], revoked: [grant] }]);
    return this.userModel(input.userId);
  }

  /** A person as the steering group and admins see them: with their suspension, if any. */
  async userModel(id: string): Promise<UserModel> {
    const user = await this.findUser(id);
    if (!user) throw AppError.notFound('user', id);
    return userModelOf(user);
  }

  /**
   * Accounts whose e-mail address or name contains `search` (any case, spaces around it ignored): the
   * one using exactly that address first, then by name; at most `limit`. For those who grant roles.
   */
  async people(search: string, limit: number): Promise<UserModel[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM app_user, lower(trim($1)) AS s
        WHERE s <> '' AND (strpos(lower(email), s) > 0 OR strpos(lower(display_name), s) > 0)
        ORDER BY lower(email) = s DESC, lower(display_name), id
        LIMIT $2`,
      [search, limit],
    );
    const users = await this.db
      .getRepository(UserEntity)
      .find({ where: { id: In(rows.map((row) => row.id)) }, relations: { roles: true } });
    const byId = new Map(users.map((user) => [user.id, userModelOf(user)]));
    return rows.flatMap((row) => byId.get(row.id) ?? []);
  }

  /**
   * The account using an e-mail address, if any, compared folded as login compares it (in
   * PostgreSQL, where JavaScript would fold some letters differently); in `db`'s transaction if given.
   */
  async idOfEmail(email: string, db: EntityManager = this.db.manager): Promise<string | undefined> {
    const [row] = await db.query<{ id: string }[]>(`SELECT id FROM app_user WHERE lower(email) = lower($1)`, [
      email.trim(),
    ]);
    return row?.id;
  }

  /** Public views of several people, for other domains (e.g. a network's coordinators). */
  async persons(ids: readonly string[]): Promise<PersonModel[]> {
    if (ids.length === 0) return [];
    const users = await this.db
      .getRepository(UserEntity)
      .find({ where: { id: In([...ids]) }, order: { displayName: 'ASC' } });
    return users.map((user) => ({ id: user.id, displayName: user.displayName }));
  }

  /**
   * People holding a role (or any of several), optionally for one country (e.g. the national
   * coordinators of KG), whose name contains `nameContains` (any case), by name, at most `limit`. A
   * suspended account is left out: it acts for nobody while suspended, so it is named as nobody's host,
   * coordinator or facilitator.
   */
  async holders(
    role: Role | readonly Role[],
    countryCode?: string,
    { nameContains = '', limit }: { nameContains?: string; limit?: number } = {},
  ): Promise<PersonModel[]> {
    const roles = typeof role === 'string' ? [role] : [...role];
    const query = this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(
        `u.suspended_at IS NULL AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = ANY(:roles)
                 ${countryCode ? 'AND r.country_code = :countryCode' : ''})`,
      )
      .setParameters({ roles, countryCode })
      .orderBy('lower(u.display_name)', 'ASC')
      .addOrderBy('u.id', 'ASC');
    if (nameContains.trim())
      query.andWhere('strpos(lower(u.display_name), lower(:name)) > 0', { name: nameContains.trim() });
    if (limit !== undefined) query.limit(limit);
    const users = await query.getMany();
    return users.map((user) => ({ id: user.id, displayName: user.displayName }));
  }

  private checkGrant(actor: AuthUser, input: RoleGrantInput): RoleGrant {
    if (!isNetworkWide(actor)) throw AppError.forbidden();
    if (input.role === Role.ADMIN && !actor.grants.some((grant) => grant.role === Role.ADMIN)) {
      throw AppError.forbidden('errors:cannotGrantRole');
    }
    const countryCode = input.countryCode?.toUpperCase() ?? null;
    if (input.role === Role.NATIONAL_COORDINATOR && !countryCode) {
      throw new AppError('BAD_USER_INPUT', 'errors:countryScopeRequired', {}, [
        { path: 'input.countryCode', code: 'isDefined' },
      ]);
    }
    if (input.role !== Role.NATIONAL_COORDINATOR && countryCode) {
      throw new AppError('BAD_USER_INPUT', 'errors:countryScopeNotAllowed', {}, [
        { path: 'input.countryCode', code: 'invalid' },
      ]);
    }
    return { role: input.role, countryCode };
  }

  private payload(user: AuthUser): AuthPayload {
    return { accessToken: this.tokens.issue(user.id, user.tokenVersion), user: toUserModel(user) };
  }
}

function toAuthUser(user: UserEntity): AuthUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    preferredLocale: user.preferredLocale,
    mentionMail: user.mentionMail,
    grants: (user.roles ?? []).map((grant) => ({
      role: grant.role,
      countryCode: grant.countryCode?.trim() ?? null,
    })),
    tokenVersion: user.tokenVersion,
  };
}

/** A signed-in person as they see themselves: a session is never a suspended account's. */
export function toUserModel(user: AuthUser): UserModel {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    preferredLocale: user.preferredLocale,
    mentionMail: user.mentionMail,
    roles: [...new Set(user.grants.map((grant) => grant.role))],
    grants: user.grants,
    suspendedAt: null,
    suspensionReason: null,
  };
}

function userModelOf(user: UserEntity): UserModel {
  return {
    ...toUserModel(toAuthUser(user)),
    suspendedAt: user.suspendedAt,
    suspensionReason: user.suspensionReason,
  };
}

/** What a suspended account is told when it tries to sign in, however. */
const accountSuspended = () => AppError.forbidden('errors:accountSuspended');
