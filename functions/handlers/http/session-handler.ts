import { z } from 'zod';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { routeKeyOf } from '../../contract/route-definition';
import { routeById } from '../../contract/routes';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository, Clock, Logger } from '../../core/ports';
import { startSession } from '../../core/use-cases/start-session';
import { dispatch, dispatchPublic } from './dispatch';
import { header, jsonBody } from './request';
import { json } from './responses';
import { clearSessionCookie, isOwnOrigin, ownOrigins, setSessionCookie, type DashboardSessions } from './session-cookie';

export interface SessionHandlerDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sessions: DashboardSessions;
}

const SignIn = z.object({ apiKey: z.string().min(1).max(200) });

/** Session answers are about one browser: no cache may keep them. */
const noStore = (answer: APIGatewayProxyStructuredResultV2, cookie?: string): APIGatewayProxyStructuredResultV2 => ({
  ...answer,
  headers: { ...answer.headers, 'cache-control': 'no-store' },
  ...(cookie ? { cookies: [cookie] } : {}),
});

/**
 * `POST /batch-import/session` (sign in), `GET` (who is signed in), `DELETE` (sign out). Sign-in from a browser
 * must come from the dashboard's own origin, so another site cannot sign a visitor in under its own key; a client
 * that sends no Origin (a script) may sign in.
 */
export function createSessionHandler(deps: SessionHandlerDeps) {
  const keyed = dispatch(deps, {
    getSession: async ({ principal, session }) =>
      noStore(json(200, { success: true, orgId: principal.orgId, scopes: principal.scopes, expiresAt: session?.expiresAt.toISOString() ?? null })),
  });
  const open = dispatchPublic(deps, {
    createSession: async ({ event }) => {
      const origin = header(event, 'origin');
      if (origin !== undefined && !isOwnOrigin(event, origin, deps.sessions.publicOrigin)) {
        throw new DomainError('ORIGIN_MISMATCH', `Sign in from the dashboard (${ownOrigins(event, deps.sessions.publicOrigin).join(' or ')})`);
      }
      const parsed = SignIn.safeParse(jsonBody(event, 'the API key'));
      if (!parsed.success) throw new DomainError('VALIDATION_ERROR', 'Send { "apiKey": "…" }', z.flattenError(parsed.error).fieldErrors);
      const started = await startSession({ ...deps, sessions: deps.sessions.sealer, ttlSeconds: deps.sessions.ttlSeconds }, parsed.data.apiKey);
      return noStore(
        json(200, { success: true, orgId: started.orgId, scopes: started.scopes, expiresAt: started.expiresAt.toISOString() }),
        setSessionCookie(event, started.token, deps.sessions.ttlSeconds),
      );
    },
    deleteSession: async ({ event }) => noStore(json(200, { success: true }), clearSessionCookie(event)),
  });
  // Reading the session needs a signed-in request (cookie or key); signing in and out need none.
  const keyedRoute = routeKeyOf(routeById('getSession'));
  return (event: APIGatewayProxyEventV2) => (event.routeKey === keyedRoute ? keyed(event) : open(event));
}
