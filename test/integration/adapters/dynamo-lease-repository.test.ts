import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoLeaseRepository } from '../../../functions/adapters/dynamodb/lease-repository';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import { S3UploadProbe } from '../../../functions/adapters/s3/upload-probe';
import { DynamoUploadWindows } from '../../../functions/adapters/dynamodb/upload-windows';
import type { Run } from '../../../functions/core/runs/run';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

const clients = createAwsClients();
const table = process.env.CONTROL_TABLE_NAME as string;
const runs = new DynamoRunRepository(clients.dynamo, table);
const leases = new DynamoLeaseRepository(clients.dynamo, table);

// Far from the real clock and from every other test's runs, so only this file's runs are due in its window.
const T0 = Date.parse('2091-03-01T00:00:00.000Z');
const t = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function newRun(overrides: Partial<Run> = {}): Run {
  return {
    runId: randomUUID(), orgId: 'org-lease', kind: 'transaction_batch', namespace: 'default', state: 'queued',
    phase: 'validating', importJobId: null, attempt: 1,
    files: [{ fileName: 'a.csv', format: 'csv', gzip: false, sizeBytes: 10 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: null, succeeded: 0, failed: 0, skipped: 0, filesSplit: 0, totalChunks: 0,
    chunksDone: 0, createdAt: t(0), startedAt: null, completedAt: null, heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: null, metadata: { fileName: 'a.csv' }, control: NO_CONTROL, ...overrides,
  };
}

/** Whether the index lists the run as due at `now` (the index is eventually consistent: poll briefly). */
async function isDue(jobId: string, now: string, expected: boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const due = (await leases.findDue(now, 1000)).includes(jobId);
    if (due === expected) return due;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !expected;
}

async function startedRun(lease = t(600)): Promise<Run> {
  const run = newRun();
  await runs.create(run);
  await runs.markStarted(run.runId, t(0), lease);
  return (await runs.get(run.runId)) as Run;
}

describe('Class: DynamoLeaseRepository (DynamoDB Local)', () => {
  it('finds a started run by its lease expiry with a query of the sparse index, follows renewals, and forgets it once it ends', async () => {
    // Arrange
    const queued = newRun();
    await runs.create(queued);
    const run = await startedRun(t(600));

    // Assert
    expect(await isDue(queued.runId, t(100_000), false)).toBe(false);
    expect(await isDue(run.runId, t(599), false)).toBe(false);
    expect(await isDue(run.runId, t(600), true)).toBe(true);

    // Act + Assert: a heartbeat and a recorded chunk push it back
    await runs.heartbeat(run.runId, t(300), t(900));
    expect(await isDue(run.runId, t(899), false)).toBe(false);
    await runs.recordChunk({ runId: run.runId, chunkId: '00-0000000', outcome: { succeeded: 1, failed: 0, skipped: 0 }, at: t(400), leaseExpiresAt: t(1000) });
    expect(await isDue(run.runId, t(999), false)).toBe(false);
    expect(await isDue(run.runId, t(1000), true)).toBe(true);

    // Act + Assert: ended runs leave the index
    await runs.fail(run.runId, { code: 'INTERNAL_ERROR', message: 'x' }, t(500));
    expect(await isDue(run.runId, t(100_000), false)).toBe(false);
    expect((await runs.get(run.runId))?.leaseExpiresAt).toBe(t(1000));
  });

  it('indexes a presigned upload from its creation, due when its URL expires', async () => {
    // Arrange
    const run = newRun({ metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: t(3600) } });

    // Act
    await runs.create(run);

    // Assert
    expect(await isDue(run.runId, t(3599), false)).toBe(false);
    expect(await isDue(run.runId, t(3600), true)).toBe(true);
  });

  it('moves a waiting upload to the fresh URL of a replay, never earlier, and never once the run started', async () => {
    // Arrange
    const windows = new DynamoUploadWindows(clients.dynamo, table);
    const run = newRun({ metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: t(60) } });
    await runs.create(run);

    // Act + Assert
    expect(await windows.extend(run.runId, t(30))).toBe(false);
    expect(await windows.extend(run.runId, t(120))).toBe(true);
    expect((await runs.get(run.runId))?.control.uploadExpiresAt).toBe(t(120));
    expect(await isDue(run.runId, t(119), false)).toBe(false);
    expect(await isDue(run.runId, t(120), true)).toBe(true);
    await runs.markStarted(run.runId, t(100), t(700));
    expect(await windows.extend(run.runId, t(500))).toBe(false);
  });

  it('lets exactly one of two sweepers take over a lapsed lease, and none once the worker renewed it', async () => {
    // Arrange
    const run = await startedRun(t(600));

    // Act
    const taken = await Promise.all([
      leases.takeOver(run.runId, t(600), t(1200), { resume: true }),
      leases.takeOver(run.runId, t(600), t(1201), { resume: true }),
    ]);

    // Assert
    expect(taken.filter(Boolean)).toHaveLength(1);
    const after = (await runs.get(run.runId)) as Run;
    expect(after.control.leaseResumes).toBe(1);
    expect([t(1200), t(1201)]).toContain(after.leaseExpiresAt);
    expect(await isDue(run.runId, t(1199), false)).toBe(false);

    // Act + Assert: a worker alive but slow renews before the next sweeper acts on what it read
    await runs.heartbeat(run.runId, t(1300), t(1900));
    expect(await leases.takeOver(run.runId, after.leaseExpiresAt, t(2000), { resume: false })).toBe(false);
    expect((await runs.get(run.runId))?.leaseExpiresAt).toBe(t(1900));
  });

  it('interrupts only a run that made no progress since the sweeper read it', async () => {
    // Arrange
    const run = await startedRun(t(600));
    await runs.recordChunk({ runId: run.runId, chunkId: '00-0000000', outcome: { succeeded: 4, failed: 1, skipped: 0 }, at: t(100), leaseExpiresAt: t(600) });
    const seen = (await runs.get(run.runId)) as Run;
    await runs.recordChunk({ runId: run.runId, chunkId: '00-0000001', outcome: { succeeded: 5, failed: 0, skipped: 0 }, at: t(200), leaseExpiresAt: t(600) });
    const failure = { code: 'WORKER_LEASE_EXPIRED' as const, message: 'lease expired' };

    // Act + Assert: a chunk recorded since (same lease) keeps the run alive
    expect(await leases.interrupt(seen, { totalItems: 5, failure, at: t(700) })).toBe(false);
    const fresh = (await runs.get(run.runId)) as Run;
    expect(await leases.interrupt(fresh, { totalItems: 10, failure, at: t(700) })).toBe(true);

    // Assert
    expect(await runs.get(run.runId)).toMatchObject({
      state: 'interrupted', phase: 'failed', totalItems: 10, succeeded: 9, failed: 1, completedAt: t(700),
      failure: failure, workerError: 'WORKER_LEASE_EXPIRED: lease expired',
    });
    expect(await isDue(run.runId, t(100_000), false)).toBe(false);
  });

  it('gives a presigned run either to its upload or to the sweeper, never both, when they race', async () => {
    for (let i = 0; i < 5; i++) {
      // Arrange
      const run = newRun({ metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: t(60) } });
      await runs.create(run);

      // Act
      const [, expired] = await Promise.all([
        runs.markStarted(run.runId, t(61), t(661)),
        leases.expireUpload(run.runId, { code: 'SOURCE_FILE_NOT_FOUND', message: 'never arrived' }, t(61)),
      ]);

      // Assert
      const after = (await runs.get(run.runId)) as Run;
      if (expired) {
        expect(after).toMatchObject({ state: 'failed', startedAt: null, failure: { code: 'SOURCE_FILE_NOT_FOUND' } });
        expect(after.control.awaitingUpload).toBe(false);
        expect(await isDue(run.runId, t(100_000), false)).toBe(false);
      } else {
        expect(after).toMatchObject({ state: 'running', startedAt: t(61), failure: null });
      }
    }
  });

  it('reads the split files and the rows recorded per file from the run markers', async () => {
    // Arrange
    const run = await startedRun();
    const at = t(10);
    await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 30, chunks: 3, at });
    await runs.recordChunk({ runId: run.runId, chunkId: '00-0000000', outcome: { succeeded: 8, failed: 2, skipped: 0 }, at, leaseExpiresAt: t(600) });
    await runs.recordChunk({ runId: run.runId, chunkId: '01-0000000', outcome: { succeeded: 3, failed: 0, skipped: 1 }, at, leaseExpiresAt: t(600) });
    await runs.recordChunk({ runId: run.runId, chunkId: '01-0000001', outcome: { succeeded: 5, failed: 0, skipped: 0 }, at, leaseExpiresAt: t(600) });

    // Act
    const progress = await leases.progress(run.runId);

    // Assert
    expect([...progress.splitFiles]).toEqual([0]);
    expect(Object.fromEntries(progress.recordedRowsByFile)).toEqual({ 0: 10, 1: 9 });
  });

  it('postpones only a run still in the status seen, and takes an ended run out of the index', async () => {
    // Arrange
    const paused = await startedRun(t(600));
    const ended = await startedRun(t(600));
    await clients.dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `RUN#${paused.runId}`, sk: 'RUN' },
        UpdateExpression: 'SET #s = :paused',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':paused': 'paused' },
      }),
    );
    await clients.dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `RUN#${ended.runId}`, sk: 'RUN' },
        UpdateExpression: 'SET #s = :cancelled',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled' },
      }),
    );

    // Act
    await leases.postpone(paused.runId, 'running', t(5000));
    expect(await isDue(paused.runId, t(600), true)).toBe(true);
    await leases.postpone(paused.runId, 'paused', t(5000));
    await leases.unindex(ended.runId);
    await leases.unindex(paused.runId);

    // Assert
    expect(await isDue(paused.runId, t(4999), false)).toBe(false);
    expect(await isDue(paused.runId, t(5000), true)).toBe(true);
    expect(await isDue(ended.runId, t(100_000), false)).toBe(false);
  });

  it('records a dead-lettered chunk on the run, in the same transaction as its counters', async () => {
    // Arrange
    const run = await startedRun();
    const recording = { runId: run.runId, chunkId: '00-0000003', outcome: { succeeded: 2, failed: 8, skipped: 0 }, at: t(1), leaseExpiresAt: t(601), deadLettered: true };

    // Act
    const results = await Promise.all([runs.recordChunk(recording), runs.recordChunk(recording)]);

    // Assert
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await runs.get(run.runId)).toMatchObject({ succeeded: 2, failed: 8, chunksDone: 1, control: { deadLetteredChunks: ['00-0000003'] } });
  });
});

describe('Class: S3UploadProbe (fauxqs)', () => {
  it('tells a stored upload from a missing one', async () => {
    // Arrange
    const bucket = process.env.UPLOAD_BUCKET_NAME as string;
    const probe = new S3UploadProbe(clients.s3, bucket);
    const key = `probe-test/${randomUUID()}`;
    await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));

    // Act / Assert
    expect(await probe.exists(key)).toBe(true);
    expect(await probe.exists(`${key}-missing`)).toBe(false);
  });
});
