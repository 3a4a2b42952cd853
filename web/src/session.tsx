import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, expectData } from './api';

/** Who is signed in. The key itself never reaches the page's memory after sign-in, nor any web storage. */
export interface Session {
  readonly orgId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: string;
}

export interface SessionState {
  /** undefined while the first check runs; null when signed out. */
  readonly session: Session | null | undefined;
  /** Exchanges the key for the session cookie (set by the service, HttpOnly); throws ApiError with the service's message. */
  signIn(apiKey: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

/** setTimeout's limit (about 24.8 days); a session never lasts that long, but a clock may be wrong. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const toSession = (body: { orgId: string; scopes: string[]; expiresAt: string | null }): Session => ({
  orgId: body.orgId,
  scopes: body.scopes,
  expiresAt: body.expiresAt ?? '',
});

/**
 * The session, from the service: asked once at start (GET /batch-import/session), set by sign-in, ended by sign-out,
 * by its expiry time, and by any 401 of the API (a revoked key: api.ts fires `session-ended`).
 */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);

  useEffect(() => {
    const ended = () => setSession(null);
    window.addEventListener('session-ended', ended);
    return () => window.removeEventListener('session-ended', ended);
  }, []);

  useEffect(() => {
    let current = true;
    expectData(api.GET('/batch-import/session')).then(
      (body) => current && setSession(toSession(body)),
      () => current && setSession(null),
    );
    return () => {
      current = false;
    };
  }, []);

  // The page forgets the session when it ends, without waiting for the next request to be refused.
  useEffect(() => {
    if (!session?.expiresAt) return undefined;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(() => setSession(null), Math.max(0, Math.min(left, MAX_TIMER_MS)));
    return () => clearTimeout(timer);
  }, [session]);

  const signIn = useCallback(async (apiKey: string) => {
    const body = await expectData(api.POST('/batch-import/session', { body: { apiKey } }));
    setSession(toSession(body));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await expectData(api.DELETE('/batch-import/session'));
    } catch (error) {
      // Signed out either way in this page; a failure to clear the cookie is shown by whoever asked.
      setSession(null);
      throw error instanceof ApiError ? error : new ApiError(0, 'NETWORK_ERROR', 'The service could not be reached');
    }
    setSession(null);
  }, []);

  const state = useMemo<SessionState>(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
