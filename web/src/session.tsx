import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/** Who is signed in. The key itself never reaches the page's memory after sign-in, nor any web storage. */
export interface Session {
  readonly orgId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: string;
}

export interface SessionState {
  /** undefined while the first check runs; null when signed out. */
  readonly session: Session | null | undefined;
  signIn(apiKey: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

// SKELETON (lead): the issue-11 server helper replaces this with the session routes of the typed client.
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    const ended = () => setSession(null);
    window.addEventListener('session-ended', ended);
    return () => window.removeEventListener('session-ended', ended);
  }, []);
  useEffect(() => setSession(null), []);
  const state: SessionState = {
    session,
    signIn: async () => {
      throw new Error('sign-in is not built yet');
    },
    signOut: async () => setSession(null),
  };
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
