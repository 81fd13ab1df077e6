import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** A timestamp as PostgreSQL writes it (cursors): seconds, up to microseconds, an offset. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;
/** A date and time as clients send it: ISO 8601 with a T, seconds and fractions optional, an offset required. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** Whether the matched parts name a real date and time of years 1–9999 (no 31 February, no 24:00). */
function realDateTime(parts: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second = 0] = parts.slice(1, 7).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/** A real date and time of years 1–9999, as PostgreSQL reads it (no 31 February, no year 0). */
export function isTimestamp(text: string): boolean {
  const parts = TIMESTAMP.exec(text);
  return parts !== null && realDateTime(parts);
}

/** `value` as a Date; a GraphQLError (on `node`, a literal in the query, when given) if it is not one. */
function parseDateTime(value: unknown, node?: ValueNode): Date {
  const parts = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const date = parts && realDateTime(parts) ? new Date(value as string) : null;
  if (!date || Number.isNaN(date.getTime()))
    throw new GraphQLError(
      'expected a date and time with its offset, such as 2027-03-10T09:00:00Z or 2027-03-10T15:00:00+06:00',
      { nodes: node },
    );
  return date;
}

/**
 * `DateTime`, strictly: Nest's own scalar reads any text `new Date()` accepts, so 30 February became
 * 2 March, and a time without an offset was read in the server's own time zone.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'A date and time with its offset (ISO 8601: 2027-03-10T09:00:00Z, 2027-03-10T15:00+06:00); seconds and fractions are optional.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});
