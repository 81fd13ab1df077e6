import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@ashar/accounts';
import { AppError } from '@ashar/errors';
import { RoomScope, RoomScopeRegistry, RoomService, RoomVisibility } from '@ashar/discussions';
import type { EntityManager } from 'typeorm';
import { EventVisibility } from './event-kind';
import type { EventRooms } from './event-rooms';
import { EventsService } from './event.service';

/**
 * The discussions domain asks us whether an event exists and whether the caller may see it, and how
 * its room is set up when someone opens it: the event's visibility, title and facilitators as hosts.
 */
@Injectable()
export class EventRoomScope implements OnModuleInit {
  constructor(
    private readonly registry: RoomScopeRegistry,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(RoomScope.EVENT, {
      isVisible: async (key, user) =>
        /^[0-9a-f-]{36}$/i.test(key) && (await this.events.visibleEventIds(user, [key])).length === 1,
      roomRules: async (key) => {
        const event = await this.events.roomSettings(key);
        if (!event) throw new AppError('NOT_FOUND', 'events:errors.notFound');
        return {
          visibility: roomVisibility(event.visibility === EventVisibility.MEMBERS),
          hostIds: event.facilitatorIds,
          title: event.title,
          originalLocale: event.originalLocale,
        };
      },
    });
  }
}

/** Every new event gets its discussion room (scope EVENT), hosted by its facilitators. */
@Injectable()
export class EventDiscussionRooms implements EventRooms {
  constructor(private readonly rooms: RoomService) {}

  async createEventRoom(
    event: {
      eventId: string;
      title: string;
      countryCodes: string[];
      hostIds: string[];
      membersOnly: boolean;
    },
    actor: AuthUser,
  ): Promise<string> {
    const room = await this.rooms.roomForScope(RoomScope.EVENT, event.eventId, actor, actor.preferredLocale, {
      title: event.title,
      hostIds: event.hostIds,
      visibility: roomVisibility(event.membersOnly),
    });
    return room.id;
  }

  async updateEventRoom(
    change: { eventId: string; membersOnly?: boolean; hostIds?: string[]; formerHostIds?: string[] },
    actor: AuthUser,
    tx: EntityManager,
  ): Promise<void> {
    await this.rooms.updateScopeRoom(
      RoomScope.EVENT,
      change.eventId,
      {
        visibility: change.membersOnly === undefined ? undefined : roomVisibility(change.membersOnly),
        hostIds: change.hostIds,
        formerHostIds: change.formerHostIds,
      },
      actor,
      tx,
    );
  }
}

function roomVisibility(membersOnly: boolean): RoomVisibility {
  return membersOnly ? RoomVisibility.MEMBERS : RoomVisibility.PUBLIC;
}
