import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { AppError, MaxLength } from '@ashar/errors';
import { isTimestamp } from './date-time';
import { UUID } from './id.pipe';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay-style connection type for `node` (`<Node>Connection` with `<Node>Edge`). */
export function Connection<T>(node: Type<T>, name = node.name): Type<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  abstract class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many records match, over all pages.' })
    totalCount: number;
  }
  return ConnectionType as unknown as Type<ConnectionShape<T>>;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

/** Cursors are opaque to clients: base64url of the sort key of the last row. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** `2026-05-01 09:30:00.123456+00` (PostgreSQL's text form) or `2026-05-01T09:30:00.123Z` (ISO). */
/** What each part of a cursor may be: a parser that returns the part, or undefined when it is not one. */
const CURSOR_PARTS = {
  /** A timestamp as text, passed on to PostgreSQL as it is (microseconds kept). */
  timestamp: (part: unknown) => (typeof part === 'string' && isTimestamp(part) ? part : undefined),
  /** Milliseconds since 1970, within what a Date holds. */
  epochMs: (part: unknown) =>
    typeof part === 'number' && Number.isSafeInteger(part) && Math.abs(part) <= 8.64e15 ? part : undefined,
  uuid: (part: unknown) => (typeof part === 'string' && UUID.test(part) ? part : undefined),
  text: (part: unknown) => (typeof part === 'string' && part.length <= 500 ? part : undefined),
  /** A position in a list. */
  offset: (part: unknown) =>
    typeof part === 'number' && Number.isSafeInteger(part) && part >= 0 ? part : undefined,
  /** 0 or 1. */
  flag: (part: unknown) => (part === 0 || part === 1 ? part : undefined),
};
type CursorPart = keyof typeof CURSOR_PARTS;
type DecodedCursor<P extends readonly CursorPart[]> = {
  -readonly [I in keyof P]: NonNullable<ReturnType<(typeof CURSOR_PARTS)[P[I]]>>;
};

/**
 * A timestamp column as a cursor keeps it: to the millisecond, what a JavaScript date holds. Rows
 * ordered by the column itself (to the microsecond) and compared with a cursor's millisecond would skip
 * a row created in the same millisecond as the page's last one, so order and compare by this.
 */
export const toTheMillisecond = (column: string) => `date_trunc('milliseconds', ${column})`;

/** The error for a cursor this server did not hand out (or one that no longer points anywhere). */
export function invalidCursor(): AppError {
  return new AppError('BAD_USER_INPUT', 'errors:invalidCursor', {}, [{ path: 'after', code: 'invalid' }]);
}

/**
 * The sort key in `cursor`, each part checked against `parts`, so that whatever a client sends in
 * its place is refused with BAD_USER_INPUT and never reaches a query.
 */
export function decodeCursor<const P extends readonly CursorPart[]>(
  cursor: string,
  parts: P,
): DecodedCursor<P> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || key.length !== parts.length) throw invalidCursor();
  const decoded = parts.map((part, i) => CURSOR_PARTS[part](key[i]));
  if (decoded.some((part) => part === undefined)) throw invalidCursor();
  return decoded as DecodedCursor<P>;
}

/** Builds a connection from up to `first + 1` rows fetched in order (the extra row tells there is a next page). */
export function toConnection<T>(
  rows: T[],
  first: number,
  totalCount: number,
  sortKey: (row: T) => (string | number)[],
): ConnectionShape<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(sortKey(node)) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}
