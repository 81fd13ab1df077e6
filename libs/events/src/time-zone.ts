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

/** The canonical IANA name of a zone Intl knows (e.g. `asia/bishkek` → `Asia/Bishkek`), else undefined. */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!zone || zone.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
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

/** The instant a wall-clock time in a zone denotes (the earlier one when a DST change makes it ambiguous). */
export function fromWallClock(wall: WallClock, zone: string): Date {
  const guess = wallAsUtc(wall);
  const first = offsetMinutes(new Date(guess), zone);
  let instant = guess - first * 60_000;
  const second = offsetMinutes(new Date(instant), zone);
  if (second !== first) instant = guess - second * 60_000;
  return new Date(instant);
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
