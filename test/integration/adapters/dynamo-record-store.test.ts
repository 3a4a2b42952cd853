import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { RECORDS_TABLE } from '../../../lib/resources';
import { recordItemKey } from '../../../functions/adapters/dynamodb/partiql-record-writer';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoRecordStore } from '../../../functions/adapters/dynamodb/record-store';
import { classifyExisting } from '../../../functions/core/records/duplicates';
import type { ImportRecord } from '../../../functions/core/records/record';
import { dynamoDbThrottling } from '../../../local/dynamodb-throttling';

const table = process.env.RECORDS_TABLE_NAME as string;
const store = new DynamoRecordStore(createAwsClients().dynamo, table);

const entity = (orgId: string, jobId: string, taxId: string, rowNumber: number, type = 'person'): ImportRecord => ({
  key: `ENTITY#${taxId}`, orgId, namespace: 'default', kind: 'entity_automatic', runId: jobId, rowNumber, data: { taxId, type },
});

/** A document client whose requests to DynamoDB are counted by operation (the X-Amz-Target of each request). */
function countingClient(endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB): { dynamo: DynamoDBDocumentClient; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const client = new DynamoDBClient({ endpoint, maxAttempts: 8 });
  client.middlewareStack.add(
    (next) => async (args) => {
      const target = String((args.request as { headers?: Record<string, string> }).headers?.['x-amz-target'] ?? '');
      const operation = target.split('.')[1] ?? 'unknown';
      calls[operation] = (calls[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'build', name: 'countCalls' },
  );
  return { dynamo: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), calls };
}

describe('Class: DynamoRecordStore (PartiQL INSERTs over DynamoDB Local)', () => {
  it('writes new keys with INSERT batches of 25 and takes a replayed chunk as written', async () => {
    const org = `org-${randomUUID()}`;
    const { dynamo, calls } = countingClient();
    const counted = new DynamoRecordStore(dynamo, table);
    const rows = Array.from({ length: 150 }, (_, i) => entity(org, 'job-1', `t${i}`, i + 2));
    expect((await counted.putNew(rows)).every((r) => r.written)).toBe(true);
    expect(calls).toEqual({ BatchExecuteStatement: 6 });

    // The same rows of the same run again (a redelivered chunk, or one whose worker died half-way): every INSERT
    // answers DuplicateItem, the items read back are this run's own rows, so they count as written.
    expect((await counted.putNew(rows)).every((r) => r.written)).toBe(true);
    // DynamoDB Local leaves the old item out of the error: each batch of 25 reads its taken keys back, once.
    expect(calls).toEqual({ BatchExecuteStatement: 12, BatchGetItem: 6 });

    expect(await store.find(org, ['ENTITY#t5'])).toEqual(
      new Map([['ENTITY#t5', { key: 'ENTITY#t5', runId: 'job-1', rowNumber: 7, data: { taxId: 't5', type: 'person' } }]]),
    );
  });

  it('answers the record another run imported, and writes the free keys of the same batch', async () => {
    const org = `org-${randomUUID()}`;
    await store.putNew([entity(org, 'job-1', 't5', 7), entity(org, 'job-1', 't7', 9)]);
    const results = await store.putNew([entity(org, 'job-2', 't5', 2, 'company'), entity(org, 'job-2', 'new-1', 3), entity(org, 'job-2', 't7', 4)]);
    expect(results).toEqual([
      { written: false, existing: { key: 'ENTITY#t5', runId: 'job-1', rowNumber: 7, data: { taxId: 't5', type: 'person' } } },
      { written: true },
      { written: false, existing: { key: 'ENTITY#t7', runId: 'job-1', rowNumber: 9, data: { taxId: 't7', type: 'person' } } },
    ]);
  });

  it('sets the TTL attribute on each new record when records expire (RECORDS_TTL_DAYS), and none otherwise', async () => {
    // Arrange
    const org = `org-${randomUUID()}`;
    // Whole seconds from now: a past expiry would let DynamoDB Local's TTL sweeper delete the items under test.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const expiring = new DynamoRecordStore(createAwsClients().dynamo, table, 8, { expireAfterDays: 30, now: () => now });
    const dryRun = { ...entity(org, 'job-1', 'dry', 4), expiresAt: now / 1000 + 3600 };
    // Act
    await expiring.putNew([entity(org, 'job-1', 'kept-30-days', 2), dryRun]);
    await store.putNew([entity(org, 'job-1', 'kept-for-good', 3)]);
    // Assert: read the items themselves, as DynamoDB's TTL sweeper sees them.
    const item = async (taxId: string) =>
      (await createAwsClients().dynamo.send(new GetCommand({ TableName: table, Key: recordItemKey(org, `ENTITY#${taxId}`) }))).Item;
    expect((await item('kept-30-days'))?.[RECORDS_TABLE.timeToLiveAttribute as string]).toBe(now / 1000 + 30 * 24 * 3600);
    expect((await item('dry'))?.[RECORDS_TABLE.timeToLiveAttribute as string]).toBe(now / 1000 + 3600);
    expect(await item('kept-for-good')).not.toHaveProperty(RECORDS_TABLE.timeToLiveAttribute as string);
  });

  it('answers a row that repeats a key of the same file with the row that wrote it, which classifies it as a repeat', async () => {
    const org = `org-${randomUUID()}`;
    const first = entity(org, 'job-1', 'dup', 2);
    const repeat = entity(org, 'job-1', 'dup', 5);
    // process-chunk writes a file's repeated keys in a later wave, never in the same call.
    expect(await store.putNew([first])).toEqual([{ written: true }]);
    const [result] = await store.putNew([repeat]);
    expect(result).toEqual({ written: false, existing: expect.objectContaining({ runId: 'job-1', rowNumber: 2 }) });
    if (result?.written !== false) throw new Error('expected the key to be taken');
    expect(classifyExisting(repeat, result.existing, { duplicateTaxIdPolicy: 'skip' } as never)).toMatchObject({
      outcome: 'skipped',
      code: 'SKIPPED_DUPLICATE_TAX_ID',
    });
  });

  it('writes the first of two records with one key in one call and answers it to the second (never one batch)', async () => {
    const org = `org-${randomUUID()}`;
    const rows = [entity(org, 'job-1', 'a', 2), entity(org, 'job-1', 'b', 3), entity(org, 'job-1', 'a', 4)];
    expect(await store.putNew(rows)).toEqual([
      { written: true },
      { written: true },
      { written: false, existing: expect.objectContaining({ key: 'ENTITY#a', runId: 'job-1', rowNumber: 2 }) },
    ]);
  });

  it('lets exactly one of two runs racing for the same keys write each of them', async () => {
    const org = `org-${randomUUID()}`;
    const a = Array.from({ length: 200 }, (_, i) => entity(org, 'job-a', `k${i}`, i + 2));
    const b = Array.from({ length: 200 }, (_, i) => entity(org, 'job-b', `k${i}`, i + 2));
    const [ra, rb] = await Promise.all([store.putNew(a), store.putNew(b)]);
    const written = ra.filter((r) => r.written).length + rb.filter((r) => r.written).length;
    expect(written).toBe(200);
  });

  it('uses the old item DynamoDB returns with DuplicateItem (as AWS does) instead of reading it', async () => {
    const org = `org-${randomUUID()}`;
    await store.putNew([entity(org, 'job-1', 'x', 2)]);
    const { dynamo, calls } = countingClient();
    // Stands in for AWS, which answers ReturnValuesOnConditionCheckFailure with the item (the document client has
    // unmarshalled it by the build step).
    dynamo.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const output = result.output as { Responses?: Array<{ Error?: { Code?: string; Item?: unknown } }> };
        for (const answer of output.Responses ?? []) {
          if (answer.Error?.Code === 'DuplicateItem') {
            answer.Error.Item = { pk: `ORG#${org}#ENTITY#x`, sk: 'RECORD', jobId: 'job-1', rowNumber: 2, data: { taxId: 'x' } };
          }
        }
        return result;
      },
      { step: 'build', name: 'awsLikeDuplicateItem', priority: 'high' },
    );
    const results = await new DynamoRecordStore(dynamo, table).putNew([entity(org, 'job-2', 'x', 3)]);
    expect(results).toEqual([{ written: false, existing: { key: 'ENTITY#x', runId: 'job-1', rowNumber: 2, data: { taxId: 'x' } } }]);
    expect(calls.BatchGetItem).toBeUndefined();
  });

  describe('under throttling', () => {
    const throttling = dynamoDbThrottling({ rate: 0.5, seed: 7 });

    it('retries throttled calls and statements until every row is settled, exactly once', async () => {
      const org = `org-${randomUUID()}`;
      const { dynamo } = countingClient();
      throttling.applyTo(dynamo.middlewareStack);
      const throttled = new DynamoRecordStore(dynamo, table);
      const rows = Array.from({ length: 300 }, (_, i) => entity(org, 'job-1', `t${i}`, i + 2));
      expect((await throttled.putNew(rows)).every((r) => r.written)).toBe(true);
      expect((await throttled.putNew(rows)).every((r) => r.written)).toBe(true);
      const other = await throttled.putNew(rows.map((r) => ({ ...r, runId: 'job-2' })));
      expect(other.every((r) => !r.written && r.existing.runId === 'job-1')).toBe(true);
      expect((await store.find(org, rows.map((r) => r.key))).size).toBe(300);
      expect(Object.keys(throttling.injected).some((kind) => kind.includes('ThrottlingError (statements)'))).toBe(true);
    });
  });
});
