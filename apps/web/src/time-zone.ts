/**
 * Wall-clock dates and times in an IANA zone, as a form takes them, to and from instants. The API
 * (libs/events/src/time-zone.ts) reads local times the same way; the web cannot import a server lib,
 * so the few lines needed here are repeated rather than shared.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let found = formats.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, found);
  }
  return found;
}

/** The zone's local time at `instant`, as milliseconds on a UTC clock (09:00 local → 09:00Z that day). */
function localTime(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  const whole = Math.floor(instant / 1000) * 1000;
  for (const part of format(zone).formatToParts(new Date(whole)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return (
    Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) +
    (instant - whole)
  );
}

/** Minutes the zone is ahead of UTC at that instant (Bishkek +360, Lima −300). */
export function offsetMinutes(instant: Date, zone: string): number {
  return Math.round((localTime(instant.getTime(), zone) - instant.getTime()) / MINUTE);
}

/** `UTC+06:00`, `UTC−05:00`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})$/;

/**
 * The instant a date (`YYYY-MM-DD`) and time (`HH:MM`) in `zone` denote: when the clocks go back and
 * the time happens twice, the first of the two (as calendars read it). Undefined when the input is not
 * a date and time, or the time does not exist that day because the clocks go forward over it.
 */
export function instantOf(date: string, time: string, zone: string): Date | undefined {
  const d = LOCAL_DATE.exec(date);
  const t = LOCAL_TIME.exec(time);
  if (!d || !t) return undefined;
  const local = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(local)) return undefined;
  const offsets = new Set([local - DAY, local, local + DAY].map((at) => offsetMinutes(new Date(at), zone)));
  const readings = [...offsets]
    .map((offset) => local - offset * MINUTE)
    .filter((instant) => localTime(instant, zone) === local)
    .sort((a, b) => a - b);
  return readings.length ? new Date(readings[0]) : undefined;
}

/** The date (`YYYY-MM-DD`) and time (`HH:MM`) an instant shows in `zone`: what the form's fields hold. */
export function localDateTime(instant: Date | string, zone: string): { date: string; time: string } {
  const iso = new Date(localTime(new Date(instant).getTime(), zone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Whole days from one `YYYY-MM-DD` to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** `YYYY-MM-DD` some days after another. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The IANA zones this browser knows, with `always` (the viewer's own, say) among them. */
export function timeZones(always: string[] = []): string[] {
  let known: string[] = [];
  try {
    known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    known = [];
  }
  return [...new Set([...known, ...always, 'UTC'])].sort();
}
