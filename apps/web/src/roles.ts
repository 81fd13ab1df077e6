/**
 * The roles of the person signed in, as the API's rules read them (docs/authorization.md). Kept apart
 * from the session's React context so that plain modules (and their tests) can use them.
 */

/** What the rules read of a person (a SessionUser). */
export interface RoleHolder {
  roles: string[];
  grants: { role: string; countryCode: string | null }[];
}

export function hasRole(user: RoleHolder | null, ...roles: string[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

/** Roles that may do anything anywhere in the network (libs/accounts: isNetworkWide). */
export const NETWORK_WIDE_ROLES = ['ADMIN', 'STEERING_GROUP'];

/** The countries the person coordinates as a national coordinator. */
export function coordinatedCountries(user: RoleHolder | null): string[] {
  return (user?.grants ?? [])
    .filter((grant) => grant.role === 'NATIONAL_COORDINATOR' && grant.countryCode)
    .map((grant) => grant.countryCode as string);
}
