import type { Mapping } from '../../../functions/core/mappings/mapping';
import type { MappingRepository } from '../../../functions/core/ports';
import { eventually, freshId, freshOrg, type MakePort } from './fixtures';

function newMapping(overrides: Partial<Mapping> = {}): Mapping {
  return {
    id: freshId(), orgId: freshOrg(), name: 'Suppliers', target: 'entity_company',
    columnMapping: { CUIT: 'taxId', 'Razon Social': 'name' }, defaultFields: { country: 'AR' },
    headersSnapshot: ['CUIT', 'Razon Social'], createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * The saved mappings' contract, held by InMemoryMappings and DynamoMappingRepository alike: a mapping is created
 * once, writes that name an org touch only that org's mapping, and an org's list is newest first.
 */
export function describeMappingRepositoryContract(name: string, makePort: MakePort<MappingRepository>): void {
  describe(`MappingRepository contract: ${name}`, () => {
    let mappings: MappingRepository;
    beforeEach(async () => {
      mappings = await makePort();
    });

    it('reads back a created mapping whole, refuses to create it twice, and answers null for an unknown id', async () => {
      const mapping = newMapping({ defaultFields: {}, headersSnapshot: [] });
      await mappings.create(mapping);
      expect(await mappings.get(mapping.id)).toEqual(mapping);
      await expect(mappings.create({ ...mapping, name: 'Second' })).rejects.toThrow();
      expect((await mappings.get(mapping.id))?.name).toBe('Suppliers');
      expect(await mappings.get(freshId())).toBeNull();
    });

    it('lists every mapping of the org, newest first, and no other org’s', async () => {
      const orgId = freshOrg();
      const made: Mapping[] = [];
      for (const day of [12, 10, 14, 11]) {
        const mapping = newMapping({ orgId, createdAt: `2026-11-${day}T10:00:00.000Z` });
        made.push(mapping);
        await mappings.create(mapping);
      }
      await mappings.create(newMapping({ createdAt: '2026-11-20T10:00:00.000Z' }));
      const newestFirst = [...made].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
      expect(await eventually(() => mappings.listByOrg(orgId), (list) => list.length === 4)).toEqual(newestFirst);
      expect(await mappings.listByOrg(freshOrg())).toEqual([]);
    });

    it('replaces and deletes only the org’s own mapping, and not one that is gone', async () => {
      const mapping = newMapping();
      await mappings.create(mapping);
      const intruder = freshOrg();
      expect(await mappings.replace({ ...mapping, orgId: intruder, name: 'Stolen' })).toBe(false);
      expect(await mappings.delete(intruder, mapping.id)).toBe(false);
      expect(await mappings.get(mapping.id)).toEqual(mapping);
      const renamed = { ...mapping, name: 'Vendors', columnMapping: { CUIT: 'taxId' }, updatedAt: '2026-11-26T10:00:00.000Z' };
      expect(await mappings.replace(renamed)).toBe(true);
      expect(await mappings.get(mapping.id)).toEqual(renamed);
      expect(await mappings.delete(mapping.orgId, mapping.id)).toBe(true);
      expect(await mappings.delete(mapping.orgId, mapping.id)).toBe(false);
      expect(await mappings.replace(renamed)).toBe(false);
      expect(await mappings.get(mapping.id)).toBeNull();
    });
  });
}
