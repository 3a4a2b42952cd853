import type { Mapping } from '../../../functions/core/mappings/mapping';
import { createPresignedUpload } from '../../../functions/core/use-cases/create-presigned-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { createWorld, csvFile, principal } from '../../support/world';

const at = '2026-11-20T10:00:00.000Z';
const mappingOf = (overrides: Partial<Mapping> & Pick<Mapping, 'id' | 'target' | 'columnMapping'>): Mapping => ({
  orgId: 'org-a',
  name: overrides.id,
  defaultFields: {},
  headersSnapshot: [],
  createdAt: at,
  updatedAt: at,
  ...overrides,
});

async function worldWithMappings() {
  const world = createWorld();
  const { mappings } = world.deps;
  await mappings.create(
    mappingOf({
      id: 'm-company',
      target: 'entity_company',
      columnMapping: { CUIT: 'taxId', 'Razon Social': 'name' },
      defaultFields: { country: 'AR' },
    }),
  );
  await mappings.create(mappingOf({ id: 'm-person', target: 'entity_person', columnMapping: { DNI: 'taxId' } }));
  await mappings.create(mappingOf({ id: 'm-mixed', target: 'entity_mixed', columnMapping: { Doc: 'taxId', Tipo: 'type' } }));
  await mappings.create(mappingOf({ id: 'm-other-org', orgId: 'org-b', target: 'transaction', columnMapping: { id: 'externalId' } }));
  return world;
}

const entityData = (world: Awaited<ReturnType<typeof worldWithMappings>>, taxId: string) =>
  world.deps.records.items.get(`org-a#ENTITY#${taxId}`)?.data;

describe('Use case: uploads with a saved mapping (mappingId)', () => {
  it('renames columns, fills the defaults and the type a company target implies, and records the mapping on the run', async () => {
    // Arrange
    const world = await worldWithMappings();
    const file = csvFile('suppliers.csv', ['CUIT,Razon Social,country', '30-1,Acme SA,', '30-2,Globex,CL']);
    // Act
    const jobId = await world.importFiles(principal(), 'entity_automatic', [file], { mappingId: 'm-company' });
    // Assert
    const run = await world.deps.runs.get(jobId);
    expect(run).toMatchObject({
      state: 'completed',
      succeeded: 2,
      failed: 0,
      columnMapping: { CUIT: 'taxId', 'Razon Social': 'name' },
      defaultFields: { type: 'company', country: 'AR' },
      metadata: { mappingId: 'm-company' },
    });
    expect(entityData(world, '30-1')).toMatchObject({ taxId: '30-1', type: 'company', name: 'Acme SA', country: 'AR' });
    // A value in the row wins over the default.
    expect(entityData(world, '30-2')).toMatchObject({ country: 'CL' });
  });

  it('fills defaults in JSON items too', async () => {
    const world = await worldWithMappings();
    const file = { fileName: 'people.json', contentType: 'application/json', body: Buffer.from(JSON.stringify([{ DNI: '20-9' }])) };
    const jobId = await world.importFiles(principal(), 'entity_automatic', [file], { mappingId: 'm-person' });
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', succeeded: 1 });
    expect(entityData(world, '20-9')).toMatchObject({ taxId: '20-9', type: 'person' });
  });

  it('fails a file that lacks a mapped column no default covers as MAPPING_MISMATCH', async () => {
    const world = await worldWithMappings();
    const jobId = await world.importFiles(principal(), 'entity_automatic', [csvFile('e.csv', ['Doc', '1'])], { mappingId: 'm-mixed' });
    expect(await world.deps.runs.get(jobId)).toMatchObject({
      state: 'failed',
      failure: { code: 'MAPPING_MISMATCH', details: { missingFields: ['type'], missingColumns: ['Tipo'] } },
    });
  });

  it.each([
    ['an unknown mappingId', 'entity_automatic', { mappingId: 'm-missing' }],
    ["another org's mapping", 'transaction_batch', { mappingId: 'm-other-org' }],
    ['an entity mapping for transactions', 'transaction_batch', { mappingId: 'm-person' }],
    ['mappingId and columnMapping together', 'entity_automatic', { mappingId: 'm-company', columnMapping: '{"a":"taxId"}' }],
  ] as const)('refuses %s with INVALID_MAPPING before a job exists', async (_case, kind, options) => {
    const world = await worldWithMappings();
    const upload = startUpload(world.deps, { principal: principal(), kind, files: [csvFile('f.csv', ['a', '1'])], options });
    await expect(upload).rejects.toMatchObject({ code: 'INVALID_MAPPING', statusCode: 400 });
    expect(world.deps.runs.runs.size).toBe(0);
  });

  it('resolves the mapping of a presigned upload as well', async () => {
    const world = await worldWithMappings();
    const deps = { ...world.deps, limits: { maxFileNameLength: 100, maxPresignedFileBytes: 1e9, uploadUrlTtlSeconds: 900 } };
    const request = { kind: 'entity_automatic', fileName: 'big.csv', mappingId: 'm-company' };
    const { jobId } = await createPresignedUpload(deps, principal(), request);
    expect(await world.deps.runs.get(jobId)).toMatchObject({ defaultFields: { type: 'company', country: 'AR' }, metadata: { mappingId: 'm-company' } });
    await expect(createPresignedUpload(deps, principal('org-b'), request)).rejects.toMatchObject({ code: 'INVALID_MAPPING' });
  });
});
