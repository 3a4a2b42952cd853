import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoIdempotencyStore } from '../../../functions/adapters/dynamodb/idempotency-store';

const store = new DynamoIdempotencyStore(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);

describe('Class: DynamoIdempotencyStore (DynamoDB Local)', () => {
  const claim = (overrides: Partial<Parameters<typeof store.claim>[0]> = {}) => ({
    orgId: 'org-i', key: `k-${randomUUID()}`, fingerprint: 'f-1', jobId: 'job-1', now: 1_000, expiresAt: 2_000, ...overrides,
  });

  it('lets one of many concurrent claims of a key win and answers the others with it', async () => {
    const key = `k-${randomUUID()}`;
    const results = await Promise.all(['a', 'b', 'c'].map((jobId) => store.claim(claim({ key, jobId, fingerprint: `f-${jobId}` }))));
    const winners = results.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    const held = results.filter((r): r is { claimed: false; fingerprint: string; jobId: string } => !r.claimed);
    expect(new Set(held.map((r) => r.jobId)).size).toBe(1);
    expect(held[0]?.fingerprint).toBe(`f-${held[0]?.jobId}`);
  });

  it('takes over a lapsed claim, and a released key is free again', async () => {
    const first = claim();
    await store.claim(first);
    expect(await store.claim({ ...first, jobId: 'job-2', now: 1_500 })).toEqual({ claimed: false, fingerprint: 'f-1', jobId: 'job-1' });
    expect(await store.claim({ ...first, jobId: 'job-3', now: 2_000, expiresAt: 3_000 })).toEqual({ claimed: true });
    await store.release(first.orgId, first.key);
    expect(await store.claim({ ...first, jobId: 'job-4', now: 2_100, expiresAt: 4_000 })).toEqual({ claimed: true });
  });

  it('keeps the same key of two orgs apart, however long the key', async () => {
    const key = 'x'.repeat(255);
    expect(await store.claim(claim({ key, orgId: `a-${randomUUID()}` }))).toEqual({ claimed: true });
    expect(await store.claim(claim({ key, orgId: `b-${randomUUID()}` }))).toEqual({ claimed: true });
  });
});
