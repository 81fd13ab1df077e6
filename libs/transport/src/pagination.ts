import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { AppError } from '@ashar/errors';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part) => typeof part === 'string' || typeof part === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the translated error below
  }
  throw new AppError('BAD_USER_INPUT', 'errors:invalidCursor', {}, [{ path: 'after', code: 'invalid' }]);
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
