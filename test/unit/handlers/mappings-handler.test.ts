import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createMappingsHandler } from '../../../functions/handlers/http/mappings-handler';
import type { Scope } from '../../../functions/core/kinds';
import { apiEvent } from '../../support/api-events';
import { createWorld } from '../../support/world';

const MANAGE: Scope[] = ['import-jobs:manage'];

async function setup() {
  const world = createWorld();
  const { deps } = world;
  const handler = createMappingsHandler(deps);
  const key = async (orgId: string, scopes: Scope[]) => (await createApiKey(deps, { orgId, scopes })).apiKey;
  const call = async (apiKey: string, method: string, path = '', body?: unknown, query?: Record<string, string>) => {
    const id = path.replace(/^\//, '');
    const result = await handler(
      apiEvent({
        method,
        path: `/batch-import/mappings${path}`,
        headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? Buffer.from(JSON.stringify(body)) : undefined,
        pathParameters: id ? { mappingId: id } : undefined,
        query,
      }),
    );
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
  };
  return { world, deps, key, call };
}

const entityMapping = {
  name: 'Suppliers (AR)',
  target: 'entity_company',
  columnMapping: { CUIT: 'taxId', 'Razon Social': 'name', Segmento: 'attributes.segment' },
  defaultFields: { country: 'AR' },
  headersSnapshot: ['CUIT', 'Razon Social', 'Segmento'],
};

describe('Handler: mappings (vendor A.2)', () => {
  it('creates a mapping (201) and reads it back by id and in the list', async () => {
    // Arrange
    const { key, call, deps } = await setup();
    const apiKey = await key('org-a', MANAGE);
    // Act
    const created = await call(apiKey, 'POST', '', entityMapping);
    // Assert
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      mapping: {
        id: expect.any(String),
        ...entityMapping,
        createdAt: deps.clock.now().toISOString(),
        updatedAt: deps.clock.now().toISOString(),
      },
    });
    const id = created.body.mapping.id as string;
    expect(await call(apiKey, 'GET', `/${id}`)).toEqual({ status: 200, body: { success: true, mapping: created.body.mapping } });
    expect(await call(apiKey, 'GET')).toEqual({ status: 200, body: { success: true, mappings: [created.body.mapping] } });
  });

  it('defaults defaultFields and headersSnapshot to empty', async () => {
    const { key, call } = await setup();
    const created = await call(await key('org-a', MANAGE), 'POST', '', {
      name: 'tx',
      target: 'transaction',
      columnMapping: { id: 'externalId' },
    });
    expect(created.status).toBe(201);
    expect(created.body.mapping).toMatchObject({ defaultFields: {}, headersSnapshot: [] });
  });

  it.each([
    ['no name', { ...entityMapping, name: undefined }, 'VALIDATION_ERROR'],
    ['a name over 100 characters', { ...entityMapping, name: 'x'.repeat(101) }, 'VALIDATION_ERROR'],
    ['a blank name', { ...entityMapping, name: '   ' }, 'VALIDATION_ERROR'],
    ['an unknown target', { ...entityMapping, target: 'entity' }, 'VALIDATION_ERROR'],
    ['no columnMapping', { ...entityMapping, columnMapping: undefined }, 'VALIDATION_ERROR'],
    ['a column onto a field the target does not have', { ...entityMapping, columnMapping: { Monto: 'amount' } }, 'INVALID_MAPPING'],
    ['a default for an unknown field', { ...entityMapping, defaultFields: { countryCode: 'AR' } }, 'INVALID_MAPPING'],
    ['a default type contradicting the target', { ...entityMapping, defaultFields: { type: 'person' } }, 'INVALID_MAPPING'],
  ])('refuses %s (400)', async (_case, body, code) => {
    const { key, call, deps } = await setup();
    const result = await call(await key('org-a', MANAGE), 'POST', '', body);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ success: false, error: { code } });
    expect(deps.mappings.mappings.size).toBe(0);
  });

  it.each([
    ['transaction_batch', 'transaction', { id: 'externalId' }],
    ['user_event_batch', 'user_event', { kind: 'eventType' }],
    ['entity_automatic', 'entity_mixed', { CUIT: 'taxId' }],
  ])('accepts the job kind %s as the target %s, and answers the target', async (kind, target, columnMapping) => {
    // Arrange
    const { key, call } = await setup();
    const apiKey = await key('org-a', MANAGE);
    // Act
    const created = await call(apiKey, 'POST', '', { name: kind, target: kind, columnMapping });
    const patched = await call(apiKey, 'PATCH', `/${created.body.mapping?.id}`, { target: kind });
    // Assert
    expect(created.status).toBe(201);
    expect(created.body.mapping.target).toBe(target);
    expect(patched.status).toBe(200);
    expect(patched.body.mapping.target).toBe(target);
  });

  it('names both vocabularies when the target is unknown', async () => {
    const { key, call } = await setup();
    const result = await call(await key('org-a', MANAGE), 'POST', '', { ...entityMapping, target: 'transactions' });
    expect(result.status).toBe(400);
    const [message] = result.body.error.details.target as string[];
    for (const word of ['transaction', 'entity_person', 'entity_company', 'entity_mixed', 'user_event', 'transaction_batch', 'user_event_batch', 'entity_automatic']) {
      expect(message).toContain(word);
    }
  });

  it('refuses a body that is not JSON', async () => {
    const { key, call, world } = await setup();
    const handler = createMappingsHandler(world.deps);
    const result = await handler(
      apiEvent({
        method: 'POST',
        path: '/batch-import/mappings',
        headers: { authorization: `Bearer ${await key('org-a', MANAGE)}`, 'content-type': 'application/json' },
        body: Buffer.from('{nope'),
      }),
    );
    expect(result.statusCode).toBe(400);
    expect((await call(await key('org-a', MANAGE), 'POST')).status).toBe(415); // no content type at all
  });

  it('lists newest first by default, and by name with ?sort=name; never another org\'s', async () => {
    const { key, call, deps } = await setup();
    const apiKey = await key('org-a', MANAGE);
    for (const name of ['b', 'c', 'a']) {
      await call(apiKey, 'POST', '', { name, target: 'user_event', columnMapping: {} });
      deps.clock.advance(1000);
    }
    await call(await key('org-b', MANAGE), 'POST', '', { name: 'other', target: 'user_event', columnMapping: {} });

    const newest = await call(apiKey, 'GET');
    expect(newest.body.mappings.map((m: { name: string }) => m.name)).toEqual(['a', 'c', 'b']);
    const byName = await call(apiKey, 'GET', '', undefined, { sort: 'name' });
    expect(byName.body.mappings.map((m: { name: string }) => m.name)).toEqual(['a', 'b', 'c']);
    expect((await call(apiKey, 'GET', '', undefined, { sort: 'size' })).status).toBe(400);
  });

  it('updates only the fields sent (PATCH) and checks the result as a whole', async () => {
    const { key, call, deps } = await setup();
    const apiKey = await key('org-a', MANAGE);
    const { mapping } = (await call(apiKey, 'POST', '', entityMapping)).body;
    deps.clock.advance(60_000);

    const renamed = await call(apiKey, 'PATCH', `/${mapping.id}`, { name: 'Suppliers', defaultFields: { country: 'CL' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.mapping).toEqual({
      ...mapping,
      name: 'Suppliers',
      defaultFields: { country: 'CL' },
      updatedAt: deps.clock.now().toISOString(),
    });
    // A target whose kind has no such fields makes the stored columns wrong.
    const retargeted = await call(apiKey, 'PATCH', `/${mapping.id}`, { target: 'transaction' });
    expect(retargeted.status).toBe(400);
    expect(retargeted.body.error.code).toBe('INVALID_MAPPING');
    expect((await call(apiKey, 'PATCH', `/${mapping.id}`, {})).status).toBe(400);
    expect((await call(apiKey, 'GET', `/${mapping.id}`)).body.mapping.name).toBe('Suppliers');
  });

  it('deletes a mapping; it is then 404', async () => {
    const { key, call } = await setup();
    const apiKey = await key('org-a', MANAGE);
    const { mapping } = (await call(apiKey, 'POST', '', entityMapping)).body;
    expect(await call(apiKey, 'DELETE', `/${mapping.id}`)).toEqual({ status: 200, body: { success: true, ok: true } });
    expect((await call(apiKey, 'GET', `/${mapping.id}`)).status).toBe(404);
    expect((await call(apiKey, 'DELETE', `/${mapping.id}`)).status).toBe(404);
  });

  it("answers 404 for another org's mapping on every route, and leaves it unchanged", async () => {
    const { key, call, deps } = await setup();
    const { mapping } = (await call(await key('org-a', MANAGE), 'POST', '', entityMapping)).body;
    const other = await key('org-b', [...MANAGE, 'entities:bulk_import']);
    for (const [method, body] of [['GET'], ['PATCH', { name: 'mine now' }], ['DELETE']] as const) {
      const result = await call(other, method, `/${mapping.id}`, body);
      expect(result).toEqual({ status: 404, body: { success: false, error: { code: 'NOT_FOUND', message: 'Mapping not found' } } });
    }
    expect(deps.mappings.mappings.get(mapping.id)?.name).toBe(entityMapping.name);
    expect((await call(other, 'GET', '/not a valid id')).status).toBe(404);
  });

  it('needs import-jobs:manage to change mappings (403) and any scope to read them', async () => {
    const { key, call } = await setup();
    const { mapping } = (await call(await key('org-a', MANAGE), 'POST', '', entityMapping)).body;
    const reader = await key('org-a', ['events:create']);

    for (const [method, path, body] of [
      ['POST', '', entityMapping],
      ['PATCH', `/${mapping.id}`, { name: 'x' }],
      ['DELETE', `/${mapping.id}`, undefined],
    ] as const) {
      const result = await call(reader, method, path, body);
      expect(result.status).toBe(403);
      expect(result.body.error.code).toBe('FORBIDDEN');
    }
    expect((await call(reader, 'GET', `/${mapping.id}`)).status).toBe(200);
    expect((await call(reader, 'GET')).body.mappings).toHaveLength(1);
    expect((await call(await key('org-a', MANAGE), 'GET')).status).toBe(200);
  });

  it('answers 401 without a valid key', async () => {
    const { call } = await setup();
    expect((await call('bik_unknown', 'GET')).status).toBe(401);
  });
});
