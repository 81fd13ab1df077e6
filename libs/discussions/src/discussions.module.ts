import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@ashar/accounts';
import { KnowledgeModule } from '@ashar/knowledge';
import { MailModule } from '@ashar/mail';
import { NetworkModule } from '@ashar/network';
import { RateCounterModule } from '@ashar/transport';
import { CaseStudyRoomScope } from './case-study-room-scope';
import { MentionMailer } from './mention-mailer';
import { ReportMailer } from './report-mailer';
import { MessageReports } from './message-report.service';
import { MessageService } from './message.service';
import { DISCUSSION_ENTITIES } from './room.entities';
import { RoomEvents } from './room-events';
import { RoomGateway } from './room.gateway';
import { RoomRateLimiter } from './room-rate-limiter';
import { RoomRedisAdapter } from './room-redis-adapter';
import { RoomResolver } from './room.resolver';
import { RoomScopeRegistry } from './room-scope-registry';
import { RoomService } from './room.service';

@Module({
  imports: [
    AccountsModule,
    NetworkModule,
    KnowledgeModule,
    MailModule,
    RateCounterModule,
    TypeOrmModule.forFeature(DISCUSSION_ENTITIES),
  ],
  providers: [
    RoomService,
    MessageService,
    MessageReports,
    MentionMailer,
    ReportMailer,
    RoomEvents,
    RoomRateLimiter,
    RoomRedisAdapter,
    RoomScopeRegistry,
    CaseStudyRoomScope,
    RoomGateway,
    RoomResolver,
  ],
  exports: [RoomService, MessageService, RoomScopeRegistry, RoomEvents],
})
export class DiscussionsModule {}
