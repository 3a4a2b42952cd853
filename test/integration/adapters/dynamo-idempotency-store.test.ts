import { randomUUID } from 'node:crypto';
import { loadConfig, Storage, configSchema } from '../../../functions/config';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoIdempotencyStore } from '../../../functions/adapters/dynamodb/idempotency-store';
import { buildAdapters } from '../../../functions/handlers/dependencies';
import { createPresignedUpload, type PresignedUploadDeps } from '../../../functions/core/use-cases/create-presigned-upload';
import { IDEMPOTENCY_IN_PROGRESS_SECONDS } from '../../../functions/core/use-cases/idempotency';
import type { IdempotencyClaim } from '../../../functions/core/ports';
import { principal } from '../../support/world';

const clients = createAwsClients();
const store = new DynamoIdempotencyStore(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);

describe('Class: DynamoIdempotencyStore (DynamoDB Local)', () => {
  const claim = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
    orgId: 'org-i', key: `k-${randomUUID()}`, fingerprint: 'f-1', runId: 'job-1', now: 1_000, inProgressUntil: 1_060, expiresAt: 2_000, ...overrides,
  });

  it('lets one of many concurrent claims of a key win and answers the others with it, in progress', async () => {
    const key = `k-${randomUUID()}`;
    const results = await Promise.all(['a', 'b', 'c'].map((jobId) => store.claim(claim({ key, runId: jobId, fingerprint: `f-${jobId}` }))));
    const winners = results.filter((r) => r.claimed);
    expect(winners).toEqual([{ claimed: true }]);
    const held = results.flatMap((r) => (r.claimed ? [] : [r]));
    expect(new Set(held.map((r) => r.runId)).size).toBe(1);
    expect(held[0]).toEqual({ claimed: false, status: 'IN_PROGRESS', runId: held[0]!.runId, fingerprint: `f-${held[0]!.runId}` });
  });

  it('answers a completed claim with the job it completed, and never takes it over before it lapses', async () => {
    const first = claim();
    await store.claim(first);
    expect(await store.complete({ orgId: first.orgId, key: first.key, claimedAs: 'job-1', runId: 'job-1', fingerprint: 'f-1' })).toBe(true);
    expect(await store.claim({ ...first, runId: 'job-2', now: 1_500 })).toEqual({ claimed: false, status: 'COMPLETED', fingerprint: 'f-1', runId: 'job-1' });
    expect(await store.claim({ ...first, runId: 'job-3', now: 2_000, inProgressUntil: 2_060, expiresAt: 3_000 })).toEqual({ claimed: true });
  });

  it('takes over a claim left in progress past its expiry, and tells which job the dead claimant meant to create', async () => {
    const first = claim();
    await store.claim(first);
    expect(await store.claim({ ...first, runId: 'job-2', now: 1_059 })).toMatchObject({ claimed: false, status: 'IN_PROGRESS', runId: 'job-1' });
    expect(await store.claim({ ...first, runId: 'job-2', fingerprint: 'f-2', now: 1_060, inProgressUntil: 1_120 })).toEqual({
      claimed: true,
      tookOver: { runId: 'job-1', fingerprint: 'f-1' },
    });
    // The slow claimant can neither complete nor release the claim it lost.
    expect(await store.complete({ orgId: first.orgId, key: first.key, claimedAs: 'job-1', runId: 'job-1', fingerprint: 'f-1' })).toBe(false);
    await store.release(first.orgId, first.key, 'job-1');
    expect(await store.claim({ ...first, runId: 'job-3', now: 1_070 })).toMatchObject({ claimed: false, runId: 'job-2', fingerprint: 'f-2' });
    // Its owner gives it back: free again.
    await store.release(first.orgId, first.key, 'job-2');
    expect(await store.claim({ ...first, runId: 'job-4', now: 1_080 })).toEqual({ claimed: true });
  });

  it('keeps the same key of two orgs apart, however long the key', async () => {
    const key = 'x'.repeat(255);
    expect(await store.claim(claim({ key, orgId: `a-${randomUUID()}` }))).toEqual({ claimed: true });
    expect(await store.claim(claim({ key, orgId: `b-${randomUUID()}` }))).toEqual({ claimed: true });
  });
});

describe('Idempotency-Key after a crash between the claim and the job (DynamoDB Local, real adapters)', () => {
  const adapters = buildAdapters(loadConfig(configSchema(Storage)), clients);
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const request = { kind: 'transaction_batch', fileName: 'big.csv', contentLength: 100 };

  function depsAt(clock: { now: () => Date }, overrides: Partial<PresignedUploadDeps> = {}): PresignedUploadDeps {
    return {
      ...adapters,
      clock,
      logger: silent,
      limits: { maxFileNameLength: 100, maxPresignedFileBytes: 1e9, uploadUrlTtlSeconds: 900 },
      idempotencyWait: { attempts: 2, intervalMs: 10 },
      ...overrides,
    };
  }

  it('answers a duplicate 409 IDEMPOTENCY_IN_PROGRESS while the claim is live, then lets a retry create the job', async () => {
    // Arrange: the first request claims the key, then its function is killed before the run exists.
    const orgId = `org-crash-${randomUUID()}`;
    const key = `crash-${randomUUID()}`;
    let now = new Date('2026-12-05T10:00:00Z');
    const clock = { now: () => now };
    const hangingRuns = Object.create(adapters.runs) as typeof adapters.runs;
    hangingRuns.create = () => new Promise<void>(() => undefined);
    const killed = depsAt(clock, { runs: hangingRuns });
    void createPresignedUpload(killed, principal(orgId), request, key);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    const duplicate = createPresignedUpload(depsAt(clock), principal(orgId), request, key);
    await expect(duplicate).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', statusCode: 409 });
    now = new Date(now.getTime() + (IDEMPOTENCY_IN_PROGRESS_SECONDS + 1) * 1000);
    const retried = await createPresignedUpload(depsAt(clock), principal(orgId), request, key);
    const replayed = await createPresignedUpload(depsAt(clock), principal(orgId), request, key);

    // Assert: the key answers a job that exists, the same one each time.
    expect(await adapters.runs.get(retried.jobId)).toMatchObject({ runId: retried.jobId, orgId, state: 'queued' });
    expect(replayed.jobId).toBe(retried.jobId);
  });

  it('answers the job a killed request did create, instead of creating a second one', async () => {
    // Arrange: the run is created, then the function is killed before it marks the key completed.
    const orgId = `org-crash-${randomUUID()}`;
    const key = `crash-${randomUUID()}`;
    let now = new Date('2026-12-05T11:00:00Z');
    const clock = { now: () => now };
    let createdJobId: string | undefined;
    const runs = Object.create(adapters.runs) as typeof adapters.runs;
    runs.create = async (run) => {
      await adapters.runs.create(run);
      createdJobId = run.runId;
    };
    const idempotency = Object.create(adapters.idempotency) as typeof adapters.idempotency;
    idempotency.complete = () => new Promise<boolean>(() => undefined);
    void createPresignedUpload(depsAt(clock, { runs, idempotency }), principal(orgId), request, key);
    for (let waited = 0; createdJobId === undefined && waited < 50; waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    now = new Date(now.getTime() + (IDEMPOTENCY_IN_PROGRESS_SECONDS + 1) * 1000);
    const retried = await createPresignedUpload(depsAt(clock), principal(orgId), request, key);
    const replayed = await createPresignedUpload(depsAt(clock), principal(orgId), request, key);

    // Assert
    expect(createdJobId).toBeDefined();
    expect(retried.jobId).toBe(createdJobId);
    expect(replayed.jobId).toBe(createdJobId);
  });
});
