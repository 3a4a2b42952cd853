import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { systemClock } from '../../functions/adapters/system';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { entitiesCsv, runTag, transactionsCsv } from '../support/generate';
import { baseUrl, getJob, uploadAndWait, uploadFiles } from '../support/service-client';

jest.setTimeout(120_000);

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const apiKeys = new DynamoApiKeyRepository(dynamo, process.env.CONTROL_TABLE_NAME as string);
const newKey = async (orgId: string, scopes: Parameters<typeof createApiKey>[1]['scopes']) =>
  (await createApiKey({ apiKeys, clock: systemClock }, { orgId, scopes })).apiKey;

describe('E2E: duplicates', () => {
  it('uploading the same entities file twice leaves one record per taxId; the second run skips them all', async () => {
    const tag = `d${runTag()}`;
    const file = [{ fileName: 'entities.csv', content: entitiesCsv(300, tag) }];
    const first = await uploadAndWait('entities', file);
    const second = await uploadAndWait('entities', file);

    expect(first.job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 300, succeeded: 300, skipped: 0 });
    expect(second.job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 300, succeeded: 0, skipped: 300, failed: 0 });

    const keys = Array.from({ length: 100 }, (_, i) => ({ pk: `ORG#demo#ENTITY#${tag}-${i + 1}`, sk: 'RECORD' }));
    const { Responses } = await dynamo.send(new BatchGetCommand({ RequestItems: { [process.env.RECORDS_TABLE_NAME as string]: { Keys: keys } } }));
    const items = Responses?.[process.env.RECORDS_TABLE_NAME as string] ?? [];
    expect(items).toHaveLength(100);
    // Every record is still the one the first run wrote.
    expect(new Set(items.map((item) => item.jobId))).toEqual(new Set([first.job.jobId]));
  });
});

describe('E2E: authentication and tenancy (§3)', () => {
  let jobId: string;

  beforeAll(async () => {
    const response = await uploadFiles('transactions', [{ fileName: 't.csv', content: transactionsCsv(10, `a${runTag()}`) }]);
    jobId = ((await response.json()) as { jobId: string }).jobId;
  });

  it('answers 401 without a key and with an unknown key', async () => {
    const none = await fetch(`${baseUrl()}/batch-import/jobs/${jobId}`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ success: false, error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    expect((await getJob(jobId, 'bik_not-a-real-key-at-all')).status).toBe(401);
    const upload = await fetch(`${baseUrl()}/batch-import/import/entities`, { method: 'POST' });
    expect(upload.status).toBe(401);
  });

  it('answers 403 to a key without the kind scope', async () => {
    const eventsOnly = await newKey('demo', ['events:create']);
    const response = await uploadFiles('transactions', [{ fileName: 't.csv', content: transactionsCsv(1) }], {}, eventsOnly);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it("answers 404 to another org's key on the first org's job, as for a job that does not exist", async () => {
    const otherOrg = await newKey(`other-${runTag()}`, ['transactions:create', 'entities:bulk_import', 'events:create']);
    const response = await getJob(jobId, otherOrg);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Job not found' } });
    expect((await getJob('00000000-0000-0000-0000-000000000000')).status).toBe(404);
  });
});
