import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createRouteMatcher, type MatchableRoute } from '../../contract/route-matcher';
import { ROUTE_TABLE } from '../../contract/routes';
import { DomainError } from '../../core/errors';
import { asPort, createLogger } from '../../adapters/logger';
import { errorResponse } from './responses';

/**
 * What a request no route matched gets: 405 with `allow` when routes have its path for other methods, else 404.
 * Both in the service's error body, with a stable code, so clients branch on one shape. Paths are matched as API
 * Gateway matches them (the same matcher the local stack routes with).
 */
export function unmatchedRoute(routes: readonly MatchableRoute[]) {
  const matcher = createRouteMatcher(routes);
  const logger = asPort(createLogger());
  return async (event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'requestContext'>): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method;
    const path = event.rawPath;
    const allowed = matcher.allowedMethods(path);
    if (allowed.length === 0) return errorResponse(new DomainError('ROUTE_NOT_FOUND', `No route for ${method} ${path}`), logger);
    const answer = errorResponse(
      new DomainError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}: use ${allowed.join(', ')}`, { allow: allowed }),
      logger,
    );
    return { ...answer, headers: { ...answer.headers, allow: allowed.join(', ') } };
  };
}

export const handler = unmatchedRoute(ROUTE_TABLE);
