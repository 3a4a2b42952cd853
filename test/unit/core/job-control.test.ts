import { parse } from 'csv-parse/sync';
import { DomainError } from '../../../functions/core/errors';
import { reportKey } from '../../../functions/core/files/object-keys';
import type { Chunk } from '../../../functions/core/runs/chunk';
import { unprocessedOf, type Run } from '../../../functions/core/runs/run';
import { controlJob, type ControlRequest } from '../../../functions/core/use-cases/control-job';
import { exportUnprocessedCsv } from '../../../functions/core/use-cases/get-failure-reports';
import { processChunk } from '../../../functions/core/use-cases/process-chunk';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload, type UploadedFile } from '../../../functions/core/use-cases/start-upload';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

type World = ReturnType<typeof createWorld>;

/** Uploads and splits a transactions file; its chunks wait in the fake queue, none processed yet. */
async function splitOnly(world: World, files: UploadedFile[], kind: 'transaction_batch' | 'user_event_batch' = 'transaction_batch') {
  const { jobId } = await startUpload(world.deps, { principal: principal(), kind, files, options: {} });
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) await splitUpload(world.deps, { runId: jobId, fileIndex });
  return jobId;
}

const control = (world: World, jobId: string, request: ControlRequest, who = principal()) =>
  controlJob({ ...world.deps }, who, jobId, request);

/** Takes the next chunk off the fake queue and processes it, as one SQS delivery. */
async function deliverNext(world: World) {
  const chunk = world.deps.chunks.sent.shift();
  if (!chunk) throw new Error('queue is empty');
  return processChunk(world.deps, chunk);
}

async function unprocessedRows(world: World, jobId: string): Promise<string[][]> {
  await exportUnprocessedCsv({ ...world.deps, downloadUrlTtlSeconds: 60, finalReportDelaySeconds: 60 }, principal(), jobId);
  return parse(world.deps.objects.text(reportKey(jobId, `unprocessed-${jobId}.csv`)) ?? '');
}

const importedIds = (world: World): Set<string> =>
  new Set([...world.deps.records.items.values()].map((record) => String(record.data.externalId)));

const keysUnder = (world: World, prefix: string) => [...world.deps.objects.objects.keys()].filter((key) => key.startsWith(prefix));

/**
 * The invariant of §6 and §8, checked from the outside: counters add up, unprocessed.csv holds exactly the rows
 * whose records are absent (none both imported and listed), in file order, cells unchanged.
 */
async function expectExactAccounting(world: World, jobId: string, lines: string[], failedIds: string[] = []) {
  const run = (await world.deps.runs.get(jobId)) as Run;
  const csv = await unprocessedRows(world, jobId);
  const [header, ...rows] = csv;
  expect(header).toEqual(lines[0]?.split(','));
  const listed = rows.map((row) => row[0] as string);
  const imported = importedIds(world);
  expect(listed.filter((id) => imported.has(id))).toEqual([]);
  const all = lines.slice(1).map((line) => line.split(',')[0] as string);
  expect(listed).toEqual(all.filter((id) => !imported.has(id) && !failedIds.includes(id)));
  expect(rows).toEqual(lines.slice(1).filter((line) => listed.includes(line.split(',')[0] as string)).map((line) => line.split(',')));
  expect(run.succeeded + run.failed + run.skipped + listed.length).toBe(run.totalItems);
  expect(unprocessedOf(run)).toBe(listed.length);
  return { run, listed };
}

async function expectState(promise: Promise<unknown>, code: string, status?: number) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (status !== undefined) expect((error as DomainError).statusCode).toBe(status);
}

