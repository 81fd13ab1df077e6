import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { negotiateLocale, type Locale } from '@ashar/i18n';
import type { Request } from 'express';

/** What every transport knows about the caller once the access guard has run. */
export interface RequestState {
  locale: Locale;
  /** Filled by the accounts access guard; the shape is owned by accounts. */
  user?: unknown;
  requestId?: string;
}

export type AsharRequest = Request & { ashar?: RequestState };

export interface GraphqlContext {
  req: AsharRequest;
}

/** The request behind any Nest execution context (HTTP or GraphQL); undefined for sockets. */
export function requestOf(context: ExecutionContext): AsharRequest | undefined {
  if (context.getType<string>() === 'graphql')
    return GqlExecutionContext.create(context).getContext<GraphqlContext>().req;
  if (context.getType() === 'http') return context.switchToHttp().getRequest<AsharRequest>();
  return undefined;
}

/** Per-request state, created on first use with the language from Accept-Language. */
export function requestState(req: AsharRequest): RequestState {
  if (!req.ashar) req.ashar = { locale: negotiateLocale(req.headers['accept-language']) };
  return req.ashar;
}

const perRequestValues = new WeakMap<object, Map<unknown, unknown>>();

/**
 * What one request makes once and shares between its resolvers (DataLoaders): `create` runs on the
 * first call for `key` in `req`; the value goes with the request.
 */
export function perRequest<T>(req: object, key: unknown, create: () => T): T {
  let values = perRequestValues.get(req);
  if (!values) perRequestValues.set(req, (values = new Map()));
  if (!values.has(key)) values.set(key, create());
  return values.get(key) as T;
}

/** The language of the current request, for resolvers that serve translated content. */
export const RequestLocale = createParamDecorator((_: unknown, context: ExecutionContext): Locale => {
  const req = requestOf(context);
  return req ? requestState(req).locale : 'en';
});
