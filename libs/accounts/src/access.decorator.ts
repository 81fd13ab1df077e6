import { SetMetadata } from '@nestjs/common';
import { Role } from './role';

/**
 * `GUEST`: anyone, signed in or not; `USER`: anyone signed in; a Role: people holding it;
 * `METRICS_SCRAPER`: whoever presents METRICS_TOKEN as a Bearer token (anyone when none is set).
 */
export type Audience = 'GUEST' | 'USER' | 'METRICS_SCRAPER' | Role;

export const ACCESS_KEY = 'ashar:access';

/**
 * Declares who may call a resolver, controller or socket handler. Every handler must be covered,
 * on itself or its class: the access guard refuses handlers without a declaration.
 */
export const Allow = (...audience: Audience[]) => SetMetadata(ACCESS_KEY, audience);
