import { registerEnumType } from '@nestjs/graphql';

export enum EventKind {
  WORKSHOP = 'WORKSHOP',
  VIDEOCONFERENCE = 'VIDEOCONFERENCE',
  KNOWLEDGE_FORUM = 'KNOWLEDGE_FORUM',
  NATIONAL_CONSULTATION = 'NATIONAL_CONSULTATION',
}

export enum EventStatus {
  SCHEDULED = 'SCHEDULED',
  CANCELLED = 'CANCELLED',
}

/** PUBLIC events are listed for guests; MEMBERS events only for signed-in people. */
export enum EventVisibility {
  PUBLIC = 'PUBLIC',
  MEMBERS = 'MEMBERS',
}

registerEnumType(EventKind, { name: 'EventKind' });
registerEnumType(EventStatus, { name: 'EventStatus' });
registerEnumType(EventVisibility, { name: 'EventVisibility' });
