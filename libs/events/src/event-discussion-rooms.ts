import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import { UUID } from '@ashar/transport';
import { RoomScope, RoomScopeRegistry, RoomService, RoomVisibility } from '@ashar/discussions';
import type { EntityManager } from 'typeorm';
import { EventVisibility } from './event-kind';
import type { EventRooms } from './event-rooms';
import { EVENT_MANAGER_ROLES, EventsService } from './event.service';

/**
 * The discussions domain asks us whether an event exists and whether the caller may see it, how its
 * room is set up when someone opens it (the event's visibility, title and facilitators as hosts),
 * which roles its hosts need (those that may manage events, so that hosting ends with them), and the
 * event's title in the reader's language, which its room is listed under.
 */
@Injectable()
export class EventRoomScope implements OnModuleInit {
  constructor(
    private readonly registry: RoomScopeRegistry,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(RoomScope.EVENT, {
      visibleKeys: (keys, user) =>
        this.events.visibleEventIds(
          user,
          keys.filter((key) => UUID.test(key)),
        ),
      roomRules: async (key, _user, manager) => {
        const event = UUID.test(key) ? await this.events.roomSettings(key, manager) : null;
        if (!event) throw new AppError('NOT_FOUND', 'events:errors.notFound');
        return {
          visibility: roomVisibility(event.visibility === EventVisibility.MEMBERS),
          hostIds: event.facilitatorIds,
          title: event.title,
          originalLocale: event.originalLocale,
        };
      },
      hostRoles: EVENT_MANAGER_ROLES,
      titles: (keys, locale) =>
        this.events.titles(
          keys.filter((key) => UUID.test(key)),
          locale,
        ),
    });
  }
}

/** Every new event gets its discussion room (scope EVENT), set up by the event's own rules above. */
@Injectable()
export class EventDiscussionRooms implements EventRooms {
  constructor(private readonly rooms: RoomService) {}

  async createEventRoom(eventId: string, actor: AuthUser): Promise<string> {
    const room = await this.rooms.roomForScope(RoomScope.EVENT, eventId, actor, actor.preferredLocale);
    return room.id;
  }

  async updateEventRoom(
    change: {
      eventId: string;
      title?: string;
      membersOnly?: boolean;
      hostIds?: string[];
      formerHostIds?: string[];
    },
    tx: EntityManager,
  ): Promise<() => Promise<void>> {
    const roomId = await this.rooms.updateScopeRoom(
      RoomScope.EVENT,
      change.eventId,
      {
        title: change.title,
        visibility: change.membersOnly === undefined ? undefined : roomVisibility(change.membersOnly),
        hostIds: change.hostIds,
        formerHostIds: change.formerHostIds,
      },
      tx,
    );
    return async () => {
      if (roomId && change.membersOnly !== undefined) await this.rooms.evictNonReaders(roomId);
    };
  }
}

function roomVisibility(membersOnly: boolean): RoomVisibility {
  return membersOnly ? RoomVisibility.MEMBERS : RoomVisibility.PUBLIC;
}
