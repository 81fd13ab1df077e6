import { hasRole, isNetworkWide, managesCountries, Role, type AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import type { RoomEntity, RoomMemberEntity, RoomThreadEntity } from './room.entities';
import { RoomRole, RoomScope, RoomVisibility } from './room-kinds';

/**
 * A caller as one room sees them: who they are, their membership row, if any, and what the record the
 * room is about (an event, a case study) says. Built only by `RoomService` (`standing`,
 * `postingContext`, `readers`), so every rule below sees the record's answer.
 */
export interface RoomStanding {
  room: RoomEntity;
  user: AuthUser | undefined;
  member: RoomMemberEntity | null;
  /**
   * False when the room is about a record (EVENT, CASE_STUDY) its domain no longer lets the caller
   * see (e.g. an archived case study): then nobody reads or writes in it, hosts included. Always true
   * for the other scopes.
   */
  recordVisible: boolean;
  /** Roles a named HOST must still hold to host this room (`RoomScopeVerifier.hostRoles`); undefined: none. */
  hostRoles?: readonly Role[];
}

/**
 * Hosts manage a room: network-wide roles everywhere, national coordinators in their country's rooms,
 * and whoever the room names as HOST (an event's own facilitators are named hosts of its room; holding
 * the FACILITATOR role makes no one host of other people's event rooms). A named host of a room whose
 * record asks for roles (an event's room: the roles that may manage events) hosts only while holding
 * one of them.
 */
export function isHost({ room, user, member, hostRoles }: RoomStanding): boolean {
  if (!user) return false;
  if (isNetworkWide(user)) return true;
  if (member?.role === RoomRole.HOST && !member.bannedAt && (!hostRoles || hasRole(user, ...hostRoles)))
    return true;
  return room.scope === RoomScope.COUNTRY && !!room.countryCode && managesCountries(user, [room.countryCode]);
}

export function canModerate(standing: RoomStanding): boolean {
  return isHost(standing) || (standing.member?.role === RoomRole.MODERATOR && !standing.member.bannedAt);
}

/**
 * Why the caller may not read the room, or undefined when they may. A room is never more visible than
 * its record: when the record's domain hides it from the caller, the room does not exist for them
 * (`NOT_FOUND`), whatever their role in it. Network-wide roles keep moderating such rooms because the
 * domains let them see every event and case study.
 */
export function readRefusal(standing: RoomStanding): AppError | undefined {
  const { room, user, member } = standing;
  if (!standing.recordVisible) return discussionNotFound('room', room.id);
  if (canModerate(standing)) return undefined;
  if (member?.bannedAt) return AppError.forbidden('discussions:errors.banned');
  if (room.visibility === RoomVisibility.PUBLIC) return undefined;
  if (!user) return AppError.unauthenticated('discussions:errors.signInToRead');
  if (room.visibility === RoomVisibility.MEMBERS) return undefined;
  return member?.invited ? undefined : AppError.forbidden('discussions:errors.privateRoom');
}

export function requireRead(standing: RoomStanding): void {
  const refusal = readRefusal(standing);
  if (refusal) throw refusal;
}

/** Posting needs a signed-in reader who is neither banned nor muted, in a thread that is open. */
export function postRefusal(standing: RoomStanding, thread?: RoomThreadEntity): AppError | undefined {
  if (!standing.user) return AppError.unauthenticated();
  const refusal = readRefusal(standing);
  if (refusal) return refusal;
  if (canModerate(standing)) return undefined;
  const until = mutedUntil(standing);
  // Written as the reader's language writes a date (in UTC: the server does not know their zone).
  if (until) return new AppError('FORBIDDEN', 'discussions:errors.muted', { until });
  if (thread?.locked) return AppError.forbidden('discussions:errors.threadLocked');
  return undefined;
}

/** A mute's end while it is in force; null once it has passed (or when there is none). */
export const muteInForce = (until: Date | null | undefined): Date | null =>
  until && until.getTime() > Date.now() ? until : null;

/** When the mute this person is under here ends; null when none is in force (hosts and moderators never are). */
export function mutedUntil(standing: RoomStanding): Date | null {
  return canModerate(standing) ? null : muteInForce(standing.member?.mutedUntil);
}

export function requirePost(standing: RoomStanding, thread?: RoomThreadEntity): AuthUser {
  const refusal = postRefusal(standing, thread);
  if (refusal) throw refusal;
  return standing.user as AuthUser;
}

export function requireModerate(standing: RoomStanding): AuthUser {
  requireRead(standing);
  if (!standing.user) throw AppError.unauthenticated();
  if (!canModerate(standing)) throw AppError.forbidden('discussions:errors.cannotModerate');
  return standing.user;
}

export function discussionNotFound(entity: 'room' | 'thread' | 'message' | 'member', id?: string): AppError {
  return new AppError('NOT_FOUND', `discussions:errors.notFound.${entity}`, {}, [], { entity, id });
}

/** Who may open a room of this kind (event and case-study rooms also open themselves on first use). */
export function mayCreateRoom(user: AuthUser, scope: RoomScope, countryCode: string | null): boolean {
  if (isNetworkWide(user)) return true;
  switch (scope) {
    case RoomScope.NETWORK:
      return false;
    case RoomScope.COUNTRY:
      return !!countryCode && managesCountries(user, [countryCode]);
    case RoomScope.THEME:
      return hasRole(user, Role.NATIONAL_COORDINATOR, Role.FACILITATOR);
    case RoomScope.EVENT:
      return hasRole(user, Role.NATIONAL_COORDINATOR, Role.FACILITATOR);
    case RoomScope.CASE_STUDY:
      return true;
  }
}
