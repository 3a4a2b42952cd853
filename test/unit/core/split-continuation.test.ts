import { gzipSync } from 'node:zlib';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload, type UploadedFile } from '../../../functions/core/use-cases/start-upload';
import type { Chunk } from '../../../functions/core/runs/chunk';
import { createProcessChunksHandler } from '../../../functions/handlers/queue/process-chunks-handler';
import { createSplitUploadHandler } from '../../../functions/handlers/queue/split-upload-handler';
import { lambdaContext, s3EventBody, sqsEvent } from '../../support/sqs-events';
import { createWorld, principal } from '../../support/world';
import { chunkBody } from '../../../functions/core/runs/chunk';

/**
 * 300 transaction rows with known outcomes: every 7th row has an invalid currency (failed), every 11th repeats
 * the externalId of the row before it (skipped with skipDuplicates).
 */
function transactions(): { lines: string[]; failed: number; skipped: number } {
  const lines = ['externalId,amount,currency,occurredAt'];
  let failed = 0;
  let skipped = 0;
  for (let i = 1; i <= 300; i++) {
    if (i % 11 === 0) {
      // The row before is valid: its id is taken when this one is written.
      lines.push(`tx-${i - 1},1.00,USD,2026-11-01T10:00:00Z`);
      skipped++;
    } else if (i % 7 === 0 && (i + 1) % 11 !== 0) {
      lines.push(`tx-${i},1.00,DOLLARS,2026-11-01T10:00:00Z`);
      failed++;
    } else {
      lines.push(`tx-${i},${i}.25,USD,2026-11-01T10:00:00Z`);
    }
  }
  return { lines, failed, skipped };
}

const OPTIONS = { skipDuplicates: 'true' };

async function upload(world: ReturnType<typeof createWorld>, file: UploadedFile) {
  const { jobId } = await startUpload(world.deps, { principal: principal(), kind: 'transaction_batch', files: [file], options: OPTIONS });
  return jobId;
}

/** The chunk ids and the row numbers each holds, whoever sent them. */
const layout = (chunks: readonly Chunk[]) => chunks.map((c) => [c.chunkId, c.rows.map((r) => r.n)]);

