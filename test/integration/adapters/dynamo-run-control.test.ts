import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import { S3ObjectStore } from '../../../functions/adapters/s3/object-store';
import type { Run } from '../../../functions/core/runs/run';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

const clients = createAwsClients();
const runs = new DynamoRunRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);

function newRun(overrides: Partial<Run> = {}): Run {
  return {
    runId: randomUUID(), orgId: 'org-int', kind: 'transaction_batch', namespace: 'default', state: 'queued',
    phase: 'validating', importJobId: null, attempt: 1,
    files: [{ fileName: 'a.csv', format: 'csv', gzip: false, sizeBytes: 10 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: null, succeeded: 0, failed: 0, skipped: 0, filesSplit: 0, totalChunks: 0,
    chunksDone: 0, createdAt: '2026-11-25T10:00:00.000Z', startedAt: null, completedAt: null, heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: null, metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true }, ...overrides,
  };
}

const at = '2026-11-25T10:01:00.000Z';
const lease = '2026-11-25T10:11:00.000Z';

async function startedRun(): Promise<Run> {
  const run = newRun();
  await runs.create(run);
  await runs.markStarted(run.runId, at, lease);
  return run;
}

describe('Class: DynamoRunRepository, job control (DynamoDB Local)', () => {
  it('pauses a running run once, and resumes a paused run once, with a fresh lease', async () => {
    const run = await startedRun();
    expect(await Promise.all([runs.pause(run.runId, at), runs.pause(run.runId, at)])).toEqual(expect.arrayContaining([true, false]));
    expect(await runs.get(run.runId)).toMatchObject({ state: 'paused', metadata: { fileName: 'a.csv' }, control: { pausedAt: at } });
    const later = '2026-11-25T10:05:00.000Z';
    const results = await Promise.all([runs.resume(run.runId, later, lease), runs.resume(run.runId, later, lease)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const resumed = await runs.get(run.runId);
    expect(resumed).toMatchObject({ state: 'running', heartbeatAt: later, control: { resumedAt: later } });
    expect(resumed?.control.pausedAt).toBeNull();
  });

  it('refuses to pause a queued run or a run whose cancel is requested', async () => {
    const queued = newRun();
    await runs.create(queued);
    expect(await runs.pause(queued.runId, at)).toBe(false);
    const run = await startedRun();
    expect(await runs.requestCancel(run.runId, at, lease)).toBe(true);
    expect(await runs.pause(run.runId, at)).toBe(false);
    expect(await runs.requestCancel(run.runId, at, lease)).toBe(false);
  });

  it('requests a cancel of a paused run: running again, with batchCancelRequested', async () => {
    const run = await startedRun();
    await runs.pause(run.runId, at);
    expect(await runs.requestCancel(run.runId, at, lease)).toBe(true);
    const after = await runs.get(run.runId);
    expect(after).toMatchObject({ state: 'running', control: { batchCancelRequested: true, cancelRequestedAt: at } });
    expect(after?.control.pausedAt).toBeNull();
  });

  it('cancels a queued run at once, and only a queued one', async () => {
    const queued = newRun();
    await runs.create(queued);
    expect(await runs.cancelQueued(queued.runId, 'failed', at)).toBe(true);
    const after = await runs.get(queued.runId);
    expect(after).toMatchObject({ state: 'cancelled', phase: 'failed', completedAt: at, control: { batchCancelRequested: true } });
    expect(after?.control.awaitingUpload).toBe(false);
    expect(await runs.markStarted(queued.runId, at, lease)).toBeUndefined();
    expect((await runs.get(queued.runId))?.state).toBe('cancelled');
    const started = await startedRun();
    expect(await runs.cancelQueued(started.runId, 'failed', at)).toBe(false);
  });

  it('closes a cancel-requested run only when every chunk is recorded, set aside ones included', async () => {
    const run = await startedRun();
    await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 20, chunks: 2, at });
    await runs.recordChunk({ runId: run.runId, chunkId: '00-0000000', outcome: { succeeded: 10, failed: 0, skipped: 0 }, at, leaseExpiresAt: lease });
    expect(await runs.closeCancelled(run.runId, 'partially_completed', at)).toBe(false); // no cancel requested
    await runs.requestCancel(run.runId, at, lease);
    expect(await runs.closeCancelled(run.runId, 'partially_completed', at)).toBe(false); // a chunk is missing
    const set = await Promise.all([
      runs.recordUnprocessedChunk(run.runId, '00-0000001', 10, at),
      runs.recordUnprocessedChunk(run.runId, '00-0000001', 10, at),
    ]);
    expect(set.filter(Boolean)).toHaveLength(1);
    // The same marker as recordChunk: the chunk cannot be counted as processed afterwards.
    expect(await runs.recordChunk({ runId: run.runId, chunkId: '00-0000001', outcome: { succeeded: 10, failed: 0, skipped: 0 }, at, leaseExpiresAt: lease })).toBe(false);
    expect(await runs.closeCancelled(run.runId, 'partially_completed', at)).toBe(true);
    expect(await runs.closeCancelled(run.runId, 'partially_completed', at)).toBe(false);
    expect(await runs.get(run.runId)).toMatchObject({ state: 'cancelled', phase: 'partially_completed', succeeded: 10, chunksDone: 2, totalItems: 20 });
  });

  it('keeps the first claim of a chunk, whoever races for it', async () => {
    const run = await startedRun();
    const claims = await Promise.all([
      runs.claimChunk(run.runId, '00-0000003', 'unprocessed', at),
      runs.claimChunk(run.runId, '00-0000003', 'attempt', at),
      runs.claimChunk(run.runId, '00-0000003', 'attempt', at),
    ]);
    expect(new Set(claims).size).toBe(1);
    expect(await runs.claimChunk(run.runId, '00-0000003', claims[0] === 'attempt' ? 'unprocessed' : 'attempt', at)).toBe(claims[0]);
  });
});

describe('Class: S3ObjectStore delete (fauxqs)', () => {
  it('deletes an object, and deleting a missing one is not an error', async () => {
    const objects = new S3ObjectStore(clients.s3, process.env.UPLOAD_BUCKET_NAME as string);
    const key = `parked/${randomUUID()}/00-0000000/x.json`;
    await objects.put(key, '{}', 'application/json');
    await objects.delete(key);
    const left: string[] = [];
    for await (const k of objects.list(key)) left.push(k);
    expect(left).toEqual([]);
    await expect(objects.delete(key)).resolves.toBeUndefined();
  });
});
