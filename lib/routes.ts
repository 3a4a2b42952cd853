import { DASHBOARD_ROUTES as DASHBOARD_ROUTE_TABLE } from '../functions/contract/dashboard-routes';
import { ROUTE_TABLE } from '../functions/contract/routes';
import type { ApiFunctionName, RouteDefinition } from './resources';

/**
 * The API Gateway routes, one per entry of the route table (functions/contract/routes.ts), each sent to the
 * function the entry names. The CDK stack and the local stack build their routes from this list.
 *
 * Kept apart from lib/resources.ts on purpose: the route table imports the use cases' request schemas, and some
 * use cases import lib/resources.ts, so deriving the list there would make a cycle of modules.
 */
export const ROUTES: readonly RouteDefinition[] = ROUTE_TABLE.map((route) => ({ method: route.method, path: route.path, function: route.function }));

/** The dashboard's routes (functions/contract/dashboard-routes.ts): its shell and assets, outside the API document. */
export const DASHBOARD_ROUTES: readonly RouteDefinition[] = DASHBOARD_ROUTE_TABLE.map((route) => ({ method: route.method, path: route.path, function: route.function }));

/** Every route API Gateway and the local stack serve: the API's and the dashboard's. */
export const ALL_ROUTES: readonly RouteDefinition[] = [...ROUTES, ...DASHBOARD_ROUTES];

/**
 * The functions that read the dashboard sessions' secret: every one behind a keyed route (the session cookie stands
 * for the key there), and sign-in, which seals the cookie.
 */
export const SESSION_FUNCTIONS: readonly ApiFunctionName[] = [
  ...new Set<ApiFunctionName>([...ROUTE_TABLE.filter((route) => route.auth.type === 'bearer').map((route) => route.function), 'session']),
];
