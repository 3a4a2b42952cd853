import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { systemClock } from '../../functions/adapters/system';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { runTag } from '../support/generate';
import { baseUrl, demoKey, uploadAndWait, uploadFiles } from '../support/service-client';

jest.setTimeout(120_000);

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const apiKeys = new DynamoApiKeyRepository(dynamo, process.env.CONTROL_TABLE_NAME as string);

interface MappingsBody {
  success: boolean;
  ok?: boolean;
  mapping?: { id: string; name: string };
  mappings?: Array<{ id: string }>;
  error?: { code: string };
}

async function mappingsApi(method: string, path = '', body?: unknown, apiKey = demoKey()) {
  const response = await fetch(`${baseUrl()}/batch-import/mappings${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as MappingsBody };
}

describe('E2E: saved mappings (§2, vendor A.2)', () => {
  it('imports a CSV through a saved mapping: renamed columns, the default country and the implied type', async () => {
    // Arrange
    const tag = `m${runTag()}`;
    const created = await mappingsApi('POST', '', {
      name: `Suppliers ${tag}`,
      target: 'entity_company',
      columnMapping: { CUIT: 'taxId', 'Razon Social': 'name', Rubro: 'attributes.sector' },
      defaultFields: { country: 'AR' },
      headersSnapshot: ['CUIT', 'Razon Social', 'Rubro'],
    });
    expect(created.status).toBe(201);
    const mappingId = created.body.mapping?.id as string;
    const listed = await mappingsApi('GET');
    expect(listed.body.mappings?.map((m) => m.id)).toContain(mappingId);

    // Act
    const csv = `CUIT,Razon Social,Rubro\n${tag}-1,Acme SA,retail\n${tag}-2,Globex SRL,\n`;
    const { job } = await uploadAndWait('entities', [{ fileName: 'suppliers.csv', content: csv }], { mappingId });

    // Assert
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 2, succeeded: 2, failed: 0 });
    expect(job.metadata).toMatchObject({ mappingId });
    const { Item } = await dynamo.send(
      new GetCommand({ TableName: process.env.RECORDS_TABLE_NAME as string, Key: { pk: `ORG#demo#ENTITY#${tag}-1`, sk: 'RECORD' } }),
    );
    expect(Item?.data).toEqual({ taxId: `${tag}-1`, type: 'company', name: 'Acme SA', country: 'AR', attributes: { sector: 'retail' } });
  });

  it('answers 400 INVALID_MAPPING for an unknown mappingId, and for a mapping of another kind', async () => {
    const unknown = await uploadFiles('entities', [{ fileName: 'e.csv', content: 'taxId,type\n1,person\n' }], { mappingId: 'no-such-mapping' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('INVALID_MAPPING');

    const events = await mappingsApi('POST', '', { name: 'events', target: 'user_event', columnMapping: { kind: 'eventType' } });
    const wrongKind = await uploadFiles('entities', [{ fileName: 'e.csv', content: 'taxId,type\n1,person\n' }], {
      mappingId: events.body.mapping?.id as string,
    });
    expect(wrongKind.status).toBe(400);
    expect(((await wrongKind.json()) as { error: { code: string } }).error.code).toBe('INVALID_MAPPING');
  });

  it("keeps each org's mappings to itself: 404 to another org, and unusable in its uploads", async () => {
    const { body } = await mappingsApi('POST', '', { name: 'private', target: 'transaction', columnMapping: { id: 'externalId' } });
    const id = body.mapping?.id as string;
    const otherOrg = (await createApiKey({ apiKeys, clock: systemClock }, { orgId: `other-${runTag()}`, scopes: ['transactions:create', 'import-jobs:manage'] }))
      .apiKey;

    expect((await mappingsApi('GET', `/${id}`, undefined, otherOrg)).status).toBe(404);
    expect((await mappingsApi('DELETE', `/${id}`, undefined, otherOrg)).status).toBe(404);
    const upload = await uploadFiles('transactions', [{ fileName: 't.csv', content: 'id\n1\n' }], { mappingId: id }, otherOrg);
    expect(upload.status).toBe(400);

    expect((await mappingsApi('PATCH', `/${id}`, { name: 'renamed' })).body.mapping?.name).toBe('renamed');
    expect(await mappingsApi('DELETE', `/${id}`)).toEqual({ status: 200, body: { success: true, ok: true } });
    expect((await mappingsApi('GET', `/${id}`)).status).toBe(404);
  });
});
