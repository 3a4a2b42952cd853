import { baseUrl, demoKey } from '../support/service-client';

/** A request no route matches gets the service's error body with a stable code, like every other error. */
describe('E2E: requests no route matches', () => {
  const call = (method: string, path: string) => fetch(`${baseUrl()}${path}`, { method, headers: { authorization: `Bearer ${demoKey()}` } });

  it('answers 404 ROUTE_NOT_FOUND for a path the API does not have', async () => {
    const response = await call('GET', '/batch-import/job/123');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ success: false, error: { code: 'ROUTE_NOT_FOUND', message: 'No route for GET /batch-import/job/123' } });
  });

  it('answers 405 METHOD_NOT_ALLOWED, with the methods it has in allow, for a known path', async () => {
    const response = await call('DELETE', '/batch-import/jobs/0b5e1c3a-9a63-4f7e-8d2a-2f1c0e9b7a11');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });
});
