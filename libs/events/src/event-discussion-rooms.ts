import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@ashar/accounts';
import { RoomScope, RoomScopeRegistry, RoomService, RoomVisibility } from '@ashar/discussions';
import type { EventRooms } from './event-rooms';
import { EventsService } from './event.service';

/** The discussions domain asks us whether an event exists and whether the caller may see it. */
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
      visibility: event.membersOnly ? RoomVisibility.MEMBERS : RoomVisibility.PUBLIC,
    });
    return room.id;
  }
}
