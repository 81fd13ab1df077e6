import { Injectable } from '@nestjs/common';
import type { AuthUser, Role } from '@ashar/accounts';
import type { Locale } from '@ashar/i18n';
import type { EntityManager } from 'typeorm';
import { RoomScope, type RoomVisibility } from './room-kinds';

/**
 * How the one room about a record is set up when it is created: decided by the record's own domain,
 * never by whoever happens to open the room first.
 */
export interface ScopeRoomRules {
  visibility: RoomVisibility;
  /** People named HOST in the new room (e.g. an event's facilitators); may be empty. */
  hostIds: string[];
  /**
   * Null or left out: a title in the reader's language. At most 300 characters (an event's longest
   * title, which `room.title` holds), where a title people give their own rooms has at most 200.
   */
  title?: string | null;
  originalLocale?: Locale;
}

/**
 * Confirms that the thing a room is about (an event, a case study, a theme) exists and that the caller
 * may see it. Discussions cannot read other domains' tables, and the events library builds on this
 * one, so it plugs its check in here instead (the case-study check is registered by this module).
 */
export interface RoomScopeVerifier {
  /**
   * Those of `keys` that name a record of this scope that `user` (undefined: a guest) may see, in one
   * go. Asked with a single key whenever someone's standing in a room about a record is worked out
   * (every request and socket event), and with many to list rooms, so it should cost about one
   * indexed query however many keys it gets.
   */
  visibleKeys(keys: string[], user: AuthUser | undefined): Promise<string[]>;
  /**
   * The settings of a new room about `key`, asked only after `visibleKeys` accepted it and only when the
   * room does not exist yet. Runs in the transaction that inserts the room (`manager`): read the
   * record through it and lock the record's row (`FOR SHARE`), so a change of the record that commits
   * meanwhile either is read here or finds the room and updates it. May throw an AppError when no room
   * may be opened for the record yet.
   */
  roomRules?(key: string, user: AuthUser, manager: EntityManager): Promise<ScopeRoomRules>;
  /**
   * Roles a person named HOST of such a room must still hold to host it (an event's room: the roles
   * that may manage events). Checked each time, so losing the role ends the hosting at once; a named
   * host without one of them is an ordinary member. Left out: being named is enough.
   */
  hostRoles?: readonly Role[];
  /**
   * The titles of the records `keys` name, each in `locale` where the record has that translation and
   * in its original language otherwise, in one go. Their rooms are listed under these titles, so that
   * each reader sees a record's room named as they read the record. Left out: the title the room keeps.
   */
  titles?(keys: string[], locale: Locale): Promise<Map<string, string>>;
}

/** Scopes whose key names a record of another domain: without a verifier, no key is accepted. */
export const RECORD_SCOPES: readonly RoomScope[] = [RoomScope.EVENT, RoomScope.CASE_STUDY];

/**
 * The seam through which other domains confirm room scope keys. Register from the owning module, e.g.
 * `onModuleInit() { registry.register(RoomScope.EVENT, this.eventsVerifier) }`. It fails closed: a
 * record scope (EVENT, CASE_STUDY) with no verifier accepts no key at all; a THEME key is accepted
 * as given until a verifier is registered for themes.
 */
@Injectable()
export class RoomScopeRegistry {
  private readonly verifiers = new Map<RoomScope, RoomScopeVerifier>();

  register(scope: RoomScope, verifier: RoomScopeVerifier): void {
    this.verifiers.set(scope, verifier);
  }

  async isVisible(scope: RoomScope, key: string, user: AuthUser | undefined): Promise<boolean> {
    const verifier = this.verifiers.get(scope);
    if (!verifier) return !RECORD_SCOPES.includes(scope);
    return (await verifier.visibleKeys([key], user)).includes(key);
  }

  /** The titles of the records that `keys` (of one scope) name, in `locale` where they have it. */
  async titles(scope: RoomScope, keys: readonly string[], locale: Locale): Promise<Map<string, string>> {
    const unique = [...new Set(keys)];
    const verifier = this.verifiers.get(scope);
    if (!verifier?.titles || unique.length === 0) return new Map();
    return verifier.titles(unique, locale);
  }

  /** Those of `keys` (of one scope) that `user` may see. */
  async visibleKeys(
    scope: RoomScope,
    keys: readonly string[],
    user: AuthUser | undefined,
  ): Promise<Set<string>> {
    const unique = [...new Set(keys)];
    const verifier = this.verifiers.get(scope);
    if (!verifier || unique.length === 0) return new Set(RECORD_SCOPES.includes(scope) ? [] : unique);
    return new Set(await verifier.visibleKeys(unique, user));
  }

  /** The record's settings for a new room about it, or undefined when its domain sets none. */
  async roomRules(
    scope: RoomScope,
    key: string,
    user: AuthUser,
    manager: EntityManager,
  ): Promise<ScopeRoomRules | undefined> {
    const verifier = this.verifiers.get(scope);
    return verifier?.roomRules ? verifier.roomRules(key, user, manager) : undefined;
  }

  /** Roles a named host of a room of this scope must hold (undefined: none). */
  hostRoles(scope: RoomScope): readonly Role[] | undefined {
    return this.verifiers.get(scope)?.hostRoles;
  }
}
