import type { AuthUser } from '@ashar/accounts';

/**
 * The seam to the discussions domain: when an implementation is provided under EVENT_ROOMS, every
 * new event gets its discussion room, hosted by its facilitators. Until then events have no room
 * (`roomId` null) and nothing else changes.
 */
export interface EventRooms {
  createEventRoom(
    event: {
      eventId: string;
      title: string;
      countryCodes: string[];
      hostIds: string[];
      membersOnly: boolean;
    },
    actor: AuthUser,
  ): Promise<string>;
}

export const EVENT_ROOMS = Symbol('EVENT_ROOMS');
