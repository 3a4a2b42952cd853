import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { appendLogKeys, invocationLogKeys, withLogKeys } from '../../adapters/logger';
import { routeByKey, type OperationId, type PathOf, type Route } from '../../contract/routes';
import type { Principal } from '../../core/auth/api-key';
import { requireScope } from '../../core/auth/scopes';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository, Clock, Logger } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { authenticateSession } from '../../core/use-cases/authenticate-session';
import { header, parseEvent, type HttpEvent } from './request';
import { answer } from './responses';
import { requireOwnOrigin, sessionCookieOf, type DashboardSessions } from './session-cookie';

/** What an operation receives: the event, checked; the path parameters, parsed by the route's schema. */
export interface PublicRequest<Id extends OperationId> {
  readonly event: HttpEvent;
  readonly path: PathOf<Id>;
  /** The raw query: the use case parses it with the route's query schema, after checking the key's scope. */
  readonly query: Readonly<Record<string, string | undefined>>;
}

/** A keyed operation also receives the org and scopes its key grants. */
export interface KeyedRequest<Id extends OperationId> extends PublicRequest<Id> {
  readonly principal: Principal;
  /** Set when the request was signed in by the dashboard's session cookie rather than an API key. */
  readonly session?: { readonly expiresAt: Date };
}

/** What a keyed function needs to check a request's key; `sessions` also lets the dashboard's cookie stand for it. */
export interface KeyedDispatchDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  /** @default none: only `Authorization: Bearer` is accepted */
  readonly sessions?: DashboardSessions;
}

type Answer = Promise<APIGatewayProxyStructuredResultV2>;
export type Operations<R> = { readonly [Id in OperationId]?: (request: R extends 'keyed' ? KeyedRequest<Id> : PublicRequest<Id>) => Answer };

/**
 * A function's handler: routes the event by its `routeKey` (API Gateway's, or the local stack's, both from the
 * route table) to the operation registered under the route's operationId. No path is matched here. The key is
 * checked first (401), then the scopes the route declares (403), then the path parameters against the route's
 * schema (a value that cannot name anything is a 404, like an unknown id); only then does the operation read the
 * body. Every error becomes the §3 error body.
 */
export function dispatch(deps: KeyedDispatchDeps, operations: Operations<'keyed'>): (event: APIGatewayProxyEventV2, context?: Context) => Answer {
  // Every line logged while handling the request carries its request ids, and its jobId once the path named one.
  return (event, context) =>
    withLogKeys(invocationLogKeys(event, context), () => answer(deps.logger, async () => {
      const { route, request } = resolve(event, operations);
      const { principal, session } = await signedIn(deps, request, route.method);
      // The scopes the table declares (and the document shows), before anything of the request is read. The use
      // case may ask for more (the scope of the job's own kind).
      if (route.auth.type === 'bearer') requireScope(principal, route.auth.anyOf);
      const parsed = { event: request, principal, session, path: logPathKeys(parsePath(route, request)), query: request.queryStringParameters ?? {} };
      return (operations[route.operationId] as (request: KeyedRequest<OperationId>) => Answer)(parsed as KeyedRequest<OperationId>);
    }));
}

/** The same, for the routes that need no key (the health check, the OpenAPI document and the API reference). */
export function dispatchPublic(deps: { readonly logger: Logger }, operations: Operations<'public'>): (event: APIGatewayProxyEventV2, context?: Context) => Answer {
  return (event, context) =>
    withLogKeys(invocationLogKeys(event, context), () => answer(deps.logger, async () => {
      const { route, request } = resolve(event, operations);
      const parsed = { event: request, path: parsePath(route, request), query: request.queryStringParameters ?? {} };
      return (operations[route.operationId] as (request: PublicRequest<OperationId>) => Answer)(parsed as PublicRequest<OperationId>);
    }));
}

/** The job (or import job) a path names goes on every later line of the request. */
function logPathKeys<T>(path: T): T {
  const { jobId, importJobId } = (path ?? {}) as { jobId?: unknown; importJobId?: unknown };
  appendLogKeys({ jobId: typeof jobId === 'string' ? jobId : undefined, importJobId: typeof importJobId === 'string' ? importJobId : undefined });
  return path;
}

/**
 * Who sent the request: an `Authorization: Bearer` key when there is one (CLI, integrations), else the dashboard's
 * session cookie, whose state-changing requests must come from the API's own origin (checked before the key is
 * looked up again). Neither: 401.
 */
async function signedIn(deps: KeyedDispatchDeps, request: HttpEvent, method: string): Promise<{ principal: Principal; session?: { expiresAt: Date } }> {
  const authorization = header(request, 'authorization');
  const cookie = deps.sessions && authorization === undefined ? sessionCookieOf(request) : undefined;
  if (!deps.sessions || cookie === undefined) return { principal: await authenticate(deps, authorization) };
  const claims = await deps.sessions.sealer.open(cookie, deps.clock.now());
  if (claims) requireOwnOrigin(request, method, deps.sessions.publicOrigin);
  const { principal, expiresAt } = await authenticateSession({ ...deps, sessions: deps.sessions.sealer }, cookie);
  return { principal, session: { expiresAt } };
}

function resolve(event: APIGatewayProxyEventV2, operations: Operations<unknown>): { route: Route; request: HttpEvent } {
  const request = parseEvent(event);
  const routeKey = typeof event.routeKey === 'string' ? event.routeKey : '';
  const route = routeByKey(routeKey);
  // A route this function does not serve: the stack sent it the wrong requests. Say so like an unknown route.
  if (!route || !operations[route.operationId]) throw new DomainError('ROUTE_NOT_FOUND', `No route for ${routeKey || request.rawPath}`);
  return { route, request };
}

function parsePath(route: Route, request: HttpEvent): unknown {
  if (!('request' in route) || !('path' in route.request)) return {};
  const parsed = route.request.path.safeParse(request.pathParameters ?? {});
  if (!parsed.success) throw new DomainError('NOT_FOUND', 'notFound' in route ? route.notFound : 'Not found');
  return parsed.data;
}
