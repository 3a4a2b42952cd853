import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ROUTES, type RouteDefinition } from '../../../lib/resources';
import { DomainError } from '../../core/errors';
import { asPort, createLogger } from '../../adapters/logger';
import { errorResponse } from './responses';

/** A route's path as a pattern: `{name}` is one non-empty path segment, as API Gateway matches it. */
function patternOf(path: string): RegExp {
  const escaped = path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`);
}

/**
 * What a request no route matched gets: 405 with `allow` when routes have its path for other methods, else 404.
 * Both in the service's error body, with a stable code, so clients branch on one shape.
 */
export function unmatchedRoute(routes: readonly RouteDefinition[]) {
  const compiled = routes.map((route) => ({ method: route.method, pattern: patternOf(route.path) }));
  const logger = asPort(createLogger());
  return async (event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'requestContext'>): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    const allowed = [...new Set(compiled.filter((route) => route.pattern.test(path)).map((route) => route.method))];
    if (allowed.length === 0) return errorResponse(new DomainError('ROUTE_NOT_FOUND', `No route for ${method} ${path}`), logger);
    const answer = errorResponse(
      new DomainError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}: use ${allowed.join(', ')}`, { allow: allowed }),
      logger,
    );
    return { ...answer, headers: { ...answer.headers, allow: allowed.join(', ') } };
  };
}

export const handler = unmatchedRoute(ROUTES);
