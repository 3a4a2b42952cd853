import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import type { Scope } from '../../../functions/core/kinds';
import { createMappingsHandler } from '../../../functions/handlers/http/mappings-handler';
import { createUploadHandler } from '../../../functions/handlers/http/upload-handler';
import { apiEvent } from '../../support/api-events';
import { createWorld } from '../../support/world';

/** The dispatch every HTTP function shares: by routeKey, key first, then the table's scopes, then the path. */
describe('Handler: dispatch by route key', () => {
  const setup = async (scopes: Scope[]) => {
    const world = createWorld();
    const apiKey = (await createApiKey(world.deps, { orgId: 'org-a', scopes })).apiKey;
    const answer = async (handler: (event: ReturnType<typeof apiEvent>) => Promise<{ statusCode?: number; body?: string }>, event: ReturnType<typeof apiEvent>) => {
      const result = await handler(event);
      return { status: result.statusCode, code: JSON.parse(result.body ?? '{}').error?.code as string | undefined };
    };
    return { world, apiKey, answer };
  };

  it("answers 403 from the route table's scopes before the body is read", async () => {
    // Arrange: a key without transactions:create, and a body that would be a 415 if it were read.
    const { world, apiKey, answer } = await setup(['events:create']);
    const handler = createUploadHandler({ ...world.deps, maxUploadBytes: 1024 });
    // Act
    const result = await answer(
      handler,
      apiEvent({ method: 'POST', path: '/batch-import/import/transactions', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain' }, body: Buffer.from('x') }),
    );
    // Assert
    expect(result).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('answers 401 before anything else, and 404 for a path parameter that cannot name anything', async () => {
    const { world, apiKey, answer } = await setup(['import-jobs:manage']);
    const handler = createMappingsHandler(world.deps);
    expect(await answer(handler, apiEvent({ method: 'GET', path: '/batch-import/mappings/not%20an%20id' }))).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(
      await answer(handler, apiEvent({ method: 'GET', path: '/batch-import/mappings/not an id!', headers: { authorization: `Bearer ${apiKey}` } })),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('routes by event.routeKey, never by the raw path', async () => {
    const { world, apiKey, answer } = await setup(['import-jobs:manage']);
    const handler = createMappingsHandler(world.deps);
    // The route key names the list, whatever the raw path says.
    const event = { ...apiEvent({ method: 'GET', path: '/batch-import/mappings', headers: { authorization: `Bearer ${apiKey}` } }), rawPath: '/elsewhere' };
    expect(await answer(handler, event)).toEqual({ status: 200, code: undefined });
    // A route key this function does not serve: said like an unknown route.
    const other = apiEvent({ method: 'GET', path: '/batch-import/quota', headers: { authorization: `Bearer ${apiKey}` } });
    expect(await answer(handler, other)).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });
});
