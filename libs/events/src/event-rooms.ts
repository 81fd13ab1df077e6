import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@ashar/accounts';

/**
 * The seam to the discussions domain: when an implementation is provided under EVENT_ROOMS, every
 * new event gets its discussion room, set up by the event (its visibility, title, and facilitators as
 * hosts), and the room follows the event's title, visibility and facilitators when they change. Until then
 * events have no room (`roomId` null) and nothing else changes.
 */
export interface EventRooms {
  /** Opens the event's room (idempotent); the room reads its settings from the event itself. */
  createEventRoom(eventId: string, actor: AuthUser): Promise<string>;

  /**
   * Carries an event's changed title, visibility and facilitators over to its room (if it has one), in the
   * event's transaction: `hostIds` (all facilitators now) become named hosts, and `formerHostIds` (the
   * facilitators before) not among them stop hosting unless the room named them host otherwise.
   * Resolves to what to run once that transaction has committed: removing from the room, live, the
   * people who may no longer read it.
   */
  updateEventRoom(
    change: {
      eventId: string;
      title?: string;
      membersOnly?: boolean;
      hostIds?: string[];
      formerHostIds?: string[];
    },
    tx: EntityManager,
  ): Promise<() => Promise<void>>;
}

export const EVENT_ROOMS = Symbol('EVENT_ROOMS');
