import { registerEnumType } from '@nestjs/graphql';

/** What a room belongs to: the whole network, one country's national network, a theme, an event or a case study. */
export enum RoomScope {
  NETWORK = 'NETWORK',
  COUNTRY = 'COUNTRY',
  THEME = 'THEME',
  EVENT = 'EVENT',
  CASE_STUDY = 'CASE_STUDY',
}

/** PUBLIC: guests read; MEMBERS: signed-in users; PRIVATE: invited members only. */
export enum RoomVisibility {
  PUBLIC = 'PUBLIC',
  MEMBERS = 'MEMBERS',
  PRIVATE = 'PRIVATE',
}

/** A person's standing in one room. Hosts and moderators manage it. */
export enum RoomRole {
  HOST = 'HOST',
  MODERATOR = 'MODERATOR',
  MEMBER = 'MEMBER',
}

/** Scopes that have exactly one room per key, created on first use by `roomForScope`. */
export const SINGLE_ROOM_SCOPES: readonly RoomScope[] = [RoomScope.EVENT, RoomScope.CASE_STUDY];

registerEnumType(RoomScope, { name: 'RoomScope' });
registerEnumType(RoomVisibility, { name: 'RoomVisibility' });
registerEnumType(RoomRole, { name: 'RoomRole' });
