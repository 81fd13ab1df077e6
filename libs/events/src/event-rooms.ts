import type { AuthUser } from '@ashar/accounts';
import type { EntityManager } from 'typeorm';

/**
 * The seam to the discussions domain: when an implementation is provided under EVENT_ROOMS, every
 * new event gets its discussion room, hosted by its facilitators, and the room follows the event's
 * visibility and facilitators when they change. Until then events have no room (`roomId` null) and
 * nothing else changes.
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

  /**
   * Carries an event's changed visibility and facilitators over to its room (if it has one), in the
   * event's transaction: `hostIds` become named hosts, `formerHostIds` not among them stop being.
   */
  updateEventRoom(
    change: { eventId: string; membersOnly?: boolean; hostIds?: string[]; formerHostIds?: string[] },
    actor: AuthUser,
    tx: EntityManager,
  ): Promise<void>;
}

export const EVENT_ROOMS = Symbol('EVENT_ROOMS');
