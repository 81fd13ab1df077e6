import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@ashar/accounts';
import { DiscussionsModule } from '@ashar/discussions';
import { MailModule } from '@ashar/mail';
import { NetworkModule } from '@ashar/network';
import { EventCalendarController } from './event-calendar.controller';
import { EventDiscussionRooms, EventRoomScope } from './event-discussion-rooms';
import { EventNotices } from './event-notices';
import { EventReminders } from './event-reminders';
import { EVENT_ROOMS } from './event-rooms';
import {
  AgendaItemEntity,
  AgendaItemTranslationEntity,
  EventEntity,
  EventFacilitatorEntity,
  EventRegistrationEntity,
  EventTranslationEntity,
} from './event.entities';
import { EventResolver } from './event.resolver';
import { EventsService } from './event.service';

@Module({
  imports: [
    AccountsModule,
    NetworkModule,
    DiscussionsModule,
    MailModule,
    TypeOrmModule.forFeature([
      EventEntity,
      EventTranslationEntity,
      AgendaItemEntity,
      AgendaItemTranslationEntity,
      EventFacilitatorEntity,
      EventRegistrationEntity,
    ]),
  ],
  controllers: [EventCalendarController],
  providers: [
    EventsService,
    EventNotices,
    EventReminders,
    EventResolver,
    EventDiscussionRooms,
    EventRoomScope,
    { provide: EVENT_ROOMS, useExisting: EventDiscussionRooms },
  ],
  exports: [EventsService],
})
export class EventsModule {}
