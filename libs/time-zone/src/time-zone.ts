/**
 * Wall-clock times in IANA zones and the instants they denote, with Intl alone: no Node API, so the
 * API (events, recurrence, .ics) and the web client (the event form) read local times the same way.
 */

/** Local wall-clock time in some zone (month is 1-based). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

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

/**
 * Zones IANA has renamed whose old names ICU (and so Intl in Node 20 and some browsers) still gives as
 * canonical: a person who chose Kyiv reads Kyiv, not Kiev.
 */
const RENAMED: Record<string, string> = {
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** A zone's current IANA name, for a name Intl gives (`Europe/Kiev` → `Europe/Kyiv`). */
export const currentZoneName = (zone: string): string => RENAMED[zone] ?? zone;

/**
 * The canonical IANA name of a zone Intl knows (e.g. `asia/bishkek` → `Asia/Bishkek`, `Asia/Calcutta`
 * → `Asia/Kolkata`), else undefined.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone || zone.length > 64) return undefined;
  try {
    return currentZoneName(new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);
  } catch {
    return undefined;
  }
}

export function wallClock(instant: Date, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of format(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const wallAsUtc = (wall: WallClock) =>
  Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** Minutes the zone is ahead of UTC at that instant (Bishkek +360, Lima −300). */
export function offsetMinutes(instant: Date, zone: string): number {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallAsUtc(wallClock(new Date(whole), zone)) - whole) / 60_000);
}

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

/** The zone's local time at `instant`, as milliseconds on a UTC clock (09:00 local → 09:00Z that day). */
export function localTime(instant: Date, zone: string): number {
  return instant.getTime() + offsetMinutes(instant, zone) * MINUTE;
}

/**
 * The instant a local time (as `localTime` gives it) denotes, read as RFC 5545 reads a TZID time
 * (§3.3.5): when the clocks go back and it happens twice, the earlier of the two (the first 02:30); when
 * they go forward and it is skipped, with the offset before the gap, i.e. shifted forward by the gap
 * (02:30 becomes 03:30). With `notBefore`, the earliest of two readings at or after it is preferred.
 */
export function fromLocalTime(local: number, zone: string, notBefore = -Infinity): Date {
  const before = offsetMinutes(new Date(local - DAY), zone);
  const offsets = new Set([
    before,
    offsetMinutes(new Date(local), zone),
    offsetMinutes(new Date(local + DAY), zone),
  ]);
  const readings = [...offsets]
    .map((offset) => local - offset * MINUTE)
    .filter((instant) => localTime(new Date(instant), zone) === local)
    .sort((a, b) => a - b);
  if (readings.length === 0) return new Date(local - before * MINUTE);
  return new Date(readings.find((instant) => instant >= notBefore) ?? readings[0]);
}

/** The instant a wall-clock time in a zone denotes (the earlier one when a DST change makes it ambiguous). */
export function fromWallClock(wall: WallClock, zone: string): Date {
  return fromLocalTime(wallAsUtc(wall), zone);
}

/**
 * Whether the instant's local time, written with the zone's name (as .ics files do), denotes the
 * instant itself: false for the second of a local time that happens twice when the clocks go back.
 */
export function denotedByLocalTime(instant: Date, zone: string): boolean {
  return fromLocalTime(localTime(instant, zone), zone).getTime() === instant.getTime();
}

/**
 * Where something at `instant` goes when the event it belongs to moves from `from` in `fromZone` to
 * `to` in `toZone`: the same wall-clock distance from the start (what calendar programs do).
 */
export function followStart(instant: Date, from: Date, fromZone: string, to: Date, toZone: string): Date {
  const distance = localTime(instant, fromZone) - localTime(from, fromZone);
  return fromLocalTime(
    localTime(to, toZone) + distance,
    toZone,
    instant.getTime() >= from.getTime() ? to.getTime() : -Infinity,
  );
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

export function formatOffset(minutes: number, separator = ':'): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}${separator}${pad(Math.abs(minutes) % 60)}`;
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2026-03-10T09:00:00+06:00`. */
export function formatInZone(instant: Date, zone: string): string {
  const wall = wallClock(instant, zone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${formatOffset(offsetMinutes(instant, zone))}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
