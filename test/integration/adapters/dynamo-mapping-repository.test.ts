import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoMappingRepository } from '../../../functions/adapters/dynamodb/mapping-repository';
import type { Mapping } from '../../../functions/core/mappings/mapping';

const mappings = new DynamoMappingRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);

function newMapping(overrides: Partial<Mapping> = {}): Mapping {
  return {
    id: randomUUID(),
    orgId: `org-${randomUUID()}`,
    name: 'Suppliers',
    target: 'entity_company',
    columnMapping: { CUIT: 'taxId', 'Razon Social': 'name' },
    defaultFields: { country: 'AR' },
    headersSnapshot: ['CUIT', 'Razon Social'],
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

describe('Class: DynamoMappingRepository (DynamoDB Local)', () => {
  it('stores and reads back a mapping; an unknown id is null', async () => {
    const mapping = newMapping();
    await mappings.create(mapping);
    expect(await mappings.get(mapping.id)).toEqual(mapping);
    expect(await mappings.get(randomUUID())).toBeNull();
  });

  it('refuses to create a mapping over an existing id', async () => {
    const mapping = newMapping();
    await mappings.create(mapping);
    await expect(mappings.create({ ...mapping, name: 'again' })).rejects.toThrow();
    expect((await mappings.get(mapping.id))?.name).toBe('Suppliers');
  });

  it("lists one org's mappings newest first, through the index", async () => {
    const orgId = `org-${randomUUID()}`;
    const created = Array.from({ length: 5 }, (_, i) => newMapping({ orgId, name: `m${i}`, createdAt: `2026-11-25T10:00:0${i}.000Z` }));
    for (const mapping of created) await mappings.create(mapping);
    await mappings.create(newMapping()); // another org's

    const listed = await mappings.listByOrg(orgId);
    expect(listed.map((m) => m.name)).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    expect(listed[0]).toEqual(created[4]);
    expect(await mappings.listByOrg(`org-${randomUUID()}`)).toEqual([]);
  });

  it('replaces a mapping of its org, and nothing of another org or that is gone', async () => {
    const mapping = newMapping();
    await mappings.create(mapping);
    const updated = { ...mapping, name: 'Renamed', defaultFields: {}, updatedAt: '2026-11-25T11:00:00.000Z' };
    expect(await mappings.replace(updated)).toBe(true);
    expect(await mappings.get(mapping.id)).toEqual(updated);

    expect(await mappings.replace({ ...updated, orgId: 'intruder', name: 'Taken' })).toBe(false);
    expect(await mappings.replace(newMapping())).toBe(false); // never created
    expect((await mappings.get(mapping.id))?.name).toBe('Renamed');
  });

  it('deletes a mapping of its org only', async () => {
    const mapping = newMapping();
    await mappings.create(mapping);
    expect(await mappings.delete('intruder', mapping.id)).toBe(false);
    expect(await mappings.get(mapping.id)).not.toBeNull();
    expect(await mappings.delete(mapping.orgId, mapping.id)).toBe(true);
    expect(await mappings.get(mapping.id)).toBeNull();
    expect(await mappings.delete(mapping.orgId, mapping.id)).toBe(false);
    expect(await mappings.listByOrg(mapping.orgId)).toEqual([]);
  });
});
