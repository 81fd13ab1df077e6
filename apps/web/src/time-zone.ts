/**
 * Dates and times in an IANA zone as the event form takes them (`YYYY-MM-DD`, `HH:MM`), to and from
 * instants, read the way the API reads them (`@ashar/time-zone`).
 */
import { currentZoneName, fromLocalTime, localTime, offsetMinutes } from '@ashar/time-zone';

export { offsetMinutes };

const DAY = 24 * 3600_000;

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
  const instant = fromLocalTime(local, zone);
  return localTime(instant, zone) === local ? instant : undefined;
}

/** The date (`YYYY-MM-DD`) and time (`HH:MM`) an instant shows in `zone`: what the form's fields hold. */
export function localDateTime(instant: Date | string, zone: string): { date: string; time: string } {
  const iso = new Date(localTime(new Date(instant), zone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** How far `instant` is from `from` on the wall clocks of `zone`, in milliseconds (as the API moves an agenda). */
export function wallClockDistance(instant: Date | string, from: Date | string, zone: string): number {
  return localTime(new Date(instant), zone) - localTime(new Date(from), zone);
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
  return [...new Set([...known.map(currentZoneName), ...always, 'UTC'])].sort();
}
