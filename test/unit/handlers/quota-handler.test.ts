import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createQuotaHandler } from '../../../functions/handlers/http/quota-handler';
import type { Scope } from '../../../functions/core/kinds';
import { apiEvent } from '../../support/api-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

async function setup() {
  const world = createWorld({ monthlyRowLimit: 1000 });
  const handler = createQuotaHandler(world.deps);
  const key = async (orgId: string, scopes: Scope[]) => (await createApiKey(world.deps, { orgId, scopes })).apiKey;
  const call = async (apiKey: string, method: string, options: { body?: string; query?: Record<string, string>; contentType?: string } = {}) => {
    const result = await handler(
      apiEvent({
        method,
        path: '/batch-import/quota',
        headers: { authorization: `Bearer ${apiKey}`, ...(options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}) },
        body: options.body !== undefined ? Buffer.from(options.body) : undefined,
        query: options.query,
      }),
    );
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
  };
  return { world, key, call };
}

describe('Handler: quota (§9)', () => {
  it('answers the default namespace of the current UTC month with the configured default limit', async () => {
    // Arrange
    const { key, call } = await setup();
    const apiKey = await key('org-a', ['events:create']);
    // Act
    const answer = await call(apiKey, 'GET');
    // Assert
    expect(answer).toEqual({
      status: 200,
      body: { success: true, namespace: 'default', month: '2026-11', limit: 1000, used: 0, remaining: 1000 },
    });
  });

  it('sets a namespace limit (import-jobs:manage), and GET agrees with what was imported', async () => {
    // Arrange
    const { world, key, call } = await setup();
    const manager = await key('org-a', ['import-jobs:manage']);
    const reader = await key('org-a', ['transactions:create']);
    // Act
    const put = await call(manager, 'PUT', { body: JSON.stringify({ namespace: 'eu', limit: 7 }) });
    await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('t.csv', transactionLines(3))], { namespace: 'eu' });
    const get = await call(reader, 'GET', { query: { namespace: 'eu' } });
    // Assert
    expect(put).toEqual({ status: 200, body: { success: true, namespace: 'eu', month: '2026-11', limit: 7, used: 0, remaining: 7 } });
    expect(get.body).toEqual({ success: true, namespace: 'eu', month: '2026-11', limit: 7, used: 3, remaining: 4 });
  });

  it("never shows or changes another org's quota of the same namespace name", async () => {
    // Arrange
    const { world, key, call } = await setup();
    await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('t.csv', transactionLines(3))], { namespace: 'eu' });
    const other = await key('org-b', ['import-jobs:manage']);
    // Act
    await call(other, 'PUT', { body: JSON.stringify({ namespace: 'eu', limit: 1 }) });
    const seen = await call(other, 'GET', { query: { namespace: 'eu' } });
    // Assert
    expect(seen.body).toMatchObject({ limit: 1, used: 0 });
    expect(await world.deps.quotas.getLimit({ orgId: 'org-a', namespace: 'eu' })).toBeNull();
  });

  it.each([
    ['a key without import-jobs:manage', ['transactions:create'] as Scope[], { namespace: 'eu', limit: 5 }, 403, 'FORBIDDEN'],
    ['a negative limit', ['import-jobs:manage'] as Scope[], { namespace: 'eu', limit: -1 }, 400, 'VALIDATION_ERROR'],
    ['a fractional limit', ['import-jobs:manage'] as Scope[], { namespace: 'eu', limit: 1.5 }, 400, 'VALIDATION_ERROR'],
    ['a limit as a string', ['import-jobs:manage'] as Scope[], { namespace: 'eu', limit: '5' }, 400, 'VALIDATION_ERROR'],
    ['no limit', ['import-jobs:manage'] as Scope[], { namespace: 'eu' }, 400, 'VALIDATION_ERROR'],
    ['a namespace with a #', ['import-jobs:manage'] as Scope[], { namespace: 'a#b', limit: 5 }, 400, 'VALIDATION_ERROR'],
    ['an unknown field', ['import-jobs:manage'] as Scope[], { namespace: 'eu', limit: 5, month: '2026-12' }, 400, 'VALIDATION_ERROR'],
  ])('refuses a PUT with %s', async (_case, scopes, body, status, code) => {
    // Arrange
    const { world, key, call } = await setup();
    const apiKey = await key('org-a', scopes);
    // Act
    const answer = await call(apiKey, 'PUT', { body: JSON.stringify(body) });
    // Assert
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ success: false, error: { code } });
    expect(world.deps.quotas.limits.size).toBe(0);
  });

  it('refuses a body that is not JSON (415) or not parseable (400), and a bad namespace in the query', async () => {
    // Arrange
    const { key, call } = await setup();
    const apiKey = await key('org-a', ['import-jobs:manage']);
    // Act / Assert
    expect((await call(apiKey, 'PUT', { body: 'namespace=eu', contentType: 'text/plain' })).status).toBe(415);
    expect((await call(apiKey, 'PUT', { body: '{"namespace":' })).body.error.code).toBe('VALIDATION_ERROR');
    expect((await call(apiKey, 'GET', { query: { namespace: '' } })).status).toBe(400);
  });

  it('answers 401 without a key', async () => {
    // Arrange
    const { call } = await setup();
    // Act / Assert
    expect((await call('bik_unknown', 'GET')).status).toBe(401);
  });
});
