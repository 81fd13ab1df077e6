import { currentZoneName } from '@ashar/time-zone';
/** The viewer's own time zone, as the browser knows it. */
export function viewerTimeZone(): string {
  return currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

export function formatDateTime(iso: string, locale: string, timeZone = viewerTimeZone()): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

export function formatTime(iso: string, locale: string, timeZone = viewerTimeZone()): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDay(iso: string, locale: string, timeZone = viewerTimeZone()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone }).format(new Date(iso));
}

/** `YYYY-MM-DD` of an instant in a time zone, to group events by the viewer's calendar day. */
export function dayKey(iso: string | Date, timeZone = viewerTimeZone()): string {
  return new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/**
 * Day and time without the year (`12 Jan, 10:00`): where an event that began on another day ends. The
 * time is written as `formatTime` writes the start beside it (`05:00` in Dutch or Russian, not `5:00`).
 */
export function formatDayTime(iso: string, locale: string, timeZone = viewerTimeZone()): string {
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone }).format(
    new Date(iso),
  );
  return `${day}, ${formatTime(iso, locale, timeZone)}`;
}

/**
 * The calendar days (`dayKey`s) from `startIso` to `endIso` in a time zone, both included; an end at
 * midnight sharp does not reach into the day it opens. At most 62 days.
 */
export function daysSpanned(startIso: string, endIso: string, timeZone = viewerTimeZone()): string[] {
  const start = new Date(startIso).getTime();
  const end = Math.max(start, new Date(endIso).getTime() - 1);
  const last = dayKey(new Date(end), timeZone);
  const days = [dayKey(new Date(start), timeZone)];
  // Half-day steps, so that no day is skipped where a clock change makes one 23 hours long.
  for (let at = start; days.length < 62 && days[days.length - 1] < last;) {
    at += 12 * 3_600_000;
    const key = dayKey(new Date(Math.min(at, end)), timeZone);
    if (key !== days[days.length - 1]) days.push(key);
  }
  return days;
}

export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/**
 * The first letter in capitals, the rest as it is (CSS `capitalize` would make "январь 2027 г." read
 * "Январь 2027 Г.").
 */
export function capitalizeFirst(text: string, locale: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const letter = String.fromCodePoint(first);
  return letter.toLocaleUpperCase(locale) + text.slice(letter.length);
}

/**
 * A language's name as it is written inside a sentence of `locale`: "English" in English, but
 * "inglés", "английский" in Spanish and Russian (and "Engels" in Dutch, which capitalises them).
 */
export function languageNameInSentence(code: string, locale: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(code);
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** A country's name in `locale` from its ISO code, for a country no record has named yet; else the code. */
export function regionName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "A, B and C" in the reader's language. */
export function formatList(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}
