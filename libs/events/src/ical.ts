import { denotedByLocalTime, formatOffset, offsetMinutes, wallClock } from '@ashar/time-zone';

/** What one VEVENT says; times are instants, shown in `timeZone` with a generated VTIMEZONE. */
export interface CalendarEntry {
  uid: string;
  title: string;
  description?: string;
  location?: string;
  url?: string;
  startsAt: Date;
  endsAt: Date;
  /** The end of the last occurrence, for recurring series (bounds the VTIMEZONE). */
  seriesEndsAt: Date;
  timeZone: string;
  rrule?: string;
  cancelled: boolean;
  /**
   * Raised by every change (RFC 5545 SEQUENCE), so that a calendar that imported the event takes a
   * moved time or a cancellation from a file downloaded again instead of ignoring it as old.
   */
  sequence: number;
  updatedAt: Date;
  categories?: string[];
}

const CRLF = '\r\n';
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // TEXT may hold no other control character (§3.3.11: TSAFE-CHAR excludes CONTROL): left out.
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
  );
}

/** Folds a content line into pieces of at most 75 octets, never splitting a UTF-8 character (§3.1). */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts toward their 75 octets.
    const limit = pieces.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(`${CRLF} `);
}

const utcStamp = (instant: Date) =>
  `${pad(instant.getUTCFullYear(), 4)}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`;

const localStamp = (instant: Date, zone: string) => {
  const w = wallClock(instant, zone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
};

/**
 * A DATE-TIME property in the zone's local time; in UTC when that local time would be read as another
 * instant (the second of a local time that happens twice as the clocks go back, §3.3.5).
 */
const dateTime = (name: string, instant: Date, zone: string) =>
  denotedByLocalTime(instant, zone)
    ? `${name};TZID=${zone}:${localStamp(instant, zone)}`
    : `${name}:${utcStamp(instant)}`;

/** Instants in [from, to] where the zone's UTC offset changes, to the minute. */
function offsetChanges(zone: string, from: Date, to: Date): { at: Date; before: number; after: number }[] {
  const changes: { at: Date; before: number; after: number }[] = [];
  const day = 24 * 3600_000;
  let previous = from.getTime();
  let previousOffset = offsetMinutes(from, zone);
  for (let probe = previous + day; previous < to.getTime(); probe += day) {
    const offset = offsetMinutes(new Date(probe), zone);
    if (offset !== previousOffset) {
      let low = previous;
      let high = probe;
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (offsetMinutes(new Date(middle), zone) === previousOffset) low = middle;
        else high = middle;
      }
      changes.push({ at: new Date(high), before: previousOffset, after: offset });
      previousOffset = offset;
    }
    previous = probe;
  }
  return changes;
}

/**
 * A VTIMEZONE that describes the zone over the series' span: one observance for the offset at its
 * start and one per change inside it. Calendar programs need it to place TZID times (§3.6.5).
 */
function timeZoneComponent(zone: string, from: Date, to: Date): string[] {
  const start = new Date(from.getTime() - 24 * 3600_000);
  const initial = offsetMinutes(start, zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', at: Date, before: number, after: number) => [
    `BEGIN:${kind}`,
    // The onset is written in the local time that was in force before it.
    `DTSTART:${localBefore(at, before)}`,
    `TZOFFSETFROM:${formatOffset(before, '')}`,
    `TZOFFSETTO:${formatOffset(after, '')}`,
    `END:${kind}`,
  ];
  lines.push(...observance('STANDARD', start, initial, initial));
  for (const change of offsetChanges(zone, start, new Date(to.getTime() + 24 * 3600_000))) {
    lines.push(
      ...observance(
        change.after > change.before ? 'DAYLIGHT' : 'STANDARD',
        change.at,
        change.before,
        change.after,
      ),
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The wall-clock time at `at` under the offset in force just before it. */
function localBefore(at: Date, offset: number): string {
  const shifted = new Date(at.getTime() + offset * 60_000);
  return utcStamp(shifted).slice(0, -1);
}

/** A complete VCALENDAR for one or more events, with CRLF line endings and folded lines. */
export function buildCalendar(entries: CalendarEntry[], now = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ashar//Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  const zones = new Map<string, { from: Date; to: Date }>();
  for (const entry of entries) {
    const known = zones.get(entry.timeZone);
    zones.set(entry.timeZone, {
      from: known && known.from < entry.startsAt ? known.from : entry.startsAt,
      to: known && known.to > entry.seriesEndsAt ? known.to : entry.seriesEndsAt,
    });
  }
  for (const [zone, span] of zones) lines.push(...timeZoneComponent(zone, span.from, span.to));
  for (const entry of entries) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${entry.uid}`,
      `DTSTAMP:${utcStamp(now)}`,
      `LAST-MODIFIED:${utcStamp(entry.updatedAt)}`,
      `SEQUENCE:${entry.sequence}`,
      dateTime('DTSTART', entry.startsAt, entry.timeZone),
      dateTime('DTEND', entry.endsAt, entry.timeZone),
    );
    if (entry.rrule) lines.push(`RRULE:${entry.rrule}`);
    lines.push(`SUMMARY:${escapeText(entry.title)}`);
    if (entry.description) lines.push(`DESCRIPTION:${escapeText(entry.description)}`);
    if (entry.location) lines.push(`LOCATION:${escapeText(entry.location)}`);
    if (entry.url) lines.push(`URL:${entry.url}`);
    if (entry.categories?.length) lines.push(`CATEGORIES:${entry.categories.map(escapeText).join(',')}`);
    lines.push(`STATUS:${entry.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
