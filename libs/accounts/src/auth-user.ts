import type { Locale } from '@ashar/i18n';
import { Role } from './role';

export interface RoleGrant {
  role: Role;
  countryCode: string | null;
}

/** The signed-in caller, as every service sees it. Guests are `undefined`. */
export interface AuthUser {
  id: string;
  email: string;
  displayName: string;
  preferredLocale: Locale;
  /** Whether mentions left unread are e-mailed. */
  mentionMail: boolean;
  grants: RoleGrant[];
  /** The account's token version: tokens of any other version are refused. */
  tokenVersion: number;
}

export function hasRole(user: AuthUser | undefined, ...roles: Role[]): boolean {
  return !!user && user.grants.some((grant) => roles.includes(grant.role));
}

/** Admins and the steering group act on the whole network. */
export const NETWORK_WIDE_ROLES: readonly Role[] = [Role.ADMIN, Role.STEERING_GROUP];

export function isNetworkWide(user: AuthUser | undefined): boolean {
  return hasRole(user, ...NETWORK_WIDE_ROLES);
}

/** Countries the user coordinates as a national coordinator. */
export function coordinatedCountries(user: AuthUser | undefined): string[] {
  return (user?.grants ?? [])
    .filter((grant) => grant.role === Role.NATIONAL_COORDINATOR && grant.countryCode)
    .map((grant) => grant.countryCode as string);
}

/**
 * May the user manage content tied to these countries? Network-wide roles always may; a national
 * coordinator may when they coordinate at least one of the countries (content shared between two
 * countries can be managed by either coordinator).
 */
export function managesCountries(user: AuthUser | undefined, countryCodes: readonly string[]): boolean {
  if (isNetworkWide(user)) return true;
  const mine = coordinatedCountries(user);
  return countryCodes.some((code) => mine.includes(code));
}