describe('Use case: job control (§6)', () => {
  describe('pause and resume', () => {
    it('parks every chunk met while paused, acknowledges it, and completes exactly after resume', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(95);
      const jobId = await splitOnly(world, [csvFile('t.csv', lines)]);
      await deliverNext(world);
      await deliverNext(world);
      // Act
      const paused = await control(world, jobId, { action: 'pause' });
      const whilePaused: string[] = [];
      while (world.deps.chunks.sent.length > 0) whilePaused.push(await deliverNext(world));
      // Assert: nothing processed while paused, every chunk parked, the run still open
      expect(paused.job).toMatchObject({ status: 'paused', succeeded: 20 });
      expect(whilePaused).toEqual(Array(8).fill('parked'));
      expect(keysUnder(world, `parked/${jobId}/`)).toHaveLength(8);
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'paused', succeeded: 20, chunksDone: 2 });

      // Act: resume sends the parked chunks back
      const resumed = await control(world, jobId, { kind: 'transaction_batch', action: 'resume' });
      // Assert
      expect(resumed.job.status).toBe('running');
      expect(world.deps.chunks.sent).toHaveLength(8);
      expect(keysUnder(world, `parked/${jobId}/`)).toEqual([]);
      await world.drainChunks();
      expect(await world.deps.runs.get(jobId)).toMatchObject({
        state: 'completed',
        phase: 'completed',
        totalItems: 95,
        succeeded: 95,
        failed: 0,
        skipped: 0,
      });
      expect(importedIds(world).size).toBe(95);
      expect(world.stream.ended.map((run) => run.state)).toEqual(['completed']);
    });

    it('leaves the time a run was paused out of its rate and ETA', async () => {
      // Arrange: 20 rows imported in the run's first 10 seconds, then a pause of 100 seconds.
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(60))]);
      world.deps.clock.advance(5_000);
      await deliverNext(world);
      await deliverNext(world);
      world.deps.clock.advance(5_000);
      await control(world, jobId, { action: 'pause' });
      world.deps.clock.advance(100_000);
      // Act
      const resumed = await control(world, jobId, { action: 'resume' });
      // Assert: 20 rows over 10 working seconds is 2 rows/s (not 20 / 110), so 40 rows left take 20 s.
      expect((await world.deps.runs.get(jobId))!.control).toMatchObject({ pausedMs: 100_000 });
      expect(resumed.job.progress).toMatchObject({ processed: 20, rowsPerSecond: 2, etaSeconds: 20 });
      // A second pause adds to the first.
      await control(world, jobId, { action: 'pause' });
      world.deps.clock.advance(30_000);
      await control(world, jobId, { action: 'resume' });
      expect((await world.deps.runs.get(jobId))!.control).toMatchObject({ pausedMs: 130_000 });
    });

    it('counts a chunk once when it is delivered twice while paused (two parked copies, one count)', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(30))]);
      await control(world, jobId, { action: 'pause' });
      const first = world.deps.chunks.sent[0] as Chunk;
      // Act: SQS delivers the first chunk twice
      expect(await processChunk(world.deps, first)).toBe('parked');
      world.deps.chunks.sent.push(first);
      await world.drainChunks();
      expect(keysUnder(world, `parked/${jobId}/`)).toHaveLength(4 + 1);
      await control(world, jobId, { action: 'resume' });
      await world.drainChunks();
      // Assert
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', totalItems: 30, succeeded: 30, chunksDone: 3 });
      expect(importedIds(world).size).toBe(30);
    });

    it('does not strand a chunk parked while a resume lists the parked chunks', async () => {
      // Arrange: the resume lands between the chunk being found paused and it being written to the bucket
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(20))]);
      await control(world, jobId, { action: 'pause' });
      const put = world.deps.objects.put.bind(world.deps.objects);
      let raced = false;
      world.deps.objects.put = async (key, body, type) => {
        if (key.startsWith('parked/') && !raced) {
          raced = true;
          await control(world, jobId, { action: 'resume' });
        }
        return put(key, body, type);
      };
      // Act
      const result = await deliverNext(world);
      // Assert: the processor saw the resume after parking, took its chunk back and processed it
      expect(result).toBe('recorded');
      expect(keysUnder(world, `parked/${jobId}/`)).toEqual([]);
      await world.drainChunks();
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', succeeded: 20, chunksDone: 2 });
    });

    it('counts once a chunk parked just before a resume that sends it back while its parker also goes on', async () => {
      // Arrange: the resume runs after the chunk is written to the bucket, before the parker looks at the run again
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(20))]);
      await control(world, jobId, { action: 'pause' });
      const get = world.deps.runs.get.bind(world.deps.runs);
      let reads = 0;
      world.deps.runs.get = async (id) => {
        // processChunk reads the run once, the gate reads it again after parking: resume right before that read.
        if (++reads === 2) await control(world, jobId, { action: 'resume' });
        return get(id);
      };
      // Act
      const result = await deliverNext(world);
      world.deps.runs.get = get;
      await world.drainChunks();
      // Assert
      expect(result).toBe('recorded');
      expect(keysUnder(world, `parked/${jobId}/`)).toEqual([]);
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', succeeded: 20, chunksDone: 2 });
      expect(importedIds(world).size).toBe(20);
    });

    it('answers 409 INVALID_STATUS_TRANSITION to a second resume, a resume of a running job, a second pause and anything on a finished job', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(20))]);
      // Act / Assert
      await expectState(control(world, jobId, { action: 'resume' }), 'INVALID_STATUS_TRANSITION', 409);
      await control(world, jobId, { action: 'pause' });
      await expectState(control(world, jobId, { action: 'pause' }), 'INVALID_STATUS_TRANSITION');
      await control(world, jobId, { action: 'resume' });
      await expectState(control(world, jobId, { action: 'resume' }), 'INVALID_STATUS_TRANSITION');
      await world.drainChunks();
      expect((await world.deps.runs.get(jobId))?.state).toBe('completed');
      for (const action of ['pause', 'resume', 'cancel'] as const) {
        await expectState(control(world, jobId, { action }), 'INVALID_STATUS_TRANSITION', 409);
      }
    });

    it('lets a repeated resume finish sending back the parked chunks an interrupted resume left', async () => {
      // Arrange: the first resume changes the status, then fails while sending the chunks back
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(30))]);
      await control(world, jobId, { action: 'pause' });
      await world.drainChunks();
      const send = world.deps.chunks.send.bind(world.deps.chunks);
      world.deps.chunks.send = async () => {
        throw new Error('queue unavailable');
      };
      await expect(control(world, jobId, { action: 'resume' })).rejects.toThrow('queue unavailable');
      world.deps.chunks.send = send;
      expect((await world.deps.runs.get(jobId))?.state).toBe('running');
      expect(keysUnder(world, `parked/${jobId}/`)).toHaveLength(3);
      // Act
      const again = await control(world, jobId, { action: 'resume' });
      await world.drainChunks();
      // Assert
      expect(again.job.status).toBe('running');
      expect(keysUnder(world, `parked/${jobId}/`)).toEqual([]);
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', succeeded: 30 });
      await expectState(control(world, jobId, { action: 'resume' }), 'INVALID_STATUS_TRANSITION');
    });

    it('closes a run paused after its last chunk was recorded when it is resumed', async () => {
      // Arrange: the last chunk is recorded while paused can only happen if it was in flight; simulate by pausing
      // after processing everything but before the close (the processor closes, so pause first, then record)
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(10))]);
      const chunk = world.deps.chunks.sent.shift() as Chunk;
      await world.deps.runs.claimChunk(jobId, chunk.chunkId, 'attempt', 'now');
      await world.deps.runs.pause(jobId, 'now');
      await world.deps.runs.recordChunk({ runId: jobId, chunkId: chunk.chunkId, outcome: { succeeded: 10, failed: 0, skipped: 0 }, at: 'now', leaseExpiresAt: 'later' });
      // Act
      const resumed = await control(world, jobId, { action: 'resume' });
      // Assert
      expect(resumed.job).toMatchObject({ status: 'completed', runStatus: 'completed' });
      expect(world.stream.ended).toHaveLength(1);
    });
  });

  describe('cancel', () => {
    it('sets aside every chunk met after the cancel and closes the run cancelled with exact counters', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(95);
      lines[5] = 'tx-5,oops,USD,2026-11-01T10:00:00Z';
      const jobId = await splitOnly(world, [csvFile('t.csv', lines)]);
      await deliverNext(world);
      await deliverNext(world);
      await deliverNext(world);
      // Act
      const answered = await control(world, jobId, { kind: 'transaction_batch', action: 'cancel' });
      const after: string[] = [];
      while (world.deps.chunks.sent.length > 0) after.push(await deliverNext(world));
      // Assert
      expect(answered.job).toMatchObject({ status: 'running', metadata: expect.objectContaining({ batchCancelRequested: true }) });
      expect(after).toEqual(Array(7).fill('unprocessed'));
      const { run, listed } = await expectExactAccounting(world, jobId, lines, ['tx-5']);
      expect(run).toMatchObject({ state: 'cancelled', phase: 'partially_completed', totalItems: 95, succeeded: 29, failed: 1 });
      expect(listed).toHaveLength(65);
      expect(world.stream.ended.map((r) => [r.state, r.phase])).toEqual([['cancelled', 'partially_completed']]);
    });

    it('leaves the counts alone when a set-aside chunk is delivered again, and records it after a crash before its marker', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(30);
      const jobId = await splitOnly(world, [csvFile('t.csv', lines)]);
      await deliverNext(world);
      await control(world, jobId, { action: 'cancel' });
      const second = world.deps.chunks.sent[0] as Chunk;
      // The first delivery crashes after storing the rows, before recording the chunk.
      const record = world.deps.runs.recordUnprocessedChunk.bind(world.deps.runs);
      world.deps.runs.recordUnprocessedChunk = async () => {
        throw new Error('crash');
      };
      await expect(deliverNext(world)).rejects.toThrow('crash');
      world.deps.runs.recordUnprocessedChunk = record;
      // Act: SQS delivers it again, twice
      expect(await processChunk(world.deps, second)).toBe('unprocessed');
      expect(await processChunk(world.deps, second)).toBe('unprocessed');
      await world.drainChunks();
      // Assert
      const { run, listed } = await expectExactAccounting(world, jobId, lines);
      expect(run).toMatchObject({ state: 'cancelled', succeeded: 10, chunksDone: 3, totalChunks: 3 });
      expect(listed).toHaveLength(20);
    });

    it('finishes a chunk whose attempt began before the cancel, so no row is both imported and listed', async () => {
      // Arrange: the first delivery of a chunk crashes half-way through writing its rows
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(30);
      const jobId = await splitOnly(world, [csvFile('t.csv', lines)]);
      const first = world.deps.chunks.sent[0] as Chunk;
      world.deps.records.failAfterWrites = 4;
      await expect(deliverNext(world)).rejects.toThrow('simulated crash');
      world.deps.records.failAfterWrites = undefined;
      expect(importedIds(world).size).toBe(4);
      // Act: cancel, then the chunk comes back
      await control(world, jobId, { action: 'cancel' });
      expect(await processChunk(world.deps, first)).toBe('recorded');
      await world.drainChunks();
      // Assert
      const { run, listed } = await expectExactAccounting(world, jobId, lines);
      expect(run).toMatchObject({ state: 'cancelled', phase: 'partially_completed', succeeded: 10 });
      expect(listed).toEqual(lines.slice(11).map((line) => line.split(',')[0]));
    });

    it('stops the splitter queueing rows once a cancel is requested, still counting them in totalItems', async () => {
      // Arrange: the cancel arrives after the splitter has queued its first two batches of chunks
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(200);
      const { jobId } = await startUpload(world.deps, {
        principal: principal(),
        kind: 'transaction_batch',
        files: [csvFile('t.csv', lines)],
        options: {},
      });
      const send = world.deps.chunks.send.bind(world.deps.chunks);
      let batches = 0;
      world.deps.chunks.send = async (chunks) => {
        await send(chunks);
        if (++batches === 2) await control(world, jobId, { action: 'cancel' });
      };
      // Act
      await splitUpload({ ...world.deps, sendBatchChunks: 3 }, { runId: jobId, fileIndex: 0 });
      // Assert: 6 chunks queued, the other 14 set aside by the splitter itself
      expect(world.deps.chunks.sent).toHaveLength(6);
      expect(keysUnder(world, `unprocessed/${jobId}/`)).toHaveLength(14);
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'running', totalItems: 200, totalChunks: 20, chunksDone: 14 });
      // The queued chunks are met after the cancel too: set aside as well.
      await world.drainChunks();
      const { run, listed } = await expectExactAccounting(world, jobId, lines);
      expect(run).toMatchObject({ state: 'cancelled', phase: 'failed', succeeded: 0 });
      expect(listed).toHaveLength(200);
    });

    it('sets aside the rest of a file split again after a crash, and the chunks queued the first time count once', async () => {
      // Arrange: a first split queues every chunk and crashes before recording the file; then a cancel
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(50);
      const { jobId } = await startUpload(world.deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('t.csv', lines)], options: {} });
      const recordFileSplit = world.deps.runs.recordFileSplit.bind(world.deps.runs);
      world.deps.runs.recordFileSplit = async () => {
        throw new Error('crash');
      };
      await expect(splitUpload(world.deps, { runId: jobId, fileIndex: 0 })).rejects.toThrow('crash');
      world.deps.runs.recordFileSplit = recordFileSplit;
      await deliverNext(world); // one chunk imported before the cancel
      await control(world, jobId, { action: 'cancel' });
      // Act: the upload event is delivered again; then the queued chunks arrive
      await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
      await world.drainChunks();
      // Assert
      const { run, listed } = await expectExactAccounting(world, jobId, lines);
      expect(run).toMatchObject({ state: 'cancelled', totalItems: 50, succeeded: 10, chunksDone: 5, totalChunks: 5 });
      expect(listed).toHaveLength(40);
    });

    it('turns the parked chunks of a paused run into unprocessed rows', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const lines = transactionLines(40);
      const jobId = await splitOnly(world, [csvFile('t.csv', lines)]);
      await deliverNext(world);
      await control(world, jobId, { action: 'pause' });
      await world.drainChunks();
      expect(keysUnder(world, `parked/${jobId}/`)).toHaveLength(3);
      // Act
      const answered = await control(world, jobId, { action: 'cancel' });
      await world.drainChunks();
      // Assert
      expect(answered.job.status).toBe('running');
      expect(keysUnder(world, `parked/${jobId}/`)).toEqual([]);
      const { run, listed } = await expectExactAccounting(world, jobId, lines);
      expect(run).toMatchObject({ state: 'cancelled', phase: 'partially_completed', succeeded: 10 });
      expect(listed).toHaveLength(30);
      await expectState(control(world, jobId, { action: 'cancel' }), 'INVALID_STATUS_TRANSITION');
    });

    it('refuses pause, resume and a second cancel while a cancel is under way', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(20))]);
      await control(world, jobId, { action: 'cancel' });
      // Act / Assert
      for (const action of ['pause', 'resume', 'cancel'] as const) {
        await expectState(control(world, jobId, { action }), 'INVALID_STATUS_TRANSITION', 409);
      }
    });

    it('ends a queued run at once, and its upload is then never split', async () => {
      // Arrange
      const world = createWorld();
      const { jobId } = await startUpload(world.deps, {
        principal: principal(),
        kind: 'transaction_batch',
        files: [csvFile('t.csv', transactionLines(5))],
        options: {},
      });
      // Act
      const answered = await control(world, jobId, { action: 'cancel' });
      await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
      // Assert
      expect(answered.job).toMatchObject({ status: 'cancelled', runStatus: 'failed', totalItems: null, completedAt: expect.any(String) });
      expect(world.deps.chunks.sent).toEqual([]);
      expect(world.stream.ended.map((r) => r.state)).toEqual(['cancelled']);
      expect(await unprocessedRows(world, jobId)).toEqual([]);
    });

    it('cancels a run whose every chunk was already recorded as what it earned', async () => {
      // Arrange: paused right after the last chunk was recorded (it was in flight)
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(10))]);
      const chunk = world.deps.chunks.sent.shift() as Chunk;
      await world.deps.runs.claimChunk(jobId, chunk.chunkId, 'attempt', 'now');
      await world.deps.runs.pause(jobId, 'now');
      await world.deps.runs.recordChunk({ runId: jobId, chunkId: chunk.chunkId, outcome: { succeeded: 10, failed: 0, skipped: 0 }, at: 'now', leaseExpiresAt: 'later' });
      // Act
      const answered = await control(world, jobId, { action: 'cancel' });
      // Assert
      expect(answered.job).toMatchObject({ status: 'cancelled', runStatus: 'completed', metadata: expect.objectContaining({ unprocessed: 0 }) });
    });

    it('lists the unprocessed items of an NDJSON upload by field name', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 2 });
      const items = [1, 2, 3, 4, 5].map((i) => ({ eventType: 'login', userId: `u-${i}`, occurredAt: '2026-11-01T10:00:00Z', attributes: { n: i } }));
      const file = { fileName: 'e.ndjson', contentType: 'application/x-ndjson', body: Buffer.from(items.map((i) => JSON.stringify(i)).join('\n')) };
      const jobId = await splitOnly(world, [file], 'user_event_batch');
      await deliverNext(world);
      await control(world, jobId, { action: 'cancel' });
      await world.drainChunks();
      // Act
      const rows = await unprocessedRows(world, jobId);
      // Assert
      expect(rows).toEqual([
        ['eventType', 'userId', 'occurredAt', 'attributes'],
        ['login', 'u-3', '2026-11-01T10:00:00Z', '{"n":3}'],
        ['login', 'u-4', '2026-11-01T10:00:00Z', '{"n":4}'],
        ['login', 'u-5', '2026-11-01T10:00:00Z', '{"n":5}'],
      ]);
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'cancelled', totalItems: 5, succeeded: 2 });
    });
  });

  describe('who may control what', () => {
    it('answers 404 for another org, 403 without the kind scope, 400 for another kind', async () => {
      // Arrange
      const world = createWorld({ chunkMaxRows: 10 });
      const jobId = await splitOnly(world, [csvFile('t.csv', transactionLines(20))]);
      // Act / Assert
      await expectState(control(world, jobId, { action: 'pause' }, principal('org-b')), 'NOT_FOUND', 404);
      await expectState(control(world, 'nope', { action: 'pause' }), 'NOT_FOUND', 404);
      await expectState(control(world, jobId, { action: 'pause' }, principal('org-a', ['events:create'])), 'FORBIDDEN', 403);
      await expectState(control(world, jobId, { kind: 'entity_automatic', action: 'pause' }), 'VALIDATION_ERROR', 400);
      expect((await world.deps.runs.get(jobId))?.state).toBe('running');
      const ok = await control(world, jobId, { action: 'pause' }, principal('org-a', ['transactions:create']));
      expect(ok.job.status).toBe('paused');
    });
  });
});
