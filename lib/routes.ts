import { ROUTE_TABLE } from '../functions/contract/routes';
import type { RouteDefinition } from './resources';

/**
 * The API Gateway routes, one per entry of the route table (functions/contract/routes.ts), each sent to the
 * function the entry names. The CDK stack and the local stack build their routes from this list.
 *
 * Kept apart from lib/resources.ts on purpose: the route table imports the use cases' request schemas, and some
 * use cases import lib/resources.ts, so deriving the list there would make a cycle of modules.
 */
export const ROUTES: readonly RouteDefinition[] = ROUTE_TABLE.map((route) => ({ method: route.method, path: route.path, function: route.function }));
