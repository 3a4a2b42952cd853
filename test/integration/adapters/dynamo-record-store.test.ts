import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoRecordStore } from '../../../functions/adapters/dynamodb/record-store';
import type { ImportRecord } from '../../../functions/core/records/record';

const store = new DynamoRecordStore(createAwsClients().dynamo, process.env.RECORDS_TABLE_NAME as string);

const entity = (orgId: string, jobId: string, taxId: string, rowNumber: number, type = 'person'): ImportRecord => ({
  key: `ENTITY#${taxId}`, orgId, namespace: 'default', kind: 'entity_automatic', jobId, rowNumber, data: { taxId, type },
});

describe('Class: DynamoRecordStore (DynamoDB Local)', () => {
  it('writes new keys, recognises its own replayed rows and hands back the record holding a taken key', async () => {
    const org = `org-${randomUUID()}`;
    const first = Array.from({ length: 150 }, (_, i) => entity(org, 'job-1', `t${i}`, i + 2));
    expect((await store.putNew(first)).every((r) => r.written)).toBe(true);

    // The same rows of the same run again (a redelivered chunk): written, not duplicates.
    expect((await store.putNew(first)).every((r) => r.written)).toBe(true);

    // Another run, a mix of taken and new keys in one transaction.
    const mixed = [entity(org, 'job-2', 't5', 2, 'company'), entity(org, 'job-2', 'new-1', 3), entity(org, 'job-2', 't7', 4)];
    const results = await store.putNew(mixed);
    expect(results).toEqual([
      { written: false, existing: { key: 'ENTITY#t5', jobId: 'job-1', rowNumber: 7, data: { taxId: 't5', type: 'person' } } },
      { written: true },
      { written: false, existing: expect.objectContaining({ jobId: 'job-1', rowNumber: 9 }) },
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

  it('keeps orgs apart and finds existing keys of one org only', async () => {
    const orgA = `org-${randomUUID()}`;
    const orgB = `org-${randomUUID()}`;
    await store.putNew([entity(orgA, 'j', 'shared', 2)]);
    expect((await store.putNew([entity(orgB, 'j2', 'shared', 2)]))[0]).toEqual({ written: true });
    expect(await store.find(orgA, ['ENTITY#shared', 'ENTITY#absent'])).toEqual(
      new Map([['ENTITY#shared', { key: 'ENTITY#shared', jobId: 'j', rowNumber: 2, data: { taxId: 'shared', type: 'person' } }]]),
    );
    expect(await store.find(`org-${randomUUID()}`, ['ENTITY#shared'])).toEqual(new Map());
  });
});
