import { daysInMonth, fromLocalTime, localTime, wallClock } from '@ashar/time-zone';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A monthly series, the only kind the network runs: "every month on day 15" or "every second
 * Tuesday", at the first occurrence's local time, ending after `count` occurrences or at `until`.
 */
export interface MonthlyRule {
  frequency: 'MONTHLY';
  interval: number;
  monthDay?: number;
  weekday?: Weekday;
  /** 1–4 for the first to fourth such weekday of the month, −1 for the last. */
  ordinal?: number;
  count?: number;
  /** ISO instant; occurrences starting after it are not part of the series. */
  until?: string;
}

export const MAX_OCCURRENCES = 120;

/** Day of the month of the `ordinal`-th `weekday` (−1: the last), or undefined when it does not exist. */
function nthWeekday(year: number, month: number, weekday: Weekday, ordinal: number): number | undefined {
  const target = (WEEKDAYS.indexOf(weekday) + 1) % 7; // JavaScript: Sunday = 0
  const last = daysInMonth(year, month);
  if (ordinal > 0) {
    const firstDow = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const day = 1 + ((target - firstDow + 7) % 7) + (ordinal - 1) * 7;
    return day <= last ? day : undefined;
  }
  const lastDow = new Date(Date.UTC(year, month - 1, last)).getUTCDay();
  return last - ((lastDow - target + 7) % 7);
}

/**
 * Every occurrence start of the series, in order, as instants; the rule is assumed valid. Each is the
 * first occurrence's local time of day on its day, read as RFC 5545 reads it (see `fromLocalTime`), so
 * the first is exactly `start` whenever its local time denotes it (`denotedByLocalTime`).
 */
export function* occurrenceStarts(rule: MonthlyRule, start: Date, zone: string): Generator<Date> {
  const wall = wallClock(start, zone);
  const day = 24 * 3600_000;
  const timeOfDay = ((localTime(start, zone) % day) + day) % day;
  const until = rule.until ? new Date(rule.until).getTime() : Infinity;
  const count = Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  let produced = 0;
  for (let step = 0; produced < count && step < MAX_OCCURRENCES * 12; step++) {
    const monthIndex = wall.month - 1 + step * rule.interval;
    const year = wall.year + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    const dayOfMonth = rule.weekday
      ? nthWeekday(year, month, rule.weekday, rule.ordinal ?? 1)
      : (rule.monthDay ?? wall.day) <= daysInMonth(year, month)
        ? (rule.monthDay ?? wall.day)
        : undefined;
    if (dayOfMonth === undefined) continue;
    const instant = fromLocalTime(Date.UTC(year, month - 1, dayOfMonth) + timeOfDay, zone);
    if (instant.getTime() < start.getTime()) continue;
    if (instant.getTime() > until) return;
    produced++;
    yield instant;
  }
}

/**
 * `rule` moved to a series that now starts at `start`: "on day 15" becomes the new start's day of
 * the month, "every second Tuesday" the new start's weekday at its place in the month. A last
 * weekday stays the last one when the new day is the last such in its month, and a fifth becomes
 * the last (months have at most four of each for sure). Count, end and interval stay.
 */
export function ruleOnStart(rule: MonthlyRule, start: Date, zone: string): MonthlyRule {
  const wall = wallClock(start, zone);
  if (!rule.weekday) return { ...rule, monthDay: wall.day };
  const weekday = WEEKDAYS[(new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 6) % 7];
  const nth = Math.ceil(wall.day / 7);
  const isLast = wall.day + 7 > daysInMonth(wall.year, wall.month);
  return { ...rule, weekday, ordinal: isLast && (rule.ordinal === -1 || nth === 5) ? -1 : nth };
}

/** Does the series start on a day its own rule produces? RFC 5545 calendars expect it to. */
export function startsOnRule(rule: MonthlyRule, start: Date, zone: string): boolean {
  const first = occurrenceStarts(rule, start, zone).next();
  return !first.done && first.value.getTime() === start.getTime();
}

export function lastOccurrenceStart(rule: MonthlyRule, start: Date, zone: string): Date {
  let last = start;
  for (const instant of occurrenceStarts(rule, start, zone)) last = instant;
  return last;
}

/** Upcoming occurrences starting at or after `from`. */
export function upcomingStarts(
  rule: MonthlyRule,
  start: Date,
  zone: string,
  from: Date,
  limit: number,
): Date[] {
  const found: Date[] = [];
  for (const instant of occurrenceStarts(rule, start, zone)) {
    if (found.length >= limit) break;
    if (instant.getTime() >= from.getTime()) found.push(instant);
  }
  return found;
}

const icalUtc = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

/** The RFC 5545 RRULE value, e.g. `FREQ=MONTHLY;BYDAY=2TU;COUNT=10`. */
export function toRRule(rule: MonthlyRule): string {
  const parts = ['FREQ=MONTHLY'];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.weekday) parts.push(`BYDAY=${rule.ordinal ?? 1}${rule.weekday}`);
  else if (rule.monthDay) parts.push(`BYMONTHDAY=${rule.monthDay}`);
  if (rule.count) parts.push(`COUNT=${rule.count}`);
  else if (rule.until) parts.push(`UNTIL=${icalUtc(new Date(rule.until).toISOString())}`);
  return parts.join(';');
}
