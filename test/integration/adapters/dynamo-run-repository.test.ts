import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import type { Run } from '../../../functions/core/runs/run';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';
import { PutCommand } from '@aws-sdk/lib-dynamodb';

const clients = createAwsClients();
const table = process.env.CONTROL_TABLE_NAME as string;
const runs = new DynamoRunRepository(clients.dynamo, table);

function newRun(overrides: Partial<Run> = {}): Run {
  return {
    runId: randomUUID(), orgId: 'org-int', kind: 'transaction_batch', namespace: 'default', state: 'queued',
    phase: 'validating', importJobId: null, attempt: 1,
    files: [{ fileName: 'a.csv', format: 'csv', gzip: false, sizeBytes: 10 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: null, succeeded: 0, failed: 0, skipped: 0, filesSplit: 0, totalChunks: 0,
    chunksDone: 0, createdAt: '2026-11-25T10:00:00.000Z', startedAt: null, completedAt: null, heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: null, metadata: { fileName: 'a.csv' }, control: NO_CONTROL, ...overrides,
  };
}

const at = '2026-11-25T10:01:00.000Z';
const lease = '2026-11-25T10:11:00.000Z';

describe('Class: DynamoRunRepository (DynamoDB Local)', () => {
  it('stores and reads back a run, nulls included', async () => {
    const run = newRun();
    await runs.create(run);
    expect(await runs.get(run.runId)).toEqual(run);
    expect(await runs.get('missing')).toBeNull();
  });

  it('records a chunk that cannot be the last without a second read, and leaves the last one to be recorded plainly', async () => {
    const run = newRun();
    await runs.create(run);
    await runs.markStarted(run.runId, at, lease);
    const recording = (n: number) => ({ runId: run.runId, chunkId: `00-000000${n}`, outcome: { succeeded: 5, failed: 0, skipped: 0 }, at, leaseExpiresAt: lease });
    // The file is still being split: whatever the run knew, this chunk is not the last one recorded.
    expect(await runs.recordChunkUnlessLast(recording(0), { files: 1, totalChunks: 0 })).toBe('recorded');
    expect(await runs.recordChunkUnlessLast(recording(0), { files: 1, totalChunks: 0 })).toBe('already_recorded');
    await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 15, chunks: 3, at });
    // Split, 3 chunks, 1 recorded: the second is not the last.
    expect(await runs.recordChunkUnlessLast(recording(1), { files: 1, totalChunks: 3 })).toBe('recorded');
    // An old view of the run (no chunks known yet) errs towards "may be last": nothing is written.
    expect(await runs.recordChunkUnlessLast(recording(2), { files: 1, totalChunks: 0 })).toBe('may_end_run');
    expect(await runs.get(run.runId)).toMatchObject({ succeeded: 10, chunksDone: 2 });
    // The last chunk, with the run known whole: may end the run, so it is recorded plainly and the run read.
    expect(await runs.recordChunkUnlessLast(recording(2), { files: 1, totalChunks: 3 })).toBe('may_end_run');
    expect(await runs.recordChunk(recording(2))).toBe(true);
    expect(await runs.recordChunkUnlessLast(recording(2), { files: 1, totalChunks: 3 })).toBe('already_recorded');
    expect(await runs.get(run.runId)).toMatchObject({ succeeded: 15, chunksDone: 3, totalChunks: 3 });
  });

  it('adds a chunk to the counters exactly once, even when recorded concurrently', async () => {
    const run = newRun();
    await runs.create(run);
    await runs.markStarted(run.runId, at, lease);
    const recording = { runId: run.runId, chunkId: '00-0000000', outcome: { succeeded: 7, failed: 2, skipped: 1 }, at, leaseExpiresAt: lease };
    const results = await Promise.all([runs.recordChunk(recording), runs.recordChunk(recording), runs.recordChunk(recording)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await runs.recordChunk({ ...recording, chunkId: '00-0000001', outcome: { succeeded: 1, failed: 0, skipped: 0 } });
    expect(await runs.get(run.runId)).toMatchObject({ succeeded: 8, failed: 2, skipped: 1, chunksDone: 2, heartbeatAt: at, leaseExpiresAt: lease });
  });

  it('adds a file split once and completes only when every chunk is recorded', async () => {
    const run = newRun();
    await runs.create(run);
    await runs.markStarted(run.runId, at, lease);
    expect(await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 10, chunks: 2, header: ['id', 'amount'], at })).toBe(true);
    expect(await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 10, chunks: 2, at })).toBe(false);
    expect(await runs.complete(run.runId, 'completed', at)).toBe(false); // 0 of 2 chunks
    for (const chunkId of ['00-0000000', '00-0000001']) {
      await runs.recordChunk({ runId: run.runId, chunkId, outcome: { succeeded: 5, failed: 0, skipped: 0 }, at, leaseExpiresAt: lease });
    }
    expect(await runs.complete(run.runId, 'completed', at)).toBe(true);
    expect(await runs.complete(run.runId, 'completed', at)).toBe(false);
    expect(await runs.get(run.runId)).toMatchObject({
      state: 'completed',
      phase: 'completed',
      totalItems: 10,
      succeeded: 10,
      completedAt: at,
      files: [{ fileName: 'a.csv', header: ['id', 'amount'] }],
    });
  });

  it('moves runStatus forward only and never reopens a finished run', async () => {
    const run = newRun();
    await runs.create(run);
    await runs.markStarted(run.runId, at, lease);
    await runs.setPhase(run.runId, 'importing');
    await runs.setPhase(run.runId, 'processing');
    expect((await runs.get(run.runId))?.phase).toBe('importing');
    expect(await runs.fail(run.runId, { code: 'EMPTY_FILE', message: 'empty' }, at)).toBe(true);
    expect(await runs.fail(run.runId, { code: 'INTERNAL_ERROR', message: 'again' }, at)).toBe(false);
    await runs.markStarted(run.runId, at, lease);
    expect(await runs.get(run.runId)).toMatchObject({ state: 'failed', phase: 'failed', failure: { code: 'EMPTY_FILE' }, workerError: 'EMPTY_FILE: empty' });
  });

  it('reads the control state from the metadata map where run items have always kept it', async () => {
    // Arrange: an item as the code before the typed control state wrote it, with its own keys and extra metadata.
    const jobId = randomUUID();
    await clients.dynamo.send(new PutCommand({ TableName: table, Item: {
      pk: `RUN#${jobId}`, sk: 'RUN', type: 'Run', jobId, orgId: 'org-int', kind: 'transaction_batch', namespace: 'default',
      status: 'running', runStatus: 'processing', attempt: 1, files: [{ fileName: 'a.csv', format: 'csv', gzip: false, sizeBytes: 10 }],
      format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, options: {}, reportRecipientEmails: [], dryRun: false,
      succeeded: 0, failed: 5, skipped: 0, filesSplit: 1, totalChunks: 2, chunksDone: 1, createdAt: at,
      metadata: {
        fileName: 'a.csv', source: 'presigned_upload', note: 'kept', uploadExpiresAt: lease, resumedAt: at, pausedMs: 1500,
        batchCancelRequested: true, cancelRequestedAt: at, leaseResumes: 2, deadLetteredChunks: ['00-0000001'], limitReached: true,
      },
    } }));

    // Act
    const run = await runs.get(jobId);

    // Assert
    expect(run?.metadata).toEqual({ fileName: 'a.csv', source: 'presigned_upload', note: 'kept' });
    expect(run?.control).toEqual({
      ...NO_CONTROL, uploadExpiresAt: lease, resumedAt: at, pausedMs: 1500, batchCancelRequested: true, cancelRequestedAt: at,
      leaseResumes: 2, deadLetteredChunks: ['00-0000001'], limitReached: true,
    });
    expect(run).toMatchObject({ totalItems: null, importJobId: null, columnMapping: null, failure: null });
  });

  it('refuses a malformed run item with an error that names it and what is wrong, instead of reading it half right', async () => {
    const run = newRun();
    await runs.create(run);
    await clients.dynamo.send(new PutCommand({ TableName: table, Item: { pk: `RUN#${run.runId}`, sk: 'RUN', jobId: run.runId, status: 'sleeping' } }));
    await expect(runs.get(run.runId)).rejects.toThrow(new RegExp(`Run item RUN#${run.runId} is malformed: [\\s\\S]*status`));
  });
});
