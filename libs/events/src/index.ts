export * from './dto/event.inputs';
export * from './dto/event.models';
export * from './event-kind';
export * from './event-rooms';
export * from './event.service';
export * from './events.module';
export { toRRule, type MonthlyRule, type Weekday } from './recurrence';
