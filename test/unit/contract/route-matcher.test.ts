import { createRouteMatcher } from '../../../functions/contract/route-matcher';
import { ROUTE_TABLE } from '../../../functions/contract/routes';

describe('Route matcher (as API Gateway matches)', () => {
  const matcher = createRouteMatcher(ROUTE_TABLE);

  it('gives the route key and the path parameters', () => {
    expect(matcher.match('GET', '/batch-import/jobs/job-1')).toMatchObject({
      routeKey: 'GET /batch-import/jobs/{jobId}',
      pathParameters: { jobId: 'job-1' },
    });
    expect(matcher.match('GET', '/batch-import/jobs/job-1/failed-rows.csv')?.route.operationId).toBe('downloadFailedRowsCsv');
  });

  it('prefers the route with fewer parameters (a literal beats a parameter)', () => {
    const routes = [
      { method: 'GET', path: '/a/{x}', name: 'param' },
      { method: 'GET', path: '/a/literal', name: 'literal' },
    ];
    expect(createRouteMatcher(routes).match('GET', '/a/literal')?.route.name).toBe('literal');
    expect(createRouteMatcher(routes).match('GET', '/a/other')?.route.name).toBe('param');
  });

  it('matches {name+} greedily and never an empty segment', () => {
    const greedy = createRouteMatcher([{ method: 'GET', path: '/files/{key+}' }]);
    expect(greedy.match('GET', '/files/a/b/c')?.pathParameters).toEqual({ key: 'a/b/c' });
    expect(greedy.match('GET', '/files/')).toBeUndefined();
    expect(matcher.match('GET', '/batch-import/jobs//failed-rows.csv')).toBeUndefined();
    expect(matcher.match('GET', '/batch-import/jobs/')).toBeUndefined();
  });

  it('lists the methods a path has, for 405 and Allow', () => {
    expect(matcher.allowedMethods('/batch-import/quota').sort()).toEqual(['GET', 'PUT']);
    expect(matcher.allowedMethods('/batch-import/nothing')).toEqual([]);
  });

  it('has one route per method and path, and one operationId per route', () => {
    const keys = ROUTE_TABLE.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(ROUTE_TABLE.map((route) => route.operationId)).size).toBe(ROUTE_TABLE.length);
  });
});