describe('Use case: splitUpload over several time budgets', () => {
  const { lines, failed, skipped } = transactions();
  const plain: UploadedFile = { fileName: 't.csv', contentType: 'text/csv', body: Buffer.from(lines.join('\n') + '\n') };
  const gzipped: UploadedFile = { fileName: 't.csv.gz', contentType: 'application/gzip', body: gzipSync(plain.body) };

  it.each([
    ['plain', plain],
    ['gzip', gzipped],
  ])('a %s file split one chunk per invocation ends with the counters and chunks of an unbroken split', async (_name, file) => {
    // Arrange: the same file through an unbroken split and through a budget that runs out at every chunk boundary
    const whole = createWorld({ chunkMaxRows: 20 });
    const shared = createWorld({ chunkMaxRows: 20, splitTimeBudgetMs: 0 });
    const wholeJob = await upload(whole, file);
    const sharedJob = await upload(shared, file);
    await splitUpload(whole.deps, { runId: wholeJob, fileIndex: 0 });
    // Act: the first invocation, then every continuation it hands on
    await splitUpload(shared.deps, { runId: sharedJob, fileIndex: 0 });
    expect(shared.deps.continuations.sent).toEqual([{ runId: sharedJob, fileIndex: 0 }]);
    const runMidway = await shared.deps.runs.get(sharedJob);
    await shared.drainContinuations();
    // Assert: the same chunks, row for row, and one invocation per chunk
    expect(whole.deps.chunks.sent.length).toBe(15);
    expect(layout(shared.deps.chunks.sent)).toEqual(layout(whole.deps.chunks.sent));
    expect(shared.deps.chunks.sent.map((c) => c.header)).toEqual(whole.deps.chunks.sent.map((c) => c.header));
    expect(runMidway).toMatchObject({ state: 'running', totalItems: null, filesSplit: 0 });
    expect(await shared.deps.checkpoints.get(sharedJob, 0)).toEqual({
      runId: sharedJob,
      fileIndex: 0,
      rows: 300,
      chunks: 15,
      invocations: 15,
      done: true,
    });
    await shared.drainChunks();
    await whole.drainChunks();
    const run = await shared.deps.runs.get(sharedJob);
    expect(run).toMatchObject({ state: 'completed', totalItems: 300, totalChunks: 15, succeeded: 300 - failed - skipped, failed, skipped });
    const wholeRun = await whole.deps.runs.get(wholeJob);
    const counters = (r: typeof run) => [r?.totalItems, r?.succeeded, r?.failed, r?.skipped, r?.phase];
    expect(counters(run)).toEqual(counters(wholeRun));
    expect(shared.deps.records.items.size).toBe(300 - failed - skipped);
  });

  it('resumes NDJSON with unreadable lines at the rows it stopped at', async () => {
    const items = Array.from({ length: 60 }, (_, k) => (k % 9 === 4 ? '{not json' : JSON.stringify({ externalId: `n-${k}`, amount: '1.00', currency: 'EUR', occurredAt: '2026-11-01' })));
    const file: UploadedFile = { fileName: 'n.ndjson', contentType: 'application/x-ndjson', body: Buffer.from(items.join('\n') + '\n') };
    const whole = createWorld({ chunkMaxRows: 8 });
    const shared = createWorld({ chunkMaxRows: 8, splitTimeBudgetMs: 0 });
    await whole.importFiles(principal(), 'transaction_batch', [file]);
    const jobId = await shared.importFiles(principal(), 'transaction_batch', [file]);
    expect(await shared.deps.runs.get(jobId)).toMatchObject({ state: 'completed', totalItems: 60, failed: 7, succeeded: 53, totalChunks: 8 });
    expect((await shared.deps.checkpoints.get(jobId, 0))?.invocations).toBe(8);
  });

  it('counts every row once when a continuation is delivered twice, one after the other or side by side', async () => {
    const world = createWorld({ chunkMaxRows: 20, splitTimeBudgetMs: 0 });
    const jobId = await upload(world, plain);
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    // Act: every continuation runs twice at once, and once more after both
    let handedOn = 0;
    while (world.deps.continuations.sent.length > 0) {
      const target = world.deps.continuations.sent.shift()!;
      await Promise.all([splitUpload(world.deps, target), splitUpload(world.deps, target)]);
      await splitUpload(world.deps, target);
      handedOn++;
    }
    await world.drainChunks();
    // Assert: chunks were sent more than once, yet the chain never forked and each row counts once
    expect(handedOn).toBe(14);
    expect(await world.deps.runs.get(jobId)).toMatchObject({
      state: 'completed',
      totalItems: 300,
      totalChunks: 15,
      chunksDone: 15,
      succeeded: 300 - failed - skipped,
      failed,
      skipped,
    });
    expect(world.deps.records.items.size).toBe(300 - failed - skipped);
  });

  it('loses and repeats nothing when it dies after sending chunks but before its checkpoint', async () => {
    const world = createWorld({ chunkMaxRows: 20, splitTimeBudgetMs: 0 });
    const jobId = await upload(world, plain);
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    await splitUpload(world.deps, world.deps.continuations.sent.shift()!);
    const before = await world.deps.checkpoints.get(jobId, 0);
    // Act: the next invocation sends its chunk, then dies at the checkpoint; its message comes back
    world.deps.checkpoints.failNextSaves = 1;
    const target = world.deps.continuations.sent.shift()!;
    await expect(splitUpload(world.deps, target)).rejects.toThrow('simulated crash');
    expect(world.deps.continuations.sent).toEqual([]);
    expect(await world.deps.checkpoints.get(jobId, 0)).toEqual(before);
    await splitUpload(world.deps, target);
    await world.drainContinuations();
    // Assert: the chunk sent before the crash was sent again, under the same id, with the same rows
    const ids = world.deps.chunks.sent.map((c) => c.chunkId);
    expect(ids.filter((id) => id === '00-0000002')).toHaveLength(2);
    const [first, again] = world.deps.chunks.sent.filter((c) => c.chunkId === '00-0000002');
    expect(again).toEqual(first);
    await world.drainChunks();
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', totalItems: 300, succeeded: 300 - failed - skipped, failed, skipped });
  });

  it('does nothing for a message that comes after the file was split', async () => {
    const world = createWorld({ chunkMaxRows: 20 });
    const jobId = await upload(world, plain);
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    const sent = world.deps.chunks.sent.length;
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    expect(world.deps.chunks.sent.length).toBe(sent);
    expect(await world.deps.runs.get(jobId)).toMatchObject({ totalItems: 300, filesSplit: 1 });
  });
});

describe('Handler: split-upload continuations', () => {
  it('goes on with a split from a continuation message on the upload-events queue', async () => {
    const world = createWorld({ chunkMaxRows: 4, splitTimeBudgetMs: 0 });
    const lines = ['externalId,amount,currency,occurredAt', ...Array.from({ length: 10 }, (_, i) => `t-${i},1.00,EUR,2026-11-01`)];
    const jobId = await upload(world, { fileName: 't.csv', body: Buffer.from(lines.join('\n')) });
    const handler = createSplitUploadHandler(world.deps);
    expect(await handler(sqsEvent([s3EventBody('bucket', `uploads/${jobId}/0`)]), lambdaContext)).toEqual({ batchItemFailures: [] });
    expect(world.deps.chunks.sent).toHaveLength(1);
    for (let turn = 0; turn < 5 && world.deps.continuations.sent.length > 0; turn++) {
      const next = world.deps.continuations.sent.shift()!;
      // The message keeps the contract's name for the run's id on the wire.
      const body = JSON.stringify({ splitContinuation: { jobId: next.runId, fileIndex: next.fileIndex } });
      expect(await handler(sqsEvent([body]), lambdaContext)).toEqual({ batchItemFailures: [] });
    }
    expect(world.deps.chunks.sent.map((c) => c.rows.length)).toEqual([4, 4, 2]);
    await createProcessChunksHandler(world.deps)(sqsEvent(world.deps.chunks.sent.map((c) => JSON.stringify(chunkBody(c)))), lambdaContext);
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', totalItems: 10, succeeded: 10 });
  });
});
