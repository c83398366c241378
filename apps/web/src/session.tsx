// Who is signed in (GET /api/session), and signing in and out. The page never holds a credential: the server sets
// and clears the session cookie.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, check, type Schemas } from './api/client';
import { returnToRememberedPage } from './route';

export type Session = Schemas['SessionResponse'];

interface SessionState {
  /** undefined while loading, null when signed out. */
  session: Session | null | undefined;
  signIn(name: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reloads the session (after the one-time password was changed). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    const result = await api.GET('/api/session');
    if (result.response.ok && result.data) returnToRememberedPage();
    setSession(result.response.ok && result.data ? result.data : null);
  }, []);
  useEffect(() => {
    refresh().catch(() => setSession(null));
  }, [refresh]);
  const signIn = useCallback(async (name: string, password: string) => {
    const signedIn = check(await api.POST('/api/session', { body: { name, password } }));
    returnToRememberedPage(); // when a provider sign-in failed and the password was used instead
    setSession(signedIn);
  }, []);
  const signOut = useCallback(async () => {
    // A session that already ended is signed out all the same.
    await api.DELETE('/api/session').catch(() => undefined);
    setSession(null);
  }, []);
  return <SessionContext.Provider value={{ session, signIn, signOut, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session (only below the point where App has checked there is one). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return session;
}
