import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, gql, storedToken, storeToken } from './api';
import { clearDrafts } from './drafts';
import { coordinatedCountries, hasRole, NETWORK_WIDE_ROLES } from './roles';

export { coordinatedCountries, hasRole, NETWORK_WIDE_ROLES };

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  preferredLocale: string;
  /** Whether mentions left unread are e-mailed. */
  mentionMail: boolean;
  roles: string[];
  grants: { role: string; countryCode: string | null }[];
}

export const USER_FIELDS =
  'id email displayName preferredLocale mentionMail roles grants { role countryCode }';

interface Session {
  user: SessionUser | null;
  /** True until the stored token has been checked. */
  checking: boolean;
  signIn(token: string, user: SessionUser): void;
  signOut(): void;
  update(user: SessionUser): void;
}

const SessionContext = createContext<Session | null>(null);

/** Times the stored session is checked again after the server could not be reached (1, 2, 4, 8, 16 s). */
const SESSION_CHECK_RETRIES = 5;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);

  useEffect(() => {
    if (!storedToken()) return;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const check = (attempt: number) => {
      gql<{ me: SessionUser | null }>(`query Me { me { ${USER_FIELDS} } }`)
        .then(({ me }) => {
          if (stopped) return;
          if (!me) storeToken(null);
          setUser(me);
        })
        .catch((error: unknown) => {
          if (stopped) return;
          // Only the server saying the token is no good (expired, revoked, forged) ends the session. A
          // request that never got an answer — no network, or this page being left — says nothing
          // about the token: keep it, and ask again a few times while the page stays.
          if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') storeToken(null);
          else if (attempt < SESSION_CHECK_RETRIES)
            retry = setTimeout(() => check(attempt + 1), 1_000 * 2 ** attempt);
        })
        .finally(() => {
          if (!stopped) setChecking(false);
        });
    };
    check(0);
    return () => {
      stopped = true;
      clearTimeout(retry);
    };
  }, []);

  const signIn = useCallback((token: string, signedIn: SessionUser) => {
    storeToken(token);
    setUser(signedIn);
  }, []);
  const signOut = useCallback(() => {
    storeToken(null);
    clearDrafts();
    setUser(null);
  }, []);

  const value = useMemo(
    () => ({ user, checking, signIn, signOut, update: setUser }),
    [user, checking, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Roles that may import case studies (docs/authorization.md): the Import page and its link are theirs. */
export const IMPORT_ROLES = ['ADMIN', 'STEERING_GROUP', 'NATIONAL_COORDINATOR'];

/** Roles that may add organisations to the directory (libs/network: createOrganisation); coordinators in their countries. */
export const ORGANISATION_CREATOR_ROLES = ['ADMIN', 'STEERING_GROUP', 'NATIONAL_COORDINATOR'];

/** Roles that may read the translation work list (libs/knowledge: translationTasks); coordinators for their countries. */
export const TRANSLATION_TASK_ROLES = ['ADMIN', 'STEERING_GROUP', 'NATIONAL_COORDINATOR'];

/** The roles the API lets schedule events (libs/events: EVENT_MANAGER_ROLES); it then checks the event. */
export const EVENT_MANAGER_ROLES = ['FACILITATOR', 'NATIONAL_COORDINATOR', 'STEERING_GROUP', 'ADMIN'];

export function mayScheduleEvents(user: SessionUser | null): boolean {
  return hasRole(user, ...EVENT_MANAGER_ROLES);
}

/**
 * Who the API lets draft a case study (libs/knowledge: createCaseStudy): members of an organisation
 * (for it), national coordinators (in their countries), the steering group and admins.
 */
export function mayWriteCaseStudies(user: SessionUser | null, ownOrganisations: number): boolean {
  return hasRole(user, 'NATIONAL_COORDINATOR', ...NETWORK_WIDE_ROLES) || (!!user && ownOrganisations > 0);
}
