import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gql, storedToken, storeToken } from './api';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  preferredLocale: string;
  roles: string[];
  grants: { role: string; countryCode: string | null }[];
}

export const USER_FIELDS = 'id email displayName preferredLocale roles grants { role countryCode }';

interface Session {
  user: SessionUser | null;
  /** True until the stored token has been checked. */
  checking: boolean;
  signIn(token: string, user: SessionUser): void;
  signOut(): void;
  update(user: SessionUser): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);

  useEffect(() => {
    if (!storedToken()) return;
    gql<{ me: SessionUser | null }>(`query Me { me { ${USER_FIELDS} } }`)
      .then(({ me }) => {
        if (!me) storeToken(null);
        setUser(me);
      })
      .catch(() => {
        // An expired or forged token: continue as a guest.
        storeToken(null);
      })
      .finally(() => setChecking(false));
  }, []);

  const signIn = useCallback((token: string, signedIn: SessionUser) => {
    storeToken(token);
    setUser(signedIn);
  }, []);
  const signOut = useCallback(() => {
    storeToken(null);
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

export function hasRole(user: SessionUser | null, ...roles: string[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

/** The roles the API lets schedule events (libs/events: EVENT_MANAGER_ROLES); it then checks the event. */
export const EVENT_MANAGER_ROLES = ['FACILITATOR', 'NATIONAL_COORDINATOR', 'STEERING_GROUP', 'ADMIN'];

export function mayScheduleEvents(user: SessionUser | null): boolean {
  return hasRole(user, ...EVENT_MANAGER_ROLES);
}
