import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROUTES } from '../../../lib/routes';
import { unmatchedRoute } from '../../../functions/handlers/http/unmatched';

const request = (method: string, rawPath: string) =>
  ({ rawPath, requestContext: { http: { method } } }) as unknown as Pick<APIGatewayProxyEventV2, 'rawPath' | 'requestContext'>;

describe('Handler: the $default route (requests no route matched)', () => {
  const handler = unmatchedRoute(ROUTES);

  it('answers 404 ROUTE_NOT_FOUND in the service error body for a path no route has', async () => {
    const answer = await handler(request('GET', '/batch-import/nope'));
    expect(answer.statusCode).toBe(404);
    expect(JSON.parse(answer.body as string)).toEqual({
      success: false,
      error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /batch-import/nope' },
    });
  });

  it('answers 405 METHOD_NOT_ALLOWED with allow for a path that routes have under other methods', async () => {
    const quota = await handler(request('DELETE', '/batch-import/quota'));
    expect(quota.statusCode).toBe(405);
    expect(quota.headers).toMatchObject({ allow: 'GET, PUT' });
    expect(JSON.parse(quota.body as string).error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allow: ['GET', 'PUT'] } });
    // A path parameter is one segment: a job id matches, a longer path does not.
    expect((await handler(request('PUT', '/batch-import/jobs/0b5e1c3a'))).headers).toMatchObject({ allow: 'GET' });
    expect((await handler(request('PUT', '/batch-import/jobs/0b5e1c3a/extra'))).statusCode).toBe(404);
  });
});
